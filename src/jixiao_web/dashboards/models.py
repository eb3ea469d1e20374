"""Maintained aggregates the dashboards read instead of scanning every evaluation on each request.

Two tables, kept current by :mod:`jixiao_web.dashboards.tally` whenever a package is saved or an
evaluation moves state (the evaluation services call it), and rebuilt whole by
``manage.py dashboards_rebuild``:

- :class:`EvaluationTally` — what one evaluation contributes, as last counted: its group (year,
  bureau, jurisdiction, campaign), the figures the charts bucket, and its findings per category.
  The rankings (得分排名, 三公经费, 问题最多) are read from it through its indexes.
- :class:`DashboardCounter` — one number per group and metric (``state:draft``, ``self:3``,
  ``finding:sum_mismatch:error``, ``three_public:sum`` …). A dashboard sums the rows of the groups
  in scope: one small query whatever the number of units.
- :class:`DashboardStamp` — a random token per (year, bureau), replaced in the same transaction as
  any change to that year's and bureau's counters or tallies: the tokens in a dashboard's scope
  are the key under which a web process keeps the dashboard's figures (see ``selectors.figures``).
"""

from __future__ import annotations

from django.db import models

from jixiao_web.evaluations.models import Evaluation
from jixiao_web.orgs.models import BudgetUnit, Jurisdiction

NO_CAMPAIGN = 0


class EvaluationTally(models.Model):
    evaluation = models.OneToOneField(
        Evaluation, on_delete=models.CASCADE, primary_key=True, related_name="tally"
    )
    unit = models.ForeignKey(BudgetUnit, on_delete=models.CASCADE, related_name="+", db_index=False)
    unit_name = models.CharField("单位名称", max_length=200)
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.CASCADE, related_name="+", db_index=False)
    year = models.PositiveIntegerField("评价年度")
    bureau_id = models.IntegerField("财政局")
    campaign_id = models.IntegerField("自评通知", default=NO_CAMPAIGN)
    state = models.CharField("状态", max_length=20)
    sent = models.BooleanField("已报送", default=False)
    days_late = models.IntegerField("迟报天数", default=0)
    self_score = models.DecimalField(max_digits=30, decimal_places=2, null=True)
    computed_score = models.DecimalField(max_digits=30, decimal_places=2, null=True)
    rank_score = models.DecimalField("排名得分", max_digits=30, decimal_places=2, null=True)
    grade = models.CharField(max_length=20, blank=True)
    execution_rate = models.DecimalField(max_digits=30, decimal_places=2, null=True)
    three_public_actual = models.DecimalField(max_digits=30, decimal_places=2, null=True)
    three_public_last_year = models.DecimalField(max_digits=30, decimal_places=2, null=True)
    error_count = models.IntegerField(default=0)
    warning_count = models.IntegerField(default=0)
    findings = models.JSONField("问题（类别|严重程度 → 个数）", default=dict)
    revision_id = models.BigIntegerField("统计问题的版本", null=True)

    class Meta:
        verbose_name = "看板计数（单份自评）"
        indexes = [
            models.Index(fields=["year", "-rank_score", "unit_name"], name="tally_rank"),
            models.Index(fields=["bureau_id", "year", "-rank_score", "unit_name"], name="tally_rank_bureau"),
            models.Index(fields=["year", "-three_public_actual", "unit_name"], name="tally_three"),
            models.Index(
                fields=["bureau_id", "year", "-three_public_actual", "unit_name"], name="tally_three_bureau"
            ),
            models.Index(
                fields=["year", "-error_count", "-warning_count", "unit_name"], name="tally_findings"
            ),
            models.Index(
                fields=["bureau_id", "year", "-error_count", "-warning_count", "unit_name"],
                name="tally_findings_bureau",
            ),
            models.Index(fields=["unit", "year"], name="tally_unit_year"),
        ]


class DashboardCounter(models.Model):
    year = models.PositiveIntegerField("评价年度")
    bureau_id = models.IntegerField("财政局")
    jurisdiction_id = models.IntegerField("行政区划")
    campaign_id = models.IntegerField("自评通知", default=NO_CAMPAIGN)
    metric = models.CharField("指标", max_length=80)
    value = models.DecimalField("数值", max_digits=38, decimal_places=2, default=0)

    class Meta:
        verbose_name = "看板计数"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "bureau_id", "jurisdiction_id", "campaign_id", "metric"],
                name="uniq_dashboard_counter",
            )
        ]
        indexes = [
            models.Index(fields=["bureau_id", "year"], name="counter_bureau_year"),
            # a city's or county's figures (the jurisdiction filter), and the years that have any
            models.Index(fields=["year", "jurisdiction_id"], name="counter_year_jurisdiction"),
            models.Index(fields=["metric", "year"], name="counter_metric_year"),
        ]


class DashboardStamp(models.Model):
    year = models.PositiveIntegerField("评价年度")
    bureau_id = models.IntegerField("财政局")
    token = models.BigIntegerField("版本标记", default=0)

    class Meta:
        verbose_name = "看板版本标记"
        constraints = [models.UniqueConstraint(fields=["year", "bureau_id"], name="uniq_dashboard_stamp")]
