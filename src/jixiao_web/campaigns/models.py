"""Campaign (自评通知): the bureau's annual notice to its units."""

from __future__ import annotations

from django.db import models

from jixiao_web.orgs.models import BudgetUnit, Bureau


class Campaign(models.Model):
    bureau = models.ForeignKey(Bureau, on_delete=models.PROTECT, related_name="campaigns")
    year = models.PositiveIntegerField("评价年度")
    title = models.CharField("通知标题", max_length=200)
    document_number = models.CharField("文号", max_length=60, blank=True)
    scope = models.TextField("自评范围", blank=True)
    basis = models.TextField("自评主要依据", blank=True)
    content = models.TextField("自评主要内容", blank=True)
    procedure = models.TextField("自评程序和步骤", blank=True)
    requirements = models.TextField("有关要求", blank=True)
    attachments = models.JSONField("附件清单", default=list, blank=True)
    rule_sets = models.JSONField("适用规则集", default=list, blank=True)
    required_parts = models.JSONField("必须填报的部分", default=list, blank=True)
    deadline = models.DateField("报送截止日期")
    issued_at = models.DateTimeField("印发时间", null=True, blank=True)
    units = models.ManyToManyField(BudgetUnit, related_name="campaigns", blank=True)

    class Meta:
        verbose_name = "自评通知"
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return f"{self.year}年度 {self.title}"
