"""Checks on the narrative reports: figures in sentences, units, years, numbering, cross-references.

The sentences are found by :mod:`jixiao.audit.narrative`; each figure is recomputed from the other
figures of the same sentence (完成预算的 = 决算 ÷ 预算; 同比增减率 = 增减额 ÷ 上年数; 占比 = 部分 ÷
整体) and compared with the tables and forms of the package (staffing, 三公, scores, project budgets,
indicator actuals). Rates compare at the printed precision (:func:`jixiao.audit.numbers.rate_matches`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from difflib import SequenceMatcher

from jixiao.model import EvaluationPackage, FundsRowKind, ReportSection, SelfEvaluation, ThreePublicComponent
from jixiao.targets import TargetKind

from ..findings import Finding, FindingLocation
from ..indicators import verdicts
from ..narrative import (
    Amount,
    Passage,
    adjustments,
    changes,
    completions,
    figure_after,
    offices,
    parts_of,
    passages,
    project_list,
    project_summaries,
    shares,
    staffing,
    stated_scores,
    stray_space_numbers,
    three_public_rates,
    three_public_statements,
    year_mentions,
    yuan_amounts,
)
from ..numbers import HUNDRED, chinese_int, percent, rate_matches, show, total
from ..registry import CheckContext, declare, package_document, register
from .common import forms

declare(
    "RAT006",
    "rate_mismatch",
    "error",
    "文中“完成预算的x%”与决算数/预算数不符",
    "完成预算比例 = 决算数 ÷ 预算数",
    "预算4万元，决算2.76万元，完成预算的69%",
)
declare(
    "RAT007",
    "rate_mismatch",
    "error",
    "文中同比增减率与增减额不符",
    "增减率 = 增减额 ÷ 上年数；上年数 = 本年数 ∓ 增减额",
    "14.58万元，比上年增加2.72万元：2.72 ÷ 11.86 = 22.93%，文中写69.2%",
)
declare(
    "RAT008",
    "rate_mismatch",
    "error",
    "文中占比与部分/整体不符",
    "占比 = 部分 ÷ 整体",
    "基本支出214.33 ÷ 支出合计251.21 = 85.32%",
)
declare(
    "RAT009",
    "rate_mismatch",
    "warning",
    "文中给出比率但没有可核对的基数",
    "比率须与其基数同时列示",
    "“公务接待费0元，完成年初预算的0%”，无预算数",
)
declare(
    "RAT010",
    "rate_mismatch",
    "error",
    "文中“三公”经费控制率与表中决算数/预算数不符",
    "“三公”经费控制率 = 决算数 ÷ 预算数",
    "控制率为0.1%，0.4 ÷ 4 = 10%",
)
declare(
    "SUM015",
    "sum_mismatch",
    "error",
    "文中“其中”所列部分大于总数",
    "其中各项 ≤ 总数",
    "政府采购支出总额0万元，其中货物支出0.27万元",
)
declare(
    "SUM016",
    "sum_mismatch",
    "error",
    "文中基本支出与项目支出之和不等于总数",
    "支出 = 基本支出 + 项目支出",
    "7486.96 = 214.33 + 7272.63",
)
declare(
    "SUM017",
    "sum_mismatch",
    "error",
    "文中所列项目实际支出之和与项目支出总数不符",
    "项目支出 = Σ 各项目实际支出",
    "25 + 6760 + 422.75 + 53 + 11.88 = 7272.63",
)
declare(
    "XRF001",
    "cross_reference_mismatch",
    "error",
    "文中人员编制或实有人数与表中不一致",
    "同一单位同一时点的编制数、实有人数应一致",
    "表中人员编制50，文中“编制39人”",
)
declare(
    "XRF003",
    "cross_reference_mismatch",
    "error",
    "文中自评得分与自评表总分不一致",
    "文中得分 = 自评表总分",
    "文中97分，表中96分",
)
declare(
    "XRF004",
    "cross_reference_mismatch",
    "warning",
    "文中项目预算数或执行数与项目自评表不一致",
    "文中全年预算数、执行数 = 自评表资金情况",
    "文中全年预算数200万元，自评表全年预算数422.75万元",
)
declare(
    "XRF005",
    "cross_reference_mismatch",
    "error",
    "文中数字与指标实际完成值不一致",
    "同一数量在文中和表中应一致",
    "文中“已完成政府代缴人数1200人”，表中实际完成值1158人",
)
declare(
    "XRF006",
    "cross_reference_mismatch",
    "error",
    "文中“三公”经费预算数或决算数与表中不一致",
    "同一数字在文中和表中应一致",
    "文中公务接待费决算1.63万元，表中1.36万元",
)
declare(
    "XRF008",
    "cross_reference_mismatch",
    "error",
    "内设机构个数与所列名称个数不符",
    "所述个数 = 列举的名称个数",
    "“设6个内设机构”，列出5个",
)
declare(
    "UNT001",
    "unit_error",
    "error",
    "万元口径的金额写成了“元”",
    "同一口径金额单位应一致（万元）",
    "“支出决算为208.09元”（应为万元）",
)
declare(
    "YRS001",
    "year_error",
    "error",
    "文中年度与评价年度不符",
    "说明本年度事项时年度应为评价年度",
    "2022年度报告中“2021年部门决算汇总公开单位”",
)
declare(
    "FMT001",
    "format",
    "warning",
    "章节序号跳号或重复",
    "同级序号应连续：一、二、三……",
    "一、二、三、五（缺四）",
)
declare(
    "FMT002", "format", "warning", "章节序号格式与同级不一致", "同级序号格式应一致", "（一）之后出现“（2）”"
)
declare("FMT003", "format", "info", "数字中有多余空格", "数字应连续书写", "“251. 21万元”")
declare(
    "ADJ002",
    "budget_adjustment",
    "warning",
    "文中年中追加预算幅度大",
    "预算调整率 = 年中追加 ÷ 年初预算 ≤ 10%（可配置）",
    "年初预算620.76万元，年中追加116.13万元（18.71%）",
)
declare(
    "CTL004",
    "staffing_control",
    "warning",
    "按文中人数计算的财政供养人员控制率超过100%",
    "实有人数 ÷ 编制数 ≤ 100%",
    "实有44人，文中编制39人，控制率112.82%",
)


def _loc(package: EvaluationPackage, p: Passage) -> FindingLocation:
    doc = p.report.document or package_document(package)
    src = p.report.sources.get("title") if p.report.sources else None
    if src is not None and src.document:
        doc = src.document
    return FindingLocation(document=doc, line=p.line, path=f"{p.path}.text", table=p.report.title)


def _known_amounts(package: EvaluationPackage) -> set[Decimal]:
    """Amounts in 万元 the package states in its tables and forms."""
    out: set[Decimal] = set()

    def add(v: object) -> None:
        if isinstance(v, Decimal) and v != 0:
            out.add(v)

    fa = package.final_accounts
    if fa is not None:
        for t in fa.tables:
            for r in t.rows:
                for v in r.values.values():
                    add(v)
    for obj in (package.income, package.expenditure):
        if obj is not None:
            for v in obj.model_dump().values():
                add(v)
    for _, form, _ in forms(package):
        if form.funds is not None:
            for fr in form.funds.rows:
                for v in (fr.initial_budget, fr.annual_budget, fr.executed):
                    add(v)
    for p in passages(package):
        from ..narrative import amounts

        for a in amounts(p.text):
            if a.unit == "万元":
                add(a.value)
    return out


def _wan(a: Amount | None, misplaced: set[Decimal]) -> Decimal | None:
    if a is None:
        return None
    if a.unit == "元":
        return a.value if a.value in misplaced else a.value / 10000
    if a.unit == "亿元":
        return a.value * 10000
    if a.unit == "千元":
        return a.value / 10
    return a.value


@register("UNT001", "RAT006", "RAT007", "RAT008", "RAT009", "FMT003")
def check_narrative_rates(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    ps = passages(package)
    known = _known_amounts(package)
    misplaced: set[Decimal] = set()
    for p in ps:
        for text, value, sentence in yuan_amounts(p):
            if value == 0:
                continue
            wan_context = "万元" in sentence
            if any(abs(value - k) <= Decimal("0.005") for k in known) or (
                wan_context and value < 1000 and value != value.to_integral()
            ):
                misplaced.add(value)
                yield ctx.emit(
                    "UNT001",
                    f"《{p.report.title}》“{text}”：金额单位应为万元（同句及报表均以万元计，{show(value)}万元见于表中）。",
                    _loc(package, p),
                    stated=text,
                    computed=f"{show(value)}万元",
                )
    report_texts: dict[int, str] = {}
    for p in ps:
        report_texts[p.report_index] = report_texts.get(p.report_index, "") + "\n" + p.text
    for p in ps:
        stray = stray_space_numbers(p.raw)
        if stray:
            yield ctx.emit(
                "FMT003",
                f"《{p.report.title}》“{p.section.heading}”中数字含多余空格：{'、'.join(stray[:5])}。",
                _loc(package, p),
                stated="、".join(stray),
            )
        for c in completions(p):
            budget, actual = _wan(c.budget, misplaced), _wan(c.actual, misplaced)
            if budget is None:
                yield ctx.emit(
                    "RAT009",
                    f"《{p.report.title}》“{c.sentence[:60]}”：给出“完成预算的{show(c.rate)}%”，但未列预算数，无法核对。",
                    _loc(package, p),
                    stated=f"{show(c.rate)}%",
                )
                continue
            if actual is None or budget == 0:
                continue
            computed = percent(actual, budget)
            assert computed is not None
            if not rate_matches(c.rate, computed):
                yield ctx.emit(
                    "RAT006",
                    f"《{p.report.title}》“{c.sentence[:60]}”：{show(actual)} ÷ {show(budget)} = {show(computed)}%，文中写{show(c.rate)}%。",
                    _loc(package, p),
                    stated=f"{show(c.rate)}%",
                    computed=f"{show(computed)}%",
                )
        for ch in changes(p):
            current = _wan(ch.current, misplaced)
            if current is None:
                continue
            last = current - ch.amount if ch.direction == "up" else current + ch.amount
            if last <= 0:
                continue
            computed = ch.amount / last * HUNDRED
            if not rate_matches(ch.rate, computed):
                sign = "增加" if ch.direction == "up" else "减少"
                yield ctx.emit(
                    "RAT007",
                    f"《{p.report.title}》“{ch.sentence[:70]}”：本年{show(current)}万元，{sign}{show(ch.amount)}万元，上年应为{show(last)}万元，{show(ch.amount)} ÷ {show(last)} = {show(computed)}%，文中写{show(ch.rate)}%。",
                    _loc(package, p),
                    stated=f"{show(ch.rate)}%",
                    computed=f"{show(computed)}%",
                )
        for sh in shares(p, report_texts[p.report_index]):
            if sh.whole is None or sh.whole == 0:
                continue
            computed = sh.part / sh.whole * HUNDRED
            if not rate_matches(sh.rate, computed):
                yield ctx.emit(
                    "RAT008",
                    f"《{p.report.title}》“{sh.sentence[:60]}”：{show(sh.part)} ÷ {show(sh.whole)} = {show(computed)}%，文中写{show(sh.rate)}%。",
                    _loc(package, p),
                    stated=f"{show(sh.rate)}%",
                    computed=f"{show(computed)}%",
                )


@register("SUM015", "SUM016", "SUM017", "ADJ002")
def check_narrative_sums(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    for p in passages(package):
        for po in parts_of(p):
            for label, value in po.parts:
                if value - po.whole > ctx.amount_tolerance:
                    yield ctx.emit(
                        "SUM015",
                        f"《{p.report.title}》“{po.sentence[:60]}”：其中“{label}”{show(value)}万元大于总数{show(po.whole)}万元。",
                        _loc(package, p),
                        stated=value,
                        computed=f"≤{show(po.whole)}",
                    )
            labels = {re.sub(r"^其中", "", lb): v for lb, v in po.parts}
            if "基本支出" in labels and "项目支出" in labels and len(po.parts) == 2:
                s = labels["基本支出"] + labels["项目支出"]
                if abs(s - po.whole) > ctx.amount_tolerance:
                    yield ctx.emit(
                        "SUM016",
                        f"《{p.report.title}》“{po.sentence[:60]}”：基本支出 + 项目支出 = {show(s)}万元，总数{show(po.whole)}万元。",
                        _loc(package, p),
                        stated=po.whole,
                        computed=s,
                    )
        items = list(project_list(p))
        if len(items) >= 2:
            s = total([i.executed for i in items])
            for q in passages(package):
                if q.report_index != p.report_index:
                    continue
                m = re.search(r"项目支出(\d+(?:\.\d+)?)万元", q.text)
                if m:
                    whole = Decimal(m.group(1))
                    if abs(whole - s) > ctx.amount_tolerance:
                        yield ctx.emit(
                            "SUM017",
                            f"《{p.report.title}》所列{len(items)}个项目实际支出之和{show(s)}万元，项目支出{show(whole)}万元。",
                            _loc(package, p),
                            stated=whole,
                            computed=s,
                        )
                    break
        for text, initial, added in adjustments(p):
            if initial > 0 and added / initial > ctx.adjustment_threshold:
                rate = added / initial * HUNDRED
                yield ctx.emit(
                    "ADJ002",
                    f"《{p.report.title}》“{text}”：追加额占年初预算{show(rate)}%（超过{show(ctx.adjustment_threshold * HUNDRED)}%）。",
                    _loc(package, p),
                    stated=text,
                    computed=f"{show(rate)}%",
                )


@register("XRF001", "CTL004", "XRF008")
def check_narrative_staffing(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    u, bd = package.unit, package.base_data
    form_authorized = {v for v in (u.authorized_staff, bd.authorized_staff if bd else None) if v is not None}
    form_actual = {v for v in (u.actual_staff, bd.actual_staff if bd else None) if v is not None}
    checked: set[tuple[int, int]] = set(ctx.cache.get("staffing_checked", set()))
    for p in passages(package):
        authorized, actual = staffing(p)
        for c in authorized:
            if form_authorized and c.value not in form_authorized:
                yield ctx.emit(
                    "XRF001",
                    f"《{p.report.title}》“{c.sentence}”：表中编制数为{'、'.join(str(v) for v in sorted(form_authorized))}。",
                    _loc(package, p),
                    stated=c.value,
                    computed="、".join(str(v) for v in sorted(form_authorized)),
                )
            actual_values = [a.value for a in actual] or sorted(form_actual)
            for a in actual_values[:1]:
                if (c.value, a) in checked or c.value == 0:
                    continue
                checked.add((c.value, a))
                rate = Decimal(a) / Decimal(c.value) * HUNDRED
                if rate > HUNDRED:
                    yield ctx.emit(
                        "CTL004",
                        f"《{p.report.title}》：按编制{c.value}人、实有{a}人计算，财政供养人员控制率{show(rate)}%。",
                        _loc(package, p),
                        stated=f"{a}/{c.value}",
                        computed=f"{show(rate)}%",
                    )
        for c in actual:
            if form_actual and c.value not in form_actual:
                yield ctx.emit(
                    "XRF001",
                    f"《{p.report.title}》“{c.sentence}”：表中实有人数为{'、'.join(str(v) for v in sorted(form_actual))}。",
                    _loc(package, p),
                    stated=c.value,
                    computed="、".join(str(v) for v in sorted(form_actual)),
                )
        for c in offices(p):
            if c.listed is not None and c.listed != c.value:
                yield ctx.emit(
                    "XRF008",
                    f"《{p.report.title}》“{c.sentence[:50]}”：写明{c.value}个，实际列出{c.listed}个（{'、'.join(c.items)}）。",
                    _loc(package, p),
                    stated=c.value,
                    computed=c.listed,
                )


def _match_project(package: EvaluationPackage, name: str) -> tuple[int, SelfEvaluation] | None:
    best: tuple[float, int] | None = None
    for i, proj in enumerate(package.projects):
        if not proj.name:
            continue
        a, b = re.sub(r"项目$", "", name), proj.name
        ratio = 1.0 if (a in b or b in a) else SequenceMatcher(None, a, b).ratio()
        if best is None or ratio > best[0]:
            best = (ratio, i)
    if best is None or best[0] < 0.75:
        return None
    return best[1], package.projects[best[1]]


@register("XRF003", "XRF004", "XRF005", "XRF006", "RAT010")
def check_narrative_cross_references(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    ps = passages(package)
    by_form = verdicts(package, ctx)
    for p in ps:
        kind = p.report.kind
        form: SelfEvaluation | None = None
        if kind == "self_evaluation_report":
            form = package.overall
        elif kind == "project_report":
            hit = _match_project(package, p.report.project) if p.report.project else None
            form = hit[1] if hit else (package.projects[0] if len(package.projects) == 1 else None)
        if form is not None and form.stated_total_score is not None:
            for text, value in stated_scores(p):
                if "项目绩效自评" in text and kind != "project_report":
                    continue
                if value != form.stated_total_score:
                    yield ctx.emit(
                        "XRF003",
                        f"《{p.report.title}》“{text}”，自评表总分为{show(form.stated_total_score)}分。",
                        _loc(package, p),
                        stated=value,
                        computed=form.stated_total_score,
                    )
        for s in project_summaries(p):
            hit = _match_project(package, s.name)
            if hit is None:
                continue
            _, proj = hit
            if (
                s.score is not None
                and proj.stated_total_score is not None
                and s.score != proj.stated_total_score
            ):
                yield ctx.emit(
                    "XRF003",
                    f"《{p.report.title}》“{s.name}”自评得分{show(s.score)}分，项目自评表总分{show(proj.stated_total_score)}分。",
                    _loc(package, p),
                    stated=s.score,
                    computed=proj.stated_total_score,
                )
            top = proj.funds.row(FundsRowKind.TOTAL) if proj.funds else None
            if top is None:
                continue
            for label, stated, actual in (
                ("全年预算数", s.annual_budget, top.annual_budget),
                ("执行数", s.executed, top.executed),
            ):
                if stated is not None and actual is not None and abs(stated - actual) > ctx.amount_tolerance:
                    yield ctx.emit(
                        "XRF004",
                        f"《{p.report.title}》“{s.name}”{label}为{show(stated)}万元，项目自评表（{proj.name}）为{show(actual)}万元。",
                        _loc(package, p),
                        stated=stated,
                        computed=actual,
                    )
        for item in project_list(p):
            hit = _match_project(package, item.name)
            if hit is None:
                continue
            _, proj = hit
            top = proj.funds.row(FundsRowKind.TOTAL) if proj.funds else None
            if top is None:
                continue
            budget = top.initial_budget if item.kind == "年初预算" else top.annual_budget
            for label, stated, actual in (
                ("金额", item.amount, budget),
                ("实际支出", item.executed, top.executed),
            ):
                if actual is not None and abs(stated - actual) > ctx.amount_tolerance:
                    yield ctx.emit(
                        "XRF004",
                        f"《{p.report.title}》项目“{item.name}”{label}{show(stated)}万元，项目自评表为{show(actual)}万元。",
                        _loc(package, p),
                        stated=stated,
                        computed=actual,
                    )
        # indicator figures repeated in the text
        for fpath, _f, _label in forms(package):
            for v in by_form.get(fpath, []):
                ind = v.indicator
                name = re.sub(r"\s+", "", ind.name)
                if len(name) < 5:
                    continue
                q = v.actual
                q_value = q.normalized_value()
                if q.kind is not TargetKind.NUMERIC or q.parts or q_value is None:
                    continue
                q_unit = q.base_unit()
                for text, value, unit in figure_after(name, p.text):
                    said = value * 10000 if unit.startswith("万") else value
                    if unit == "%" and q_unit != "%":
                        continue
                    if said != q_value:
                        yield ctx.emit(
                            "XRF005",
                            f"《{p.report.title}》“{text}”，{_label}“{ind.name}”实际完成值为“{ind.actual_raw}”。",
                            _loc(package, p),
                            stated=text,
                            computed=ind.actual_raw,
                        )
        # 三公 figures
        for text, key, budget, actual in three_public_statements(p):
            for t in package.three_public_tables:
                row = t.row(ThreePublicComponent(key))
                if row is None or (t.title and p.report.title and t.title.startswith(p.report.title)):
                    continue
                for label, stated, tabled in (("预算数", budget, row.budget), ("决算数", actual, row.actual)):
                    if tabled is not None and abs(stated - tabled) > ctx.amount_tolerance:
                        yield ctx.emit(
                            "XRF006",
                            f"《{p.report.title}》“{text}”：{t.title}中{label}为{show(tabled)}万元。",
                            _loc(package, p),
                            stated=stated,
                            computed=tabled,
                        )
        for text, rate in three_public_rates(p):
            for t in package.three_public_tables:
                row = t.row(ThreePublicComponent.TOTAL)
                if row is None or row.budget in (None, Decimal(0)) or row.actual is None:
                    continue
                assert row.budget is not None
                computed = row.actual / row.budget * HUNDRED
                if not rate_matches(rate, computed):
                    yield ctx.emit(
                        "RAT010",
                        f"《{p.report.title}》“{text}”：{t.title}决算{show(row.actual)} ÷ 预算{show(row.budget)} = {show(computed)}%。",
                        _loc(package, p),
                        stated=f"{show(rate)}%",
                        computed=f"{show(computed)}%",
                    )
                break


def _style(number: str) -> tuple[str, int] | None:
    n = re.sub(r"[、．.，,：:\s]", "", number)
    paren = n.startswith(("（", "(")) and n.endswith(("）", ")"))
    core = n.strip("（）()")
    value = chinese_int(core)
    if value is None:
        return None
    kind = ("paren_" if paren else "") + ("arabic" if core.isdigit() else "cn")
    return kind, value


_STYLE_TEXT = {"cn": "一、", "paren_cn": "（一）", "arabic": "1、", "paren_arabic": "（1）"}


@register("FMT001", "FMT002")
def check_numbering(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    for ri, report in enumerate(package.reports):
        yield from _numbering(package, ctx, report.title, report.sections, f"reports[{ri}].sections", report)


def _numbering(
    package: EvaluationPackage,
    ctx: CheckContext,
    title: str,
    sections: list[ReportSection],
    prefix: str,
    report: object,
) -> Iterator[Finding]:
    style: str | None = None
    prev: int | None = None
    doc = package_document(package)
    for si, s in enumerate(sections):
        path = f"{prefix}[{si}]"
        yield from _numbering(package, ctx, title, s.subsections, f"{path}.subsections", report)
        if not s.number:
            continue
        parsed = _style(s.number)
        if parsed is None:
            continue
        kind, value = parsed
        loc = FindingLocation(document=doc, line=s.line, path=f"{path}.number", table=title)
        if style is None:
            style, prev = kind, value
            continue
        assert prev is not None
        if kind != style:
            yield ctx.emit(
                "FMT002",
                f"《{title}》“{s.number}{s.heading}”：同级序号为“{_STYLE_TEXT.get(style, style)}”格式，此处写“{s.number}”。",
                loc,
                stated=s.number,
                computed=_STYLE_TEXT.get(style, style),
            )
        if value == prev + 1:
            prev = value
        elif value == prev:
            yield ctx.emit(
                "FMT001",
                f"《{title}》“{s.number}{s.heading}”：序号与上一节重复，应为{prev + 1}。",
                loc,
                stated=s.number,
                computed=str(prev + 1),
            )
            prev = value + 1
        else:
            yield ctx.emit(
                "FMT001",
                f"《{title}》“{s.number}{s.heading}”：上一节序号为{prev}，此处为{value}（{'跳号' if value > prev else '顺序颠倒'}）。",
                loc,
                stated=s.number,
                computed=str(prev + 1),
            )
            prev = value


@register("YRS001")
def check_years(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    for p in passages(package):
        for text, year in year_mentions(p):
            if year != package.year:
                yield ctx.emit(
                    "YRS001",
                    f"《{p.report.title}》“{text}”：评价年度为{package.year}年。",
                    _loc(package, p),
                    stated=year,
                    computed=package.year,
                )
