"""Performance target declarations (绩效目标申报表): the targets filed with the budget, before the year.

Implements the 绩效目标申报表 of 财预〔2015〕88号 (申报、审核、批复、调整) with the value basis that
财预〔2021〕101号 asks of every indicator value (计划标准 / 行业标准 / 历史标准 / 财政部门认可的其他标准,
with the figure the value comes from). One declaration per scope: the unit as a whole (部门整体) and
each project (项目支出). A declaration holds what the form says, exactly as printed: 年度总体目标,
the funds, and the three-level indicators with comparator, value, unit, direction, weight and basis.

An approved declaration (``approved``) is what the year-end self-evaluation is measured against;
an approved change (目标调整) is recorded in ``adjustments`` and replaces the value it names.
Parsing the value text is :mod:`jixiao.targets`' job (one parser for target text); this module only
assembles the text from the form's columns.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from pydantic import Field

from .common import Amount, Level1, Level2, Located, Points, Scope
from .evaluation import Funds, FundsRow, FundsRowKind, Indicator, SelfEvaluation

if TYPE_CHECKING:
    from jixiao.targets import Target


class ValueBasis(str, Enum):
    """指标值设定依据 (财预〔2021〕101号): where a target value comes from."""

    PLAN = "plan"  # 计划标准: plans, programmes, the budget itself
    INDUSTRY = "industry"  # 行业标准: national or sector standards
    HISTORY = "history"  # 历史标准: the unit's own past figures
    OTHER = "other"  # 财政部门认可的其他标准


VALUE_BASIS_LABELS: dict[ValueBasis, str] = {
    ValueBasis.PLAN: "计划标准",
    ValueBasis.INDUSTRY: "行业标准",
    ValueBasis.HISTORY: "历史标准",
    ValueBasis.OTHER: "其他标准",
}


class DeclaredFund(Located):
    """One row of the funds block of a declaration (年度资金总额 / 其中：财政拨款 / 其他资金)."""

    kind: FundsRowKind = Field(title="资金类别")
    label: str | None = Field(default=None, title="资金名称")
    # 申报数 / 年度预算数 (万元)
    amount: Amount | None = Field(default=None, title="申报数")


class DeclaredTask(Located):
    """One row of a 部门整体 declaration's 年度履职目标 / 年度主要任务: duty, task, spending item, amount."""

    duty: str | None = Field(default=None, title="部门职能")
    task: str | None = Field(default=None, title="年度目标任务")
    item: str | None = Field(default=None, title="支出项目名称")
    # 预算金额 (万元)
    amount: Amount | None = Field(default=None, title="预算金额")


class DeclaredIndicator(Located):
    """One 三级指标 row of a declaration.

    The value may be printed in one cell ("≥11.19万人") or across columns (指标方向/运算符 "≥",
    指标值 "11.19", 计量单位 "万人"); :meth:`target_text` joins the columns and :meth:`target` parses
    the result with :func:`jixiao.targets.parse_target`. ``basis_figure_raw`` is the figure the value
    comes from ("2023年实际认证16.49万人"), parsed against the target by :meth:`basis_figure`.
    """

    level1: Level1 = Field(title="一级指标")
    level1_raw: str | None = Field(default=None, title="一级指标（原文）")
    level2: Level2 = Field(title="二级指标")
    level2_raw: str | None = Field(default=None, title="二级指标（原文）")
    name: str = Field(title="三级指标")
    # 指标方向 / 运算符号 column: ≥, ≤, =, 定性 …
    comparator_raw: str | None = Field(default=None, title="指标方向")
    # 指标值 / 年度指标值 as printed
    target_raw: str | None = Field(default=None, title="指标值")
    # 计量单位 column
    unit_raw: str | None = Field(default=None, title="计量单位")
    # 指标性质: 定量 / 定性
    nature_raw: str | None = Field(default=None, title="指标性质")
    # 正向 / 反向 (the form's own words)
    direction_raw: str | None = Field(default=None, title="正向/反向")
    # 权重 / 分值
    weight: Points | None = Field(default=None, title="权重")
    basis: ValueBasis | None = Field(default=None, title="设定依据类别")
    # 指标值设定依据 as printed
    basis_raw: str | None = Field(default=None, title="指标值设定依据")
    # the figure the value comes from, as printed
    basis_figure_raw: str | None = Field(default=None, title="依据的数值")
    # the document or record holding that figure
    basis_source: str | None = Field(default=None, title="依据出处")
    # 指标解释 / 计算公式
    definition: str | None = Field(default=None, title="指标解释")
    data_source: str | None = Field(default=None, title="数据来源")
    # id of the 指标库 entry the indicator was taken from
    library_entry: str | None = Field(default=None, title="指标库条目")

    def target_text(self) -> str:
        """The value as one text: the 指标值 cell with the comparator and unit columns around it."""
        value = (self.target_raw or "").strip()
        comparator = (self.comparator_raw or "").strip()
        unit = (self.unit_raw or "").strip()
        if comparator in ("定性", "定量", ""):
            comparator = ""
        if comparator and value and value[0] not in "≥≤<>=＞＜大小不高低等约":
            value = comparator + value
        if unit and value and not value.endswith(unit) and _ends_with_digit(value):
            value = value + unit
        return value

    def target(self) -> Target:
        """The parsed value (see :func:`jixiao.targets.parse_target`)."""
        from jixiao.targets import parse_target

        return parse_target(self.target_text(), indicator_name=self.name)

    def basis_figure(self) -> Target | None:
        """The basis figure parsed against the target (its unit taken from the target when bare)."""
        if not (self.basis_figure_raw or "").strip():
            return None
        from jixiao.targets import parse_actual

        return parse_actual(self.basis_figure_raw or "", self.target())


