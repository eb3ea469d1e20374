"""Self-evaluation forms (绩效自评表): the overall one and one per project.

Implements the layout of the 项目支出绩效自评表 attached to 财预〔2020〕10号 and the Hunan
部门整体支出绩效自评表 variants seen in the seed documents: a funds block, the 年度总体目标
(预期目标 / 实际完成情况), the three-level indicator block and the 总分 / 等级 footer.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from .common import Amount, Level1, Level2, Located, Points, Rate, Scope, SignedAmount, StrictModel
from .unit import FormFooter

if TYPE_CHECKING:
    from jixiao.targets import Target


class FundsRowKind(str, Enum):
    """Rows of the funds block (项目资金 / 年度资金总额)."""

    TOTAL = "total"  # 年度资金总额 / 合计
    APPROPRIATION = "appropriation"  # 其中：当年财政拨款
    CARRIED_OVER = "carried_over"  # 上年结转资金
    OTHER = "other"  # 其他资金


class FundsRow(Located):
    """One row of the funds block."""

    kind: FundsRowKind
    label: str | None = None
    initial_budget: Amount | None = None  # 年初预算数
    annual_budget: Amount | None = None  # 全年预算数
    executed: Amount | None = None  # 全年执行数


class Funds(Located):
    """The funds block: rows, and the 分值 / 执行率 / 得分 the form states for execution."""

    rows: list[FundsRow] = []
    max_score: Points | None = None  # 分值 (10)
    stated_execution_rate: Rate | None = None  # 执行率 (%), as printed
    stated_score: Points | None = None  # 自评得分 of the execution row
    amount_unit: str | None = None  # 金额单位 the form declares when not 万元 (amounts are stored in 万元)
    total_investment: Amount | None = None  # 项目总投资
    total_investment_appropriation: Amount | None = None  # 其中：财政拨款
    by_source: dict[str, SignedAmount | None] = {}  # 按收入性质分 (一般公共预算: 444.24 ...)
    by_nature: dict[str, SignedAmount | None] = {}  # 按支出性质分 (基本支出: 373.59 ...)

    def row(self, kind: FundsRowKind) -> FundsRow | None:
        for r in self.rows:
            if r.kind == kind:
                return r
        return None


class Indicator(Located):
    """One 三级指标 row of a self-evaluation form.

    ``target_raw`` and ``actual_raw`` keep the cell text exactly as printed; the parsed forms
    come from :mod:`jixiao.targets` (see :meth:`target` and :meth:`actual`).
    """

    level1: Level1
    level1_raw: str | None = None
    level2: Level2
    level2_raw: str | None = None
    name: str
    target_raw: str | None = None  # 年度指标值 / 绩效目标
    actual_raw: str | None = None  # 实际完成值 / 完成情况
    max_score: Points | None = None  # 分值
    score: Points | None = None  # 自评得分
    deviation_note: str | None = None  # 偏差原因分析及改进措施

    def target(self) -> Target:
        """年度指标值, parsed (see :func:`jixiao.targets.parse_target`)."""
        from jixiao.targets import parse_target

        return parse_target(self.target_raw or "", indicator_name=self.name)

    def actual(self) -> Target:
        """实际完成值, parsed against the target (a missing unit is taken from the target)."""
        from jixiao.targets import parse_actual

        return parse_actual(self.actual_raw or "", self.target())


class StatedSubtotal(StrictModel):
    """A part score the document states (e.g. "产出指标得分40分", or a 一级指标 heading "(50分)")."""

    label: str
    level1: Level1 | None = None
    max_score: Points | None = None
    score: Points | None = None
    where: str | None = None  # form heading, report text ...


class SelfEvaluation(Located):
    """A 绩效自评表 for the unit as a whole (OVERALL) or for one project (PROJECT)."""

    scope: Scope
    title: str | None = None  # the form's title as printed
    name: str | None = None  # 项目支出名称 / 专项名称 (PROJECT)
    department: str | None = None  # 主管部门 / 部门名称
    implementing_unit: str | None = None  # 实施单位
    sub_item: str | None = None  # 支出方向名称（子项目）
    funds: Funds | None = None
    expected_goal: str | None = None  # 预期目标
    achieved_goal: str | None = None  # 实际完成情况
    indicators: list[Indicator] = []
    subtotals: list[StatedSubtotal] = []
    stated_total_max: Points | None = None  # 总分 (分值 column)
    stated_total_score: Points | None = None  # 总分 (得分 column) / 绩效自评综合得分
    stated_grade: str | None = None  # 等级 / 评价等次 as printed
    grade_note: str | None = None  # the bands the form itself prints (备注)
    footer: FormFooter | None = None
    layout: str | None = None  # id of the form spec (data/forms) the form was read by
    truncated: bool = False  # the document ends inside the form (an excerpt): no 总分 row was read
