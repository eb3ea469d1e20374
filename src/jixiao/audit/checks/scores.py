"""Checks on scores: 得分 ≤ 分值, sums, weights, grades, scores against targets and rules.

Implements 财预〔2020〕10号 as summarised in RULES.md §1.2–§1.8: weights 预算执行率 10 / 产出 50 /
效益 30 / 满意度 10 (or the rule set's), Σ 得分 + 执行率得分 = 总分, R-Q1 (met → full points), R-Q2
(not met → proportional, capped), R-Q3 (overshoot beyond 30 % → target set too low, must be
explained), §1.6 grade bands, §1.7 deviation notes where points were lost or the target overshot.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from jixiao.layouts import FormSpecError, spec
from jixiao.model import EvaluationPackage, Funds, FundsRowKind, Level1, ScoringTable, SelfEvaluation

from ..findings import Finding
from ..indicators import verdicts
from ..numbers import HUNDRED, show, total
from ..registry import CheckContext, declare, locate, register
from .common import forms

declare(
    "SVR004",
    "score_vs_rule",
    "warning",
    "预算执行率得分与分值 × 执行率不符",
    "执行率得分 = 分值 × min(执行率, 100%)（RULES.md §1.5，常见的按比例计分；相差超过0.5分）",
    "分值10，执行率97.80%，应得9.78分，自评9分",
)
declare(
    "SCO001",
    "score_exceeds_max",
    "error",
    "指标得分超过分值",
    "得分 ≤ 分值（RULES.md §1.8）",
    "分值10，得分12",
)
declare(
    "SCO002",
    "score_exceeds_max",
    "error",
    "预算执行率得分超过分值",
    "执行率得分 ≤ 分值（10）",
    "分值10的栏目填得分100",
)
declare(
    "SCO003",
    "score_sum_mismatch",
    "error",
    "各指标得分与执行率得分之和不等于总分",
    "Σ 得分 + 执行率得分 = 总分（RULES.md §1.8）；分值、得分总分都不含执行率时只报 WGT003，表注把执行率计入分值的除外",
    "Σ得分86 + 执行率10 = 96",
)
declare(
    "SCO004",
    "score_sum_mismatch",
    "error",
    "报告所述各部分得分之和不等于总分",
    "Σ 部分得分 = 总分",
    "9.98 + 40 + 20 + 20 + 8 = 97.98",
)
declare("SCO005", "score_exceeds_max", "error", "评分表得分超过分值", "自评得分 ≤ 分值", "分值5，自评得分6")
declare(
    "SCO006",
    "score_sum_mismatch",
    "error",
    "评分表各项得分之和不等于总分",
    "Σ 自评得分 = 合计",
    "8+2+20+10+15+15+13+12 = 95",
)
declare(
    "WGT001",
    "weight_mismatch",
    "error",
    "一级指标下各指标分值之和与表头所列分值不符",
    "Σ 分值 = 表头“（N分）”",
    "效益指标（30分）下分值10 + 10 = 20",
)
declare(
    "WGT002",
    "weight_mismatch",
    "error",
    "一级指标分值之和与规则集权重不符",
    "产出50 / 效益30 / 满意度10（财预〔2020〕10号）；表上注明一级指标分值的（“注：一级指标分值统一设置为：产出指标50分…”）"
    "以该注为准，与表头（无表头时与分值之和）比对",
    "产出指标分值之和60，规定50；表头“产出指标(70分)”，表注为50分",
)
declare(
    "WGT003",
    "weight_mismatch",
    "error",
    "全部分值（含预算执行率）之和与总分分值不符",
    "Σ 分值 + 执行率分值10 = 总分100",
    "指标分值100 + 执行率10 = 110",
)
declare(
    "WGT004",
    "weight_mismatch",
    "error",
    "报告所述部分得分超过该部分权重",
    "部分得分 ≤ 该部分权重（产出含成本指标50）",
    "产出40 + 成本20 = 60 > 50",
)
declare(
    "WGT005",
    "weight_mismatch",
    "error",
    "评分表分值之和与一级、二级指标或合计分值不符",
    "Σ 三级分值 = 二级分值 = …；Σ = 合计",
    "投入（15分）下分值5 + 5 + 5 = 15",
)
declare(
    "GRD001",
    "grade_mismatch",
    "error",
    "评价等级与得分所在等级区间不符",
    "优 ≥90，良 80–90，中 60–80，差 <60（RULES.md §1.6）",
    "总分97，等级写“良”",
)
declare(
    "GRD002",
    "grade_mismatch",
    "warning",
    "表上印的等级区间说明与规定不符",
    "优 ≥90，良 80–90，中 60–80，差 <60（RULES.md §1.6）",
    "“60（含）---80 分为较差”，应为“中”",
)
declare(
    "SVT001",
    "score_vs_target",
    "warning",
    "指标已达到年度指标值却被扣分",
    "达到指标值得满分（R-Q1，RULES.md §1.3）",
    "满意度≥95% → 95%，得8分（分值10）",
)
declare(
    "SVT002",
    "score_vs_target",
    "error",
    "指标未达到年度指标值却得满分",
    "未达到指标值按比例得分（R-Q2，RULES.md §1.3）",
    "政府代缴人数1200人 → 1158人，得满分20",
)
declare(
    "SVT003",
    "score_vs_target",
    "warning",
    "满意度指标均已达到，报告却扣了满意度分",
    "达到指标值得满分（R-Q1）",
    "满意度≥90% → ≥90%，满意度得分8（权重10）",
)
declare(
    "SVR001",
    "score_vs_rule",
    "warning",
    "得分明显低于规则按比例计算的分数",
    "未达标按比例得分：分值 × 完成值 ÷ 指标值（R-Q2）",
    "≥98% → 94%，规则10 × 94 ÷ 98 = 9.59分，自评6分",
)
declare(
    "SVR002",
    "score_vs_rule",
    "error",
    "得分高于规则按比例计算的分数",
    "未达标按比例得分：分值 × 完成值 ÷ 指标值（R-Q2）",
    "900人/4000人 → 800人/1855人，规则13.53分，自评18分",
)
declare(
    "DEV001",
    "missing_deviation_note",
    "warning",
    "扣分但未填写偏差原因分析及改进措施",
    "得分 < 分值时须说明偏差原因（RULES.md §1.7）",
    "实际发放人数得6分（分值10），偏差原因空白",
)
declare(
    "DEV002",
    "missing_deviation_note",
    "warning",
    "大幅超额完成但未说明偏差原因",
    "完成值超过指标值30%以上须说明原因（R-Q3）",
    "认证人数≥11.19万人 → 16.49万人，偏差原因空白",
)
declare(
    "LOW001",
    "target_too_low",
    "warning",
    "年度指标值明显偏低（完成值超过指标值30%以上）",
    "完成值 ÷ 指标值 − 1 ≤ 30%（R-Q3，可配置）",
    "缴费人数>15万人 → 20.15万人，超出34.33%",
)


def _grade_of(score: Decimal, ctx: CheckContext) -> str:
    for lower, label in ctx.bands:
        if score >= lower:
            return label
    return ctx.bands[-1][1]


def _normal_grade(text: str | None) -> str | None:
    if not text:
        return None
    t = re.sub(r"\s+", "", text)
    for key, label in (
        ("优", "优"),
        ("良", "良"),
        ("较差", "差"),
        ("中", "中"),
        ("差", "差"),
        ("合格", "中"),
    ):
        if key in t:
            return label
    return None


def _own_weights(form: SelfEvaluation) -> bool:
    """Whether the form's layout prints its own level-1 weights (data/forms: ``weights: own``)."""
    if form.layout is None:
        return False
    try:
        return spec(form.layout).weights == "own"
    except FormSpecError:
        return False


