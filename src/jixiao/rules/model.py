"""Rule sets as data: the pydantic model of one rule-set file (after ``extends`` is resolved).

A rule set declares, for one issuing document and scope, the weights of the level-1 groups, the
grade bands, how budget execution is scored, how self-evaluation indicators are scored and, for
评分表-style tables, one row per printed 三级指标 with a scoring primitive and its parameters.
The national defaults implement 财预〔2020〕10号 (项目支出绩效评价管理办法, 单位自评: 预算执行率
10, 产出 50, 效益 30, 满意度 10, proportional scoring, qualitative bands); the local ones transcribe
published 评分表 (RULES.md §1–§3). Nothing here is evaluated as code: every formula is a named
primitive with parameters, every input a name in :mod:`jixiao.rules.inputs`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from jixiao.model import Grade, Level1, Level2


class RuleModel(BaseModel):
    """Base for rule-set models: unknown keys are an error."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


# ---------------------------------------------------------------- header


class Source(RuleModel):
    """Where the rules come from: the issuing document and where it was published."""

    title: str  # 《项目支出绩效评价管理办法》
    document_number: str | None = None  # 财预〔2020〕10号
    article: str | None = None  # 第X条 / 附件N
    issuer: str  # 财政部 / 岳阳楼区财政局
    published: list[str] = []  # addresses where the text (or a confirming page) was read
    note: str | None = None


class Years(RuleModel):
    """The evaluation years a rule set applies to (``to`` empty: until superseded)."""

    start: int = Field(alias="from")
    end: int | None = Field(default=None, alias="to")

    def contains(self, year: int) -> bool:
        return self.start <= year and (self.end is None or year <= self.end)


class StatusNote(RuleModel):
    """How sure a fact is (RULES.md tags): C confirmed, P partly, K from knowledge, I inferred."""

    tag: Literal["C", "P", "K", "I"]
    note: str


# ---------------------------------------------------------------- intervals


class Interval(RuleModel):
    """An interval of numbers; an open end is ``None`` (−∞ / +∞)."""

    lower: Decimal | None = None
    upper: Decimal | None = None
    lower_inclusive: bool = True
    upper_inclusive: bool = False

    def contains(self, value: Decimal) -> bool:
        if self.lower is not None and (
            value < self.lower or (value == self.lower and not self.lower_inclusive)
        ):
            return False
        return not (
            self.upper is not None
            and (value > self.upper or (value == self.upper and not self.upper_inclusive))
        )

    def describe(self, unit: str = "") -> str:
        """Chinese interval text, e.g. ``[80%, 90%)`` written as ``80%（含）–90%``."""
        lo = (
            ""
            if self.lower is None
            else f"{_num(self.lower)}{unit}" + ("（含）" if self.lower_inclusive else "")
        )
        hi = (
            ""
            if self.upper is None
            else f"{_num(self.upper)}{unit}" + ("（含）" if self.upper_inclusive else "")
        )
        if self.lower is not None and self.upper is not None and self.lower == self.upper:
            return f"={_num(self.lower)}{unit}"
        if self.lower is None:
            return (
                f"低于{hi}" if not self.upper_inclusive else f"不高于{_num(self.upper or Decimal(0))}{unit}"
            )
        if self.upper is None:
            return f"{lo}以上" if self.lower_inclusive else f"高于{_num(self.lower)}{unit}"
        return f"{lo}–{hi}"


def _num(value: Decimal) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


class GradeBand(Interval):
    """A grade and its score interval (优 ≥90 …)."""

    label: str  # as printed: 优, 良, 中, 较差, 差
    grade: Grade | None = None


# ---------------------------------------------------------------- weights


class WeightPart(RuleModel):
    """A level-2 group inside a level-1 group (预算配置 15 inside 投入 15)."""

    key: str
    label: str
    points: Decimal


class Weight(RuleModel):
    """A level-1 group and its points; ``level1`` names the form indicator classes it covers."""

    key: str
    label: str
    points: Decimal
    level1: list[Level1] = []
    parts: list[WeightPart] = []


# ---------------------------------------------------------------- execution and indicators


class Execution(RuleModel):
    """Budget execution (预算执行率): weight × rate, capped at 100 % (RULES.md §1.5)."""

    weight: Decimal
    formula: Literal["proportional_capped", "proportional"] = "proportional_capped"
    basis: Literal["annual_budget", "initial_budget"] = "annual_budget"


class QuantitativeScoring(RuleModel):
    """R-Q1/R-Q2: met → full points; otherwise points × completion ratio (direction-aware), capped."""

    formula: Literal["proportional_capped"] = "proportional_capped"
    lower_better_level2: list[Level2] = []  # classes where a bare value is a ceiling (成本指标)
    exact_miss: Literal["proportional", "zero"] = "proportional"  # "= x" targets missed


