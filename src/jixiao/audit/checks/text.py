"""Checks on the narrative reports: figures in sentences, units, years, numbering, cross-references.

The sentences are read once by the figure engine (:mod:`jixiao.figures`); these checks work on its
relations, not on wording: a :class:`~jixiao.figures.Total` against the sum of its parts, a
:class:`~jixiao.figures.Change` (增减额 = 本年数 − 上年数, 增减率 = 增减额 ÷ 上年数, the words 增加 /
减少 / 持平 against the signs), a :class:`~jixiao.figures.Completion` (完成预算的 = 决算 ÷ 预算, a rate
of a zero budget), a :class:`~jixiao.figures.Share` (占比 = 部分 ÷ 整体), a
:class:`~jixiao.figures.Comparison` (大于 / 小于 / 等于), staffing and 三公 figures against the tables
and forms of the package. Rates compare at the printed precision
(:func:`jixiao.audit.numbers.rate_matches`). A sum or a share that misses by one unit of the last
printed digit is rounding: info (RND002) where the document announces 尾数误差 / 四舍五入, a warning
(RND003) where it does not — never an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from difflib import SequenceMatcher

from jixiao.figures import (
    Change,
    ChangeSplit,
    Comparison,
    Completion,
    Enumeration,
    Quantity,
    Sentence,
    Share,
    Staffing,
    Total,
    find_labelled,
    is_change,
)
from jixiao.figures.lexicon import BUDGET_KINDS, DOWN_WORDS, UP_WORDS
from jixiao.figures.reports import Passage
from jixiao.figures.subjects import (
    stated_scores,
    three_public_component,
    three_public_control_rates,
    three_public_statements,
)
from jixiao.model import (
    EvaluationPackage,
    FundsRowKind,
    ReportSection,
    SelfEvaluation,
    ThreePublicComponent,
    ThreePublicTable,
)
from jixiao.targets import TargetKind

from ..findings import Finding, FindingLocation
from ..indicators import IndicatorVerdict, verdicts
from ..numbers import HUNDRED, chinese_int, decimals, last_digit, rate_matches, show, total
from ..registry import CheckContext, declare, locate, package_document, register
from . import budget
from .common import forms
from .scores import _grade_of, _normal_grade

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
    "SUM022",
    "sum_mismatch",
    "warning",
    "其中所列各项之和小于总数，而所列似为全部",
    "“其中”列出三项以上、未说“等”或“主要”时，各项之和应等于总数；少于总数时提请说明其余部分",
    "2263万元，其中七项之和2253万元",
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


declare(
    "RAT012",
    "rate_mismatch",
    "error",
    "同一整体的各部分占比之和超过100%",
    "各部分占比之和 ≤ 100%（整体未印出时，各占比仍须能同时成立）",
    "基本支出“占一般公共预算支出的84.06%”，项目支出“占一般公共预算支出的19.62%”：合计103.68%",
)
declare(
    "RAT011",
    "rate_mismatch",
    "error",
    "文中比率的基数为0",
    "比率 = 分子 ÷ 基数；基数为0时比率无意义",
    "年初预算0万元，“完成年初预算的95.89%”",
)
declare(
    "SGN001",
    "rate_mismatch",
    "error",
    "文中增减、大小的用词与数字不符",
    "增加/大于：本年数 > 上年数（决算 > 预算）；减少/小于：反之；持平/等于：相等",
    "上年11.86万元，本年10.2万元，文中“增加”",
)
declare(
    "SUM019",
    "sum_mismatch",
    "error",
    "文中各分项之和与总数不符",
    "合计/总计/包括/分别为：总数 = Σ 各分项",
    "工资福利支出562.52 + 商品和服务支出114.8 + 对个人和家庭的补助45.09 + 资本性支出14.48 ≠ 合计736",
)
declare(
    "SUM021",
    "sum_mismatch",
    "error",
    "文中各部分的增减额之和与总增减额不符",
    "各部分构成整体时：整体增减额 = Σ 各部分增减额（增为正、减为负）",
    "基本支出较上年增59.11万元；工资福利支出增94.22、商品和服务支出增1.11、对个人和家庭补助支出减16.23，合计增79.10",
)
declare(
    "SUM020",
    "sum_mismatch",
    "error",
    "文中增减额与本年数、上年数不符",
    "增减额 = 本年数 − 上年数",
    "上年11.86万元，本年14.58万元，文中“增加2.27万元”（应为2.72）",
)
declare(
    "RND002",
    "sum_mismatch",
    "info",
    "文中数字相差末位一个单位，文件已声明尾数误差",
    "文件声明“尾数误差”或“四舍五入”时，相差不超过末位一个单位视为尾数误差",
    "基本支出214.33 + 项目支出36.89 = 251.22，合计251.21（文件注明四舍五入）",
)
declare(
    "RND003",
    "sum_mismatch",
    "warning",
    "文中数字相差末位一个单位，文件未声明尾数误差",
    "相差不超过末位一个单位可能是四舍五入所致，但文件未声明尾数误差，应核对",
    "基本支出214.33 + 项目支出36.89 = 251.22，合计251.21",
)


def _loc(package: EvaluationPackage, p: Passage) -> FindingLocation:
    doc = p.report.document or package_document(package)
    src = p.report.sources.get("title") if p.report.sources else None
    if src is not None and src.document:
        doc = src.document
    return FindingLocation(document=doc, line=p.line, path=f"{p.path}.text", table=p.report.title)


def _quote(text: str, n: int = 60) -> str:
    return text[:n]


def _known_amounts(package: EvaluationPackage, ps: list[Passage]) -> set[Decimal]:
    """Amounts in 万元 the package states in its tables, forms and sentences."""
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
    for p in ps:
        for q in p.quantities:
            if q.unit == "万元":
                add(q.value)
    return out


def _misplaced(
    package: EvaluationPackage, ctx: CheckContext, ps: list[Passage]
) -> dict[int, tuple[Passage, Quantity]]:
    """Figures printed in 元 that are 万元 (by the tables, or by a 万元 sentence): id → (passage, figure)."""
    cached = ctx.cache.get("misplaced_yuan")
    if isinstance(cached, dict):
        return cached
    known = _known_amounts(package, ps)
    out: dict[int, tuple[Passage, Quantity]] = {}
    for p in ps:
        for s in p.sentences:
            for q in s.quantities:
                if q.unit != "元" or q.value == 0:
                    continue
                wan_context = "万元" in s.text
                if any(abs(q.value - k) <= Decimal("0.005") for k in known) or (
                    wan_context and q.value < 1000 and q.value != q.value.to_integral()
                ):
                    out[id(q)] = (p, q)
    ctx.cache["misplaced_yuan"] = out
    return out


def _wan(q: Quantity | None, misplaced: dict[int, tuple[Passage, Quantity]]) -> Decimal | None:
    """A money figure in 万元 (one printed in 元 that the checker read as 万元 counts as 万元)."""
    if q is None:
        return None
    amount = q.amount
    if amount is None:
        return q.value
    if id(q) in misplaced:
        return q.value
    return amount.wan()


_FROM_WAN = {"元": Decimal(10000), "千元": Decimal(10), "亿元": Decimal("0.0001")}


def _printed(value: Decimal, q: Quantity, misplaced: dict[int, tuple[Passage, Quantity]]) -> str:
    """An amount in 万元 shown in the unit the figure ``q`` was printed in ("881300.39元", "88.13万元")."""
    unit = q.amount.unit if q.amount is not None and id(q) not in misplaced else "万元"
    factor = _FROM_WAN.get(unit)
    return f"{show(value * factor)}{unit}" if factor is not None else f"{show(value)}万元"


def _announced(package: EvaluationPackage, ps: list[Passage]) -> bool:
    """Whether the document announces rounding (尾数误差 / 四舍五入) anywhere."""
    words = ("尾数误差", "四舍五入", "尾差")
    if any(any(w in p.raw for w in words) for p in ps):
        return True
    fa = package.final_accounts
    return fa is not None and any(any(w in (t.note or "") for w in words) for t in fa.tables)


def _rounding(
    ctx: CheckContext,
    package: EvaluationPackage,
    ps: list[Passage],
    p: Passage,
    code: str,
    message: str,
    stated: Decimal,
    computed: Decimal,
    unit: Decimal,
    *,
    shown: tuple[object, object] | None = None,
) -> Iterator[Finding]:
    """An error when ``stated`` and ``computed`` differ by more than ``unit``, rounding when by at most it."""
    diff = abs(stated - computed)
    if diff == 0:
        return
    s_, c_ = shown if shown is not None else (stated, computed)
    if diff <= unit + Decimal("1e-9"):
        announced = _announced(package, ps)
        yield ctx.emit(
            "RND002" if announced else "RND003",
            f"{message}（相差{show(diff, 4)}，末位一个单位，"
            + ("文件已声明尾数误差，已容忍）" if announced else "文件未声明尾数误差，请核对）"),
            _loc(package, p),
            stated=s_,
            computed=c_,
        )
        return
    yield ctx.emit(code, message, _loc(package, p), stated=s_, computed=c_)


def _label(q: Quantity) -> str:
    return q.label or q.lead or "数字"


@register(
    "UNT001",
    "RAT006",
    "RAT007",
    "RAT008",
    "RAT009",
    "RAT011",
    "RAT012",
    "SGN001",
    "SUM020",
    "RND002",
    "RND003",
    "FMT003",
)
def check_narrative_rates(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    ps = ctx.passages(package)
    misplaced = _misplaced(package, ctx, ps)
    for p, q in misplaced.values():
        yield ctx.emit(
            "UNT001",
            f"《{p.report.title}》“{q.raw.strip()}”：金额单位应为万元（同句及报表均以万元计，{show(q.value)}万元见于表中）。",
            _loc(package, p),
            stated=q.raw.strip(),
            computed=f"{show(q.value)}万元",
        )
    report_quantities: dict[int, list[Quantity]] = {}
    for p in ps:
        report_quantities.setdefault(p.report_index, []).extend(p.quantities)
    for report in sorted({p.report_index for p in ps}):
        yield from _shares_past_whole(package, ctx, ps, report)
    for p in ps:
        spaced = [q.raw.strip() for q in p.quantities if q.spaced]
        if spaced:
            yield ctx.emit(
                "FMT003",
                f"《{p.report.title}》“{p.section.heading}”中数字含多余空格：{'、'.join(spaced[:5])}。",
                _loc(package, p),
                stated="、".join(spaced),
            )
        for s in p.sentences:
            for c in s.of(Completion):
                if c.budget is not None and _whole_budget_for_part(c):
                    c = replace(c, budget=None)  # the 其中 part's rate is of its own budget, not the whole's
                if c.budget is None and c.remainder is None:
                    c = _budget_from_table(package, p, s, c)
                yield from _completion(package, ctx, p, s.text, c, misplaced)
            bases: set[int] = set()
            for ch in s.of(Change):
                if ch.base is not None and id(ch.base) in bases:
                    # an earlier comparison's base is not this one's ("较上年1024万元…(其中:购置费209万元,
                    # 较上年251万元减少42万元"): not read for sure, so the change is checked by its amount
                    ch = replace(ch, base=None)
                elif ch.base is not None:
                    bases.add(id(ch.base))
                yield from _change(package, ctx, ps, p, s.text, ch, misplaced)
            for sh in s.of(Share):
                yield from _share(
                    package, ctx, ps, p, s.text, sh, misplaced, report_quantities[p.report_index]
                )
            for cmp in s.of(Comparison):
                left, right = _wan(cmp.left, misplaced), _wan(cmp.right, misplaced)
                assert left is not None and right is not None
                wrong = (
                    (cmp.word in ("大于", "高于", "超过", "多于") and left <= right)
                    or (cmp.word in ("小于", "低于", "少于") and left >= right)
                    or (cmp.word == "等于" and left != right)
                )
                if wrong:
                    yield ctx.emit(
                        "SGN001",
                        f"《{p.report.title}》“{_quote(s.text)}”：{_label(cmp.left)}{show(left)}万元，{_label(cmp.right)}{show(right)}万元，文中却说“{cmp.text}”。",
                        _loc(package, p),
                        stated=cmp.text,
                        computed=f"{show(left)} − {show(right)} = {show(left - right)}",
                    )


def _shares_past_whole(
    package: EvaluationPackage, ctx: CheckContext, ps: list[Passage], report: int
) -> Iterator[Finding]:
    """Shares of one named whole that the report does not print ("基本支出预算2476260.58元,占一般公共预算
    支出的84.06%" … "项目支出469500元,占一般公共预算支出的19.62%"): parts of one whole cannot add past
    100 %, and each share implies the whole (part ÷ rate) — two that imply different wholes, beyond what
    one unit of each rate's last printed digit allows, cannot both be right. Both must hold to be reported: a report
    may split one whole twice (by kind and by way of purchase), which adds past 100 % with one whole."""
    groups: dict[str, list[tuple[Passage, Sentence, Share]]] = {}
    for p in ps:
        if p.report_index != report:
            continue
        for s in p.sentences:
            for sh in s.of(Share):
                label = sh.whole_label.strip("的 ")
                if (
                    len(label) >= 2
                    and not _own_budget(label)
                    and sh.whole is None
                    and sh.part.is_money
                    and not is_change(sh.part)
                    and sh.part.value > 0
                    and sh.rate.value > 0
                ):
                    groups.setdefault(label, []).append((p, s, sh))
    for label, items in groups.items():
        pool = [q for p in ps if p.report_index == report for q in p.quantities]
        if len(items) < 2 or find_labelled(label, pool) is not None:
            continue  # the whole is printed: each share is checked against it (RAT008)
        named = [_label(sh.part) for _, _, sh in items]
        if len(set(named)) < len(named):
            continue  # one part's share told twice (全市 and 市本级 税收收入): shares of two wholes of one name
        rates = [sh.rate.value for _, _, sh in items]
        slack = sum((Decimal(1).scaleb(-decimals(r)) for r in rates), Decimal(0))
        added = sum(rates, Decimal(0))
        if added - HUNDRED <= slack:
            continue
        bounds = []
        for _, _, sh in items:
            half = Decimal(1).scaleb(-decimals(sh.rate.value))  # one unit of the last digit: rounding
            part = sh.part.amount.wan() if sh.part.amount is not None else sh.part.value
            bounds.append(
                (part * HUNDRED / (sh.rate.value + half), part * HUNDRED / max(sh.rate.value - half, half))
            )
        if max(lo for lo, _ in bounds) <= min(hi for _, hi in bounds):
            continue  # one whole fits every share
        listed = "、".join(f"{_label(sh.part)}{show(sh.rate.value)}%" for _, _, sh in items)
        p, last, _ = items[-1]
        yield ctx.emit(
            "RAT012",
            f"《{p.report.title}》“{_quote(last.text)}”：占{label}的比重{listed}，合计{show(added)}%，"
            "超过100%，且各占比推算出的整体不一致。",
            _loc(package, p),
            stated=f"{show(added)}%",
            computed="≤100%",
        )


def _own_budget(label: str) -> bool:
    """ "占调整预算105.47%", "占年初预算的90%": each part's own budget (a completion), not one whole."""
    rest = label
    for name in BUDGET_KINDS:
        rest = rest.replace(name, "")
    return "预算" in rest and not any(w in rest for w in ("支出", "收入"))


def _whole_budget_for_part(c: Completion) -> bool:
    """ "“三公”经费…年初预算为22.00万元,支出决算为8.77万元,…其中:公务接待费支出决算为0.30万元,完成预算的
    3.75%": a 三公 component's rate paired with the budget of the 三公 whole (0.30 ÷ 8.00, not ÷ 22.00)."""
    assert c.budget is not None
    part = three_public_component(c.actual.label) if c.actual is not None else None
    whole = three_public_component(c.budget.label)
    return part not in (None, ThreePublicComponent.TOTAL) and whole == ThreePublicComponent.TOTAL


def _budget_from_table(package: EvaluationPackage, p: Passage, s: Sentence, c: Completion) -> Completion:
    """ "因公出国(境)费支出决算为0.00万元,完成预算的0%": a 三公 component's rate whose budget the sentence
    does not print is checked against the budget of the 三公 table the document prints (not one read
    from this report's own words)."""
    st = next((st for st in three_public_statements([s]) if st.actual is c.actual), None)
    if st is None:
        return c
    for t in package.three_public_tables:
        row = t.row(st.component)
        if (
            row is None
            or row.budget is None
            or (t.title and p.report.title and t.title.startswith(p.report.title))
        ):
            continue
        budget = Quantity(
            value=row.budget,
            unit="万元",
            raw=f"{show(row.budget)}万元",
            label=f"{t.title}{row.label}预算数",
            verb="",
            lead="",
            after="",
            year=None,
            at=c.rate.at,
            end=c.rate.at,
            offset=c.rate.offset,
        )
        return replace(c, budget=budget)
    return c


def _rounding_explains(ch: Change, rate: Decimal) -> bool:
    """A small base derived from rounded figures: 22.59 − 20.63 = 1.96 is 1.95…1.97 as printed (each
    ±0.005), so "增长1,055.4%" (20.63 ÷ 1.955) is not wrong though 20.63 ÷ 1.96 = 1052.6%."""
    if ch.now is None or ch.amount is None or ch.base is not None or ch.now.unit != ch.amount.unit:
        return False
    if min(ch.now.decimals(), ch.amount.decimals()) == 0:
        return False  # "12万元，比上年减少3万元": whole amounts are taken as exact (the seeds' RAT007)
    h = Decimal(5).scaleb(-min(ch.now.decimals(), ch.amount.decimals()) - 1)
    change = ch.amount.value
    last = ch.now.value - (change if ch.direction == "up" else -change)
    if last <= 2 * h:
        return False
    return (change - h) / (last + 2 * h) * HUNDRED <= rate <= (change + h) / (last - 2 * h) * HUNDRED


def _completion(
    package: EvaluationPackage,
    ctx: CheckContext,
    p: Passage,
    sentence: str,
    c: Completion,
    misplaced: dict[int, tuple[Passage, Quantity]],
) -> Iterator[Finding]:
    rate = c.rate.value
    budget, actual = _wan(c.budget, misplaced), _wan(c.actual, misplaced)
    left = _wan(c.remainder, misplaced)
    if budget is None and actual is not None and left is not None:
        budget = actual + left  # "支付18501.096万元，未支703万元，支付率95%"
    if budget is None:
        if c.marker.startswith("完成") and "预算" in c.marker and "追加" not in sentence:
            yield ctx.emit(
                "RAT009",
                f"《{p.report.title}》“{_quote(sentence)}”：给出“{c.marker}{show(rate)}%”，但未列预算数，无法核对。",
                _loc(package, p),
                stated=f"{show(rate)}%",
            )
        return
    if budget == 0:
        if rate != 0:
            yield ctx.emit(
                "RAT011",
                f"《{p.report.title}》“{_quote(sentence)}”：{_label(c.budget) if c.budget else '预算'}为0，“{c.marker}{show(rate)}%”无从计算。",
                _loc(package, p),
                stated=f"{show(rate)}%",
                computed="基数为0",
            )
        return
    if actual is None:
        return
    computed = actual / budget * HUNDRED
    if not rate_matches(rate, computed):
        yield ctx.emit(
            "RAT006",
            f"《{p.report.title}》“{_quote(sentence)}”：{show(actual)} ÷ {show(budget)} = {show(computed)}%，文中写{show(rate)}%。",
            _loc(package, p),
            stated=f"{show(rate)}%",
            computed=f"{show(computed)}%",
        )


_SIGN_WORDS = {"up": "增加", "down": "减少", "flat": "持平"}


def _change(
    package: EvaluationPackage,
    ctx: CheckContext,
    ps: list[Passage],
    p: Passage,
    sentence: str,
    ch: Change,
    misplaced: dict[int, tuple[Passage, Quantity]],
) -> Iterator[Finding]:
    words = set(ch.words)
    if (
        ch.rate is not None
        and ch.rate.value < 0
        and ch.rate.verb.removesuffix("为") in ("增幅", "涨幅", "增长")
    ):
        words.discard(ch.rate.verb.removesuffix("为"))  # "减少3万元，增幅-20%": a negative rise is a fall
    if any(w in words for w in UP_WORDS) and any(w in words for w in DOWN_WORDS):
        yield ctx.emit(
            "SGN001",
            f"《{p.report.title}》“{_quote(sentence, 70)}”：同一增减既说“{'、'.join(ch.words)}”。",
            _loc(package, p),
            stated="、".join(ch.words),
        )
        return
    now, base = _wan(ch.now, misplaced), _wan(ch.base, misplaced)
    amount = _wan(ch.amount, misplaced)
    sign = Decimal(1) if ch.direction == "up" else Decimal(-1)
    if now is not None and base is not None:
        diff = now - base
        wrong = (
            (ch.direction == "up" and diff < 0)
            or (ch.direction == "down" and diff > 0)
            or (ch.direction == "flat" and diff != 0)
        )
        if wrong:
            yield ctx.emit(
                "SGN001",
                f"《{p.report.title}》“{_quote(sentence, 70)}”：本年{show(now)}，上年{show(base)}，相差{show(diff)}，文中写“{_SIGN_WORDS[ch.direction]}”。",
                _loc(package, p),
                stated=_SIGN_WORDS[ch.direction],
                computed=show(diff),
            )
            return
        if amount is not None and ch.amount is not None:
            figures = [q for q in (ch.now, ch.base, ch.amount) if q is not None]
            yield from _rounding(
                ctx,
                package,
                ps,
                p,
                "SUM020",
                f"《{p.report.title}》“{_quote(sentence, 70)}”：本年{show(now)} − 上年{show(base)} = {show(abs(diff))}，文中写{show(amount)}。",
                amount,
                abs(diff),
                last_digit(figures),
            )
    if now is None or ch.rate is None or ch.direction == "flat":
        return
    if base is not None:
        last = base
        change = abs(now - base)
    elif amount is not None:
        last = now - sign * amount
        change = amount
    else:
        return
    if last == 0 and ch.rate.value != 0 and change != 0:  # "增加4.79万元，增长100%" from nothing
        yield ctx.emit(
            "RAT011",
            f"《{p.report.title}》“{_quote(sentence, 70)}”：本年{show(now)}，{_SIGN_WORDS[ch.direction]}{show(change)}，比较基数为0，“{show(ch.rate.value)}%”无从计算。",
            _loc(package, p),
            stated=f"{show(ch.rate.value)}%",
            computed="基数为0",
        )
        return
    if last <= 0:
        return
    computed = change / last * HUNDRED
    rate = abs(ch.rate.value)  # "增幅-20%" of a fall is its 20 % (the words are checked above)
    if base is not None and amount is not None and rate_matches(rate, amount / last * HUNDRED):
        return  # the rate is the printed amount's over the printed base: the amount is the slip (SUM020)
    if not rate_matches(rate, computed) and not _rounding_explains(ch, rate):
        word = _SIGN_WORDS[ch.direction]
        against = "预算数" if "预算" in ch.marker and "上" not in ch.marker else "上年"  # 较年初预算数
        yield ctx.emit(
            "RAT007",
            f"《{p.report.title}》“{_quote(sentence, 70)}”：本年{show(now)}，{word}{show(change)}，{against}应为{show(last)}，{show(change)} ÷ {show(last)} = {show(computed)}%，文中写{show(rate)}%。",
            _loc(package, p),
            stated=f"{show(rate)}%",
            computed=f"{show(computed)}%",
        )


def _share(
    package: EvaluationPackage,
    ctx: CheckContext,
    ps: list[Passage],
    p: Passage,
    sentence: str,
    sh: Share,
    misplaced: dict[int, tuple[Passage, Quantity]],
    report: list[Quantity],
) -> Iterator[Finding]:
    whole_q = sh.whole
    if whole_q is None and sh.whole_label:
        for scope in (p.quantities, report):
            whole_q = find_labelled(sh.whole_label, [q for q in scope if q is not sh.part])
            if whole_q is not None:
                break
    if whole_q is None or not ((whole_q.is_money and sh.part.is_money) or whole_q.unit == sh.part.unit):
        return
    part, whole = _wan(sh.part, misplaced), _wan(whole_q, misplaced)
    if part is None or whole is None or whole == 0:
        return
    computed = part / whole * HUNDRED
    rate = sh.rate.value
    if rate_matches(rate, computed):
        return
    unit = Decimal(1).scaleb(-decimals(rate))
    yield from _rounding(
        ctx,
        package,
        ps,
        p,
        "RAT008",
        f"《{p.report.title}》“{_quote(sentence)}”：{show(part)} ÷ {show(whole)} = {show(computed)}%，文中写{show(rate)}%。",
        rate,
        computed.quantize(unit, rounding=ROUND_HALF_UP),  # one unit off the rounded share is rounding
        unit,
        shown=(f"{show(rate)}%", f"{show(computed)}%"),
    )


@register("SUM015", "SUM016", "SUM017", "SUM019", "SUM021", "SUM022", "RND002", "RND003", "ADJ002")
def check_narrative_sums(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    ps = ctx.passages(package)
    misplaced = _misplaced(package, ctx, ps)
    for p in ps:
        for s in p.sentences:
            for t in s.of(Total):
                yield from _total(package, ctx, ps, p, s.text, t, misplaced)
            for cs in s.of(ChangeSplit):
                yield from _change_split(package, ctx, ps, p, s.text, cs, misplaced)
            yield from _adjustments(package, ctx, p, s.quantities)
        items = _project_list(p)
        if len(items) >= 2:
            executed = total([_wan(e, misplaced) for _, _, _, e in items])
            for q in ps:
                if q.report_index != p.report_index:
                    continue
                whole = next(
                    (x for x in q.quantities if x.is_money and x.label == "项目支出" and not is_change(x)),
                    None,
                )
                if whole is None:
                    continue
                stated = _wan(whole, misplaced)
                assert stated is not None
                if abs(stated - executed) > ctx.amount_tolerance:
                    yield ctx.emit(
                        "SUM017",
                        f"《{p.report.title}》所列{len(items)}个项目实际支出之和{show(executed)}万元，项目支出{show(stated)}万元。",
                        _loc(package, p),
                        stated=stated,
                        computed=executed,
                    )
                break


_SOME_PARTS = re.compile(r"主要|重点|部分|较大|大额|如")


def _listed_whole(sentence: str, t: Total) -> bool:
    """A 其中 list that reads as the whole's every part: three or more money parts, none said to be only
    some ("主要有", "重点", "部分") and no "等" after the last ("其中:A1435万元,…,G18万元。"), or numbered
    items of their own after the 其中."""
    if len(t.parts) < 3 or not t.whole.is_money or not all(q.is_money for q in t.parts):
        return False
    last, first = t.parts[-1], t.parts[0]
    if not all(q.raw in sentence for q in t.parts):
        return True  # items of their own after "其中:" (1、… 2、… 3、…): a list that is all of it
    if last.end <= first.at or not 0 <= first.at <= len(sentence):
        return False
    after = sentence[last.end : last.end + 3]
    before = sentence[max(0, first.at - 12) : first.at]
    return "等" not in after and _SOME_PARTS.search(before) is None


def _total(
    package: EvaluationPackage,
    ctx: CheckContext,
    ps: list[Passage],
    p: Passage,
    sentence: str,
    t: Total,
    misplaced: dict[int, tuple[Passage, Quantity]],
) -> Iterator[Finding]:
    whole = _wan(t.whole, misplaced)
    parts = [_wan(q, misplaced) for q in t.parts]
    if whole is None:
        return
    s = total(parts)
    unit = last_digit([t.whole, *t.parts])
    labels = "、".join(_label(q) for q in t.parts)
    if not t.exhaustive and s - whole > unit + Decimal("1e-9"):
        big = [q for q in t.parts if (_wan(q, misplaced) or 0) - whole > ctx.amount_tolerance]
        what = f"其中“{_label(big[0])}”{show(_wan(big[0], misplaced))}" if big else f"{labels}之和{show(s)}"
        yield ctx.emit(
            "SUM015",
            f"《{p.report.title}》“{_quote(sentence)}”：{what}万元大于总数{show(whole)}万元。",
            _loc(package, p),
            stated=whole,
            computed=f"≥{show(s)}",
        )
        return
    scale = whole / t.whole.value if t.whole.value else Decimal(1)  # the figures' unit → 万元
    if not t.exhaustive and whole - s > len(t.parts) * unit * scale and _listed_whole(sentence, t):
        yield ctx.emit(
            "SUM022",
            f"《{p.report.title}》“{_quote(sentence)}”：其中所列{len(t.parts)}项{labels}之和{show(s)}万元，"
            f"总数{show(whole)}万元，相差{show(whole - s)}万元（所列各项若非全部，请说明其余部分）。",
            _loc(package, p),
            stated=whole,
            computed=s,
        )
        return
    if not t.exhaustive or len(t.parts) < 2:
        return  # a 其中 may list only some parts: only more than the whole is wrong
    code = "SUM016" if {q.label for q in t.parts} == {"基本支出", "项目支出"} else "SUM019"
    yield from _rounding(
        ctx,
        package,
        ps,
        p,
        code,
        f"《{p.report.title}》“{_quote(sentence)}”：{labels} = {_printed(s, t.whole, misplaced)}，"
        f"总数{_printed(whole, t.whole, misplaced)}。",
        whole,
        s,
        unit,
    )


def _signed(ch: Change, misplaced: dict[int, tuple[Passage, Quantity]]) -> Decimal | None:
    value = _wan(ch.amount, misplaced) if ch.amount is not None else None
    if value is None:
        return None
    return -value if ch.direction == "down" else value


def _change_split(
    package: EvaluationPackage,
    ctx: CheckContext,
    ps: list[Passage],
    p: Passage,
    sentence: str,
    cs: ChangeSplit,
    misplaced: dict[int, tuple[Passage, Quantity]],
) -> Iterator[Finding]:
    """A whole's change against the signed changes of the parts that make it up (SUM021)."""
    if not cs.complete:
        return  # "主要变动原因如下": the main causes, not necessarily every part
    whole = _signed(cs.whole, misplaced)
    signed = [_signed(ch, misplaced) for ch in cs.parts]
    parts = [v for v in signed if v is not None]
    if whole is None or len(parts) < len(signed):
        return
    added = total(list(parts))
    amounts = [ch.amount for ch in (cs.whole, *cs.parts) if ch.amount is not None]
    listed = "、".join(
        f"{subject}{'减' if ch.direction == 'down' else '增'}{show(abs(v))}"
        for subject, ch, v in zip(cs.subjects[1:], cs.parts, parts, strict=True)
    )
    yield from _rounding(
        ctx,
        package,
        ps,
        p,
        "SUM021",
        f"《{p.report.title}》“{_quote(sentence)}”：{cs.subjects[0]}增减{show(whole)}万元，"
        f"其构成部分{listed}，合计{show(added)}万元。",
        whole,
        added,
        last_digit(amounts),
    )


def _adjustments(
    package: EvaluationPackage, ctx: CheckContext, p: Passage, qs: Iterable[Quantity]
) -> Iterator[Finding]:
    previous: Quantity | None = None
    for q in qs:
        if (
            previous is not None
            and q.is_money
            and q.verb == "追加"
            and previous.is_money
            and previous.label.endswith(("年初预算", "年初预算数"))
        ):
            initial, added = previous.value, q.value
            if initial > 0 and added / initial > ctx.adjustment_threshold:
                rate = added / initial * HUNDRED
                text = f"{previous.lead}{previous.raw.strip()}，{q.lead}{q.raw.strip()}"
                yield ctx.emit(
                    "ADJ002",
                    f"《{p.report.title}》“{text}”：追加额占年初预算{show(rate)}%（超过{show(ctx.adjustment_threshold * HUNDRED)}%）。",
                    _loc(package, p),
                    stated=text,
                    computed=f"{show(rate)}%",
                )
        previous = q


def _project_list(p: Passage) -> list[tuple[str, str, Quantity, Quantity]]:
    """ "年初预算项目“X”金额25万元，实际支出25万元": (kind, name, amount, executed)."""
    out: list[tuple[str, str, Quantity, Quantity]] = []
    for s in p.sentences:
        qs = list(s.quantities)
        for i, q in enumerate(qs[:-1]):
            kind = next((k for k in ("年初预算", "年中追加") if q.label.startswith(k + "项目“")), None)
            if kind is None or not q.label.endswith("金额") or "”" not in q.label:
                continue
            executed = qs[i + 1]
            if executed.is_money and executed.label == "实际支出":
                name = q.label[q.label.index("“") + 1 : q.label.index("”")]
                out.append((kind, name, q, executed))
    return out


@register("XRF001", "CTL004", "XRF008")
def check_narrative_staffing(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    u, bd = package.unit, package.base_data
    form_authorized = {v for v in (u.authorized_staff, bd.authorized_staff if bd else None) if v is not None}
    form_actual = {v for v in (u.actual_staff, bd.actual_staff if bd else None) if v is not None}
    checked: set[tuple[int, int]] = set(ctx.cache.get("staffing_checked", set()))
    for p in ctx.passages(package):
        staffing = [r for s in p.sentences for r in s.of(Staffing)]
        authorized = [(s.authorised, int(s.authorised.value)) for s in staffing if s.authorised is not None]
        actual = [(s.actual, int(s.actual.value)) for s in staffing if s.actual is not None]
        for q, value in authorized:
            said = f"{q.lead}{q.raw.strip()}"
            if form_authorized and value not in form_authorized:
                yield ctx.emit(
                    "XRF001",
                    f"《{p.report.title}》“{said}”：表中编制数为{'、'.join(str(v) for v in sorted(form_authorized))}。",
                    _loc(package, p),
                    stated=value,
                    computed="、".join(str(v) for v in sorted(form_authorized)),
                )
            actual_values = [a for _, a in actual] or sorted(form_actual)
            for a in actual_values[:1]:
                if (value, a) in checked or value == 0:
                    continue
                checked.add((value, a))
                rate = Decimal(a) / Decimal(value) * HUNDRED
                if rate > HUNDRED:
                    yield ctx.emit(
                        "CTL004",
                        f"《{p.report.title}》：按编制{value}人、实有{a}人计算，财政供养人员控制率{show(rate)}%。",
                        _loc(package, p),
                        stated=f"{a}/{value}",
                        computed=f"{show(rate)}%",
                    )
        for q, value in actual:
            if form_actual and value not in form_actual:
                yield ctx.emit(
                    "XRF001",
                    f"《{p.report.title}》“{q.lead}{q.raw.strip()}”：表中实有人数为{'、'.join(str(v) for v in sorted(form_actual))}。",
                    _loc(package, p),
                    stated=value,
                    computed="、".join(str(v) for v in sorted(form_actual)),
                )
        for s in p.sentences:
            for e in s.of(Enumeration):
                if "设" not in e.count.lead + e.count.after and "机构" not in e.count.after:
                    continue
                n = int(e.count.value)
                if len(e.items) != n:
                    yield ctx.emit(
                        "XRF008",
                        f"《{p.report.title}》“{_quote(s.text, 50)}”：写明{n}个，实际列出{len(e.items)}个（{'、'.join(e.items)}）。",
                        _loc(package, p),
                        stated=n,
                        computed=len(e.items),
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


_SUMMARY = "项目绩效自评综述"


def _project_summaries(p: Passage) -> list[tuple[str, list[Quantity]]]:
    """ "X项目绩效自评综述：…" paragraphs: (project name, the figures of the paragraph)."""
    out: list[tuple[str, list[Quantity]]] = []
    current: tuple[str, list[Quantity]] | None = None
    last_line = -1
    for s in p.sentences:
        k = s.text.find(_SUMMARY)
        if k > 0:
            name = re.split(r"[：:。；]", s.text[:k])[-1]
            current = (name, [])
            out.append(current)
        elif current is not None and s.line != last_line:
            current = None  # a new paragraph
        if current is not None:
            current[1].extend(s.quantities)
        last_line = s.line
    return out


@register("XRF003", "XRF004", "XRF005", "XRF006", "RAT010")
def check_narrative_cross_references(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    by_form = verdicts(package, ctx)
    for p in ctx.passages(package):
        summaries = _project_summaries(p)
        yield from _xrf_stated_score(package, ctx, p, summaries)
        yield from _xrf_project_summaries(package, ctx, p, summaries)
        yield from _xrf_project_list(package, ctx, p)
        yield from _xrf_indicators(package, ctx, p, by_form)
        yield from _xrf_three_public(package, ctx, p)


def _xrf_stated_score(
    package: EvaluationPackage, ctx: CheckContext, p: Passage, summaries: list[tuple[str, list[Quantity]]]
) -> Iterator[Finding]:
    kind = p.report.kind
    form: SelfEvaluation | None = None
    if kind == "self_evaluation_report":
        form = package.overall
    elif kind == "project_report":
        hit = _match_project(package, p.report.project) if p.report.project else None
        form = hit[1] if hit else (package.projects[0] if len(package.projects) == 1 else None)
    in_summary = {id(q) for _, qs in summaries for q in qs}
    if form is not None and form.stated_total_score is not None:
        # an indicator's own score, in the sentence that names it ("4.大规模随意抛弃病死猪事件,…,自评得分20分")
        names = [ind.name for ind in form.indicators if ind.name and len(ind.name) >= 4]
        for s, q in stated_scores(p.sentences):
            if id(q) in in_summary and kind != "project_report":
                continue
            if any(name in s.text for name in names):
                continue
            if q.value != form.stated_total_score:
                yield ctx.emit(
                    "XRF003",
                    f"《{p.report.title}》“{q.lead}{q.raw.strip()}”，自评表总分为{show(form.stated_total_score)}分。",
                    _loc(package, p),
                    stated=q.value,
                    computed=form.stated_total_score,
                )


def _xrf_project_summaries(
    package: EvaluationPackage, ctx: CheckContext, p: Passage, summaries: list[tuple[str, list[Quantity]]]
) -> Iterator[Finding]:
    for name, qs in summaries:
        hit = _match_project(package, name)
        if hit is None:
            continue
        _, proj = hit
        score = next((q for q in qs if q.unit == "分" and q.label.endswith("自评得分")), None)
        if (
            score is not None
            and proj.stated_total_score is not None
            and score.value != proj.stated_total_score
        ):
            yield ctx.emit(
                "XRF003",
                f"《{p.report.title}》“{name}”自评得分{show(score.value)}分，项目自评表总分{show(proj.stated_total_score)}分。",
                _loc(package, p),
                stated=score.value,
                computed=proj.stated_total_score,
            )
        top = proj.funds.row(FundsRowKind.TOTAL) if proj.funds else None
        if top is None:
            continue
        budget = next((q for q in qs if q.is_money and q.label.endswith("全年预算数")), None)
        executed = next((q for q in qs if q.is_money and q.label.endswith("执行数")), None)
        for label, said, tabled in (
            ("全年预算数", budget, top.annual_budget),
            ("执行数", executed, top.executed),
        ):
            stated = said.amount.wan() if said is not None and said.amount is not None else None
            if stated is not None and tabled is not None and abs(stated - tabled) > ctx.amount_tolerance:
                yield ctx.emit(
                    "XRF004",
                    f"《{p.report.title}》“{name}”{label}为{show(stated)}万元，项目自评表（{proj.name}）为{show(tabled)}万元。",
                    _loc(package, p),
                    stated=stated,
                    computed=tabled,
                )


def _xrf_project_list(package: EvaluationPackage, ctx: CheckContext, p: Passage) -> Iterator[Finding]:
    for item_kind, name, amount, executed in _project_list(p):
        hit = _match_project(package, name)
        if hit is None:
            continue
        _, proj = hit
        top = proj.funds.row(FundsRowKind.TOTAL) if proj.funds else None
        if top is None:
            continue
        budget_value = top.initial_budget if item_kind == "年初预算" else top.annual_budget
        for label, said, tabled in (("金额", amount, budget_value), ("实际支出", executed, top.executed)):
            stated = said.amount.wan() if said.amount is not None else said.value
            if tabled is not None and abs(stated - tabled) > ctx.amount_tolerance:
                yield ctx.emit(
                    "XRF004",
                    f"《{p.report.title}》项目“{name}”{label}{show(stated)}万元，项目自评表为{show(tabled)}万元。",
                    _loc(package, p),
                    stated=stated,
                    computed=tabled,
                )


def _xrf_indicators(
    package: EvaluationPackage, ctx: CheckContext, p: Passage, by_form: dict[str, list[IndicatorVerdict]]
) -> Iterator[Finding]:
    # indicator figures repeated in the text: the passage's naming figures in an indicator's unit,
    # gathered once (what named(…, money=False) would keep, before the label test)
    candidates = [
        (q, q.label.replace("“", "").replace("”", ""))
        for s in p.sentences
        for q in s.quantities
        if q.unit in _INDICATOR_UNITS and q.verb in _NAMING_VERBS and not is_change(q)
    ]
    if not candidates:
        return
    for fpath, _f, form_label in forms(package):
        for v in by_form.get(fpath, []):
            ind = v.indicator
            name = re.sub(r"\s+", "", ind.name)
            if len(name) < 5:
                continue
            target = v.actual
            value = target.normalized_value()
            if target.kind is not TargetKind.NUMERIC or target.parts or value is None:
                continue
            base_unit = target.base_unit()
            for q, label in candidates:
                if not label.endswith(name):
                    continue
                if q.unit == "%" and base_unit != "%":
                    continue
                in_text = q.value * 10000 if q.unit.startswith("万") else q.value
                if in_text != value:
                    yield ctx.emit(
                        "XRF005",
                        f"《{p.report.title}》“{q.lead}{q.raw.strip()}”，{form_label}“{ind.name}”实际完成值为“{ind.actual_raw}”。",
                        _loc(package, p),
                        stated=f"{q.lead}{q.raw.strip()}",
                        computed=ind.actual_raw,
                    )


def _read_from_text(t: ThreePublicTable, p: Passage) -> bool:
    """A 三公 table the importer built from this report's words ("<报告>/文中“三公”经费"), or from the
    document's running text when no report had been placed yet ("文中“三公”经费"): the text against itself
    (a document that tells two scopes, 全州 and 州本级, would read as disagreeing)."""
    title = t.title or ""
    return title.startswith("文中") or bool(p.report.title and title.startswith(p.report.title))


def _xrf_three_public(package: EvaluationPackage, ctx: CheckContext, p: Passage) -> Iterator[Finding]:
    # 三公 figures
    for st in three_public_statements(p.sentences):
        for t in package.three_public_tables:
            row = t.row(st.component)
            if row is None or _read_from_text(t, p):
                continue
            for label, said, tabled in (
                ("预算数", st.budget, row.budget),
                ("决算数", st.actual, row.actual),
            ):
                if said is None or tabled is None:
                    continue
                # as printed (a 元 slip is UNT001's), but 亿元 is a scale the text may use for 万元 tables
                big = said.amount is not None and said.amount.unit == "亿元"
                stated = said.amount.wan() if big and said.amount is not None else said.value
                if abs(stated - tabled) > ctx.amount_tolerance:
                    yield ctx.emit(
                        "XRF006",
                        f"《{p.report.title}》“{_quote(st.sentence.text)}”：{t.title}中{label}为{show(tabled)}万元。",
                        _loc(package, p),
                        stated=stated,
                        computed=tabled,
                    )
    for _s, q in three_public_control_rates(p.sentences):
        for t in package.three_public_tables:
            row = t.row(ThreePublicComponent.TOTAL)
            if row is None or row.budget in (None, Decimal(0)) or row.actual is None:
                continue
            assert row.budget is not None
            computed = row.actual / row.budget * HUNDRED
            if not rate_matches(q.value, computed):
                yield ctx.emit(
                    "RAT010",
                    f"《{p.report.title}》“{q.lead}{q.raw.strip()}”：{t.title}决算{show(row.actual)} ÷ 预算{show(row.budget)} = {show(computed)}%。",
                    _loc(package, p),
                    stated=f"{show(q.value)}%",
                    computed=f"{show(computed)}%",
                )
            break


_INDICATOR_UNITS = ("万人", "人次", "人", "户", "家", "个", "次", "件", "%")
_NAMING_VERBS = ("", "为", "是", "达", "达到")


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
        if report.kind == "document_text":
            continue  # text no report title announced: its numbers may be a contents list or an excerpt's
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


_YEAR_SUBJECTS = ("部门决算", "部门整体支出", "部门预算", "单位决算", "项目支出绩效", "整体支出绩效")


@register("YRS001", needs_year=True)
def check_years(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    for p in ctx.passages(package):
        for s in p.sentences:
            for y in s.years:
                subject = s.text[y.end : y.end + 8]
                if y.comparative or not subject.startswith(_YEAR_SUBJECTS) or y.year == package.year:
                    continue
                text = s.text[y.at : y.end] + next(w for w in _YEAR_SUBJECTS if subject.startswith(w))
                yield ctx.emit(
                    "YRS001",
                    f"《{p.report.title}》“{text}”：评价年度为{package.year}年。",
                    _loc(package, p),
                    stated=y.year,
                    computed=package.year,
                )


@register("GRD001")
def check_report_grade(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    """A report's stated grade against the band of its stated score ("综合得分85分，评价等级为“优”")."""
    for ri, report in enumerate(package.reports):
        score, grade = report.stated_total_score, _normal_grade(report.stated_grade)
        if score is None or grade is None:
            continue
        expected = _grade_of(score, ctx)
        if grade != expected:
            yield ctx.emit(
                "GRD001",
                f"《{report.title}》：文中总分{show(score)}分应为“{expected}”，文中写“{report.stated_grade}”。",
                locate(report, f"reports[{ri}].stated_grade", "stated_grade", "stated_total_score"),
                stated=report.stated_grade,
                computed=expected,
            )


# a change stated in words against a 三公 table's figures: the narrative codes, checked in budget.py
register("RAT007", "SUM020")(budget.check_three_public_changes_in_words)