_NOTE_WEIGHT = re.compile(r"(产出|效益|满意度)(?:指标)?\s*[:：为]?\s*(\d+(?:\.\d+)?)\s*分(?![值数])")
_NOTE_EXECUTION = re.compile(r"(?:预算)?(?:资金)?执行率(?:指标)?[:：为]?\d+(?:\.\d+)?分")
_NOTE_LEVELS = {"产出": Level1.OUTPUT, "效益": Level1.BENEFIT, "满意度": Level1.SATISFACTION}


def weights_in_note(note: str | None) -> dict[Level1, Decimal]:
    """The level-1 weights a form's printed note fixes ("一级指标分值统一设置为：产出指标50分、效益指标30分、
    满意度指标10分…"); empty unless the note speaks of 分值 and names at least two levels."""
    if not note or "分值" not in note:
        return {}
    found: dict[Level1, Decimal] = {}
    for m in _NOTE_WEIGHT.finditer(re.sub(r"\s+", "", note)):
        found.setdefault(_NOTE_LEVELS[m.group(1)], Decimal(m.group(2)))
    return found if len(found) >= 2 else {}


def _weight_level(level: Level1, ctx: CheckContext) -> Level1:
    if level == Level1.COST and Level1.COST not in ctx.weights:
        return Level1.OUTPUT
    return level