class QualitativeBand(RuleModel):
    """A qualitative outcome, its band of shares and the share awarded inside it (RULES.md §1.4)."""

    outcome: Literal["achieved", "partly", "not_achieved"]
    lower: Decimal
    upper: Decimal
    lower_inclusive: bool = True
    upper_inclusive: bool = False
    award: Decimal


class Overachievement(RuleModel):
    """R-Q3: completion beyond the target by more than ``threshold`` (a fraction)."""

    threshold: Decimal
    action: Literal["flag", "zero"] = "flag"


class IndicatorScoring(RuleModel):
    quantitative: QuantitativeScoring = QuantitativeScoring()
    qualitative: list[QualitativeBand] = []
    overachievement: Overachievement | None = None


# ---------------------------------------------------------------- row primitives


class LinearDeduction(RuleModel):
    """每超过（低于）一个百分点扣 k 分，扣完为止."""

    type: Literal["linear_deduction"]
    threshold: Decimal
    direction: Literal["above", "below"] = "above"
    points_per_point: Decimal
    floor: Decimal = Decimal(0)
    pro_rata: bool = True  # False: only whole percentage points count


class Band(Interval):
    points: Decimal


class Bands(RuleModel):
    """档次：each interval of the input gives fixed points."""

    type: Literal["bands"]
    unit: str = "%"
    bands: list[Band]


class Proportional(RuleModel):
    """Points × input / standard (higher better) or × standard / input (lower better), capped."""

    type: Literal["proportional"]
    standard: Decimal
    direction: Literal["higher_better", "lower_better"] = "higher_better"
    cap: bool = True


class ChecklistItem(RuleModel):
    key: str
    text: str
    points: Decimal | None = None  # award mode: what the item is worth


class Checklist(RuleModel):
    """Items each worth points (award) or a deduction per failed item (deduct), down to ``floor``."""

    type: Literal["checklist"]
    mode: Literal["award", "deduct"]
    items: list[ChecklistItem] = []
    deduction_per_item: Decimal | None = None
    max_deduction: Decimal | None = None
    floor: Decimal = Decimal(0)


class DeductionPerDayLate(RuleModel):
    """每推迟一天扣 k 分，最多扣 m 分."""

    type: Literal["deduction_per_day_late"]
    per_day: Decimal
    max_deduction: Decimal | None = None


class QualitativeLevel(RuleModel):
    label: str
    share: Decimal | None = None
    points: Decimal | None = None


class Qualitative(RuleModel):
    """Levels (named by the input) → a share of the points or fixed points."""

    type: Literal["qualitative"]
    levels: dict[str, QualitativeLevel]


class Manual(RuleModel):
    """Cannot be computed from the package: the unit's own score is shown, marked 无法自动计算."""

    type: Literal["manual"]
    reason: str


Primitive = Annotated[
    LinearDeduction | Bands | Proportional | Checklist | DeductionPerDayLate | Qualitative | Manual,
    Field(discriminator="type"),
]


class RowPart(RuleModel):
    """One numbered clause of a row whose criterion has several (1、… 2、…)."""

    key: str
    text: str
    max_score: Decimal
    input: str | None = None
    scoring: Primitive


class Composite(RuleModel):
    """A row scored as the sum of its clauses."""

    type: Literal["composite"]
    parts: list[RowPart]


RowPrimitive = Annotated[
    LinearDeduction
    | Bands
    | Proportional
    | Checklist
    | DeductionPerDayLate
    | Qualitative
    | Manual
    | Composite,
    Field(discriminator="type"),
]


class Row(RuleModel):
    """One printed row of a 评分表: where it stands, its points, its criterion and how to score it."""

    key: str
    level1: str
    level2: str | None = None
    name: str
    aliases: list[str] = []  # other printed names of the same row (merged cells, variants)
    max_score: Decimal
    criterion: str
    input: str | None = None
    scoring: RowPrimitive


# ---------------------------------------------------------------- monitoring and results application


class WarningBand(Interval):
    """A warning level and its interval of execution rate ÷ elapsed share of the year (in %)."""

    level: Literal["red", "yellow", "green"]
    label: str  # 红色预警 / 黄色预警 / 正常


class MonitoringRules(RuleModel):
    """绩效运行监控预警 (财预〔2019〕136号 双监控; thresholds as the platforms configure them).

    ``execution_warnings`` bands the ratio of the execution rate to the time-proportional share of
    the year elapsed on the as-of date (``days``: day of the year ÷ days in the year; ``months``:
    whole months ÷ 12), in per cent. ``likelihood_warnings`` gives the level of each 完成可能性.
    """

    time_basis: Literal["days", "months"]
    execution_warnings: list[WarningBand]
    likelihood_warnings: dict[str, Literal["red", "yellow", "green"]] = {}
    tolerance: Decimal = Decimal("0.01")  # 万元, for the form's own sums

    def level_for(self, ratio_percent: Decimal) -> WarningBand | None:
        for band in self.execution_warnings:
            if band.contains(ratio_percent):
                return band
        return None


