"""Self-evaluation forms (绩效自评表): the overall one and one per project.

Implements the layout of the 项目支出绩效自评表 attached to 财预〔2020〕10号 and the Hunan
部门整体支出绩效自评表 variants seen in the seed documents: a funds block, the 年度总体目标
(预期目标 / 实际完成情况), the three-level indicator block and the 总分 / 等级 footer.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from pydantic import Field

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

    kind: FundsRowKind = Field(title="资金类别")
    label: str | None = Field(default=None, title="资金名称")
    initial_budget: Amount | None = Field(default=None, title="年初预算数")
    annual_budget: Amount | None = Field(default=None, title="全年预算数")
    executed: Amount | None = Field(default=None, title="全年执行数")


class Funds(Located):
    """The funds block: rows, and the 分值 / 执行率 / 得分 the form states for execution."""

    rows: list[FundsRow] = Field(default=[], title="各行")
    # 分值 (10)
    max_score: Points | None = Field(default=None, title="分值")
    # 执行率 (%), as printed
    stated_execution_rate: Rate | None = Field(default=None, title="执行率")
    # 自评得分 of the execution row
    stated_score: Points | None = Field(default=None, title="得分")
    # 金额单位 the form declares when not 万元 (amounts are stored in 万元)
    amount_unit: str | None = Field(default=None, title="金额单位")
    total_investment: Amount | None = Field(default=None, title="项目总投资")
    total_investment_appropriation: Amount | None = Field(default=None, title="其中：财政拨款")
    # 按收入性质分 (一般公共预算: 444.24 ...)
    by_source: dict[str, SignedAmount | None] = Field(default={}, title="按收入性质分")
    # 按支出性质分 (基本支出: 373.59 ...)
    by_nature: dict[str, SignedAmount | None] = Field(default={}, title="按支出性质分")

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

    level1: Level1 = Field(title="一级指标")
    level1_raw: str | None = Field(default=None, title="一级指标（原文）")
    level2: Level2 = Field(title="二级指标")
    level2_raw: str | None = Field(default=None, title="二级指标（原文）")
    name: str = Field(title="三级指标")
    # 年度指标值 / 绩效目标
    target_raw: str | None = Field(default=None, title="年度指标值")
    # 实际完成值 / 完成情况
    actual_raw: str | None = Field(default=None, title="实际完成值")
    max_score: Points | None = Field(default=None, title="分值")
    # 自评得分
    score: Points | None = Field(default=None, title="得分")
    deviation_note: str | None = Field(default=None, title="偏差原因分析及改进措施")

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

    label: str = Field(title="名称")
    level1: Level1 | None = Field(default=None, title="一级指标")
    max_score: Points | None = Field(default=None, title="分值")
    score: Points | None = Field(default=None, title="得分")
    # form heading, report text ...
    where: str | None = Field(default=None, title="所在位置")


class SelfEvaluation(Located):
    """A 绩效自评表 for the unit as a whole (OVERALL) or for one project (PROJECT)."""

    scope: Scope = Field(title="范围")
    # the form's title as printed
    title: str | None = Field(default=None, title="表名")
    # 项目支出名称 / 专项名称 (PROJECT)
    name: str | None = Field(default=None, title="项目名称")
    # 主管部门 / 部门名称
    department: str | None = Field(default=None, title="主管部门")
    implementing_unit: str | None = Field(default=None, title="实施单位")
    sub_item: str | None = Field(default=None, title="支出方向名称（子项目）")
    funds: Funds | None = Field(default=None, title="年度资金")
    expected_goal: str | None = Field(default=None, title="预期目标")
    achieved_goal: str | None = Field(default=None, title="实际完成情况")
    indicators: list[Indicator] = Field(default=[], title="绩效指标")
    subtotals: list[StatedSubtotal] = Field(default=[], title="一级指标小计")
    # 总分 (分值 column)
    stated_total_max: Points | None = Field(default=None, title="总分（分值）")
    # 总分 (得分 column) / 绩效自评综合得分
    stated_total_score: Points | None = Field(default=None, title="总分（得分）")
    # 等级 / 评价等次 as printed
    stated_grade: str | None = Field(default=None, title="评价等次")
    # the bands the form itself prints (备注)
    grade_note: str | None = Field(default=None, title="备注")
    footer: FormFooter | None = Field(default=None, title="填表信息")
    # id of the form spec (data/forms) the form was read by
    layout: str | None = Field(default=None, title="表式")
    # the document ends inside the form (an excerpt): no 总分 row was read
    truncated: bool = Field(default=False, title="表格不完整")
