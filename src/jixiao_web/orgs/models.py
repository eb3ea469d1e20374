"""Organisation: jurisdictions (省/市/县), finance bureaus and their desks, budget units, roles."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Jurisdiction(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", "省"
        CITY = "city", "市（州）"
        COUNTY = "county", "县（市、区）"

    name = models.CharField("名称", max_length=100)
    level = models.CharField("层级", max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        verbose_name = "行政区划"
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="uniq_jurisdiction_name")]

    def __str__(self) -> str:
        return self.path

    @property
    def path(self) -> str:
        parts = []
        node: Jurisdiction | None = self
        while node is not None:
            parts.append(node.name)
            node = node.parent
        return "/".join(reversed(parts))


class Bureau(models.Model):
    """财政局."""

    name = models.CharField("名称", max_length=100)
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="bureaus")

    class Meta:
        verbose_name = "财政局"

    def __str__(self) -> str:
        return self.name


class Desk(models.Model):
    """财政局归口业务科室 (reviews the units assigned to it)."""

    name = models.CharField("名称", max_length=100)
    bureau = models.ForeignKey(Bureau, on_delete=models.PROTECT, related_name="desks")

    class Meta:
        verbose_name = "归口业务科室"

    def __str__(self) -> str:
        return f"{self.bureau.name}·{self.name}"


class BudgetUnit(models.Model):
    """预算单位."""

    name = models.CharField("单位名称", max_length=200)
    budget_code = models.CharField("预算编码", max_length=40, blank=True)
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="units")
    bureau = models.ForeignKey(Bureau, on_delete=models.PROTECT, related_name="units")
    desk = models.ForeignKey(Desk, null=True, blank=True, on_delete=models.SET_NULL, related_name="units")

    class Meta:
        verbose_name = "预算单位"
        constraints = [models.UniqueConstraint(fields=["bureau", "name"], name="uniq_unit_per_bureau")]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    PREPARER = "preparer", "单位填报人"
    UNIT_HEAD = "unit_head", "单位负责人"
    REVIEWER = "reviewer", "财政归口科室审核员"
    BUREAU_ADMIN = "bureau_admin", "财政绩效科管理员"
    SYSTEM_ADMIN = "system_admin", "系统管理员"


class Membership(models.Model):
    """A user's role and scope: a unit (preparer, head), a desk (reviewer) or a bureau (admin)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    unit = models.ForeignKey(BudgetUnit, null=True, blank=True, on_delete=models.PROTECT)
    desk = models.ForeignKey(Desk, null=True, blank=True, on_delete=models.PROTECT)
    bureau = models.ForeignKey(Bureau, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        verbose_name = "角色与范围"

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class LoginFailure(models.Model):
    """One failed login, for rate limiting by username and by address."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["username", "address", "at"], name="login_failure_pair"),
            models.Index(fields=["address", "at"], name="login_failure_address"),
        ]
