"""Bulk audit jobs: the uploaded zip, the progress, and one item per document with its findings."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jixiao_web.evaluations.models import COMPUTED_SCORE, SCORE, FigureField
from jixiao_web.orgs.models import Bureau


class JobStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "处理中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class ItemStatus(models.TextChoices):
    PENDING = "pending", "待处理"
    OK = "ok", "已审核"
    FAILED = "failed", "无法读取"
    SKIPPED = "skipped", "已跳过"


class BulkJob(models.Model):
    bureau = models.ForeignKey(
        Bureau, null=True, blank=True, on_delete=models.PROTECT, related_name="bulk_jobs"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    filename = models.CharField("压缩包", max_length=255)
    archive = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    status = models.CharField("状态", max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    total = models.PositiveIntegerField("文档数", default=0)
    done = models.PositiveIntegerField("已处理", default=0)
    message = models.TextField("说明", blank=True)
    # the lease of the worker running the job: renewed while it works (heartbeat); a job whose lease
    # ran out lost its worker and is queued again, at most BULK_MAX_ATTEMPTS times in all
    attempts = models.PositiveIntegerField("运行次数", default=0)
    lease_until = models.DateTimeField("租约到期", null=True, blank=True)
    heartbeat_at = models.DateTimeField("最近心跳", null=True, blank=True)
    worker = models.CharField("后台进程", max_length=100, blank=True)

    class Meta:
        verbose_name = "批量审核任务"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename}（{self.get_status_display()}）"

    @property
    def percent(self) -> int:
        return (
            100
            if self.total == 0 and self.status == JobStatus.DONE
            else (int(self.done * 100 / self.total) if self.total else 0)
        )


class BulkItem(models.Model):
    job = models.ForeignKey(BulkJob, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    member_index = models.PositiveIntegerField()
    filename = models.CharField("文件", max_length=500)
    status = models.CharField("状态", max_length=10, choices=ItemStatus.choices, default=ItemStatus.PENDING)
    message = models.TextField("说明", blank=True)
    unit_name = models.CharField("单位", max_length=200, blank=True)
    year = models.PositiveIntegerField("年度", null=True, blank=True)
    self_score = FigureField("自评得分", **SCORE, null=True, blank=True)
    computed_score = FigureField("复核得分", **COMPUTED_SCORE, null=True, blank=True)
    grade = models.CharField("自评等级", max_length=8, blank=True)
    computed_grade = models.CharField("复核等级", max_length=8, blank=True)  # by the rule set (final_score)
    scope = models.TextField("审核范围", blank=True)  # what was read (COV002), or the warning COV001
    error_count = models.IntegerField("错误数", default=0)
    warning_count = models.IntegerField("警告数", default=0)
    info_count = models.IntegerField("提示数", default=0)
    import_issue_count = models.IntegerField("未能识别", default=0)
    findings = models.JSONField("问题", default=list, blank=True)
    seconds = models.DecimalField("耗时（秒）", max_digits=8, decimal_places=2, null=True, blank=True)
    attempts = models.PositiveIntegerField("处理次数", default=0)  # started; a worker that died mid-document

    class Meta:
        verbose_name = "批量审核文档"
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["job", "position"], name="uniq_bulk_item_position")]
