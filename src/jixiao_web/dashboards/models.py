"""Findings counted per evaluation revision, so dashboards aggregate findings without loading JSON.

A row counts the findings of one code in the current revision of one evaluation. Rows are
(re)computed for an evaluation whose current revision differs from the one counted
(:func:`jixiao_web.dashboards.selectors.finding_counts_refresh`).
"""

from __future__ import annotations

from django.db import models

from jixiao_web.evaluations.models import Evaluation


class FindingCount(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="finding_counts")
    revision_id = models.BigIntegerField("版本")
    code = models.CharField("代码", max_length=20)
    category = models.CharField("类别", max_length=40)
    severity = models.CharField("严重程度", max_length=10)
    count = models.PositiveIntegerField("个数")

    class Meta:
        verbose_name = "问题统计"
        indexes = [models.Index(fields=["evaluation", "revision_id"])]


class FindingsCounted(models.Model):
    """Which revision of an evaluation the counts belong to (also when it has no finding at all)."""

    evaluation = models.OneToOneField(
        Evaluation, on_delete=models.CASCADE, primary_key=True, related_name="findings_counted"
    )
    revision_id = models.BigIntegerField("版本")