BudgetAction = Literal["increase", "maintain", "cut", "suspend", "cancel"]
BUDGET_ACTION_LABELS: dict[str, str] = {
    "increase": "增加",
    "maintain": "维持",
    "cut": "核减",
    "suspend": "暂停",
    "cancel": "取消",
}
BUDGET_ACTION_SEVERITY: dict[str, int] = {"increase": 0, "maintain": 1, "cut": 2, "suspend": 3, "cancel": 4}


class ApplicationCondition(RuleModel):
    """When a results-application rule applies: a grade among ``grade`` and/or an execution rate
    below ``execution_rate_below`` (%) in each of the last ``years`` years (all stated parts must hold)."""

    grade: list[Grade] = []
    execution_rate_below: Decimal | None = None
    years: int = 1


class ApplicationRule(RuleModel):
    key: str
    when: ApplicationCondition
    action: BudgetAction
    cut_at_least: Decimal | None = None  # a fraction of next year's budget (0.30 = 30 %)
    text: str


class DefaultAction(RuleModel):
    action: BudgetAction
    text: str


class ReEvaluationRules(RuleModel):
    """抽评: a unit whose self-scores exceed the re-scores by more than ``overstatement_points`` on
    average, over at least ``min_samples`` re-scored forms, is flagged."""

    overstatement_points: Decimal
    min_samples: int


class ResultsApplicationRules(RuleModel):
    """评价结果应用 (中发〔2018〕34号, 财预〔2020〕10号): next year's budget from this year's results."""

    score_basis: Literal["stated", "computed"] = "stated"
    grade_rule_set: str  # the rule set whose grade bands turn a score into a grade
    default: DefaultAction
    rules: list[ApplicationRule]
    re_evaluation: ReEvaluationRules | None = None


# ---------------------------------------------------------------- the rule set

Form = Literal["self_evaluation", "scoring_table", "work_assessment", "monitoring", "results_application"]


class RuleSet(RuleModel):
    """A resolved rule set (its ``extends`` chain merged in)."""

    id: str
    version: str
    title: str
    source: Source
    jurisdiction: str  # national, hunan/yueyanglou …
    places: list[list[str]] = []  # per level, the names (alternatives) a unit's jurisdiction must show
    scope: Literal["project", "overall", "work-assessment", "monitoring", "results-application"]
    form: Form
    years: Years
    extends: str | None = None
    # False: a variant used only where it is named (a notice's rule sets, a setting), never chosen for a
    # package by place and year — e.g. 附件9 plus a deduction the printed form does not have
    selectable: bool = True
    status: dict[str, StatusNote] = {}
    total: Decimal = Decimal(100)
    weights: list[Weight] = []
    grade_bands: list[GradeBand] = []
    execution: Execution | None = None
    indicator_scoring: IndicatorScoring | None = None
    rows: list[Row] = []
    monitoring: MonitoringRules | None = None
    results_application: ResultsApplicationRules | None = None
    # set by the loader, not written in files
    path: str | None = None
    content_hash: str = ""

    def grade_for(self, score: Decimal) -> GradeBand | None:
        for band in self.grade_bands:
            if band.contains(score):
                return band
        return None

    def weight(self, key: str) -> Weight | None:
        for w in self.weights:
            if w.key == key:
                return w
        return None

    def weight_for_level1(self, level1: Level1) -> Weight | None:
        for w in self.weights:
            if level1 in w.level1:
                return w
        return None

    def describe(self) -> str:
        """A readable Chinese summary: header, source, weights, bands, rows."""
        lines = [
            f"规则集 {self.id}（第{self.version}版）：{self.title}",
            f"出处：{self.source.issuer}《{self.source.title.strip('《》')}》"
            + (f"（{self.source.document_number}）" if self.source.document_number else "")
            + (f" {self.source.article}" if self.source.article else ""),
        ]
        lines += [f"  发布地址：{url}" for url in self.source.published]
        years = f"{self.years.start}年起" + (f"至{self.years.end}年" if self.years.end else "")
        lines.append(f"地区：{self.jurisdiction}；范围：{self.scope}；适用年度：{years}")
        if self.extends:
            lines.append(f"继承：{self.extends}")
        lines.append(f"内容散列：{self.content_hash}")
        lines.append("权重：" + "，".join(f"{w.label}{_num(w.points)}分" for w in self.weights))
        lines.append("等级：" + "，".join(f"{b.label} {b.describe('分')}" for b in self.grade_bands))
        if self.execution:
            lines.append(f"预算执行率：{_num(self.execution.weight)}分 × 执行率（不超过100%）")
        for path, note in sorted(self.status.items()):
            lines.append(f"[{note.tag}] {path}：{note.note}")
        for row in self.rows:
            lines.append(
                f"  {row.key}：{row.level1}/{row.level2 or ''}/{row.name} {_num(row.max_score)}分 [{row.scoring.type}]"
            )
        return "\n".join(lines)
