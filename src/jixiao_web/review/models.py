"""财政重点评价 and 抽评 (财预〔2020〕10号 财政评价; 财预〔2021〕6号 第三方机构): the bureau's registry of
third-party agencies and experts, its sample rounds, and the re-scores.

A round records how its sample was drawn (seed, stratification, strata sizes and allocation) so that
the same candidates give the same sample again. Each sampled evaluation is an item, assigned to the
bureau itself or to a registered agency or expert (refused when they are related to the unit). A
re-score is kept per form of the package (the overall form, each project's) with its reason and,
when the re-scorer went row by row, the rows.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from jixiao_web.evaluations.models import SCORE, Evaluation, FigureField
from jixiao_web.orgs.models import BudgetUnit, Bureau


class ReviewerKind(models.TextChoices):
    AGENCY = "agency", "第三方机构"
    EXPERT = "expert", "专家"


class Reviewer(models.Model):
    """A third-party agency or an expert in a bureau's registry (评价机构和专家库)."""

    bureau = models.ForeignKey(Bureau, on_delete=models.PROTECT, related_name="reviewers")
    kind = models.CharField("类别", max_length=10, choices=ReviewerKind.choices)
    name = models.CharField("名称或姓名", max_length=200)
    organisation = models.CharField("所在单位", max_length=200, blank=True)  # an expert's work unit
    related_units = models.ManyToManyField(
        BudgetUnit, blank=True, related_name="related_reviewers", verbose_name="申报的关联单位"
    )  # served in recent years (咨询、代编、审计) or otherwise related: they may not re-evaluate them
    note = models.TextField("备注", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "评价机构或专家"
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["bureau", "name"], name="uniq_reviewer_name")]

    def __str__(self) -> str:
        return self.name


class Stratification(models.TextChoices):
    NONE = "", "不分层"
    DESK = "desk", "按归口科室分层"
    SIZE = "size", "按预算规模分层"


class ReviewRound(models.Model):
    """One 抽评 sample of a bureau's evaluations of a year, with how it was drawn."""

    bureau = models.ForeignKey(Bureau, on_delete=models.PROTECT, related_name="review_rounds")
    year = models.PositiveIntegerField("评价年度")
    title = models.CharField("名称", max_length=200)
    seed = models.BigIntegerField("随机种子")
    size = models.PositiveIntegerField("抽样数量")
    stratify_by = models.CharField("分层", max_length=8, choices=Stratification.choices, blank=True)
    size_bounds = models.JSONField("规模分档（万元）", default=list, blank=True)
    population = models.JSONField("各层单位数", default=dict)
    allocation = models.JSONField("各层抽取数", default=dict)
    # the candidates the sample was drawn from, as drawn: [{key, label, stratum}] (key: the evaluation id)
    candidates = models.JSONField("候选名单", default=list)
    description = models.TextField("抽样说明")
    rule_set_id = models.CharField("规则集", max_length=200)  # the 高估 threshold (results_application)
    rule_set_version = models.CharField(max_length=20)
    rule_set_hash = models.CharField(max_length=64)
    published_at = models.DateTimeField("结果公开时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "抽评批次"
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.title


class Assignee(models.TextChoices):
    NONE = "", "未委派"
    BUREAU = "bureau", "财政部门自行评价"
    REVIEWER = "reviewer", "委托第三方机构或专家"


class ReviewItem(models.Model):
    """A sampled evaluation: who re-evaluates it."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="items")
    evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, related_name="review_items")
    unit = models.ForeignKey(BudgetUnit, on_delete=models.PROTECT, related_name="review_items")
    stratum = models.CharField("层", max_length=100, blank=True)
    assignee = models.CharField("评价方式", max_length=10, choices=Assignee.choices, blank=True)
    reviewer = models.ForeignKey(
        Reviewer,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
        verbose_name="评价机构或专家",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "抽中的评价"
        ordering = ["unit__name", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "evaluation"], name="uniq_review_item")]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.round.year}"


class ReScore(models.Model):
    """The re-score of one form of a sampled evaluation (path ``overall`` or ``projects[i]``)."""

    item = models.ForeignKey(ReviewItem, on_delete=models.CASCADE, related_name="rescores")
    path = models.CharField("表", max_length=40)
    subject = models.CharField("评价对象", max_length=300)
    self_score = FigureField("自评得分", **SCORE)
    re_score = FigureField("复评得分", **SCORE)
    reason = models.TextField("复评理由")
    rows = models.JSONField("逐行复评", default=list, blank=True)  # [{key, label, max, self, re, reason}]
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "复评得分"
        ordering = ["item_id", "path"]
        constraints = [models.UniqueConstraint(fields=["item", "path"], name="uniq_rescore_form")]

    @property
    def gap(self) -> Decimal:
        """Self-score minus re-score: positive when the unit scored itself higher."""
        return Decimal(self.self_score) - Decimal(self.re_score)
