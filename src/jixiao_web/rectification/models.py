"""整改 (rectification) and 评价结果应用 (results application) after the self-evaluation.

A notice (整改通知) goes to one unit with items, each carrying the finding it comes from (code, place,
message) — from a self-evaluation, a monitoring report or a re-evaluation. The unit answers each item
with its measures and evidence; the bureau closes or reopens it. Each item is a small state machine
(open → answered → closed; answered or closed → open again) that only the services move, every move
logged. An item not closed by its deadline is overdue.

A budget suggestion is the core's results-application suggestion for one project (with the rule set
that produced it and the figures it used), and the bureau's decision: accepted, or overridden with a
reason.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jixiao_web.evaluations.models import AMOUNT, RATE, SCORE, FigureField
from jixiao_web.orgs.models import BudgetUnit, Bureau


class Source(models.TextChoices):
    SELF_EVALUATION = "self_evaluation", "绩效自评"
    MONITORING = "monitoring", "绩效运行监控"
    RE_EVALUATION = "re_evaluation", "财政评价（抽评）"
    OTHER = "other", "其他"


class RectificationNotice(models.Model):
    bureau = models.ForeignKey(Bureau, on_delete=models.PROTECT, related_name="rectification_notices")
    unit = models.ForeignKey(BudgetUnit, on_delete=models.PROTECT, related_name="rectification_notices")
    year = models.PositiveIntegerField("年度")
    title = models.CharField("标题", max_length=200)
    source = models.CharField("来源", max_length=20, choices=Source.choices)
    source_ref = models.CharField("来源编号", max_length=60, blank=True)  # evaluation / report id
    deadline = models.DateField("整改期限")
    note = models.TextField("整改要求", blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "整改通知"
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return self.title


class ItemState(models.TextChoices):
    OPEN = "open", "待整改"
    ANSWERED = "answered", "已反馈"
    CLOSED = "closed", "已销号"


class RectificationItem(models.Model):
    notice = models.ForeignKey(RectificationNotice, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveIntegerField("序号")
    text = models.TextField("问题")
    finding_code = models.CharField("问题代码", max_length=20, blank=True)
    finding_path = models.CharField("位置", max_length=300, blank=True)
    finding_message = models.TextField("审核发现", blank=True)
    deadline = models.DateField("整改期限")
    state = models.CharField("状态", max_length=10, choices=ItemState.choices, default=ItemState.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "整改事项"
        ordering = ["notice_id", "number"]
        constraints = [models.UniqueConstraint(fields=["notice", "number"], name="uniq_rectification_item")]
        indexes = [models.Index(fields=["state", "deadline"], name="rectification_item_due")]


class ItemAnswer(models.Model):
    """The unit's answer to an item: what it did (整改措施及成效)."""

    item = models.ForeignKey(RectificationItem, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField("整改措施及成效")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class Evidence(models.Model):
    """佐证材料 uploaded with an answer (kept whole in the database, like evaluation source files)."""

    answer = models.ForeignKey(ItemAnswer, on_delete=models.CASCADE, related_name="evidence")
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)


class ItemEvent(models.Model):
    """Every move of an item's state machine: who, when, why."""

    item = models.ForeignKey(RectificationItem, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=10, choices=ItemState.choices)
    to_state = models.CharField(max_length=10, choices=ItemState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]


class BudgetAction(models.TextChoices):
    INCREASE = "increase", "增加"
    MAINTAIN = "maintain", "维持"
    CUT = "cut", "核减"
    SUSPEND = "suspend", "暂停"
    CANCEL = "cancel", "取消"


class BudgetSuggestion(models.Model):
    """评价结果应用: one project's suggested action for next year's budget, and the bureau's decision."""

    bureau = models.ForeignKey(Bureau, on_delete=models.PROTECT, related_name="budget_suggestions")
    unit = models.ForeignKey(BudgetUnit, on_delete=models.PROTECT, related_name="budget_suggestions")
    year = models.PositiveIntegerField("评价年度")
    project = models.CharField("项目", max_length=200)
    budget = FigureField("全年预算数", **AMOUNT, null=True, blank=True)
    execution_rate = FigureField("执行率", **RATE, null=True, blank=True)
    score = FigureField("得分", **SCORE, null=True, blank=True)
    grade = models.CharField("等级", max_length=8, blank=True)
    action = models.CharField("建议", max_length=10, choices=BudgetAction.choices)
    cut_at_least = models.DecimalField("最低核减比例", max_digits=5, decimal_places=4, null=True, blank=True)
    explanation = models.TextField("依据")
    rules = models.JSONField("触发的规则", default=list)
    rule_set_id = models.CharField(max_length=200)
    rule_set_version = models.CharField(max_length=20)
    rule_set_hash = models.CharField(max_length=64)
    decided_action = models.CharField("财政局决定", max_length=10, choices=BudgetAction.choices, blank=True)
    decision_reason = models.TextField("理由", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "结果应用建议"
        ordering = ["unit__name", "project"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "project"], name="uniq_budget_suggestion")
        ]