@register(
    "SCO001",
    "SCO002",
    "SCO003",
    "SCO004",
    "SVR004",
    "WGT001",
    "WGT002",
    "WGT003",
    "WGT004",
    "GRD001",
    "GRD002",
)
def check_form_scores(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    for path, form, label in forms(package):
        yield from _form_scores(path, form, label, ctx)


def _form_scores(path: str, form: SelfEvaluation, label: str, ctx: CheckContext) -> Iterator[Finding]:
    inds = form.indicators
    for i, ind in enumerate(inds):
        if ind.score is not None and ind.max_score is not None and ind.score > ind.max_score:
            yield ctx.emit(
                "SCO001",
                f"{label}“{ind.name}”：得分{show(ind.score)}超过分值{show(ind.max_score)}。",
                locate(ind, f"{path}.indicators[{i}].score", "score", "name"),
                stated=ind.score,
                computed=ind.max_score,
            )
    funds = form.funds
    exec_max = funds.max_score if funds is not None else None
    exec_score = funds.stated_score if funds is not None else None
    if exec_score is not None and exec_max is not None and exec_score > exec_max:
        yield ctx.emit(
            "SCO002",
            f"{label}预算执行率：分值{show(exec_max)}的栏目填写得分{show(exec_score)}。",
            locate(funds, f"{path}.funds.stated_score", "stated_score"),
            stated=exec_score,
            computed=exec_max,
        )
    elif exec_score is not None and exec_max is not None and funds is not None:
        yield from _execution_score(path, funds, label, ctx)
    maxes = [ind.max_score for ind in inds if ind.max_score is not None]
    scores = [ind.score for ind in inds if ind.score is not None]
    sum_max = total(list(maxes)) if maxes else None
    sum_score = total(list(scores)) if scores else None
    capped_exec = min(exec_score, exec_max) if exec_score is not None and exec_max is not None else exec_score
    # a form whose totals both leave the execution rate out keeps a scheme of its own: WGT003 says so once,
    # unless the form's own note counts 预算执行率 among the weights (then its 总分 得分 is short as well)
    consistent_exclusion = False
    # an excerpt that ends inside the form (no 总分 row read) cannot be summed as a whole
    # rows whose 分值 add to less than half the form's 总分 are a form read in part (a flattened text whose
    # cells the reader could not place), not a unit's slip: its sums are not held against the 总分
    partial = sum_max is not None and (sum_max + (exec_max or 0)) * 2 < (
        form.stated_total_max if form.stated_total_max is not None else HUNDRED
    )
    if sum_max is not None and not form.truncated and not partial:
        expected_max = sum_max + (exec_max or 0)
        target_max = form.stated_total_max if form.stated_total_max is not None else HUNDRED
        if expected_max != target_max:
            consistent_exclusion = (
                form.stated_total_max is not None
                and sum_max == form.stated_total_max
                and not _NOTE_EXECUTION.search(re.sub(r"\s+", "", form.grade_note or ""))
            )
            yield ctx.emit(
                "WGT003",
                f"{label}：指标分值之和{show(sum_max)}"
                + (f" + 预算执行率分值{show(exec_max)}" if exec_max is not None else "")
                + f" = {show(expected_max)}，总分分值为{show(target_max)}。",
                locate(form, f"{path}.stated_total_max", "stated_total_max", "stated_total_score"),
                stated=target_max,
                computed=expected_max,
            )
    if sum_score is not None and form.stated_total_score is not None and not form.truncated and not partial:
        expected = sum_score + (capped_exec or 0)
        if abs(expected - form.stated_total_score) > Decimal("0.01") and not (
            consistent_exclusion and abs(sum_score - form.stated_total_score) <= Decimal("0.01")
        ):
            yield ctx.emit(
                "SCO003",
                f"{label}：各指标得分之和{show(sum_score)}"
                + (f" + 预算执行率得分{show(capped_exec)}" if capped_exec is not None else "")
                + f" = {show(expected)}，总分写为{show(form.stated_total_score)}。",
                locate(form, f"{path}.stated_total_score", "stated_total_score"),
                stated=form.stated_total_score,
                computed=expected,
            )
    # level-1 groups against headings and the rule set
    if maxes and not form.truncated:
        groups: dict[Level1, Decimal] = {}
        first: dict[Level1, int] = {}
        for i, ind in enumerate(inds):
            lvl = _weight_level(ind.level1, ctx)
            groups[lvl] = groups.get(lvl, Decimal(0)) + (ind.max_score or 0)
            first.setdefault(lvl, i)
        headings = {
            st.level1: (k, st)
            for k, st in enumerate(form.subtotals)
            if st.level1 is not None and st.where == "表头" and st.max_score is not None
        }
        note_weights = weights_in_note(form.grade_note)
        own_scheme = _own_weights(form) or any(
            ctx.weights.get(_weight_level(lv, ctx)) not in (None, st.max_score)
            for lv, (_, st) in headings.items()
        )
        for lvl in list(ctx.weights) + [lv for lv in groups if lv not in ctx.weights]:
            got = groups.get(lvl, Decimal(0))
            anchor = first.get(lvl)
            where = (
                locate(inds[anchor], f"{path}.indicators[{anchor}].max_score", "name")
                if anchor is not None
                else locate(form, f"{path}.indicators", "stated_total_max")
            )
            name = {
                Level1.OUTPUT: "产出指标",
                Level1.BENEFIT: "效益指标",
                Level1.SATISFACTION: "满意度指标",
            }.get(lvl, lvl.value)
            heading = headings.get(lvl)
            if heading is not None and heading[1].max_score != got:
                k, st = heading
                hw = st.max_score
                assert hw is not None
                yield ctx.emit(
                    "WGT001",
                    f"{label}“{st.label}”：其下各指标分值之和为{show(got)}，表头为{show(hw)}分。",
                    where.model_copy(update={"path": f"{path}.subtotals[{k}].max_score"}),
                    stated=hw,
                    computed=got,
                )
                continue
            fixed = note_weights.get(lvl)
            printed = heading[1].max_score if heading is not None else (got if lvl in groups else None)
            if fixed is not None:
                if printed is not None and printed != fixed:
                    yield ctx.emit(
                        "WGT002",
                        f"{label}{name}分值为{show(printed)}分，表上注明一级指标分值为{name}{show(fixed)}分。",
                        where,
                        stated=printed,
                        computed=fixed,
                        rule="表上注明的一级指标分值",
                    )
                continue
            weight = ctx.weights.get(lvl)
            if weight is None or own_scheme or heading is not None:
                continue
            if got != weight and (lvl in groups):
                yield ctx.emit(
                    "WGT002",
                    f"{label}{name}分值之和为{show(got)}，{ctx.weights_source}规定为{show(weight)}分。",
                    where,
                    stated=got,
                    computed=weight,
                    rule=ctx.weights_source,
                )
    # part scores stated in the report
    parts = [(k, st) for k, st in enumerate(form.subtotals) if st.where != "表头" and st.score is not None]
    if parts and form.stated_total_score is not None:
        s = total([st.score for _, st in parts])
        if abs(s - form.stated_total_score) > Decimal("0.01"):
            yield ctx.emit(
                "SCO004",
                f"{label}：报告所述各部分得分之和{show(s)}，总分{show(form.stated_total_score)}。",
                locate(form, f"{path}.stated_total_score", "stated_total_score"),
                stated=form.stated_total_score,
                computed=s,
            )
    by_level: dict[Level1, list[tuple[int, Decimal]]] = {}
    for k, st in parts:
        if st.level1 is not None and st.score is not None:
            by_level.setdefault(_weight_level(st.level1, ctx), []).append((k, st.score))
    for lvl, items in by_level.items():
        weight = ctx.weights.get(lvl)
        s = total([v for _, v in items])
        if weight is not None and s > weight:
            k = items[0][0]
            names = " + ".join(f"{form.subtotals[j].label}{show(v)}" for j, v in items)
            yield ctx.emit(
                "WGT004",
                f"{label}：{names} = {show(s)}，超过该部分权重{show(weight)}分。",
                locate(form, f"{path}.subtotals[{k}].score", "stated_total_score"),
                stated=s,
                computed=weight,
            )
    # grade
    yield from _grade(ctx, label, path, form.stated_total_score, form.stated_grade, form)
    if form.grade_note:
        yield from _grade_note(ctx, label, f"{path}.grade_note", form.grade_note, form)


def _execution_score(path: str, funds: Funds, label: str, ctx: CheckContext) -> Iterator[Finding]:
    """The funds row's 得分 against 分值 × 执行率 (capped at 100 %), the common proportional practice
    (RULES.md §1.5, [P]): a warning, since a province may score execution in steps. The rate is the
    printed one (a printed rate that does not fit its figures is RAT001's), else 执行数 ÷ 全年预算数."""
    score, cap = funds.stated_score, funds.max_score
    assert score is not None and cap is not None
    rate = funds.stated_execution_rate
    printed = rate is not None
    if rate is None:
        row = funds.row(FundsRowKind.TOTAL)
        if row is None or row.executed is None or not row.annual_budget:
            return
        rate = row.executed / row.annual_budget * 100
    if rate <= 0:
        return
    expected = cap * min(rate, Decimal(100)) / 100
    if abs(score - expected) <= ctx.score_tolerance:
        return
    how = f"执行率{show(rate)}%" if printed else f"执行率（执行数 ÷ 全年预算数）{show(rate)}%"
    yield ctx.emit(
        "SVR004",
        f"{label}预算执行率得分{show(score)}，按分值{show(cap)} × {how}应为{show(expected)}分"
        f"（执行率超过100%按100%计），{'多' if score > expected else '少'}{show(abs(score - expected))}分。",
        locate(funds, f"{path}.funds.stated_score", "stated_score", "stated_execution_rate"),
        stated=score,
        computed=show(expected),
    )


def _grade(
    ctx: CheckContext, label: str, path: str, score: Decimal | None, grade: str | None, obj: object
) -> Iterator[Finding]:
    g = _normal_grade(grade)
    if score is None or g is None:
        return
    expected = _grade_of(score, ctx)
    if g != expected:
        yield ctx.emit(
            "GRD001",
            f"{label}：总分{show(score)}分应为“{expected}”，表上写“{grade}”。",
            locate(obj, f"{path}.stated_grade", "stated_grade", "stated_total_score"),
            stated=grade,
            computed=expected,
        )


_NOTE_SEGMENT = re.compile(r"(\d+)\s*（含）\s*[-—–－~～至]+\s*(\d+)\s*分?\s*为\s*([优良中较差差合格]+)")


def _grade_note(ctx: CheckContext, label: str, path: str, note: str, obj: object) -> Iterator[Finding]:
    for m in _NOTE_SEGMENT.finditer(note):
        lower = Decimal(m.group(1))
        printed = m.group(3)
        expected = _grade_of(lower, ctx)
        if printed != expected:
            yield ctx.emit(
                "GRD002",
                f"{label}备注：“{m.group(0)}”，按规定{show(lower)}分起应为“{expected}”。",
                locate(obj, path, "grade_note", "stated_grade"),
                stated=printed,
                computed=expected,
            )


@register("SCO005", "SCO006", "WGT005", "GRD001")
def check_scoring_tables(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    for attr, table in (
        ("scoring_table", package.scoring_table),
        ("work_assessment", package.work_assessment),
    ):
        if table is not None:
            yield from _scoring_table(attr, table, ctx)


def _scoring_table(attr: str, table: ScoringTable, ctx: CheckContext) -> Iterator[Finding]:
    label = table.title
    for i, r in enumerate(table.rows):
        if r.self_score is not None and r.max_score is not None and r.self_score > r.max_score:
            yield ctx.emit(
                "SCO005",
                f"{label}“{r.name}”：自评得分{show(r.self_score)}超过分值{show(r.max_score)}。",
                locate(r, f"{attr}.rows[{i}].self_score", "self_score", "name"),
                stated=r.self_score,
                computed=r.max_score,
            )
    scores = [r.self_score for r in table.rows if r.self_score is not None]
    if scores and table.stated_total_score is not None:
        s = total(list(scores))
        if abs(s - table.stated_total_score) > Decimal("0.01"):
            yield ctx.emit(
                "SCO006",
                f"{label}：各项得分之和{show(s)}，合计写为{show(table.stated_total_score)}。",
                locate(table, f"{attr}.stated_total_score", "stated_total_score"),
                stated=table.stated_total_score,
                computed=s,
            )
    maxes = [r.max_score for r in table.rows if r.max_score is not None]
    if maxes and table.stated_total_max is not None:
        s = total(list(maxes))
        if s != table.stated_total_max:
            yield ctx.emit(
                "WGT005",
                f"{label}：各项分值之和{show(s)}，合计分值{show(table.stated_total_max)}。",
                locate(table, f"{attr}.stated_total_max", "stated_total_max"),
                stated=table.stated_total_max,
                computed=s,
            )
    for key in ("level1", "level2"):
        groups: dict[str, tuple[int, Decimal, Decimal]] = {}
        for i, r in enumerate(table.rows):
            name = getattr(r, key)
            heading = getattr(r, f"{key}_max")
            if name is None or heading is None:
                continue
            _, acc, _ = groups.get(name, (i, Decimal(0), heading))
            groups[name] = (groups.get(name, (i,))[0], acc + (r.max_score or 0), heading)
        for name, (i, got, heading) in groups.items():
            if got != heading:
                r = table.rows[i]
                yield ctx.emit(
                    "WGT005",
                    f"{label}“{name}”（{show(heading)}分）下各项分值之和为{show(got)}。",
                    locate(r, f"{attr}.rows[{i}].{key}_max", f"{key}_max", "name"),
                    stated=heading,
                    computed=got,
                )
    yield from _grade(ctx, label, attr, table.stated_total_score, table.stated_grade, table)


@register("SVT001", "SVT002", "SVT003", "SVR001", "SVR002", "DEV001", "DEV002", "LOW001")
def check_indicator_scores(package: EvaluationPackage, ctx: CheckContext) -> Iterator[Finding]:
    """Each indicator's score against what the scoring engine gives it under the rule set.

    The verdicts (met, computed score, R-Q3 flag) are the engine's (:mod:`jixiao.audit.indicators`);
    this check only compares them with the unit's own score. Tolerances keep rounding out: a unit
    score above the rule's by more than ``ctx.score_tolerance`` (0.5) is SVR002, one below it by more
    than a point is SVR001 (004 2-1 补贴标准 17 against 17.54 is not worth a finding).
    """
    by_form = verdicts(package, ctx)
    for path, form, label in forms(package):
        satisfaction_met: list[bool] = []
        for i, v in enumerate(by_form.get(path, [])):
            ind = v.indicator
            ipath = f"{path}.indicators[{i}]"
            if ind.level1 == Level1.SATISFACTION:
                satisfaction_met.append(v.met is True)
            note = (ind.deviation_note or "").strip().strip("/／—-无").strip()
            has_scores = ind.score is not None and ind.max_score is not None
            flag = v.overachievement_flag
            if flag is not None:
                yield ctx.emit(
                    "LOW001",
                    f"{label}“{ind.name}”：年度指标值“{ind.target_raw}”，实际完成“{ind.actual_raw}”；{flag}。",
                    locate(ind, f"{ipath}.target_raw", "name", "target_raw"),
                    stated=ind.target_raw,
                    computed=flag,
                )
                if has_scores and not note:
                    yield ctx.emit(
                        "DEV002",
                        f"{label}“{ind.name}”：{flag}，偏差原因分析及改进措施为空。",
                        locate(ind, f"{ipath}.deviation_note", "name"),
                        stated="（空白）",
                        computed=flag,
                    )
            if not has_scores:
                continue
            score, max_score = ind.score, ind.max_score
            assert score is not None and max_score is not None
            if score < max_score and not note:
                yield ctx.emit(
                    "DEV001",
                    f"{label}“{ind.name}”：得{show(score)}分（分值{show(max_score)}），未填写偏差原因分析及改进措施。",
                    locate(ind, f"{ipath}.deviation_note", "name"),
                    stated="（空白）",
                    computed=f"扣{show(max_score - score)}分",
                )
            rule = v.computed
            if rule is None or v.row is None:
                continue
            why = v.row.explanation
            if rule >= max_score and score < max_score:
                yield ctx.emit(
                    "SVT001",
                    f"{label}“{ind.name}”：“{ind.target_raw}” → “{ind.actual_raw}”已达到指标值，却只得{show(score)}分（分值{show(max_score)}）。计分依据：{why}",
                    locate(ind, f"{ipath}.score", "name", "score"),
                    stated=score,
                    computed=max_score,
                )
            elif rule < max_score and score >= max_score:
                yield ctx.emit(
                    "SVT002",
                    f"{label}“{ind.name}”：“{ind.target_raw}” → “{ind.actual_raw}”未达到指标值，却得满分{show(score)}；按规则应得{show(rule)}分。计分依据：{why}",
                    locate(ind, f"{ipath}.score", "name", "score"),
                    stated=score,
                    computed=show(rule),
                )
            elif rule < max_score and score - rule > ctx.score_tolerance:
                yield ctx.emit(
                    "SVR002",
                    f"{label}“{ind.name}”：按规则应得{show(rule)}分，自评{show(score)}分。计分依据：{why}",
                    locate(ind, f"{ipath}.score", "name", "score"),
                    stated=score,
                    computed=show(rule),
                )
            elif rule < max_score and rule - score > 1:
                yield ctx.emit(
                    "SVR001",
                    f"{label}“{ind.name}”：按规则应得{show(rule)}分，自评{show(score)}分。计分依据：{why}",
                    locate(ind, f"{ipath}.score", "name", "score"),
                    stated=score,
                    computed=show(rule),
                )
        if satisfaction_met and all(satisfaction_met):
            weight = ctx.weights.get(Level1.SATISFACTION)
            for k, st in enumerate(form.subtotals):
                cap = st.max_score if st.max_score is not None else weight
                if (
                    st.level1 == Level1.SATISFACTION
                    and st.where != "表头"
                    and st.score is not None
                    and cap is not None
                    and st.score < cap
                ):
                    yield ctx.emit(
                        "SVT003",
                        f"{label}：满意度指标均已达到，“{st.label}”却为{show(st.score)}分（满分{show(cap)}）。",
                        locate(form, f"{path}.subtotals[{k}].score", "stated_total_score"),
                        stated=st.score,
                        computed=cap,
                    )
