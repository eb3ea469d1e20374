"""Budget figures: income by source, expenditure by nature, 三公经费, assets, base-data table.

All amounts are 万元 as printed. ``None`` means the cell was blank; ``0`` means a printed zero.
"""

from __future__ import annotations

from enum import Enum

from pydantic import Field

from .common import Amount, Headcount, Located, Rate, SignedAmount


class IncomeBySource(Located):
    """年度收入情况 (部门（单位）收支情况 of the Hunan overall form)."""

    total: Amount | None = Field(default=None, title="收入合计")
    carried_over: Amount | None = Field(default=None, title="上年结转")
    # 公共财政拨款 / 一般公共预算
    general_public: Amount | None = Field(default=None, title="公共财政拨款")
    # 政府基金拨款 / 政府性基金
    government_fund: Amount | None = Field(default=None, title="政府基金拨款")
    # 国有资本经营
    state_capital: Amount | None = Field(default=None, title="国有资本经营收入")
    special_account_non_tax: Amount | None = Field(default=None, title="纳入专户管理的非税收入拨款")
    other: Amount | None = Field(default=None, title="其他收入")


class ExpenditureByNature(Located):
    """部门（单位）年度支出和结余情况: 基本支出 = 人员经费 + 公用经费, 项目支出, 结余."""

    total: Amount | None = Field(default=None, title="支出合计")
    basic: Amount | None = Field(default=None, title="基本支出")
    # 人员支出 / 人员经费
    personnel: Amount | None = Field(default=None, title="人员支出")
    # 公用支出 / 公用经费
    public_operation: Amount | None = Field(default=None, title="公用支出")
    project: Amount | None = Field(default=None, title="项目支出")
    balance_current: SignedAmount | None = Field(default=None, title="当年结余")
    balance_accumulated: SignedAmount | None = Field(default=None, title="累计结余")


class ThreePublicComponent(str, Enum):
    """三公经费 components, and the rows that group them."""

    TOTAL = "total"  # 合计
    OVERSEAS_TRAVEL = "overseas_travel"  # 因公出国（境）费
    VEHICLE = "vehicle"  # 公务用车购置及运行维护费 (subtotal)
    VEHICLE_PURCHASE = "vehicle_purchase"  # 公务用车购置费
    VEHICLE_OPERATION = "vehicle_operation"  # 公务用车运行维护费
    RECEPTION = "reception"  # 公务接待费


class ThreePublicRow(Located):
    """One row of a 三公经费 table, with what the document itself states about it."""

    component: ThreePublicComponent = Field(title="项目")
    # the row label as printed
    label: str | None = Field(default=None, title="项目名称")
    last_year_actual: Amount | None = Field(default=None, title="上年决算数")
    # 上年预算数 (财预〔2013〕53号 变动率 basis)
    last_year_budget: Amount | None = Field(default=None, title="上年预算数")
    budget: Amount | None = Field(default=None, title="本年预算数")
    # 本年决算数 / 实际支出
    actual: Amount | None = Field(default=None, title="本年决算数")
    # 控制率 (%), as printed
    stated_control_rate: Rate | None = Field(default=None, title="控制率")
    # 同比增减
    stated_change_amount: SignedAmount | None = Field(default=None, title="比上年增减额")
    # 同比增减比率 (%)
    stated_change_rate: Rate | None = Field(default=None, title="比上年增减率")
    # the unit's stated reason for the change (主要原因是…)
    reason: str | None = Field(default=None, title="增减原因")


class ThreePublicTable(Located):
    """A 三公经费 table: where it stands (``title``) and its rows."""

    title: str = Field(title="表名")
    rows: list[ThreePublicRow] = Field(default=[], title="各行")

    def row(self, component: ThreePublicComponent) -> ThreePublicRow | None:
        for r in self.rows:
            if r.component == component:
                return r
        return None


class FixedAssets(Located):
    """固定资产 (万元)."""

    total: Amount | None = Field(default=None, title="固定资产合计")
    in_use: Amount | None = Field(default=None, title="在用固定资产")
    leased: Amount | None = Field(default=None, title="出租固定资产")
    other: Amount | None = Field(default=None, title="其他固定资产")


class ExpenseControlRow(Located):
    """A row of the 基础数据表 经费控制情况 block (上年决算数 / 本年预算数 / 本年决算数)."""

    label: str = Field(title="项目")
    # three_public, vehicle, vehicle_purchase, vehicle_operation,
    key: str | None = Field(default=None, title="行别")
    # overseas_travel, reception, project, project_item, public_operation, office,
    # utilities_travel, meetings_training, procurement, basic_adjustment
    # the key of the row this is a part of ("其中")
    parent: str | None = Field(default=None, title="所属行")
    last_year_actual: Amount | None = Field(default=None, title="上年决算数")
    budget: Amount | None = Field(default=None, title="本年预算数")
    actual: Amount | None = Field(default=None, title="本年决算数")


class BuildingControl(Located):
    """楼堂馆所控制情况."""

    approved_area: Amount | None = Field(default=None, title="批复规模")
    actual_area: Amount | None = Field(default=None, title="实际规模")
    stated_area_control_rate: Rate | None = Field(default=None, title="规模控制率")
    budget_investment: Amount | None = Field(default=None, title="预算投资")
    actual_investment: Amount | None = Field(default=None, title="实际投资")
    stated_investment_control_rate: Rate | None = Field(default=None, title="投资概算控制率")


class BaseDataTable(Located):
    """部门整体支出绩效评价基础数据表 (staffing, 经费控制情况, 楼堂馆所)."""

    title: str | None = Field(default=None, title="表名")
    authorized_staff: Headcount | None = Field(default=None, title="编制数")
    actual_staff: Headcount | None = Field(default=None, title="实际在职人数")
    # 控制率 (%)
    stated_staffing_control_rate: Rate | None = Field(default=None, title="财政供养人员控制率")
    expense_rows: list[ExpenseControlRow] = Field(default=[], title="经费控制情况")
    buildings: BuildingControl | None = Field(default=None, title="楼堂馆所控制情况")
    saving_measures: str | None = Field(default=None, title="厉行节约保障措施")
    note: str | None = Field(default=None, title="说明")

    def expense(self, key: str) -> ExpenseControlRow | None:
        for r in self.expense_rows:
            if r.key == key:
                return r
        return None
