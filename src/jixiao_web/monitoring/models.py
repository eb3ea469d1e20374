"""绩效运行监控 (双监控, 财预〔2019〕136号): rounds, one report per unit, the bureau's decisions.

A report stores the core's :class:`jixiao.model.monitoring.MonitoringForm` as JSON; the figures that
lists and dashboards need (budget, execution, rate, ratio to the time share, worst warning level and
counts) are copied into columns whenever the report is saved, with the rule set that produced them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jixiao_web.evaluations.models import AMOUNT, RATE, FigureField
from jixiao_web.orgs.models import BudgetUnit, Bureau


class Level(models.TextChoices):
    GREEN = "green", "正常"
    YELLOW = "yellow", "黄色预警"
    RED = "red", "红色预警"


class MonitoringRound(models.Model):
    """A monitoring round a bureau opens for its units: one year, one as-of date (e.g. 2024-07-31)."""

    bureau = models.ForeignKey(Bureau, on_delete=models.PROTECT, related_name="monitoring_rounds")
    year = models.PositiveIntegerField("监控年度")
    as_of = models.DateField("监控截止日期")
    title = models.CharField("名称", max_length=200)
    rule_set_id = models.CharField("预警规则集", max_length=200)
    rule_set_version = models.CharField("规则集版本", max_length=20)
    rule_set_hash = models.CharField("规则集散列", max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "监控轮次"
        ordering = ["-as_of", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["bureau", "as_of"], name="uniq_monitoring_round_bureau_date")
        ]

    def __str__(self) -> str:
        return self.title


class MonitoringReport(models.Model):
    """One unit's 绩效运行监控表 in a round, with its computed warning figures."""

    round = models.ForeignKey(MonitoringRound, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(BudgetUnit, on_delete=models.PROTECT, related_name="monitoring_reports")
    data = models.JSONField("监控表")
    budget = FigureField("预算数", **AMOUNT, null=True, blank=True)
    executed = FigureField("执行数", **AMOUNT, null=True, blank=True)
    execution_rate = FigureField("执行率", **RATE, null=True, blank=True)
    ratio = FigureField("执行进度/时间进度", **RATE, null=True, blank=True)
    level = models.CharField("预警", max_length=8, choices=Level.choices, blank=True)
    red_count = models.IntegerField("红色预警项目数", default=0)
    yellow_count = models.IntegerField("黄色预警项目数", default=0)
    unlikely_count = models.IntegerField("可能完不成的指标数", default=0)
    findings = models.JSONField("审核发现", default=list, blank=True)
    import_report = models.JSONField("未能读取的内容", default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "监控表"
        ordering = ["unit__name"]
        constraints = [models.UniqueConstraint(fields=["round", "unit"], name="uniq_monitoring_report")]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.round.as_of}"


class Action(models.TextChoices):
    URGE = "urge", "督促"
    ADJUST_BUDGET = "adjust_budget", "调整预算"
    SUSPEND_PAYMENT = "suspend_payment", "暂缓拨款"
    RECOVER = "recover", "收回"


class Decision(models.Model):
    """The bureau's decision on a report (a project of it, or the unit as a whole)."""

    report = models.ForeignKey(MonitoringReport, on_delete=models.CASCADE, related_name="decisions")
    project = models.CharField("项目", max_length=200, blank=True)  # blank: the unit as a whole
    action = models.CharField("处理意见", max_length=20, choices=Action.choices)
    amount = FigureField("金额（万元）", **AMOUNT, null=True, blank=True)
    reason = models.TextField("理由")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "财政处理意见"
        ordering = ["decided_at", "id"]
