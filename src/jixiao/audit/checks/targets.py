"""Checks on performance target declarations (绩效目标申报表), before the year and at its end.

A declaration can be audited on its own, with no actuals (``jixiao check 申报表.xlsx``): weights
that do not add up, values without the basis 财预〔2021〕101号 asks for (计划标准 / 行业标准 /
历史标准 / 其他标准, with the figure), unmeasurable or generic indicators, 质量 and 效益 confused and
满意度 used as 效益 (the complaints of CYCLE.md), qualitative values with numeric units and the
reverse, cost indicators without a unit, and targets set below their own basis figure. At year end,
the self-evaluation must print the approved targets (财预〔2020〕10号: 单位自评 is measured against
the approved targets): any difference is reported.

Values are read by :mod:`jixiao.targets` only (one parser for target text); the word lists come from
``data/indicators/lint/declaration.yaml`` (:mod:`jixiao.indicators.words`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from jixiao.indicators.words import declaration_words
from jixiao.model import (
    LEVEL1_LABELS,
    LEVEL2_LABELS,
    EvaluationPackage,
    FundsRowKind,
    Level1,
    Level2,
    SelfEvaluation,
)
from jixiao.model.targets import VALUE_BASIS_LABELS, DeclaredIndicator, TargetDeclaration, ValueBasis
from jixiao.targets import Comparator, Direction, Target, TargetKind, direction_from_name, parse_target
from jixiao.targets.model import format_number

from ..findings import Finding
from ..registry import CheckContext, declare, locate, register

SOURCE_101 = "财预〔2021〕101号"

declare(
    "TGT001",
    "weight_mismatch",
    "error",
    "绩效目标申报表各指标权重合计不符",
    "各三级指标权重之和应等于表内合计（未列合计时为100，扣除单列的预算执行率权重）",
    "权重合计110，应为100",
)
declare(
    "TGT002",
    "weight_mismatch",
    "warning",
    "部分指标未填权重",
    "设置权重的申报表中每个三级指标都应有权重",
    "“参保人员满意度”权重为空，其他指标均有权重",
)
declare(
    "TGT003",
    "indicator_quality",
    "warning",
    "定量指标值没有设定依据",
    f"每个指标值应写明依据：计划标准、行业标准、历史标准或财政部门认可的其他标准（{SOURCE_101}）",
    "“全年认证人数≥11.19万人”未写指标值设定依据",
)
declare(
    "TGT004",
    "indicator_quality",
    "warning",
    "指标值依据未给出所依据的数值或出处",
    f"历史标准、行业标准应写明所依据的数值，计划标准、其他标准应写明文件或记录（{SOURCE_101}）",
    "依据“历史标准”，未写上年实际完成值",
)
declare(
    "TGT005",
    "indicator_quality",
    "warning",
    "绩效指标不可衡量或为通用表述",
    f"绩效指标应指向明确、细化量化（{SOURCE_101}）",
    "三级指标“实际完成工作数与计划工作数的比”；指标值“稳步提升”",
)
declare(
    "TGT006",
    "indicator_quality",
    "warning",
    "质量指标与效益指标混淆，或以满意度作效益指标",
    "质量指标衡量产出达到的标准，效益指标衡量产出带来的影响，满意度另列（财预〔2020〕10号；CYCLE.md）",
    "质量指标“群众满意度”；社会效益指标“验收合格率”",
)
declare(
    "TGT007",
    "indicator_quality",
    "warning",
    "定性指标值带数量单位，或定量指标值为定性描述",
    "指标值类型应与指标性质一致",
    "指标性质“定性”，指标值“≥90%”；计量单位“%”，指标值“应保尽保”",
)
declare(
    "TGT008",
    "unit_error",
    "warning",
    "成本指标没有计量单位",
    f"成本指标应写明金额及计量单位（元、万元、元/人等）（{SOURCE_101}）",
    "成本指标“不超年初预算指标”，指标值“46”",
)
declare(
    "TGT009",
    "target_too_low",
    "warning",
    "指标值低于其设定依据的数值",
    f"依据历史、行业或计划数值设定的目标不应低于该数值（{SOURCE_101}：合理可行、适度从严）",
    "指标值≥11.19万人，依据：上年实际认证16.49万人",
)
declare(
    "TGT010",
    "indicator_quality",
    "warning",
    "未填写年度总体目标",
    "绩效目标申报表应写明年度总体目标（财预〔2015〕88号）",
    "部门整体绩效目标申报表“年度总体目标”为空",
)
declare(
    "TGT011",
    "indicator_quality",
    "warning",
    "缺少产出指标或效益指标",
    "绩效指标至少应包括产出指标和效益指标（财预〔2015〕88号、财预〔2020〕10号）",
    "申报表只有产出指标",
)
declare(
    "TGT014",
    "sum_mismatch",
    "error",
    "绩效目标申报表资金总额与其构成不符",
    "年度资金总额应等于财政拨款与其他资金之和，任何一项不应超过总额",
    "资金总额100万元，财政拨款80万元 + 其他资金30万元 = 110万元",
)
declare(
    "TGT015",
    "sum_mismatch",
    "error",
    "年度主要任务预算金额合计超过资金总额",
    "部门整体绩效目标申报表所列各项任务的预算金额之和不应超过年度资金总额",
    "任务49.8 + 11 + 171.41 = 232.21万元，资金总额171.41万元",
)
declare(
    "TGT012",
    "cross_reference_mismatch",
    "error",
    "自评表年度指标值与批复的绩效目标不一致",
    "单位自评以批复的绩效目标为准；变更须经目标调整批准（财预〔2015〕88号、财预〔2020〕10号）",
    "批复“≥11.19万人”，自评表写“≥10万人”",
)
declare(
    "TGT013",
    "cross_reference_mismatch",
    "warning",
    "批复的绩效指标未出现在自评表中",
    "自评表应逐项列出批复的绩效指标",
    "批复指标“基金静态可支付月数”在自评表中没有",
)

_HIGHER = (Comparator.GE, Comparator.GT, Comparator.EQ, Comparator.APPROX)
_LOWER = (Comparator.LE, Comparator.LT, Comparator.EQ, Comparator.APPROX)


def _plain(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def declarations(package: EvaluationPackage) -> list[tuple[str, TargetDeclaration, str]]:
    """(path, declaration, Chinese label) for every declaration of the package."""
    out = []
    for i, d in enumerate(package.targets):
        what = "部门整体" if d.scope.value == "overall" else f"项目（{d.name or i + 1}）"
        out.append((f"targets[{i}]", d, f"{what}绩效目标申报表"))
    return out


def _parts(target: Target) -> list[Target]:
    return list(target.parts) or [target]


def _direction(target: Target, name: str) -> Direction:
    if target.direction is not Direction.NONE:
        return target.direction
    return direction_from_name(name) or Direction.NONE


def _is_numeric(target: Target) -> bool:
    return any(p.kind in (TargetKind.NUMERIC, TargetKind.CHANGE) for p in _parts(target))


@register(
    "TGT001",
    "TGT002",
    "TGT003",
    "TGT004",
    "TGT005",
    "TGT006",
    "TGT007",
    "TGT008",
    "TGT009",
    "TGT010",
    "TGT011",
    "TGT014",
    "TGT015",
)
def check_target_declarations(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    for path, decl, label in declarations(package):
        yield from _funds(decl, path, label, ctx)
        if not decl.truncated:  # a table an excerpt cuts off is neither summed nor held complete
            yield from _weights(decl, path, label, ctx)
        if not _plain(decl.annual_goal):
            yield ctx.emit(
                "TGT010", f"{label}未填写年度总体目标。", locate(decl, f"{path}.annual_goal", "annual_goal")
            )
        levels = {i.level1 for i in decl.indicators}
        missing = [LEVEL1_LABELS[lv] for lv in (Level1.OUTPUT, Level1.BENEFIT) if lv not in levels]
        if decl.indicators and missing and not decl.truncated:
            yield ctx.emit(
                "TGT011",
                f"{label}缺少{'、'.join(missing)}。",
                locate(decl, f"{path}.indicators", "indicators", "title"),
                stated="、".join(sorted({LEVEL1_LABELS[lv] for lv in levels})),
            )
        for i, ind in enumerate(decl.indicators):
            yield from _indicator(ind, f"{path}.indicators[{i}]", label, ctx)


def _funds(decl: TargetDeclaration, path: str, label: str, ctx: CheckContext) -> Iterator[Finding]:
    """年度资金总额 = 财政拨款 + 其他资金 when all three are printed; no part above the total."""
    total = decl.fund(FundsRowKind.TOTAL)
    if total is None or total.amount is None:
        return
    index = decl.funds.index(total)
    where = locate(total, f"{path}.funds[{index}].amount", "amount")
    parts = [
        f
        for f in decl.funds
        if f.kind in (FundsRowKind.APPROPRIATION, FundsRowKind.OTHER) and f.amount is not None
    ]
    for part in parts:
        if part.amount is not None and part.amount > total.amount:
            yield ctx.emit(
                "TGT014",
                f"{label}{part.label or '资金'}{format_number(part.amount)}万元超过资金总额{format_number(total.amount)}万元。",
                where,
                stated=total.amount,
                computed=part.amount,
            )
            return
    amounts = [t.amount for t in decl.tasks]
    if amounts and all(a is not None for a in amounts):
        tasks = sum((a for a in amounts if a is not None), Decimal(0))
        if tasks > total.amount:  # tasks may list only the main ones: below the total is no finding
            shown = " + ".join(format_number(a) for a in amounts if a is not None)
            yield ctx.emit(
                "TGT015",
                f"{label}年度主要任务预算金额{shown} = {format_number(tasks)}万元，"
                f"超过资金总额{format_number(total.amount)}万元。",
                locate(decl.tasks[-1], f"{path}.tasks[{len(amounts) - 1}].amount", "amount"),
                stated=tasks,
                computed=total.amount,
            )
    if {p.kind for p in parts} == {FundsRowKind.APPROPRIATION, FundsRowKind.OTHER}:
        computed = sum((p.amount for p in parts if p.amount is not None), Decimal(0))
        if computed != total.amount:
            yield ctx.emit(
                "TGT014",
                f"{label}资金总额{format_number(total.amount)}万元，财政拨款与其他资金之和为{format_number(computed)}万元。",
                where,
                stated=total.amount,
                computed=computed,
            )


def _weights(decl: TargetDeclaration, path: str, label: str, ctx: CheckContext) -> Iterator[Finding]:
    weighted = [i for i in decl.indicators if i.weight is not None]
    if not weighted:
        return
    for i, ind in enumerate(decl.indicators):
        if ind.weight is None:
            yield ctx.emit(
                "TGT002",
                f"{label}“{ind.name}”未填权重（其他{len(weighted)}项已填）。",
                locate(ind, f"{path}.indicators[{i}].weight", "weight", "name"),
            )
    total = sum((i.weight for i in weighted if i.weight is not None), Decimal(0))
    if decl.stated_total_weight is not None:
        expected, why = decl.stated_total_weight, "表内合计"
    else:
        expected = Decimal(100) - (decl.execution_weight or Decimal(0))
        why = "100" if decl.execution_weight is None else f"100减去预算执行率权重{decl.execution_weight}"
    if total != expected:
        yield ctx.emit(
            "TGT001",
            f"{label}各指标权重合计{format_number(total)}，应为{format_number(expected)}（{why}）。",
            locate(decl, f"{path}.stated_total_weight", "stated_total_weight", "indicators"),
            stated=total,
            computed=expected,
        )


def _indicator(ind: DeclaredIndicator, path: str, label: str, ctx: CheckContext) -> Iterator[Finding]:
    words = declaration_words()
    name = _plain(ind.name)
    text = ind.target_text()
    target = ind.target()
    where = f"{label}“{ind.name}”"
    numeric = _is_numeric(target)
    # TGT005: generic phrases, a category for a name, no value, a value nobody can check
    categories = {_plain(v) for v in LEVEL1_LABELS.values()} | {_plain(v) for v in LEVEL2_LABELS.values()}
    generic = next((p for p in words.generic_phrases if p in name or p in _plain(text)), None)
    vague = [p for p in _parts(target) if p.kind is TargetKind.QUALITATIVE and p.level in words.vague_levels]
    reason = None
    if generic:
        reason = f"通用表述“{generic}”，没有具体内容"
    elif name in categories:
        reason = "三级指标名称只是指标类别"
    elif not _plain(text):
        reason = "没有指标值"
    elif target.kind is TargetKind.UNKNOWN:
        reason = f"指标值“{text}”无法衡量"
    elif vague and not numeric:
        reason = f"指标值“{text}”是模糊的定性描述，年终无法判断是否达成"
    if reason:
        yield ctx.emit(
            "TGT005",
            f"{where}：{reason}。",
            locate(ind, f"{path}.target_raw", "target_raw", "name"),
            stated=text or ind.name,
        )
    # TGT006: 质量 vs 效益, 满意度 as 效益
    confused = None
    if ind.level2 is Level2.QUALITY and any(w in name for w in words.benefit_words):
        confused = "列为质量指标，但衡量的是效益或满意度"
    elif ind.level1 is Level1.BENEFIT and ind.level2 is not Level2.SATISFACTION:
        if any(w in name for w in words.satisfaction_words):
            confused = "以满意度作为效益指标，满意度应列为满意度指标"
        elif any(w in name for w in words.output_words):
            confused = "列为效益指标，但衡量的是产出（数量、质量或时效）"
    if confused:
        yield ctx.emit(
            "TGT006",
            f"{where}{confused}（一级“{ind.level1_raw or LEVEL1_LABELS[ind.level1]}”，"
            f"二级“{ind.level2_raw or LEVEL2_LABELS[ind.level2]}”）。",
            locate(ind, f"{path}.level2", "level2_raw", "level2", "name"),
            stated=f"{LEVEL1_LABELS[ind.level1]}/{LEVEL2_LABELS[ind.level2]}",
        )
    # TGT007: kind of value against the nature, the unit column and the name
    nature = _plain(ind.nature_raw)
    says_qualitative = (
        any(w in nature for w in words.qualitative_words) or _plain(ind.comparator_raw) == "定性"
    )
    says_quantitative = any(w in nature for w in words.quantitative_words)
    qualitative_name = any(name.endswith(s) for s in words.qualitative_suffixes)
    mismatch = None
    if target.kind is TargetKind.QUALITATIVE and (_plain(ind.unit_raw) or says_quantitative):
        unit = f"计量单位“{ind.unit_raw}”" if _plain(ind.unit_raw) else "指标性质“定量”"
        mismatch = f"{unit}，指标值却是定性描述“{text}”"
    elif numeric and (says_qualitative or (qualitative_name and "%" in text)):
        why = "指标性质为定性" if says_qualitative else "指标是定性内容"
        mismatch = f"{why}，指标值却写为数值“{text}”"
    if mismatch:
        yield ctx.emit(
            "TGT007",
            f"{where}：{mismatch}。",
            locate(ind, f"{path}.target_raw", "target_raw", "name"),
            stated=text,
        )
    # TGT008: cost indicators need a unit
    if ind.level2 is Level2.COST or ind.level1 is Level1.COST:
        units = [p.unit for p in _parts(target) if p.kind in (TargetKind.NUMERIC, TargetKind.CHANGE)]
        if target.kind is TargetKind.QUALITATIVE or (units and any(u is None for u in units)):
            yield ctx.emit(
                "TGT008",
                f"{where}是成本指标，指标值“{text}”没有金额或计量单位。",
                locate(ind, f"{path}.target_raw", "target_raw", "unit_raw", "name"),
                stated=text,
            )
    yield from _basis(ind, target, numeric, path, where, ctx)


def _basis(
    ind: DeclaredIndicator, target: Target, numeric: bool, path: str, where: str, ctx: CheckContext
) -> Iterator[Finding]:
    words = declaration_words()
    basis = ind.basis or words.basis_of(ind.basis_raw)
    if basis is None:
        if numeric and not _plain(ind.basis_raw) and not _plain(ind.basis_figure_raw):
            yield ctx.emit(
                "TGT003",
                f"{where}：指标值“{ind.target_text()}”没有写明设定依据（计划标准、行业标准、历史标准或其他标准）。",
                locate(ind, f"{path}.basis", "basis_raw", "target_raw", "name"),
                stated=ind.target_text(),
            )
        return
    needs_figure = basis in (ValueBasis.HISTORY, ValueBasis.INDUSTRY)
    has_figure = bool(_plain(ind.basis_figure_raw))
    if (needs_figure and not has_figure) or not (has_figure or _plain(ind.basis_source)):
        wanted = "所依据的数值" if needs_figure else "所依据的文件或记录"
        yield ctx.emit(
            "TGT004",
            f"{where}：依据“{VALUE_BASIS_LABELS[basis]}”，但未写明{wanted}。",
            locate(ind, f"{path}.basis_figure_raw", "basis_raw", "basis", "name"),
            stated=ind.basis_raw or VALUE_BASIS_LABELS[basis],
        )
    figure = ind.basis_figure()
    if figure is None or target.parts or figure.parts:
        return
    if target.kind is not TargetKind.NUMERIC or figure.kind is not TargetKind.NUMERIC:
        return
    t_value, f_value = target.normalized_value(), figure.normalized_value()
    if t_value is None or f_value is None or target.base_unit() != figure.base_unit():
        return
    direction = _direction(target, ind.name)
    low = (direction is Direction.HIGHER_BETTER and target.comparator in _HIGHER and t_value < f_value) or (
        direction is Direction.LOWER_BETTER and target.comparator in _LOWER and t_value > f_value
    )
    if low:
        verb = "低于" if direction is Direction.HIGHER_BETTER else "宽于（高于）"
        yield ctx.emit(
            "TGT009",
            f"{where}：指标值{target.describe()}{verb}其设定依据的数值{figure.describe()}"
            f"（{ind.basis_raw or VALUE_BASIS_LABELS[basis]}：{ind.basis_figure_raw}）。",
            locate(ind, f"{path}.target_raw", "target_raw", "name"),
            stated=target.describe(),
            computed=figure.describe(),
        )


# ------------------------------------------------------------ approved targets vs the self-evaluation


def form_for(package: EvaluationPackage, decl: TargetDeclaration) -> tuple[str, SelfEvaluation] | None:
    """The self-evaluation form a declaration is measured by: the overall form, or the project's."""
    if decl.scope.value == "overall":
        return ("overall", package.overall) if package.overall is not None else None
    for i, p in enumerate(package.projects):
        if decl.name and _plain(p.name) == _plain(decl.name):
            return f"projects[{i}]", p
    return None


