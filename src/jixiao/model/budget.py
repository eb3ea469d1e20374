"""Budget figures: income by source, expenditure by nature, 三公经费, assets, base-data table.

All amounts are 万元 as printed. ``None`` means the cell was blank; ``0`` means a printed zero.
"""

from __future__ import annotations

from enum import Enum

from .common import Amount, Headcount, Located, Rate, SignedAmount


class IncomeBySource(Located):
    """年度收入情况 (部门（单位）收支情况 of the Hunan overall form)."""

    total: Amount | None = None  # 收入合计
    carried_over: Amount | None = None  # 上年结转
    general_public: Amount | None = None  # 公共财政拨款 / 一般公共预算
    government_fund: Amount | None = None  # 政府基金拨款 / 政府性基金
    state_capital: Amount | None = None  # 国有资本经营
    special_account_non_tax: Amount | None = None  # 纳入专户管理的非税收入拨款
    other: Amount | None = None  # 其他收入


class ExpenditureByNature(Located):
    """部门（单位）年度支出和结余情况: 基本支出 = 人员经费 + 公用经费, 项目支出, 结余."""

    total: Amount | None = None  # 支出合计
    basic: Amount | None = None  # 基本支出
    personnel: Amount | None = None  # 人员支出 / 人员经费
    public_operation: Amount | None = None  # 公用支出 / 公用经费
    project: Amount | None = None  # 项目支出
    balance_current: SignedAmount | None = None  # 当年结余
    balance_accumulated: SignedAmount | None = None  # 累计结余


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

    component: ThreePublicComponent
    label: str | None = None  # the row label as printed
    last_year_actual: Amount | None = None  # 上年决算数
    last_year_budget: Amount | None = None  # 上年预算数 (财预〔2013〕53号 变动率 basis)
    budget: Amount | None = None  # 本年预算数
    actual: Amount | None = None  # 本年决算数 / 实际支出
    stated_control_rate: Rate | None = None  # 控制率 (%), as printed
    stated_change_amount: SignedAmount | None = None  # 同比增减
    stated_change_rate: Rate | None = None  # 同比增减比率 (%)
    reason: str | None = None  # the unit's stated reason for the change (主要原因是…)


class ThreePublicTable(Located):
    """A 三公经费 table: where it stands (``title``) and its rows."""

    title: str
    rows: list[ThreePublicRow] = []

    def row(self, component: ThreePublicComponent) -> ThreePublicRow | None:
        for r in self.rows:
            if r.component == component:
                return r
        return None


class FixedAssets(Located):
    """固定资产 (万元)."""

    total: Amount | None = None
    in_use: Amount | None = None
    leased: Amount | None = None
    other: Amount | None = None


class ExpenseControlRow(Located):
    """A row of the 基础数据表 经费控制情况 block (上年决算数 / 本年预算数 / 本年决算数)."""

    label: str
    key: str | None = None  # three_public, vehicle, vehicle_purchase, vehicle_operation,
    # overseas_travel, reception, project, project_item, public_operation, office,
    # utilities_travel, meetings_training, procurement, basic_adjustment
    parent: str | None = None  # the key of the row this is a part of ("其中")
    last_year_actual: Amount | None = None
    budget: Amount | None = None
    actual: Amount | None = None


class BuildingControl(Located):
    """楼堂馆所控制情况."""

    approved_area: Amount | None = None
    actual_area: Amount | None = None
    stated_area_control_rate: Rate | None = None
    budget_investment: Amount | None = None
    actual_investment: Amount | None = None
    stated_investment_control_rate: Rate | None = None


class BaseDataTable(Located):
    """部门整体支出绩效评价基础数据表 (staffing, 经费控制情况, 楼堂馆所)."""

    title: str | None = None
    authorized_staff: Headcount | None = None  # 编制数
    actual_staff: Headcount | None = None  # 实际在职人数
    stated_staffing_control_rate: Rate | None = None  # 控制率 (%)
    expense_rows: list[ExpenseControlRow] = []
    buildings: BuildingControl | None = None
    saving_measures: str | None = None  # 厉行节约保障措施
    note: str | None = None  # 说明

    def expense(self, key: str) -> ExpenseControlRow | None:
        for r in self.expense_rows:
            if r.key == key:
                return r
        return None
