"""Checks on the quality of the indicators themselves, and on names and imports.

Implements the target-quality lint of RULES.md §4 and §7 item 9 (财预〔2021〕101号 guidance as
summarised there: indicators 指向明确, 细化量化, 合理可行): generic or unmeasurable indicators
("实际完成工作数与计划工作数的比"), an actual that only repeats the indicator name, qualitative
concepts given numeric % targets and numeric indicators given qualitative values, every indicator
at 100 % with full marks, missing units, unit mismatch between target and actual, an actual written
as a bound ("≥95%") instead of a measured value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from difflib import SequenceMatcher

from jixiao.model import LEVEL1_LABELS, LEVEL2_LABELS, EvaluationPackage, Scope, negative_values
from jixiao.targets import Comparator, Target, TargetKind

from ..findings import Finding, FindingLocation
from ..indicators import verdicts
from ..registry import CheckContext, declare, locate, register
from .common import forms

declare(
    "IND001",
    "indicator_quality",
    "warning",
    "通用、不可衡量的指标",
    "指标应细化量化、指向明确（财预〔2021〕101号，RULES.md §4）",
    "三级指标“实际完成工作数与计划工作数的比”，完成值100%",
)
declare(
    "IND002",
    "indicator_quality",
    "warning",
    "实际完成值只是重复指标名称",
    "实际完成值应为可核对的数值或结论",
    "指标“社会保障水平”，实际完成值“社会保障水平”",
)
declare(
    "IND003",
    "indicator_quality",
    "warning",
    "定性指标用百分比目标，或定量指标用定性描述",
    "指标值类型应与指标性质一致（RULES.md §4）",
    "“长效管理制度健全性”指标值“≥90%”；“参保率”指标值“应保尽保”",
)
declare(
    "IND004",
    "indicator_quality",
    "warning",
    "全部指标完成100%且满分",
    "指标应有区分度，全部100%且满分缺乏可信度",
    "八项指标完成情况均为100%，总分100",
)
declare(
    "IND005",
    "indicator_quality",
    "info",
    "数值指标缺少计量单位",
    "定量指标应写明计量单位",
    "年度指标值“80”，实际完成值“105”",
)
declare(
    "IND006",
    "indicator_quality",
    "warning",
    "年度指标值与实际完成值计量单位不一致",
    "指标值与完成值应使用同一计量单位",
    "“100元/人/年” → “100%”",
)
declare(
    "IND007",
    "indicator_quality",
    "warning",
    "三级指标名称只是指标类别",
    "三级指标应为具体的考核内容",
    "三级指标“可持续影响指标”",
)
declare(
    "IND008",
    "indicator_quality",
    "warning",
    "实际完成值写成目标区间而非实测值",
    "实际完成值应为实际达到的数值",
    "实际完成值“≥95%”",
)
declare(
    "IND009",
    "indicator_quality",
    "warning",
    "实际完成值照抄年度指标值（目标区间），未写实际达到的数值",
    "实际完成值应为实际达到的数值，不能照抄“≥x%”之类的目标（RULES.md §1.3、§7）",
    "年度指标值“人民群众满意度≥90%”，实际完成值“人民群众满意度≥90%”",
)
declare(
    "XRF002",
    "cross_reference_mismatch",
    "warning",
    "单位名称与其他处写法不一致",
    "同一单位在各表中的名称应一致（可为去掉地名前缀的简称）",
    "考核评分表写“州人社社会保险服务中心”，单位名称“湘西自治州社会保险服务中心”",
)
declare(
    "IMP001",
    "import",
    "warning",
    "导入时未能读取或放置的内容",
    "导入应逐项记录无法读取的内容，不得静默丢弃",
    "第12行：无法识别的表格行",
)

_GENERIC = re.compile(
    r"工作数与计划工作数的比|实际成本与计划成本的比|所带来的直接或间接影响|对部门履职效果的满意程度|完成的实际工作数"
)
_QUALITATIVE_NAME = re.compile(r"(健全性|规范性|合理性|完整性|有效性|明确性|科学性)$")
_NUMERIC_NAME = re.compile(r"(人数|次数|户数|个数|参保率|覆盖率|到位率|完成率|发放率|缴费率)$")
_QUALITATIVE_VALUE = re.compile(
    r"^(应保尽保|稳步提升|不断提升|进一步提高|按政策.*|较好|良好|明显|有效|逐步提高)$"
)
_BOUNDS = (Comparator.GE, Comparator.LE, Comparator.GT, Comparator.LT)


def _is_bound(actual: Target) -> bool:
    """An actual written as a bound ("≥95%"), not as the value reached."""
    parts = actual.parts or [actual]
    return any(
        p.kind is TargetKind.NUMERIC and p.comparator in _BOUNDS and not p.comparator_implied for p in parts
    )


def _copies_bound(target: Target, target_text: str, actual_text: str) -> bool:
    """The actual repeats, character for character, a target that is a bound ("≥95%" → "≥95%")."""
    return bool(actual_text) and actual_text == target_text and _is_bound(target)


def _lacks_unit(target: Target) -> bool:
    """A numeric target with no unit at all (not even one implied by the indicator)."""
    parts = target.parts or [target]
    return any(p.kind is TargetKind.NUMERIC and p.unit is None and p.scale is None for p in parts)


def _plain(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


@register("IND001", "IND002", "IND003", "IND004", "IND005", "IND006", "IND007", "IND008", "IND009")
def check_indicator_quality(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    labels = {_plain(v) for v in LEVEL2_LABELS.values()} | {_plain(v) for v in LEVEL1_LABELS.values()}
    by_form = verdicts(package, ctx)
    for path, form, label in forms(package):
        inds = form.indicators
        for i, ind in enumerate(inds):
            ipath = f"{path}.indicators[{i}]"
            name, target, actual = _plain(ind.name), _plain(ind.target_raw), _plain(ind.actual_raw)
            if _GENERIC.search(name) or _GENERIC.search(target):
                yield ctx.emit(
                    "IND001",
                    f"{label}“{ind.name}”：通用指标，无具体内容和目标值（完成值“{ind.actual_raw}”）。",
                    locate(ind, f"{ipath}.name", "name"),
                    stated=ind.name,
                )
            if actual and actual == name and not _GENERIC.search(name):
                yield ctx.emit(
                    "IND002",
                    f"{label}“{ind.name}”：实际完成值“{ind.actual_raw}”只是重复指标名称。",
                    locate(ind, f"{ipath}.actual_raw", "actual_raw", "name"),
                    stated=ind.actual_raw,
                )
            if name in labels or (ind.level2_raw and name == _plain(ind.level2_raw)):
                yield ctx.emit(
                    "IND007",
                    f"{label}：三级指标名称“{ind.name}”只是指标类别。",
                    locate(ind, f"{ipath}.name", "name"),
                    stated=ind.name,
                )
            v = by_form[path][i] if i < len(by_form.get(path, [])) else None
            t_kind = v.target.kind if v is not None else None
            if _QUALITATIVE_NAME.search(name) and t_kind is TargetKind.NUMERIC and "%" in target:
                yield ctx.emit(
                    "IND003",
                    f"{label}“{ind.name}”是定性内容，年度指标值却写为“{ind.target_raw}”。",
                    locate(ind, f"{ipath}.target_raw", "target_raw", "name"),
                    stated=ind.target_raw,
                )
            elif _NUMERIC_NAME.search(name) and t_kind is TargetKind.QUALITATIVE:
                yield ctx.emit(
                    "IND003",
                    f"{label}“{ind.name}”是定量指标，年度指标值却写为“{ind.target_raw}”。",
                    locate(ind, f"{ipath}.target_raw", "target_raw", "name"),
                    stated=ind.target_raw,
                )
            copied = v is not None and _copies_bound(v.target, target, actual)
            if copied:
                yield ctx.emit(
                    "IND009",
                    f"{label}“{ind.name}”：实际完成值“{ind.actual_raw}”照抄年度指标值，未写实际达到的数值。",
                    locate(ind, f"{ipath}.actual_raw", "actual_raw", "name"),
                    stated=ind.actual_raw,
                    computed=ind.target_raw,
                )
            elif v is not None and _is_bound(v.actual):
                yield ctx.emit(
                    "IND008",
                    f"{label}“{ind.name}”：实际完成值写为“{ind.actual_raw}”，不是实测值。",
                    locate(ind, f"{ipath}.actual_raw", "actual_raw", "name"),
                    stated=ind.actual_raw,
                )
            if v is not None and v.unit_mismatch:
                yield ctx.emit(
                    "IND006",
                    f"{label}“{ind.name}”：年度指标值“{ind.target_raw}”与实际完成值“{ind.actual_raw}”计量单位不一致。",
                    locate(ind, f"{ipath}.actual_raw", "actual_raw", "name"),
                    stated=ind.actual_raw,
                    computed=ind.target_raw,
                )
            if v is not None and _lacks_unit(v.target):
                yield ctx.emit(
                    "IND005",
                    f"{label}“{ind.name}”：年度指标值“{ind.target_raw}”没有计量单位。",
                    locate(ind, f"{ipath}.target_raw", "target_raw", "name"),
                    stated=ind.target_raw,
                )
        if len(inds) >= 3 and all(_plain(i.actual_raw) == "100%" for i in inds):
            scored = [i for i in inds if i.score is not None and i.max_score is not None]
            full = (
                all(i.score == i.max_score for i in scored)
                if scored
                else (
                    form.stated_total_score is not None
                    and form.stated_total_score
                    == (form.stated_total_max if form.stated_total_max is not None else 100)
                )
            )
            if full:
                yield ctx.emit(
                    "IND004",
                    f"{label}：{len(inds)}项指标的完成值全部为100%，且得满分。",
                    locate(form, f"{path}.indicators", "stated_total_score"),
                    stated=f"{len(inds)}项均为100%",
                )


def _suffix_ok(variant: str, name: str, short: str | None) -> bool:
    # a budget code printed before the name ("219001-池州市…") is not part of it
    v = _plain(re.sub(r"^[0-9A-Za-z]{3,}\s*[-－—_]\s*", "", variant.strip()))
    if not v or v in (_plain(name), _plain(short)):
        return True
    n = _plain(name)
    if n.endswith(v):
        return True
    for prefix in ("州", "市", "县", "区", "省", "本"):
        if v.startswith(prefix) and n.endswith(v[len(prefix) :]) and (prefix in n):
            return True
    return SequenceMatcher(None, v, n).ratio() >= 0.95


@register("XRF002")
def check_unit_names(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    unit = package.unit
    candidates: list[tuple[str | None, str, object, str]] = []
    for attr in ("scoring_table", "work_assessment"):
        t = getattr(package, attr)
        if t is not None:
            candidates.append((t.assessed_unit, f"{attr}.assessed_unit", t, t.title))
    if package.cover is not None:
        candidates.append((package.cover.unit_name, "cover.unit_name", package.cover, "封面"))
    for path, form, label in forms(package):
        if form.scope == Scope.OVERALL or form.implementing_unit is None:
            # a project's 主管部门 is the supervising department, not the unit that carries it out
            candidates.append((form.department, f"{path}.department", form, label))
        candidates.append((form.implementing_unit, f"{path}.implementing_unit", form, label))
    for variant, path, obj, where in candidates:
        if variant and not _suffix_ok(variant, unit.name, unit.short_name):
            yield ctx.emit(
                "XRF002",
                f"{where}单位名称写为“{variant}”，与单位名称“{unit.name}”不一致。",
                locate(obj, path, path.rsplit(".", 1)[-1]),
                stated=variant,
                computed=unit.name,
            )


@register("IMP001")
def check_import_report(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    for i, issue in enumerate(package.import_report):
        loc = issue.location
        yield ctx.emit(
            "IMP001",
            f"导入时未能处理：{issue.reason}" + (f"（{issue.text}）" if issue.text else ""),
            FindingLocation(
                document=loc.document,
                line=loc.line,
                page=loc.page,
                table=loc.table,
                row=loc.row,
                column=loc.column,
                path=f"import_report[{i}]",
            ),
            stated=issue.text,
        )


declare(
    "FMT004",
    "format",
    "error",
    "金额、分值或人数为负数",
    "预算数、执行数、决算数、分值、得分和人数不能为负数（增减额、增减率、结余除外）",
    "全年执行数写为-444.24万元",
)


@register("FMT004")
def check_negative_values(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    for item in negative_values(package):
        yield ctx.emit(
            "FMT004",
            f"{item.path}：{item.value}为负数，预算数、执行数、决算数、分值、得分和人数不能为负数。",
            locate(item.owner, item.path, item.field),
            stated=item.value,
            computed="≥0",
        )