def same_target(a: str, b: str, name: str) -> bool:
    """Whether two value texts say the same (≥45万人 and 大于等于45万人 do)."""
    if _plain(a) == _plain(b):
        return True
    ta, tb = parse_target(a, indicator_name=name), parse_target(b, indicator_name=name)
    if ta.kind is TargetKind.UNKNOWN or tb.kind is TargetKind.UNKNOWN:
        return False
    if ta.parts or tb.parts:
        return ta.describe() == tb.describe()
    return _key(ta) == _key(tb)


def _key(t: Target) -> tuple[object, ...]:
    return (
        t.kind,
        t.comparator,
        t.normalized_value(),
        t.base_unit(),
        t.level,
        t.change,
        t.year,
        t.month,
        t.day,
        t.recurring,
    )


@register("TGT012", "TGT013")
def check_approved_targets(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    for path, decl, label in declarations(package):
        if not decl.approved:
            continue
        found = form_for(package, decl)
        if found is None:
            continue
        form_path, form = found
        printed: dict[str, list[int]] = {}
        for j, ind in enumerate(form.indicators):
            printed.setdefault(_plain(ind.name), []).append(j)
        for i, di in enumerate(decl.indicators):
            approved = decl.effective_target_raw(di)
            rows = printed.get(_plain(di.name), [])
            if not rows:
                yield ctx.emit(
                    "TGT013",
                    f"批复的{label}指标“{di.name}”（{approved}）在自评表中没有。",
                    locate(di, f"{path}.indicators[{i}].name", "name"),
                    stated=di.name,
                )
                continue
            j = rows.pop(0)
            ind = form.indicators[j]
            if not same_target(approved, ind.target_raw or "", di.name):
                yield ctx.emit(
                    "TGT012",
                    f"自评表“{ind.name}”的年度指标值“{ind.target_raw or ''}”与批复的绩效目标“{approved}”不一致"
                    f"（{decl.approval_reference or '已批复'}）。",
                    locate(ind, f"{form_path}.indicators[{j}].target_raw", "target_raw", "name"),
                    stated=ind.target_raw or "",
                    computed=approved,
                )
