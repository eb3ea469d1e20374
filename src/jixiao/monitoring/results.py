"""评价结果应用: per project, a suggested action for next year's budget (增加 / 维持 / 核减 / 暂停 / 取消).

中发〔2018〕34号 ties results to next year's budget; 财预〔2020〕10号 makes them a basis of budget
arrangement. The rules are a results-application rule set (``data/rules/**/results-application*``):
conditions on the grade and on the execution rate in the last N years, each with an action and, for
核减, the least share to cut. Every rule whose condition holds is listed with the figures it used;
the suggestion is the most severe of their actions (取消 > 暂停 > 核减 > 维持 > 增加), with the largest
cut among the rules that suggest it; no rule → the rule set's default. The grade comes from the
score through the grade bands of the rule set the results rule set names (no bands are copied here).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.model import EvaluationPackage, FundsRowKind, SelfEvaluation
from jixiao.rules import RuleSet, RuleSetError, get_rule_set, load_rule_sets
from jixiao.rules.model import (
    BUDGET_ACTION_LABELS,
    BUDGET_ACTION_SEVERITY,
    ApplicationRule,
    ResultsApplicationRules,
)

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class ProjectOutcome:
    """What the results rules look at for one project: score, grade, execution this year and before."""

    unit: str
    project: str
    year: int
    budget: Decimal | None  # this year's 全年预算数 (万元)
    executed: Decimal | None
    stated_score: Decimal | None
    computed_score: Decimal | None
    execution_rates: tuple[Decimal | None, ...]  # this year first, then the years before (in %)

    def score(self, basis: str) -> tuple[Decimal | None, str]:
        """The score the rule set asks for, and which one was used (falls back to the other one)."""
        if basis == "computed":
            if self.computed_score is not None:
                return self.computed_score, "复核得分"
            return self.stated_score, "自评得分（无复核得分）"
        if self.stated_score is not None:
            return self.stated_score, "自评得分"
        return self.computed_score, "复核得分（无自评得分）"


@dataclass(frozen=True)
class Match:
    """One rule whose condition holds, with the figures that made it hold (Chinese)."""

    rule: ApplicationRule
    figures: str


@dataclass
class Suggestion:
    outcome: ProjectOutcome
    action: str  # increase / maintain / cut / suspend / cancel
    cut_at_least: Decimal | None  # a fraction
    grade: str | None
    score: Decimal | None
    score_basis: str
    matches: list[Match] = field(default_factory=list)
    default_text: str | None = None
    rule_set_id: str = ""
    rule_set_title: str = ""
    rule_set_version: str = ""
    rule_set_hash: str = ""

    @property
    def action_label(self) -> str:
        return BUDGET_ACTION_LABELS[self.action]

    @property
    def cut_amount(self) -> Decimal | None:
        """The least cut in 万元 on this year's budget (the basis of next year's), two decimals."""
        if self.cut_at_least is None or self.outcome.budget is None:
            return None
        return (self.outcome.budget * self.cut_at_least).quantize(Decimal("0.01"))

    def explanation(self) -> str:
        """Every rule that applied, in its own words, with this project's figures, or the default; then
        the rule set by its title and version — what the budget office reads (no rule keys, no ids)::

            评价等级为“优”的，下一年度预算优先保障（本项目自评得分96分，等级优）。
            依据《评价结果应用——下一年度预算安排建议（…）》第1版。
        """
        if self.matches:
            said = "；".join(f"{m.rule.text}（本项目{m.figures}）" for m in self.matches)
        else:
            said = self.default_text or ""
        title = self.rule_set_title.strip("《》")
        basis = f"《{title}》" if title else "评价结果应用规则集"
        return f"{said.rstrip('。')}。依据{basis}第{self.rule_set_version}版。"


def results_rule_set(rule_set_id: str | None = None, year: int | None = None) -> RuleSet:
    """The results-application rule set: the one named, else the latest one applying to ``year``."""
    if rule_set_id:
        rs = get_rule_set(rule_set_id)
        if rs.results_application is None:
            raise RuleSetError(f"规则集“{rule_set_id}”不是评价结果应用规则集")
        return rs
    candidates = [
        rs
        for rs in load_rule_sets().values()
        if rs.results_application is not None and (year is None or rs.years.contains(year))
    ]
    if not candidates:
        raise RuleSetError("没有适用的评价结果应用规则集（form: results_application）")
    return max(candidates, key=lambda r: (len(r.places), r.years.start, r.version))


def _n(value: Decimal) -> str:
    text = format(value.quantize(Decimal("0.01")), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _grade(score: Decimal | None, grade_rules: RuleSet) -> str | None:
    if score is None:
        return None
    band = grade_rules.grade_for(score)
    if band is None:
        return None
    return band.grade.value if band.grade is not None else band.label


def _holds(rule: ApplicationRule, grade: str | None, outcome: ProjectOutcome) -> str | None:
    """The figures that make the rule hold, or None when it does not."""
    why: list[str] = []
    when = rule.when
    if when.grade:
        if grade is None or grade not in [g.value for g in when.grade]:
            return None
        why.append(f"等级{grade}")
    if when.execution_rate_below is not None:
        rates = outcome.execution_rates[: when.years]
        if len(rates) < when.years or any(r is None or r >= when.execution_rate_below for r in rates):
            return None
        years = [outcome.year - i for i in range(when.years)]
        why.append(
            "执行率"
            + "、".join(f"{y}年{_n(r)}%" for y, r in zip(years, rates, strict=True) if r is not None)
            + f"，均低于{_n(when.execution_rate_below)}%"
        )
    return "，".join(why)


def suggest(outcome: ProjectOutcome, rule_set: RuleSet) -> Suggestion:
    """The suggestion for one project under a results-application rule set."""
    ra: ResultsApplicationRules | None = rule_set.results_application
    if ra is None:
        raise RuleSetError(f"规则集“{rule_set.id}”不是评价结果应用规则集")
    grade_rules = get_rule_set(ra.grade_rule_set)
    score, basis = outcome.score(ra.score_basis)
    grade = _grade(score, grade_rules)
    matches = []
    for rule in ra.rules:
        figures = _holds(rule, grade, outcome)
        if figures is not None:
            if score is not None and rule.when.grade:
                figures = f"{basis}{_n(score)}分，" + figures
            matches.append(Match(rule, figures))
    s = Suggestion(
        outcome=outcome,
        action=ra.default.action,
        cut_at_least=None,
        grade=grade,
        score=score,
        score_basis=basis,
        matches=matches,
        default_text=None if matches else ra.default.text,
        rule_set_id=rule_set.id,
        rule_set_title=rule_set.title,
        rule_set_version=rule_set.version,
        rule_set_hash=rule_set.content_hash,
    )
    if matches:
        s.action = max((m.rule.action for m in matches), key=lambda a: BUDGET_ACTION_SEVERITY[a])
        cuts = [m.rule.cut_at_least for m in matches if m.rule.action == s.action and m.rule.cut_at_least]
        s.cut_at_least = max(cuts) if cuts else None
    return s


def _funds(evaluation: SelfEvaluation) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """(budget, executed, rate %) of a project form: computed from its 合计 row, else the stated rate."""
    total = evaluation.funds.row(FundsRowKind.TOTAL) if evaluation.funds is not None else None
    budget = total.annual_budget if total is not None else None
    executed = total.executed if total is not None else None
    if budget is not None and executed is not None and budget > 0:
        return budget, executed, executed * HUNDRED / budget
    stated = evaluation.funds.stated_execution_rate if evaluation.funds is not None else None
    return budget, executed, stated


def outcomes(
    package: EvaluationPackage, previous: list[EvaluationPackage] | None = None
) -> list[ProjectOutcome]:
    """One outcome per project form of ``package``; earlier years' execution from ``previous``
    (the same unit's packages of earlier years, matched by project name)."""
    from jixiao.layouts.words import header_key
    from jixiao.rules import select_rule_sets
    from jixiao.scoring import score_evaluation

    earlier = sorted(previous or [], key=lambda p: -p.year)
    project_rules = [rs for rs in select_rule_sets(package) if rs.scope == "project"]
    out: list[ProjectOutcome] = []
    for evaluation in package.projects:
        budget, executed, rate = _funds(evaluation)
        rates: list[Decimal | None] = [rate]
        expected = package.year - 1
        for p in earlier:
            if p.year != expected:
                break
            same = [e for e in p.projects if header_key(e.name or "") == header_key(evaluation.name or "")]
            rates.append(_funds(same[0])[2] if same else None)
            expected -= 1
        computed = None
        if project_rules:
            sheet = score_evaluation(evaluation, project_rules[0], package=package)
            computed = sheet.total if sheet.complete else None
        out.append(
            ProjectOutcome(
                unit=package.unit.name,
                project=evaluation.name or "（未命名项目）",
                year=package.year,
                budget=budget,
                executed=executed,
                stated_score=evaluation.stated_total_score,
                computed_score=computed,
                execution_rates=tuple(rates),
            )
        )
    return out


def suggest_for_packages(
    packages: list[EvaluationPackage],
    rule_set: RuleSet | None = None,
    *,
    history: list[EvaluationPackage] | None = None,
) -> list[Suggestion]:
    """Suggestions for every project of every package (``history``: earlier years of the same units)."""
    out: list[Suggestion] = []
    for package in packages:
        rs = rule_set or results_rule_set(year=package.year)
        before = [p for p in history or [] if p.unit.name == package.unit.name and p.year < package.year]
        out += [suggest(o, rs) for o in outcomes(package, before)]
    return out


@dataclass(frozen=True)
class SuggestionRow:
    """One line of the list for the budget office, as shown (the bureau's decision beside the suggestion)."""

    unit: str
    project: str
    year: int
    budget: Decimal | None
    execution_rate: Decimal | None
    score: Decimal | None
    score_basis: str
    grade: str | None
    suggestion: str  # 增加 / 维持 / 核减 / 暂停 / 取消
    cut_percent: Decimal | None
    cut_amount: Decimal | None
    explanation: str
    decision: str | None = None
    reason: str | None = None


def suggestion_row(s: Suggestion, decision: str | None = None, reason: str | None = None) -> SuggestionRow:
    rate = s.outcome.execution_rates[0] if s.outcome.execution_rates else None
    return SuggestionRow(
        unit=s.outcome.unit,
        project=s.outcome.project,
        year=s.outcome.year,
        budget=s.outcome.budget,
        execution_rate=None if rate is None else rate.quantize(Decimal("0.01")),
        score=s.score,
        score_basis=s.score_basis,
        grade=s.grade,
        suggestion=s.action_label,
        cut_percent=None if s.cut_at_least is None else (s.cut_at_least * HUNDRED).quantize(Decimal("0.01")),
        cut_amount=s.cut_amount,
        explanation=s.explanation(),
        decision=decision,
        reason=reason,
    )


SUGGESTION_HEADERS = [
    "单位",
    "项目",
    "评价年度",
    "全年预算数（万元）",
    "执行率（%）",
    "得分",
    "得分口径",
    "等级",
    "建议",
    "最低核减比例（%）",
    "最低核减金额（万元）",
    "依据（规则与数据）",
    "财政局决定",
    "理由",
]


def render_suggestions_xlsx(rows: list[SuggestionRow]) -> bytes:
    """The list for the budget office (.xlsx, formula-safe): one row per project."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    from jixiao.renderers.spreadsheet import append_row, write_cell

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "结果应用"
    for col, text in enumerate(SUGGESTION_HEADERS, start=1):
        write_cell(ws, 1, col, text).font = Font(bold=True)
    for r in rows:
        append_row(
            ws,
            [
                r.unit,
                r.project,
                r.year,
                r.budget,
                r.execution_rate,
                r.score,
                r.score_basis,
                r.grade,
                r.suggestion,
                r.cut_percent,
                r.cut_amount,
                r.explanation,
                r.decision,
                r.reason,
            ],
        )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
