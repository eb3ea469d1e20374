"""Target rounds (年度绩效目标申报), filings with their revisions, opinions per indicator, adjustments.

A filing stores its declarations as the core's :class:`jixiao.model.targets.TargetDeclaration` list (JSON,
one revision per save); the counts the dashboards ask for are pulled out into columns.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jixiao_web.orgs.models import BudgetUnit, Bureau


class TargetRound(models.Model):
    """The bureau's call for the year's targets (filed with the budget)."""

    bureau = models.ForeignKey(Bureau, on_delete=models.PROTECT, related_name="target_rounds")
    year = models.PositiveIntegerField("预算年度")
    title = models.CharField("通知标题", max_length=200)
    deadline = models.DateField("申报截止日期")
    opened_at = models.DateTimeField("发布时间", auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    units = models.ManyToManyField(BudgetUnit, related_name="target_rounds", blank=True)

    class Meta:
        verbose_name = "绩效目标申报"
        ordering = ["-year", "-id"]
        constraints = [models.UniqueConstraint(fields=["bureau", "year"], name="uniq_target_round_year")]

    def __str__(self) -> str:
        return f"{self.year}年度 {self.title}"


class FilingState(models.TextChoices):
    DRAFT = "draft", "填报中"
    SUBMITTED = "submitted", "已报送"
    UNDER_REVIEW = "under_review", "审核中"
    RETURNED = "returned", "已退回"
    APPROVED = "approved", "已批复"
    PUBLISHED = "published", "已公开"


class TargetFiling(models.Model):
    """One unit's declarations for the round's year."""

    round = models.ForeignKey(TargetRound, on_delete=models.PROTECT, related_name="filings")
    unit = models.ForeignKey(BudgetUnit, on_delete=models.PROTECT, related_name="target_filings")
    year = models.PositiveIntegerField("预算年度")
    state = models.CharField("状态", max_length=20, choices=FilingState.choices, default=FilingState.DRAFT)
    revision = models.PositiveIntegerField("当前版本", default=0)
    data = models.JSONField("绩效目标申报表", default=list)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField("批复时间", null=True, blank=True)
    approval_reference = models.CharField("批复文号", max_length=100, blank=True)
    reviewed_revision = models.PositiveIntegerField("批复所依据的版本", null=True, blank=True)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    # pulled out for lists and dashboards
    indicator_count = models.IntegerField("指标数", default=0)
    with_basis_count = models.IntegerField("有设定依据的指标数", default=0)
    below_history_count = models.IntegerField("低于上年实际的指标数", default=0)
    error_count = models.IntegerField("错误数", default=0)
    warning_count = models.IntegerField("警告数", default=0)

    class Meta:
        verbose_name = "绩效目标申报表"
        ordering = ["-year", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["round", "unit"], name="uniq_target_filing_unit")]
        indexes = [models.Index(fields=["state", "year"], name="target_filing_state_year")]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.year}年度绩效目标"


class FilingRevision(models.Model):
    """Every save is kept: who, when, and a conflict marker for a losing concurrent edit."""

    filing = models.ForeignKey(TargetFiling, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField("版本号")
    data = models.JSONField("绩效目标申报表")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    message = models.CharField("说明", max_length=300, blank=True)
    conflict = models.BooleanField("冲突版本", default=False)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["filing", "number"], name="uniq_filing_revision")]


class FilingTransition(models.Model):
    filing = models.ForeignKey(TargetFiling, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=20, choices=FilingState.choices)
    to_state = models.CharField(max_length=20, choices=FilingState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]


class Verdict(models.TextChoices):
    PASS = "pass", "通过"
    PASS_AFTER_CHANGE = "pass_after_change", "修改后通过"
    REJECT = "reject", "不通过"


class IndicatorOpinion(models.Model):
    """The desk's opinion on one indicator of one declaration (the latest one counts)."""

    filing = models.ForeignKey(TargetFiling, on_delete=models.CASCADE, related_name="opinions")
    revision_number = models.PositiveIntegerField("版本号")
    declaration = models.PositiveIntegerField("申报表序号")
    indicator = models.PositiveIntegerField("指标序号")
    indicator_name = models.CharField("三级指标", max_length=200)
    verdict = models.CharField("审核意见", max_length=20, choices=Verdict.choices)
    reason = models.TextField("理由", blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class AdjustmentState(models.TextChoices):
    REQUESTED = "requested", "待审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "未批准"


class TargetAdjustmentRequest(models.Model):
    """目标调整: a change of an approved target, with its reason, and the desk's decision."""

    filing = models.ForeignKey(TargetFiling, on_delete=models.CASCADE, related_name="adjustments")
    declaration = models.PositiveIntegerField("申报表序号")
    indicator = models.PositiveIntegerField("指标序号")
    indicator_name = models.CharField("三级指标", max_length=200)
    old_target = models.CharField("原指标值", max_length=300)
    new_target = models.CharField("调整后指标值", max_length=300)
    reason = models.TextField("调整理由")
    state = models.CharField(
        "状态", max_length=20, choices=AdjustmentState.choices, default=AdjustmentState.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField("审批意见", blank=True)

    class Meta:
        ordering = ["requested_at", "id"]


# ---------------------------------------------------------------- the bureau's own indicator library


class LibraryEntryState(models.TextChoices):
    ACTIVE = "active", "在用"
    RETIRED = "retired", "已停用"


class BureauIndicator(models.Model):
    """One entry of a bureau's own indicator library (部门/行业指标) beside the shipped frameworks.

    ``data`` is the core's :class:`jixiao.indicators.model.LibraryEntry`; the columns lists show are
    pulled out. A retired entry is never deleted: it stays readable with who retired it, when and why,
    and is no longer suggested to units.
    """

    bureau = models.ForeignKey(Bureau, on_delete=models.PROTECT, related_name="library_entries")
    key = models.CharField("条目标识", max_length=80)
    name = models.CharField("三级指标", max_length=200)
    level1 = models.CharField("一级指标", max_length=50)
    level2 = models.CharField("二级指标", max_length=50)
    data = models.JSONField("条目")
    state = models.CharField(
        "状态", max_length=20, choices=LibraryEntryState.choices, default=LibraryEntryState.ACTIVE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("添加时间", auto_now_add=True)
    retired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    retired_at = models.DateTimeField("停用时间", null=True, blank=True)
    retire_reason = models.TextField("停用理由", blank=True)

    class Meta:
        verbose_name = "部门指标库条目"
        ordering = ["level1", "level2", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["bureau", "key"], name="bureau_indicator_key")]

    def __str__(self) -> str:
        return f"{self.bureau} · {self.name}"


class LibraryChangeAction(models.TextChoices):
    ADD = "add", "添加"
    UPDATE = "update", "修改"
    RETIRE = "retire", "停用"
    RESTORE = "restore", "恢复"


class BureauIndicatorChange(models.Model):
    """The history of an entry: every add, update (by import), retire and restore, by whom and when."""

    entry = models.ForeignKey(BureauIndicator, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField("操作", max_length=20, choices=LibraryChangeAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    data = models.JSONField("操作后的条目")
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]