def _ends_with_digit(text: str) -> bool:
    return text[-1].isdigit() or text[-1] in "万亿千"


class TargetAdjustment(Located):
    """目标调整: an approved change of one indicator's value after the declaration was approved."""

    # the 三级指标 name
    indicator: str = Field(title="三级指标")
    old_target_raw: str | None = Field(default=None, title="原指标值")
    new_target_raw: str = Field(title="调整后指标值")
    reason: str = Field(title="调整原因")
    approved: bool = Field(default=False, title="已批复")
    # 批复文号 or the approval's record id
    approval_reference: str | None = Field(default=None, title="批复文号")
    # ISO date
    approved_on: str | None = Field(default=None, title="批复日期")


class TargetDeclaration(Located):
    """A 绩效目标申报表 for the unit as a whole (OVERALL) or one project (PROJECT)."""

    scope: Scope = Field(title="范围")
    # the form's title as printed
    title: str | None = Field(default=None, title="表名")
    # 项目名称 (PROJECT)
    name: str | None = Field(default=None, title="项目名称")
    department: str | None = Field(default=None, title="主管部门")
    implementing_unit: str | None = Field(default=None, title="实施单位")
    # 年度 the targets are for (the package's year when empty)
    year: int | None = Field(default=None, title="年度")
    funds: list[DeclaredFund] = Field(default=[], title="资金情况")
    annual_goal: str | None = Field(default=None, title="年度总体目标")
    tasks: list[DeclaredTask] = Field(default=[], title="年度主要任务")
    # 中长期目标 (project forms)
    long_term_goal: str | None = Field(default=None, title="中长期目标")
    indicators: list[DeclaredIndicator] = Field(default=[], title="绩效指标")
    # 合计 of the 权重 column as printed
    stated_total_weight: Points | None = Field(default=None, title="权重合计")
    # 预算执行率 weight kept outside the indicators (10号: 10)
    execution_weight: Points | None = Field(default=None, title="预算执行率权重")
    approved: bool = Field(default=False, title="已批复")
    # 批复文号 / the round's approval record
    approval_reference: str | None = Field(default=None, title="批复文号")
    adjustments: list[TargetAdjustment] = Field(default=[], title="目标调整")
    # the form spec the declaration was read by
    layout: str | None = Field(default=None, title="表式")
    # the table ends where the excerpt does (a web page cut off): weights and levels are not complete
    truncated: bool = Field(default=False, title="摘录截断")

    def fund(self, kind: FundsRowKind) -> DeclaredFund | None:
        for f in self.funds:
            if f.kind == kind:
                return f
        return None

    def effective_target_raw(self, indicator: DeclaredIndicator) -> str:
        """The value in force: the last approved adjustment of the indicator, else the declared one."""
        text = indicator.target_text()
        for adj in self.adjustments:
            if adj.approved and adj.indicator == indicator.name:
                text = adj.new_target_raw
        return text


def declaration_from_form(form: SelfEvaluation, *, year: int | None = None) -> TargetDeclaration:
    """The declaration a self-evaluation form implies: its goal, funds (年初预算数) and targets.

    Used to file last year's targets again, and to turn a published self-evaluation (the seeds) into
    the declaration it was measured against. The value basis is left empty: the form does not say it.
    """
    funds = []
    if form.funds is not None:
        for row in form.funds.rows:
            amount = row.initial_budget if row.initial_budget is not None else row.annual_budget
            funds.append(DeclaredFund(kind=row.kind, label=row.label, amount=amount))
    return TargetDeclaration(
        scope=form.scope,
        name=form.name,
        department=form.department,
        implementing_unit=form.implementing_unit,
        year=year,
        funds=funds,
        annual_goal=form.expected_goal,
        indicators=[
            DeclaredIndicator(
                level1=i.level1,
                level1_raw=i.level1_raw,
                level2=i.level2,
                level2_raw=i.level2_raw,
                name=i.name,
                target_raw=i.target_raw,
                weight=i.max_score,
                sources={k: v for k, v in i.sources.items() if k in ("name", "target_raw")},
            )
            for i in form.indicators
        ],
        execution_weight=form.funds.max_score if form.funds is not None else None,
    )


def form_from_declaration(decl: TargetDeclaration) -> SelfEvaluation:
    """A blank self-evaluation form that starts from an approved declaration (copied targets).

    Names, levels, 分值 and the 年度指标值 in force (approved adjustments applied) are copied; the
    actuals, scores and notes are left for the unit to fill. The funds block starts from the
    declared amounts as 年初预算数.
    """
    rows = [
        FundsRow(kind=f.kind, label=f.label, initial_budget=f.amount)
        for f in decl.funds
        if f.amount is not None
    ]
    return SelfEvaluation(
        scope=decl.scope,
        name=decl.name,
        department=decl.department,
        implementing_unit=decl.implementing_unit,
        funds=Funds(rows=rows, max_score=decl.execution_weight) if rows else None,
        expected_goal=decl.annual_goal,
        indicators=[
            Indicator(
                level1=i.level1,
                level1_raw=i.level1_raw,
                level2=i.level2,
                level2_raw=i.level2_raw,
                name=i.name,
                target_raw=decl.effective_target_raw(i),
                max_score=i.weight,
            )
            for i in decl.indicators
        ],
    )


__all__ = [
    "VALUE_BASIS_LABELS",
    "DeclaredFund",
    "DeclaredIndicator",
    "DeclaredTask",
    "TargetAdjustment",
    "TargetDeclaration",
    "ValueBasis",
    "declaration_from_form",
    "form_from_declaration",
]
