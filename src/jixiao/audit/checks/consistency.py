"""Checks that hold one part of a package against another: claims, attachments, repeated targets, 决算.

- A narrative claim that every target was met ("年初预算绩效目标均已达成", "没有执行偏离绩效目标及指标的
  情况") against the forms, where the scoring engine finds an indicator not met (财预〔2020〕10号
  R-Q2 as the rule set configures it) or a large in-year budget change (RULES.md §1.5, §1.7).
- The attachments a report lists (附件：1. … 2. …) against what the package holds, and a 考核评分表 that
  gives full marks for the completeness of the attachments all the same.
- A part score the report states for a group of indicators the form does not have (成本指标得分20分).
- The same indicator in the overall and a project form with different 年度指标值.
- The 基础数据表: an enumerated list of items that does not reach its total, a blank
  "部门基本支出预算调整" row while the form's budget changed in the year.
- A 评分表 row given full marks though what it measures does not exist (重点支出安排率, 支付进度 with
  no project spending), and years in its criteria that are not the evaluation year.
- 部门决算 reconciliation (RULES.md §5.2 items 9–10): 公开07 决算 against the 30212 / 30217 / 30231 /
  31013 lines of 公开06; 三公 figures of the 基础数据表 and other 三公 tables against 公开07; the
  政府采购 sentence against the 基础数据表's 政府采购金额.
- Funds figures stated in the report text (年初预算 / 全年预算 / 执行数) against the form's funds block.

The figures of the report text come from the figure engine (:mod:`jixiao.figures`); the claims
("目标均已达成") are words, not figures, and are matched here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from jixiao.figures.reports import Passage
from jixiao.figures.subjects import named
from jixiao.model import (
    EvaluationPackage,
    FinalAccountsTable,
    FundsRowKind,
    Level1,
    Level2,
    SelfEvaluation,
    ThreePublicComponent,
)
from jixiao.targets import Target, TargetKind

from ..findings import Finding, FindingLocation
from ..indicators import IndicatorVerdict, verdicts
from ..numbers import HUNDRED, show, total
from ..registry import CheckContext, declare, locate, package_document, register
from .common import forms

declare(
    "NAR001",
    "cross_reference_mismatch",
    "warning",
    "报告称绩效目标均已达成（无偏离），自评表却有未达成的指标或大幅预算调整",
    "报告结论应与自评表一致（RULES.md §1.7：未达成须说明偏差原因）",
    "报告“年初预算绩效目标均已达成”，自评表“实际发放人数”≥98% → 94%",
)
declare(
    "ATT001",
    "cross_reference_mismatch",
    "warning",
    "报告所列附件在材料中没有",
    "报告列出的附件应随报告提供",
    "附件2“州级预算部门整体支出绩效评价基础数据表”未见于材料",
)
declare(
    "ATT002",
    "score_vs_rule",
    "warning",
    "考核评分表对附件完整性给满分，但所列附件有缺失",
    "附件部分内容齐全的得满分，否则每少一个部分扣分（考核评分表评分标准）",
    "缺3个附件，每少一个扣2分，“自评报告的完整性”仍得15分（应为9分）",
)
declare(
    "SCO007",
    "score_sum_mismatch",
    "warning",
    "报告所述部分得分对应的指标在自评表中不存在",
    "部分得分应来自自评表中该类指标的得分",
    "报告“成本指标得分20分”，自评表没有成本指标",
)
declare(
    "XRF009",
    "cross_reference_mismatch",
    "warning",
    "同一指标在整体支出自评表和项目支出自评表中的年度指标值不同",
    "同一单位同一年度同一指标的目标值应一致",
    "“虚报冒领资金追缴率”整体表“95%以上”，项目表“98%”",
)
declare(
    "SUM018",
    "sum_mismatch",
    "info",
    "基础数据表所列明细之和小于合计，有空白或省略的明细行",
    "合计 = Σ 所列各项（空白、“……”的行未列金额）",
    "项目支出70.65，所列“1、业务工作经费”46，“2、运行维护经费”空白，其后“……”",
)
declare(
    "ADJ003",
    "budget_adjustment",
    "warning",
    "基础数据表“预算调整”栏空白，自评表却显示年中预算有调整",
    "年中追加或调减预算应在基础数据表中填报（RULES.md §1.5：调整须说明）",
    "“部门基本支出预算调整”空白，自评表年初预算354.83 → 全年预算444.37",
)
declare(
    "SVR003",
    "score_vs_rule",
    "warning",
    "评分表对无从衡量的指标给满分",
    "不适用的指标应剔除后折算，或说明依据（RULES.md §1.3 R-Q4）",
    "项目支出为0，“重点支出安排率”仍得5分",
)
declare(
    "YRS002",
    "year_error",
    "info",
    "评分表评分标准引用的年度不是评价年度",
    "评分依据应为评价年度的数据",
    "2021年度评分表：“区综合绩效考核领导小组办公室2018年对各部门的…考核分数”",
)
declare(
    "REC002",
    "reconciliation",
    "error",
    "公开07表“三公”经费决算与公开06表相应经济分类科目不一致",
    "07决算 = 06表30212因公出国(境)费用 / 30217公务接待费 / 30231公务用车运行维护费 / 31013公务用车购置（RULES.md §5.2第9项）",
    "07表公务接待费0，06表30217公务接待费1.2",
)
declare(
    "REC003",
    "reconciliation",
    "error",
    "“三公”经费决算数与公开07表不一致",
    "基础数据表及报告中的“三公”经费本年决算数 = 公开07表决算合计（RULES.md §5.2第10项）",
    "基础数据表三公经费决算2.76，公开07表决算合计0",
)
declare(
    "XRF010",
    "cross_reference_mismatch",
    "warning",
    "文中政府采购金额与基础数据表不一致",
    "政府采购金额 = 决算说明中的政府采购支出（RULES.md §5.2第10项）",
    "文中政府采购支出总额0万元，基础数据表政府采购金额4.53万元",
)
declare(
    "XRF011",
    "cross_reference_mismatch",
    "warning",
    "文中预算数或执行数与自评表资金情况不一致",
    "同一数字在文中和表中应一致",
    "报告“全年预算数为440万元”，自评表全年预算数444.37万元",
)


# --------------------------------------------------------------------------- claims


_CLAIM = re.compile(
    r"(?:绩效)?(?:目标|指标)[^。；，,]{0,8}(?:均|全部|都|全面)已?(?:达成|完成|实现)"
    r"|没有[^。；]{0,12}偏离[^。；]{0,10}(?:目标|指标)"
    r"|(?:未|没有)出现[^。；]{0,10}偏离"
    r"|无偏离(?:绩效)?(?:目标|指标)"
)


def _loc(package: EvaluationPackage, p: Passage) -> FindingLocation:
    doc = p.report.document or package_document(package)
    return FindingLocation(document=doc, line=p.line, path=f"{p.path}.text", table=p.report.title)


def _scope_forms(package: EvaluationPackage, p: Passage) -> list[tuple[str, SelfEvaluation, str]]:
    """The forms a report speaks for: a project report its project, any other report all forms."""
    all_forms = forms(package)
    if p.report.kind != "project_report":
        return all_forms
    if p.report.project:
        hit = [
            f
            for f in all_forms
            if f[1].name and (f[1].name in p.report.project or p.report.project in f[1].name)
        ]
        if hit:
            return hit
    projects = [f for f in all_forms if f[0].startswith("projects")]
    return projects or all_forms


def _missed(
    package: EvaluationPackage, ctx: CheckContext, chosen: list[tuple[str, SelfEvaluation, str]]
) -> list[str]:
    by_form = verdicts(package, ctx)
    out: list[str] = []
    for path, _, label in chosen:
        for v in by_form.get(path, []):
            if v.met is False:
                out.append(
                    f"{label}“{v.indicator.name}”（{v.indicator.target_raw} → {v.indicator.actual_raw}）"
                )
    return out


def _adjusted(ctx: CheckContext, chosen: list[tuple[str, SelfEvaluation, str]]) -> list[str]:
    out: list[str] = []
    for _, form, label in chosen:
        top = form.funds.row(FundsRowKind.TOTAL) if form.funds is not None else None
        if top is None or top.initial_budget is None or top.annual_budget is None:
            continue
        change = top.annual_budget - top.initial_budget
        if top.initial_budget == 0 and change > 0:
            out.append(f"{label}年初预算0 → 全年预算{show(top.annual_budget)}万元")
        elif top.initial_budget > 0 and abs(change) / top.initial_budget > ctx.adjustment_threshold:
            out.append(
                f"{label}年初预算{show(top.initial_budget)} → 全年预算{show(top.annual_budget)}万元"
                f"（{show(change / top.initial_budget * HUNDRED)}%）"
            )
    return out


@register("NAR001")
def check_narrative_claims(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    for p in ctx.passages(package):
        for s in p.sentences:
            m = _CLAIM.search(s.text)
            if m is None:
                continue
            chosen = _scope_forms(package, p)
            missed = _missed(package, ctx, chosen)
            deviation = "偏离" in m.group(0)
            adjusted = _adjusted(ctx, chosen) if deviation else []
            if not missed and not adjusted:
                continue
            facts = missed[:3] + (["等"] if len(missed) > 3 else []) + adjusted[:2]
            yield ctx.emit(
                "NAR001",
                f"《{p.report.title}》称“{m.group(0)}”，但{'；'.join(facts)}。",
                _loc(package, p),
                stated=m.group(0),
                computed=f"{len(missed)}项指标未达成"
                + (f"，{len(adjusted)}项预算大幅调整" if adjusted else ""),
            )
            break


# --------------------------------------------------------------------------- attachments


def _attachment_present(package: EvaluationPackage, title: str) -> bool | None:
    """Whether the package holds what an attachment title names (None: cannot tell)."""
    t = re.sub(r"\s+", "", title)
    if "基础数据表" in t:
        return package.base_data is not None
    if "项目支出" in t and "自评表" in t:
        return bool(package.projects)
    if "整体支出" in t and "自评表" in t:
        return package.overall is not None
    if "评分表" in t:
        return package.scoring_table is not None or package.work_assessment is not None
    if "决算" in t and "表" in t:
        return package.final_accounts is not None
    core = re.sub(r"^[\d一二三四五六七八九十]+[、.．]?", "", t)
    if len(core) < 4:
        return None
    titles = [
        re.sub(r"\s+", "", x)
        for x in [r.title for r in package.reports] + [d.title or "" for d in package.documents]
    ]
    return any(core in x or (x and x in core and len(x) >= 8) for x in titles)


_ATTACHMENT_CRITERION = re.compile(
    r"附件部分[^。]*?齐全[^。]*?得(\d+(?:\.\d+)?)分[^。]*?每少一个部分扣(\d+(?:\.\d+)?)分[^。]*?最多扣(\d+(?:\.\d+)?)分"
)


@register("ATT001", "ATT002")
def check_attachments(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    missing_total = 0
    for ri, report in enumerate(package.reports):
        for ai, title in enumerate(report.attachments):
            if _attachment_present(package, title) is not False:
                continue
            missing_total += 1
            yield ctx.emit(
                "ATT001",
                f"《{report.title}》列出附件“{title.strip()}”，材料中没有这一附件。",
                locate(report, f"reports[{ri}].attachments[{ai}]", "attachments", "title"),
                stated=title.strip(),
                computed="未提供",
            )
    if not missing_total or package.work_assessment is None:
        return
    for i, row in enumerate(package.work_assessment.rows):
        criterion = re.sub(r"\s+", "", row.criterion or "")
        m = _ATTACHMENT_CRITERION.search(criterion)
        if m is None or row.self_score is None or row.max_score is None or row.self_score < row.max_score:
            continue
        per, cap = Decimal(m.group(2)), Decimal(m.group(3))
        deduction = min(per * missing_total, cap)
        yield ctx.emit(
            "ATT002",
            f"{package.work_assessment.title}“{row.name}”：缺{missing_total}个附件，按“每少一个部分扣{show(per)}分，最多扣{show(cap)}分”"
            f"应扣{show(deduction)}分，却得满分{show(row.self_score)}。",
            locate(row, f"work_assessment.rows[{i}].self_score", "self_score", "name"),
            stated=row.self_score,
            computed=row.max_score - deduction,
        )


# --------------------------------------------------------------------------- part scores, repeated targets


def _has_group(form: SelfEvaluation, level1: Level1) -> bool:
    if level1 == Level1.COST:
        return any(i.level1 == Level1.COST or i.level2 == Level2.COST for i in form.indicators)
    return any(i.level1 == level1 for i in form.indicators)


@register("SCO007")
def check_part_scores_have_indicators(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    for path, form, label in forms(package):
        if not form.indicators:
            continue
        for k, st in enumerate(form.subtotals):
            if st.where == "表头" or st.level1 is None or st.score is None or st.level1 == Level1.OTHER:
                continue
            if not _has_group(form, st.level1):
                yield ctx.emit(
                    "SCO007",
                    f"{label}：报告称“{st.label}{show(st.score)}分”，自评表中没有这一类指标。",
                    locate(form, f"{path}.subtotals[{k}].score", "stated_total_score"),
                    stated=st.score,
                    computed="无此类指标",
                )


def _signature(t: Target) -> tuple[object, ...]:
    if t.parts:
        return tuple(_signature(p) for p in t.parts)
    if t.kind in (TargetKind.UNKNOWN,):
        return (t.kind, re.sub(r"\s+", "", t.raw))
    value = t.normalized_value()
    return (
        t.kind,
        t.comparator,
        value.normalize() if value is not None else None,
        t.base_unit(),
        t.level,
        t.recurring,
        t.year,
        t.month,
        t.day,
        t.change,
    )


def _name(v: IndicatorVerdict) -> str:
    return re.sub(r"\s+", "", v.indicator.name)


@register("XRF009")
def check_repeated_targets(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    by_form = verdicts(package, ctx)
    overall = {_name(v): v for v in by_form.get("overall", []) if v.indicator.target_raw}
    if not overall:
        return
    for path, _form, label in forms(package):
        if path == "overall":
            continue
        for i, v in enumerate(by_form.get(path, [])):
            o = overall.get(_name(v))
            if o is None or not v.indicator.target_raw:
                continue
            if _signature(o.target) != _signature(v.target):
                yield ctx.emit(
                    "XRF009",
                    f"“{v.indicator.name}”：整体支出自评表年度指标值“{o.indicator.target_raw}”（{o.target.describe()}），"
                    f"{label}为“{v.indicator.target_raw}”（{v.target.describe()}）。",
                    locate(v.indicator, f"{path}.indicators[{i}].target_raw", "target_raw", "name"),
                    stated=v.indicator.target_raw,
                    computed=o.indicator.target_raw,
                )


# --------------------------------------------------------------------------- base data


_ENUMERATED = re.compile(r"^\s*\d+\s*[、.．]")


@register("SUM018", "ADJ003")
def check_base_data_gaps(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    bd = package.base_data
    if bd is None:
        return
    rows = bd.expense_rows
    placeholder = "……" in (bd.note or "")
    for i, row in enumerate(rows):
        children = [r for r in rows if row.key is not None and r.parent == row.key and r is not row]
        if len(children) < 2 or not all(_ENUMERATED.match(c.label) for c in children):
            continue
        short: list[str] = []
        for attr, name in (
            ("last_year_actual", "上年决算数"),
            ("budget", "本年预算数"),
            ("actual", "本年决算数"),
        ):
            whole = getattr(row, attr)
            values = [getattr(c, attr) for c in children]
            if whole is None:
                continue
            s = total(values)
            if whole - s > ctx.amount_tolerance and (placeholder or any(v is None for v in values)):
                short.append(f"{name}{show(whole)}，所列明细合计{show(s)}")
        if short:
            yield ctx.emit(
                "SUM018",
                f"基础数据表“{row.label.rstrip('：:')}”：{'；'.join(short)}，其余未列明（明细行空白"
                + ("或以“……”省略" if placeholder else "")
                + "）。",
                locate(row, f"base_data.expense_rows[{i}].actual", "actual", "label"),
                stated=row.actual,
                computed="；".join(short),
            )
    adjustment = [(i, r) for i, r in enumerate(rows) if r.key == "basic_adjustment"]
    top = None
    if package.overall is not None and package.overall.funds is not None:
        top = package.overall.funds.row(FundsRowKind.TOTAL)
    if not adjustment or top is None or top.initial_budget is None or top.annual_budget is None:
        return
    i, row = adjustment[0]
    change = top.annual_budget - top.initial_budget
    if (
        all(v is None for v in (row.last_year_actual, row.budget, row.actual))
        and abs(change) > ctx.amount_tolerance
    ):
        yield ctx.emit(
            "ADJ003",
            f"基础数据表“{row.label}”一栏空白，部门整体支出绩效自评表年初预算{show(top.initial_budget)}万元、"
            f"全年预算{show(top.annual_budget)}万元，年中调整{show(change)}万元。",
            locate(row, f"base_data.expense_rows[{i}].actual", "actual", "label"),
            stated="（空白）",
            computed=change,
        )


# --------------------------------------------------------------------------- 评分表


_NOT_APPLICABLE = re.compile(r"重点支出安排率|支付进度|专项资金|专项支出|项目支出")


def _project_spending(package: EvaluationPackage) -> Decimal | None:
    """项目支出 of the package (0 when the tables say so), None when unknown."""
    e = package.expenditure
    if e is not None:
        if e.project is not None:
            return e.project
        if e.total is not None and e.basic is not None and abs(e.total - e.basic) <= Decimal("0.01"):
            return Decimal(0)
    if package.projects:
        return None
    return None


_YEAR = re.compile(r"(?<!\d)(19\d{2}|20\d{2})\s*年")


@register("SVR003", "YRS002")
def check_scoring_table_applicability(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    table = package.scoring_table
    if table is None:
        return
    project = _project_spending(package)
    for i, row in enumerate(table.rows):
        if (
            project is not None
            and project == 0
            and not package.projects
            and _NOT_APPLICABLE.search(row.name)
            and row.self_score is not None
            and row.max_score is not None
            and row.self_score >= row.max_score
        ):
            yield ctx.emit(
                "SVR003",
                f"{table.title}“{row.name}”：项目支出（专项资金）为0，无可衡量的内容，却得满分{show(row.self_score)}分。",
                locate(row, f"scoring_table.rows[{i}].self_score", "self_score", "name"),
                stated=row.self_score,
                computed="不适用（项目支出为0）",
            )
        years = sorted({int(y) for y in _YEAR.findall(row.criterion or "")})
        stale = [y for y in years if y not in (package.year, package.year + 1)] if package.year_stated else []
        if stale:
            yield ctx.emit(
                "YRS002",
                f"{table.title}“{row.name}”评分标准引用{'、'.join(f'{y}年' for y in stale)}，评价年度为{package.year}年。",
                locate(row, f"scoring_table.rows[{i}].criterion", "criterion", "name"),
                stated="、".join(str(y) for y in stale),
                computed=package.year,
            )


# --------------------------------------------------------------------------- 决算 reconciliation

# 公开07 column keys (决算) by component and the 公开06 economic code of the same spending.
_SEVEN_FINAL = {
    ThreePublicComponent.OVERSEAS_TRAVEL: ("final_abroad", "30212", "因公出国(境)费"),
    ThreePublicComponent.RECEPTION: ("final_reception", "30217", "公务接待费"),
    ThreePublicComponent.VEHICLE_OPERATION: ("final_vehicle_operation", "30231", "公务用车运行维护费"),
    ThreePublicComponent.VEHICLE_PURCHASE: ("final_vehicle_purchase", "31013", "公务用车购置费"),
}


def _seven(package: EvaluationPackage) -> tuple[int, FinalAccountsTable] | None:
    fa = package.final_accounts
    if fa is None:
        return None
    for ti, t in enumerate(fa.tables):
        if t.number == "07":
            return ti, t
    return None


def _seven_value(t: FinalAccountsTable, key: str) -> Decimal | None:
    """A 决算 figure of 公开07 (a table declared empty — "本表无数据" — counts as 0); None for a 07 printed
    with the components as rows (its figures are read into a 三公 table, not into these columns)."""
    if any("final" in r.values or "budget" in r.values for r in t.rows):
        return None
    values = [r.values.get(key) for r in t.rows if key in r.values]
    if values:
        return total(values)
    if not t.rows and t.empty_statement:
        return Decimal(0)
    if t.rows:
        return Decimal(0)
    return None


def _seven_total(t: FinalAccountsTable) -> Decimal | None:
    """公开07 决算合计: the printed total, else the sum of the components, 0 for a table declared empty."""
    if any("final_total" in r.values for r in t.rows) or any("final" in r.values for r in t.rows):
        return _seven_value(t, "final_total")
    parts = [_seven_value(t, key) for key, _, _ in _SEVEN_FINAL.values()]
    if all(p is None for p in parts):
        return None
    return total(parts)


@register("REC002", "REC003")
def check_three_public_reconciliation(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    hit = _seven(package)
    if hit is None:
        return
    _, seven = hit
    fa = package.final_accounts
    assert fa is not None
    six = fa.table("06")
    if six is not None:
        six_index = next(k for k, t in enumerate(fa.tables) if t is six)
        for _component, (key, code, name) in _SEVEN_FINAL.items():
            seven_value = _seven_value(seven, key)
            found = [(ri, r) for ri, r in enumerate(six.rows) if r.code == code]
            if seven_value is None or not found:
                continue
            ri, line = found[0]
            six_value = line.values.get("amount") or next(
                (v for v in line.values.values() if v is not None), None
            )
            six_amount = six_value if six_value is not None else Decimal(0)
            if abs(six_amount - seven_value) > ctx.amount_tolerance:
                src = line.sources.get("values") or line.sources.get("name")
                yield ctx.emit(
                    "REC002",
                    f"公开07表{name}决算数{show(seven_value)}万元，公开06表{code}{line.name}{show(six_amount)}万元。",
                    FindingLocation(
                        table=six.title,
                        line=src.line if src is not None else None,
                        document=package_document(package),
                        path=f"final_accounts.tables[{six_index}].rows[{ri}].values.amount",
                    ),
                    stated=six_amount,
                    computed=seven_value,
                )
    seven_total = _seven_total(seven)
    if seven_total is None:
        return
    candidates: list[tuple[str, Decimal, object, str, str]] = []
    bd = package.base_data
    if bd is not None:
        for i, r in enumerate(bd.expense_rows):
            if r.key == "three_public" and r.actual is not None:
                candidates.append(
                    (
                        "基础数据表“三公经费”本年决算数",
                        r.actual,
                        r,
                        f"base_data.expense_rows[{i}].actual",
                        "actual",
                    )
                )
    for k, table in enumerate(package.three_public_tables):
        row = table.row(ThreePublicComponent.TOTAL)
        if row is not None and row.actual is not None:
            j = table.rows.index(row)
            candidates.append(
                (
                    f"{table.title}合计决算数",
                    row.actual,
                    row,
                    f"three_public_tables[{k}].rows[{j}].actual",
                    "actual",
                )
            )
    for what, value, obj, path, field in candidates:
        if abs(value - seven_total) > ctx.amount_tolerance:
            yield ctx.emit(
                "REC003",
                f"{what}{show(value)}万元，公开07表“三公”经费决算合计{show(seven_total)}万元。",
                locate(obj, path, field),
                stated=value,
                computed=seven_total,
            )


_PROCUREMENT = (
    "政府采购",
    "政府采购支出",
    "政府采购支出总额",
    "政府采购总额",
    "政府采购金额",
    "政府采购合计",
)


@register("XRF010")
def check_procurement(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    bd = package.base_data
    row = (
        next(((i, r) for i, r in enumerate(bd.expense_rows) if r.key == "procurement"), None) if bd else None
    )
    if row is None or row[1].actual is None:
        return
    _, figure = row
    assert figure.actual is not None
    for p in ctx.passages(package):
        found = [q for _, q in named(p.sentences, *_PROCUREMENT) if q.label in _PROCUREMENT]
        if not found:
            continue
        q = found[0]
        assert q.amount is not None
        value = q.amount.wan()
        if abs(value - figure.actual) > ctx.amount_tolerance:
            yield ctx.emit(
                "XRF010",
                f"《{p.report.title}》“{q.lead}{q.raw.strip()}”，基础数据表“{figure.label}”本年决算数为{show(figure.actual)}万元。",
                _loc(package, p),
                stated=f"{q.lead}{q.raw.strip()}",
                computed=figure.actual,
            )


# --------------------------------------------------------------------------- funds in the text

_FUNDS_LABELS = {
    "initial_budget": ("年初预算", "年初预算数", "年初预算资金"),
    "annual_budget": ("全年预算", "全年预算数", "全年预算资金"),
    "executed": ("全年执行", "全年执行数", "全年执行金额"),
}
_FUNDS_LABEL = {"initial_budget": "年初预算数", "annual_budget": "全年预算数", "executed": "全年执行数"}
_PART_OF_BUDGET = ("项目", "专项", "三公", "公用", "基本支出", "人员", "追加", "其中")


@register("XRF011")
def check_narrative_funds(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    form = package.overall
    top = form.funds.row(FundsRowKind.TOTAL) if form is not None and form.funds is not None else None
    if top is None:
        return
    for p in ctx.passages(package):
        if p.report.kind != "self_evaluation_report":
            continue
        for s in p.sentences:
            if any(w in s.text for w in _PART_OF_BUDGET):
                continue  # a part of the budget, not the whole
            for attr, labels in _FUNDS_LABELS.items():
                tabled = getattr(top, attr)
                found = [q for _, q in named([s], *labels) if q.unit == "万元"]
                if not found or tabled is None:
                    continue
                q = found[0]
                if abs(q.value - tabled) > ctx.amount_tolerance:
                    yield ctx.emit(
                        "XRF011",
                        f"《{p.report.title}》“{q.lead}{q.raw.strip()}”，部门整体支出绩效自评表{_FUNDS_LABEL[attr]}为{show(tabled)}万元。",
                        _loc(package, p),
                        stated=q.value,
                        computed=tabled,
                    )
