"""An evaluation (one unit, one year) with its revisions, workflow log, comments and files.

The package itself is the core's :class:`jixiao.model.EvaluationPackage`, stored as JSON in each
revision; a few figures are copied into columns for lists and dashboards.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from jixiao_web.campaigns.models import Campaign
from jixiao_web.orgs.models import BudgetUnit

# Column sizes follow the bounds of the core package model (jixiao.model.bounds): a score 0..1000 with
# at most four decimals, a rate (%) within ±10^6 with six, an amount (万元) below 10^12 with six. A
# computed score gets room to spare; whatever does not fit is refused before anything is written.
SCORE = {"max_digits": 8, "decimal_places": 4}
COMPUTED_SCORE = {"max_digits": 12, "decimal_places": 4}
RATE = {"max_digits": 13, "decimal_places": 6}
AMOUNT = {"max_digits": 18, "decimal_places": 6}


def column_value(field: Any, value: Decimal | None, *, exact: bool = True) -> Decimal | None:
    """``value`` as the column ``field`` stores it, or ``ValidationError`` naming the field (Chinese).

    ``exact`` (a figure the document or the person stated) refuses a value with more decimals than
    the column keeps; otherwise (a figure the system computed) it is rounded to the column.
    """
    if value is None:
        return None
    label = str(field.verbose_name)
    places = field.decimal_places or 0
    limit = Decimal(10) ** ((field.max_digits or 0) - places)
    try:
        value = Decimal(value)
        if not value.is_finite():
            raise ValidationError(f"{label}：不是有效的数值（{value}）")
        if abs(value) >= limit:
            raise ValidationError(f"{label}：{value} 超出可保存的范围（绝对值应小于{limit}）")
        stored = value.quantize(Decimal(1).scaleb(-places))
    except InvalidOperation as exc:
        raise ValidationError(f"{label}：{value} 超出可保存的范围（绝对值应小于{limit}）") from exc
    if exact and stored != value:
        raise ValidationError(f"{label}：{value} 的小数位过多（最多{places}位）")
    return stored


_STEPS = {places: Decimal(1).scaleb(-places) for places in range(7)}


def shown(value: Decimal, places: int) -> Decimal:
    """``value`` with at least ``places`` decimals and no trailing zeros beyond them (59.990000 → 59.99)."""
    step = _STEPS.get(places)
    if step is not None:
        # the common case first (every list row reads four such columns): no digit beyond ``places``,
        # so ``places`` decimals exactly — what the general way below gives, for less
        try:
            rounded = value.quantize(step)
        except InvalidOperation:
            rounded = None
        if rounded is not None and rounded == value:
            return rounded
    trimmed = value.normalize()
    exponent = trimmed.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -places:
        return value.quantize(Decimal(1).scaleb(-places))
    return trimmed


class FigureField(models.DecimalField):
    """A decimal column sized to the package model, read back as figures are printed: with at least
    ``shown_places`` decimals (money 2.50, not 2.500000) and all the decimals that were stated."""

    def __init__(self, *args: Any, shown_places: int = 2, **kwargs: Any) -> None:
        self.shown_places = shown_places
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.shown_places != 2:
            kwargs["shown_places"] = self.shown_places
        return name, path, args, kwargs

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Decimal | None:
        if value is None:
            return None
        try:
            number = value if isinstance(value, Decimal) else Decimal(str(value))
            return shown(number, self.shown_places) if number.is_finite() else None
        except InvalidOperation:
            return None


class State(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已报送"
    UNDER_REVIEW = "under_review", "审核中"
    RETURNED = "returned", "已退回"
    APPROVED = "approved", "已通过"
    PUBLISHED = "published", "已公开"


class Evaluation(models.Model):
    unit = models.ForeignKey(BudgetUnit, on_delete=models.PROTECT, related_name="evaluations")
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.PROTECT, related_name="evaluations"
    )
    year = models.PositiveIntegerField("评价年度")
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.DRAFT)
    current_revision = models.ForeignKey(
        "Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    days_late = models.IntegerField("迟报天数", default=0)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    # figures pulled out of the current revision for lists and dashboards
    self_score = FigureField("自评得分", **SCORE, null=True, blank=True)
    computed_score = FigureField("复核得分", **COMPUTED_SCORE, null=True, blank=True)
    grade = models.CharField("等级", max_length=8, blank=True)
    execution_rate = FigureField("执行率", **RATE, null=True, blank=True)
    three_public_actual = FigureField("三公经费", **AMOUNT, null=True, blank=True)
    three_public_last_year = FigureField("三公经费上年决算", **AMOUNT, null=True, blank=True)
    error_count = models.IntegerField("错误数", default=0)
    warning_count = models.IntegerField("警告数", default=0)
    # 考核评分表: computed, and the bureau's adjustment with its reason
    assessment_score = FigureField("考核得分", **SCORE, null=True, blank=True)
    assessment_detail = models.JSONField("考核明细", default=list, blank=True)
    assessment_adjustment = models.DecimalField("考核调整", max_digits=6, decimal_places=2, default=0)
    assessment_adjustment_reason = models.TextField("调整理由", blank=True)

    class Meta:
        verbose_name = "绩效自评"
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="uniq_evaluation_unit_year")]
        indexes = [
            # the list order of the API and the pages: newest year first, then unit, then id
            models.Index(fields=["-year", "unit", "id"], name="evaluation_list_order"),
            models.Index(fields=["state", "year"], name="evaluation_state_year"),
        ]
        ordering = ["-year", "unit__name"]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.year}年度"


class Revision(models.Model):
    """Every save is a revision: who, when, what changed; ``conflict`` marks a kept losing edit."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField("版本号")
    data = models.JSONField("评价包")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    message = models.CharField("说明", max_length=300, blank=True)
    changes = models.JSONField("变更", default=list, blank=True)
    based_on = models.PositiveIntegerField("基于版本", null=True, blank=True)
    conflict = models.BooleanField("冲突版本", default=False)

    class Meta:
        verbose_name = "版本"
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "number"], name="uniq_revision_number")]


class Transition(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=20, choices=State.choices)
    to_state = models.CharField(max_length=20, choices=State.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]


class Comment(models.Model):
    """A reviewer's comment, attached to a field path or a finding code."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="comments")
    revision_number = models.PositiveIntegerField(null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    path = models.CharField("字段", max_length=300, blank=True)
    finding_code = models.CharField("问题代码", max_length=20, blank=True)
    text = models.TextField("意见")
    created_at = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "id"]


class Explanation(models.Model):
    """The unit's explanation of an error-level finding it does not correct."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="explanations")
    code = models.CharField(max_length=20)
    path = models.CharField(max_length=300, blank=True)
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "code", "path"], name="uniq_explanation")
        ]


class SourceFile(models.Model):
    """An uploaded document (kept whole, so the reviewer can see the cited place)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="files")
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    text = models.TextField("文本", blank=True)
