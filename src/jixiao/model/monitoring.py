"""The 绩效运行监控表 (performance monitoring form, "双监控"): budget execution and target progress.

Implements the form of 财预〔2019〕136号 (中央部门预算绩效运行监控管理暂行办法, 2019-07-26) as
local finance bureaus print it (CYCLE.md): per project the budget (年初预算数 / 全年预算数), the
execution to the as-of date (1-7月执行数) and its rate, the full-year forecast (全年预计执行数); per
indicator the 年度指标值, the value reached to date (1-7月实际完成值), the full-year forecast
(全年预计完成值), the 完成目标可能性 (确定能 / 有可能 / 完全不可能), the cause of a deviation
(政策 / 管理 / 资金 / 人员 / 硬件 / 其他) with its explanation, and the corrective measure.

A form may come from a typed page, from a 绩效监控表 .xlsx, or from the 预算管理一体化 platform's
budget-execution export (project code, budget, payments to date) — the latter fills the money
columns only. Like the evaluation package, the form holds what was stated (errors included); rates,
warnings and findings are computed elsewhere (:mod:`jixiao.monitoring`, the audit checks).
"""

from __future__ import annotations

from datetime import date
from enum import Enum

from pydantic import Field

from .common import Amount, Level1, Level2, Located, Rate, StrictModel
from .package import ImportIssue, SourceDocument
from .unit import Unit


class Likelihood(str, Enum):
    """完成目标可能性 (财预〔2019〕136号 monitoring form)."""

    CERTAIN = "确定能"
    POSSIBLE = "有可能"
    IMPOSSIBLE = "完全不可能"


class DeviationCause(str, Enum):
    """偏差原因 category: 政策 / 管理 / 资金 / 人员 / 硬件 / 其他 (the form's 经费保障, 制度保障, 人员保障,
    硬件条件保障 and 其他, with 政策变化 that local forms add)."""

    POLICY = "政策"
    MANAGEMENT = "管理"
    FUNDING = "资金"
    STAFFING = "人员"
    HARDWARE = "硬件"
    OTHER = "其他"


class IndicatorProgress(Located):
    """One indicator of a project (or of the unit as a whole) as monitored to the as-of date."""

    level1: Level1 | None = Field(default=None, title="一级指标")
    level2: Level2 | None = Field(default=None, title="二级指标")
    name: str = Field(title="三级指标")
    target_raw: str | None = Field(default=None, title="年度指标值")
    # 1-7月实际完成值 (value reached to the as-of date)
    progress_raw: str | None = Field(default=None, title="截至监控日实际完成值")
    forecast_raw: str | None = Field(default=None, title="全年预计完成值")
    likelihood: Likelihood | None = Field(default=None, title="完成目标可能性")
    # 偏差原因 (category)
    cause: DeviationCause | None = Field(default=None, title="偏差原因")
    cause_note: str | None = Field(default=None, title="原因说明")
    # 纠偏 / 改进措施
    measure: str | None = Field(default=None, title="纠偏措施")


class ProjectMonitoring(Located):
    """One project's row of the monitoring form: money to date, forecast and its indicators."""

    # 项目编码 (the 一体化 platform's project code)
    code: str | None = Field(default=None, title="项目编码")
    name: str = Field(title="项目名称")
    initial_budget: Amount | None = Field(default=None, title="年初预算数")
    # 全年预算数 (调整后预算数)
    annual_budget: Amount | None = Field(default=None, title="全年预算数")
    # 执行数 to the as-of date (1-7月执行数 / 累计支付)
    executed: Amount | None = Field(default=None, title="执行数")
    # 1-7月执行率 (%), as printed
    stated_execution_rate: Rate | None = Field(default=None, title="执行率")
    forecast_executed: Amount | None = Field(default=None, title="全年预计执行数")
    # 执行偏差原因 (category)
    cause: DeviationCause | None = Field(default=None, title="执行偏差原因")
    cause_note: str | None = Field(default=None, title="执行偏差原因说明")
    measure: str | None = Field(default=None, title="纠偏措施")
    indicators: list[IndicatorProgress] = Field(default=[], title="绩效指标")

    @property
    def budget(self) -> Amount | None:
        """The budget execution is measured against: 全年预算数, else 年初预算数."""
        return self.annual_budget if self.annual_budget is not None else self.initial_budget


class UnitTotals(Located):
    """The form's 合计 row for the unit (what the unit states for all its projects together)."""

    annual_budget: Amount | None = Field(default=None, title="全年预算数")
    executed: Amount | None = Field(default=None, title="执行数")
    stated_execution_rate: Rate | None = Field(default=None, title="执行率")
    forecast_executed: Amount | None = Field(default=None, title="全年预计执行数")


class MonitoringForm(Located):
    """绩效运行监控表 of one unit, one year, as of one date."""

    year: int = Field(ge=1990, le=2100, title="年度")
    # 监控截止日期 (e.g. 2024-07-31)
    as_of: date | None = Field(default=None, title="监控截止日期")
    unit: Unit = Field(title="单位")
    title: str | None = Field(default=None, title="表名")
    documents: list[SourceDocument] = Field(default=[], title="原文文档")
    projects: list[ProjectMonitoring] = Field(default=[], title="项目")
    totals: UnitTotals | None = Field(default=None, title="单位合计")
    # the unit's own (部门整体) indicators
    overall_indicators: list[IndicatorProgress] = Field(default=[], title="部门整体绩效指标")
    filled_by: str | None = Field(default=None, title="填表人")
    import_report: list[ImportIssue] = Field(default=[], title="导入报告")

    def project(self, key: str) -> ProjectMonitoring | None:
        """The project with this code, else this name."""
        for p in self.projects:
            if p.code and p.code == key:
                return p
        for p in self.projects:
            if p.name == key:
                return p
        return None


class ExecutionRecord(StrictModel):
    """One row of the 一体化 platform's budget-execution export: project, budget, payments to date."""

    # 单位名称 (a bureau-wide export lists many units)
    unit_name: str | None = Field(default=None, title="单位名称")
    # 单位编码 / 预算编码
    unit_code: str | None = Field(default=None, title="单位编码")
    code: str | None = Field(default=None, title="项目编码")
    name: str = Field(title="项目名称")
    # 预算数 (全年预算 / 指标数)
    budget: Amount | None = Field(default=None, title="预算数")
    paid: Amount | None = Field(default=None, title="累计支付数")
    # where it was read (spreadsheet row / CSV line)
    row: int | None = Field(default=None, title="行号")


__all__ = [
    "DeviationCause",
    "ExecutionRecord",
    "IndicatorProgress",
    "Likelihood",
    "MonitoringForm",
    "ProjectMonitoring",
    "UnitTotals",
]
