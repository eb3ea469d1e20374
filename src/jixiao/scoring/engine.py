"""The scoring engine: (package, rule set) → score sheets, every row explained.

Self-evaluation forms (自评表) are scored under 财预〔2020〕10号 as the rule set configures it:
预算执行率 = 分值 × min(全年执行数/全年预算数, 100 %); a quantitative indicator that meets its
target earns its full points (R-Q1), one that misses earns points × completion ratio, direction-aware
and capped (R-Q2); over-achievement beyond the threshold is flagged or zeroed (R-Q3); a qualitative
indicator earns the share of its band (§1.4). 评分表-style tables (岳阳楼区 附件3-2, 湘西州 附件9)
are scored row by row with the primitives of :mod:`jixiao.scoring.primitives` and inputs from
:mod:`jixiao.rules.inputs`. A row that cannot be computed says why and keeps the unit's own score,
which the total then adopts (the sheet says so).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

from jixiao.model import (
    LEVEL1_LABELS,
    LEVEL2_LABELS,
    EvaluationPackage,
    FundsRowKind,
    Indicator,
    Level1,
    Scope,
    ScoringRow,
    ScoringTable,
    SelfEvaluation,
)
from jixiao.rules import RuleSet, get_rule_set, select_rule_sets
from jixiao.rules.inputs import (
    InputResult,
    InputValue,
    compute_input,
    fmt,
    input_label,
    input_unit,
    plain,
    staffing_rate,
)
from jixiao.rules.model import Composite, Manual, QualitativeBand, Row
from jixiao.targets import Comparator, Direction, Outcome, TargetKind, judge

from .primitives import apply, describe_rule
from .sheet import GroupSubtotal, InputShown, ScoreRow, ScoreSheet, round2, score_and_difference

ZERO = Decimal(0)
ONE = Decimal(1)

Facts = Mapping[str, InputValue]


class ScoreMemo:
    """The sheets of one check + score run, so each form is scored once (issue 11).

    :func:`jixiao.audit.check_package` scores every form for its indicator checks and
    :func:`score_package` would score them again; both take a memo (the check context carries
    one, ``CheckContext.scoring``) and share the sheet of a form scored under the same rule set.
    Keyed by the identity of the form and the package (the memo keeps them alive) and the rule
    set's id and content hash: a memo is for one run over an unchanged package — make a new one
    (a new context) after changing it. Shared sheets are read, never changed, by the checks.
    """

    def __init__(self) -> None:
        self._sheets: dict[tuple[int, int, str, str], tuple[object, ScoreSheet]] = {}
        self.scored = 0  # forms the engine scored through this memo (the rest were reused)

    def evaluation(
        self, evaluation: SelfEvaluation, rule_set: RuleSet, package: EvaluationPackage | None
    ) -> ScoreSheet:
        """The sheet of ``evaluation`` under ``rule_set``, scored the first time it is asked for."""
        key = (id(evaluation), id(package), rule_set.id, rule_set.content_hash)
        hit = self._sheets.get(key)
        if hit is not None:
            return hit[1]
        sheet = _score_evaluation(evaluation, rule_set, package)
        self.scored += 1
        self._sheets[key] = ((evaluation, package), sheet)
        return sheet


# ---------------------------------------------------------------- public API


def score_package(
    package: EvaluationPackage,
    rule_set: RuleSet | str | None = None,
    *,
    facts: Facts | None = None,
    memo: ScoreMemo | None = None,
) -> list[ScoreSheet]:
    """Score every form and table of a package the rule sets apply to (one sheet each).

    ``rule_set`` (a rule set or its id) forces one rule set; by default the rule sets come from
    :func:`jixiao.rules.select_rule_sets`. ``facts`` supplies inputs no package holds (checklist
    answers ``failed_items:<row>``, ``days_late`` …), keyed by input name. ``memo`` (the check
    context's ``scoring`` after :func:`jixiao.audit.check_package`) reuses the sheets of forms the
    checks already scored under the same rule set; those sheets are shared with the checks.
    """
    if facts is None:
        facts = package.scoring_facts
    if isinstance(rule_set, str):
        rule_set = get_rule_set(rule_set)
    rule_sets = [rule_set] if rule_set is not None else select_rule_sets(package)
    forced = rule_set is not None
    sheets: list[ScoreSheet] = []
    for rs in rule_sets:
        if rs.form == "self_evaluation":
            evaluations = [e for e in package.evaluations() if e.scope.value == rs.scope]
            if forced and not evaluations:
                evaluations = package.evaluations()
            sheets += [score_evaluation(e, rs, package=package, memo=memo) for e in evaluations]
        elif rs.form == "scoring_table" and package.scoring_table is not None:
            sheets.append(score_table(package, rs, package.scoring_table, facts=facts))
        elif rs.form == "work_assessment" and package.work_assessment is not None:
            sheets.append(score_table(package, rs, package.work_assessment, facts=facts))
    return sheets


def score_evaluation(
    evaluation: SelfEvaluation,
    rule_set: RuleSet,
    *,
    package: EvaluationPackage | None = None,
    memo: ScoreMemo | None = None,
) -> ScoreSheet:
    """Score one 绩效自评表 (overall or project) under a self-evaluation rule set.

    With ``memo``, a form already scored under the same rule set gets the same sheet back."""
    if memo is not None and rule_set.form == "self_evaluation":
        return memo.evaluation(evaluation, rule_set, package)
    return _score_evaluation(evaluation, rule_set, package)


def _score_evaluation(
    evaluation: SelfEvaluation, rule_set: RuleSet, package: EvaluationPackage | None
) -> ScoreSheet:
    if rule_set.form != "self_evaluation":
        from jixiao.rules import RuleSetError

        raise RuleSetError(f"规则集“{rule_set.id}”是评分表规则，不能用于自评表")
    if evaluation.scope == Scope.OVERALL:
        subject = evaluation.title or "部门整体支出绩效自评表"
    else:
        subject = f"项目支出绩效自评表：{evaluation.name or '（未命名项目）'}"
    sheet = _new_sheet(rule_set, subject, package)
    if evaluation.scope.value != rule_set.scope:
        sheet.notes.append(f"规则集适用于{rule_set.scope}，此表为{evaluation.scope.value}")
    sheet.execution = _execution_row(evaluation, rule_set)
    for i, indicator in enumerate(evaluation.indicators):
        sheet.rows.append(_indicator_row(i, indicator, rule_set))
    _form_groups(sheet, evaluation, rule_set)
    _finish(sheet, rule_set, evaluation.stated_total_score, evaluation.stated_grade)
    return sheet


def score_table(
    package: EvaluationPackage, rule_set: RuleSet, table: ScoringTable, *, facts: Facts | None = None
) -> ScoreSheet:
    """Score a 评分表 / 考核评分表 row by row under its rule set."""
    sheet = _new_sheet(rule_set, table.title, package)
    matched: set[int] = set()
    for rule_row in rule_set.rows:
        printed = _match_printed(rule_row, table.rows, matched)
        sheet.rows.append(_table_row(rule_row, printed, package, dict(facts or {})))
        if printed is None:
            sheet.notes.append(f"评分表中没有找到“{rule_row.name}”一行")
    for i, printed_row in enumerate(table.rows):
        if i not in matched and (printed_row.max_score is not None or printed_row.self_score is not None):
            sheet.notes.append(f"评分表中的“{printed_row.name}”不在规则集中，未计入")
    _table_groups(sheet, rule_set)
    _finish(sheet, rule_set, table.stated_total_score, table.stated_grade)
    return sheet


# ---------------------------------------------------------------- common


def _new_sheet(rule_set: RuleSet, subject: str, package: EvaluationPackage | None) -> ScoreSheet:
    src = rule_set.source
    source = f"{src.issuer}《{src.title.strip('《》')}》" + (
        f"（{src.document_number}）" if src.document_number else ""
    )
    if src.article:
        source += f" {src.article}"
    return ScoreSheet(
        rule_set_id=rule_set.id,
        rule_set_version=rule_set.version,
        rule_set_hash=rule_set.content_hash,
        rule_set_title=rule_set.title,
        source=source,
        form=rule_set.form,
        scope=rule_set.scope,
        subject=subject,
        unit_name=package.unit.name if package is not None else None,
        year=package.year if package is not None else None,
    )


def _finish(
    sheet: ScoreSheet, rule_set: RuleSet, stated_total: Decimal | None, stated_grade: str | None
) -> None:
    total = ZERO
    unknown: list[str] = []
    for row in sheet.all_rows():
        counted = row.counted()
        if row.exact_score is None:
            sheet.complete = False
            if counted is None:
                unknown.append(row.name)
            else:
                sheet.adopted.append(row.name)
                if row.unit_score is not None and counted < row.unit_score:
                    sheet.notes.append(
                        f"“{row.name}”单位自评{plain(row.unit_score)}分，超过分值{plain(counted)}分，"
                        f"按{plain(counted)}分计入总分"
                    )
        total += counted if counted is not None else ZERO
    sheet.stated_total = stated_total
    sheet.stated_grade = stated_grade
    if unknown:
        sheet.notes.append(
            f"无法得出总分：{len(unknown)}行既无法计算也没有单位自评分（{'、'.join(unknown)}）"
        )
        return
    sheet.total = round2(total)
    maxima = [g.max_score for g in sheet.groups if g.max_score is not None]
    sheet.total_max = sum(maxima, ZERO) if maxima else rule_set.total
    band = rule_set.grade_for(sheet.total)
    sheet.grade = band.label if band is not None else None
    if stated_total is not None:
        sheet.total_difference = round2(stated_total - total)


def _group_row(key: str, label: str, rule_points: Decimal | None, rows: list[ScoreRow]) -> GroupSubtotal:
    maxes = [r.max_score for r in rows if r.max_score is not None]
    counted = [r.counted() for r in rows]
    units = [r.unit_score for r in rows if r.unit_score is not None]
    return GroupSubtotal(
        key=key,
        label=label,
        rule_points=rule_points,
        max_score=sum(maxes, ZERO) if maxes else None,
        score=round2(sum((c for c in counted if c is not None), ZERO)) if rows else None,
        unit_score=sum(units, ZERO) if units else None,
    )


# ---------------------------------------------------------------- self-evaluation forms


def _execution_row(evaluation: SelfEvaluation, rule_set: RuleSet) -> ScoreRow | None:
    execution = rule_set.execution
    if execution is None:
        return None
    funds = evaluation.funds
    row = ScoreRow(
        key="execution",
        level1="预算执行率",
        name="预算执行率",
        primitive=execution.formula,
        rule=f"{plain(execution.weight)}分×执行率"
        + ("（不超过100%）" if execution.formula == "proportional_capped" else ""),
        max_score=funds.max_score if funds is not None and funds.max_score is not None else execution.weight,
        unit_score=funds.stated_score if funds is not None else None,
    )
    total = funds.row(FundsRowKind.TOTAL) if funds is not None else None
    budget_name = "全年预算数" if execution.basis == "annual_budget" else "年初预算数"
    budget = (
        None
        if total is None
        else (total.annual_budget if execution.basis == "annual_budget" else total.initial_budget)
    )
    executed = None if total is None else total.executed
    if budget is None or executed is None:
        lacking = budget_name if budget is None else "全年执行数"
        row.status = "missing"
        row.explanation = f"预算执行率：无法计算：缺少{lacking}" + _unit_part(row)
        row.set_score(None)
        return row
    if budget == 0:
        row.status = "missing"
        row.explanation = f"预算执行率：无法计算：{budget_name}为0" + _unit_part(row)
        row.set_score(None)
        return row
    rate = executed / budget
    used = min(rate, ONE) if execution.formula == "proportional_capped" else rate
    exact = execution.weight * used
    row.inputs = [
        InputShown(name="executed", label="全年执行数", value=f"{plain(executed)}万元"),
        InputShown(name=execution.basis, label=budget_name, value=f"{plain(budget)}万元"),
    ]
    row.set_score(exact)
    capped = "（超过100%按100%计）" if used != rate else ""
    row.explanation = (
        f"预算执行率：{plain(executed)}/{plain(budget)}={fmt(rate * 100)}%{capped}，"
        f"计{plain(execution.weight)}×{fmt(used * 100)}%={fmt(exact)}分" + _unit_part(row)
    )
    if funds is not None and funds.max_score is not None and funds.max_score != execution.weight:
        row.flags.append(f"表中执行率分值为{plain(funds.max_score)}分，规则集为{plain(execution.weight)}分")
    return row


def _unit_part(row: ScoreRow) -> str:
    return _unit_words(row.unit_score, row.difference)


def _unit_words(unit_score: Decimal | None, difference: Decimal | None) -> str:
    """What the unit self-scored, and how far from the computed score (the tail of an explanation)."""
    if unit_score is None:
        return "；单位未填自评得分"
    text = f"；单位自评{plain(unit_score)}分"
    if difference is not None:
        text += f"，相差{'+' if difference > 0 else ''}{plain(difference)}分"
    return text


def _scored(fields: dict[str, object], exact: Decimal | None, explanation: str) -> ScoreRow:
    """A row built in one go with its score set as :meth:`ScoreRow.set_score` sets it and the
    explanation followed by :func:`_unit_part`: one validation instead of one per field assigned
    (issue 11: a row was built and then changed field by field). ``fields`` must hold ``unit_score``."""
    unit_score = fields["unit_score"]
    assert unit_score is None or isinstance(unit_score, Decimal)
    score, difference = score_and_difference(exact, unit_score)
    row = ScoreRow(
        **fields,
        score=score,
        difference=difference,
        explanation=explanation + _unit_words(unit_score, difference),
    )
    row._exact = exact  # as set_score records it
    return row


def _indicator_row(index: int, indicator: Indicator, rule_set: RuleSet) -> ScoreRow:
    scoring = rule_set.indicator_scoring
    assert scoring is not None
    fields: dict[str, object] = {
        "key": f"indicator_{index + 1}",
        "level1": LEVEL1_LABELS.get(indicator.level1, indicator.level1_raw or ""),
        "level2": LEVEL2_LABELS.get(indicator.level2, indicator.level2_raw or ""),
        "name": indicator.name,
        "primitive": "proportional_capped",
        "rule": _INDICATOR_RULE,
        "max_score": indicator.max_score,
        "unit_score": indicator.score,
    }
    head = f"{indicator.name}：目标{indicator.target_raw or '（空）'}，完成{indicator.actual_raw or '（空）'}"

    def give_up(reason: str) -> ScoreRow:
        fields["status"] = "missing"
        return _scored(fields, None, f"{head}；无法计算：{reason}")

    if indicator.max_score is None:
        return give_up("缺少分值")
    if not indicator.target_raw:
        return give_up("缺少年度指标值")
    if not indicator.actual_raw:
        return give_up("缺少实际完成值")
    # the parses and the comparison are cached on the cells' text (jixiao.targets.judge)
    target, actual, assessment, reversed_ = judge(
        indicator.target_raw,
        indicator.actual_raw,
        indicator.name,
        reverse_unmarked=indicator.level2 in scoring.quantitative.lower_better_level2,
    )
    reversed_note = (
        f"（{LEVEL2_LABELS[indicator.level2]}未写比较符，按逆向指标“越低越好”处理）" if reversed_ else ""
    )
    fields["outcome"] = assessment.outcome.value
    fields["overachievement"] = assessment.overachievement
    fields["inputs"] = [
        InputShown(name="target", label="年度指标值", value=indicator.target_raw, how=target.kind.value),
        InputShown(name="actual", label="实际完成值", value=indicator.actual_raw, how=actual.kind.value),
    ]
    max_score = indicator.max_score

    if target.kind == TargetKind.UNKNOWN:
        return give_up(target.note or assessment.explanation or "年度指标值无法识别")
    if assessment.outcome == Outcome.UNKNOWN:
        return give_up(assessment.explanation or "无法判断是否达成")

    if target.kind == TargetKind.QUALITATIVE:
        outcome_key = {
            Outcome.MET: "achieved",
            Outcome.PARTLY_MET: "partly",
            Outcome.MISSED: "not_achieved",
        }[assessment.outcome]
        band = _qualitative_band(scoring.qualitative, outcome_key)
        fields["primitive"] = "qualitative_bands"
        fields["rule"] = "定性指标：达成档100%–80%，部分达成档80%–60%，未达成档60%–0%（档内取值见规则集）"
        if band is None:
            return give_up(f"规则集没有“{outcome_key}”档的定性计分")
        exact = max_score * band.award
        label = {"achieved": "达成", "partly": "部分达成", "not_achieved": "未达成"}[outcome_key]
        return _scored(
            fields,
            exact,
            f"{head}，{label}（定性），按{label}档计{plain(max_score)}×{fmt(band.award * 100)}%={fmt(exact)}分",
        )

    if assessment.outcome == Outcome.MET:
        exact = max_score
        words = f"{head}，已达成，得满分{plain(max_score)}分"
        over = assessment.overachievement
        threshold = scoring.overachievement.threshold if scoring.overachievement else None
        if over is not None and threshold is not None and over > threshold:
            text = (
                f"超出目标{fmt(over * 100)}%，超过{fmt(threshold * 100)}%，目标可能偏低（R-Q3），应说明原因"
            )
            fields["flags"] = [text]
            fields["overachieved"] = True
            if scoring.overachievement is not None and scoring.overachievement.action == "zero":
                exact = ZERO
                words = f"{head}，{text}，按规则计0分"
        return _scored(fields, exact, words + reversed_note)

    # partly met or missed: proportional (R-Q2)
    if target.comparator == Comparator.EQ and scoring.quantitative.exact_miss == "zero":
        return _scored(fields, ZERO, f"{head}，未等于目标值，按规则计0分")
    ratio = assessment.completion_ratio
    if ratio is None:
        return give_up(f"未达成，但无法计算完成率（{assessment.explanation}）")
    used = min(ratio, ONE)
    exact = max_score * used
    formula = _formula(max_score, target, actual, used)
    return _scored(
        fields,
        exact,
        f"{indicator.name}：目标{_shown(target)}，完成{_shown(actual)}，完成率{fmt(used * 100)}%，"
        f"按比例计{formula}={fmt(exact)}分" + reversed_note,
    )


_INDICATOR_RULE = "达成目标得满分；未达成按完成率（正向：完成值/目标值，逆向：目标值/完成值）计分，不超过分值"


def _shown(target: object) -> str:
    raw = getattr(target, "raw", "")
    return str(raw).strip()


def _formula(max_score: Decimal, target: object, actual: object, ratio: Decimal) -> str:
    """``10×94/98`` when both values are numbers in the same unit, else ``10×95.92%``."""
    tv = getattr(target, "value", None)
    av = getattr(actual, "value", None)
    same_unit = getattr(target, "unit", None) == getattr(actual, "unit", None)
    if (
        isinstance(tv, Decimal)
        and isinstance(av, Decimal)
        and same_unit
        and getattr(target, "kind", None) == TargetKind.NUMERIC
        and tv != 0
        and av != 0
    ):
        if getattr(target, "direction", None) == Direction.LOWER_BETTER:
            return f"{plain(max_score)}×{plain(tv)}/{plain(av)}"
        return f"{plain(max_score)}×{plain(av)}/{plain(tv)}"
    return f"{plain(max_score)}×{fmt(ratio * 100)}%"


def _qualitative_band(bands: list[QualitativeBand], outcome: str) -> QualitativeBand | None:
    for b in bands:
        if b.outcome == outcome:
            return b
    return None


def _form_groups(sheet: ScoreSheet, evaluation: SelfEvaluation, rule_set: RuleSet) -> None:
    indicator_rows = list(zip(evaluation.indicators, sheet.rows, strict=True))
    placed: set[int] = set()
    for w in rule_set.weights:
        if w.key == "execution":
            rows = [sheet.execution] if sheet.execution is not None else []
        else:
            levels = frozenset(w.level1)  # a set: the list's enum comparisons were a hot spot (issue 11)
            picked = [
                i for i, (ind, _) in enumerate(indicator_rows) if ind.level1 in levels and i not in placed
            ]
            placed.update(picked)
            rows = [indicator_rows[i][1] for i in picked]
        group = _group_row(w.key, w.label, w.points, rows)
        sheet.groups.append(group)
        if w.key != "execution" and group.max_score is not None and group.max_score != w.points:
            sheet.notes.append(
                f"{w.label}各指标分值合计{plain(group.max_score)}分，规则集为{plain(w.points)}分"
            )
        elif w.key != "execution" and group.max_score is None:
            sheet.notes.append(f"表中没有{w.label}（规则集为{plain(w.points)}分）")
    rest = [r for i, (_, r) in enumerate(indicator_rows) if i not in placed]
    if rest:
        sheet.groups.append(_group_row("other", LEVEL1_LABELS[Level1.OTHER], None, rest))
        sheet.notes.append(f"{len(rest)}个指标不属于规则集的任何一级指标")
    max_total = sum((g.max_score or ZERO for g in sheet.groups), ZERO)
    if max_total != rule_set.total:
        sheet.notes.append(f"各项分值合计{plain(max_total)}分，不等于总分{plain(rule_set.total)}分")


# ---------------------------------------------------------------- 评分表


_SPACE = re.compile(r"[\s\u3000“”\"'‘’《》（）()]")


def _norm(text: str | None) -> str:
    return _SPACE.sub("", text or "")


def _match_printed(rule_row: Row, printed: list[ScoringRow], used: set[int]) -> ScoringRow | None:
    names = {_norm(rule_row.name), *(_norm(a) for a in rule_row.aliases)}
    by_key = [i for i, p in enumerate(printed) if p.rule_key == rule_row.key and i not in used]
    candidates = by_key or [i for i, p in enumerate(printed) if _norm(p.name) in names and i not in used]
    if not candidates:
        return None
    if len(candidates) > 1 and rule_row.level2:
        same_level2 = [i for i in candidates if _norm(printed[i].level2).startswith(_norm(rule_row.level2))]
        candidates = same_level2 or candidates
    # rows printed as merged cells (经济效益 15 / 社会效益 blank / 生态效益 blank): take every alias row
    chosen = candidates[0]
    for i in candidates:
        if i not in by_key and _norm(printed[i].name) in names and printed[i].max_score is None:
            used.add(i)
    used.add(chosen)
    return printed[chosen]


def _table_row(
    rule_row: Row, printed: ScoringRow | None, package: EvaluationPackage, facts: dict[str, InputValue]
) -> ScoreRow:
    scoring = rule_row.scoring
    row = ScoreRow(
        key=rule_row.key,
        level1=rule_row.level1,
        level2=rule_row.level2,
        name=rule_row.name,
        primitive=scoring.type,
        rule=_rule_words(rule_row),
        max_score=rule_row.max_score,
        unit_score=printed.self_score if printed is not None else None,
    )
    if printed is not None and printed.max_score is not None and printed.max_score != rule_row.max_score:
        row.flags.append(f"表中分值为{plain(printed.max_score)}分，规则集为{plain(rule_row.max_score)}分")

    if isinstance(scoring, Manual):
        row.status = "manual"
        row.set_score(None)
        row.explanation = f"{rule_row.name}：无法自动计算（{scoring.reason}）" + _unit_part(row)
        return row

    if isinstance(scoring, Composite):
        total = ZERO
        words: list[str] = []
        lacking: list[str] = []
        for part in scoring.parts:
            result = _input(part.input, package, facts, row)
            if result.value is None:
                lacking.append(f"{part.text}：缺少{input_label(part.input or '')}（{result.missing}）")
                continue
            outcome = apply(part.scoring, part.max_score, result.value, input_unit(part.input or ""))
            if outcome.score is None:
                lacking.append(f"{part.text}：{outcome.words}")
                continue
            total += outcome.score
            words.append(f"{part.text}：{outcome.words}")
        if lacking:
            row.status = "missing"
            row.set_score(None)
            row.explanation = f"{rule_row.name}：无法计算：" + "；".join(lacking) + _unit_part(row)
            return row
        row.set_score(total)
        row.explanation = f"{rule_row.name}：" + "；".join(words) + f"；合计{fmt(total)}分" + _unit_part(row)
        return row

    result = _input(rule_row.input, package, facts, row)
    if result.value is None:
        row.status = "missing"
        row.set_score(None)
        row.explanation = f"{rule_row.name}：无法计算：{result.missing}" + _unit_part(row)
        return row
    outcome = apply(scoring, rule_row.max_score, result.value, input_unit(rule_row.input or ""))
    if outcome.score is None:
        row.status = "missing"
        row.set_score(None)
        row.explanation = f"{rule_row.name}：无法计算：{outcome.words}" + _unit_part(row)
        return row
    row.set_score(outcome.score)
    how = f"{result.how}，" if result.how else ""
    row.explanation = f"{rule_row.name}：{how}{outcome.words}" + _unit_part(row)
    if rule_row.input == "staffing_control_rate":
        _staffing_alternatives(row, rule_row, result, package)
    return row


def _rule_words(rule_row: Row) -> str:
    scoring = rule_row.scoring
    if isinstance(scoring, Composite):
        return "；".join(
            f"{p.text}（{describe_rule(p.scoring, input_unit(p.input or ''))}）" for p in scoring.parts
        )
    return describe_rule(scoring, input_unit(rule_row.input or ""))


def _input(
    name: str | None, package: EvaluationPackage, facts: dict[str, InputValue], row: ScoreRow
) -> InputResult:
    if name is None:
        return InputResult(None, missing="规则未写明输入量")
    result = compute_input(name, package, facts)
    unit = input_unit(name)
    value: str | None
    if isinstance(result.value, Decimal):
        value = f"{fmt(result.value)}{unit}"
    elif isinstance(result.value, list):
        value = "、".join(result.value) or "（无）"
    else:
        value = result.value
    row.inputs.append(
        InputShown(name=name, label=input_label(name), value=value, how=result.how, missing=result.missing)
    )
    return result


_AUTHORIZED_RE = re.compile(r"编制(?:人数|数)?\s*(?:为|共|是)?\s*(\d+)\s*(?:人|名)")
_ACTUAL_RE = re.compile(r"实有(?:在职)?(?:人数|人员)?\s*(?:为|共)?\s*(\d+)\s*(?:人|名)")


def _staffing_alternatives(
    row: ScoreRow, rule_row: Row, result: InputResult, package: EvaluationPackage
) -> None:
    """Figures for 编制 / 实有人数 stated in the report text that differ from the form's: show their score."""
    authorized = result.figures.get("authorized_staff")
    actual = result.figures.get("actual_staff")
    if authorized is None or actual is None:
        return
    for report in package.reports:
        text = "\n".join([report.title, *(f"{s.heading}\n{s.text}" for s in report.all_sections())])
        for pattern, what in ((_AUTHORIZED_RE, "编制"), (_ACTUAL_RE, "实有人数")):
            for figure in sorted({int(m.group(1)) for m in pattern.finditer(text)}):
                a = int(authorized) if what == "实有人数" else figure
                b = figure if what == "实有人数" else int(actual)
                if Decimal(figure) == (actual if what == "实有人数" else authorized) or a == 0:
                    continue
                rate = staffing_rate(a, b)
                outcome = apply(rule_row.scoring, rule_row.max_score, rate)
                if outcome.score is None:
                    continue
                row.disputed = True
                row.alternatives.append(
                    f"{report.title}正文称{what}{figure}人（表中为"
                    f"{plain(actual if what == '实有人数' else authorized)}人），按此计算控制率为{b}/{a}={fmt(rate)}%，"
                    f"{outcome.words}"
                )


def _table_groups(sheet: ScoreSheet, rule_set: RuleSet) -> None:
    for w in rule_set.weights:
        rows = [r for r in sheet.rows if r.level1 == w.label]
        sheet.groups.append(_group_row(w.key, w.label, w.points, rows))
