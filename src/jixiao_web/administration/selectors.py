"""Selectors of the administration pages: what the system administrator lists."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from jixiao_web.api.models import ApiToken
from jixiao_web.orgs.models import BudgetUnit, Bureau, Desk, Jurisdiction, Role
from jixiao_web.orgs.permissions import membership


def is_system_admin(user: Any) -> bool:
    m = membership(user)
    return m is not None and m.role == Role.SYSTEM_ADMIN and user.is_active


def user_list(q: str = "") -> QuerySet[Any]:
    qs = (
        get_user_model()
        .objects.select_related("membership", "membership__unit", "membership__desk", "membership__bureau")
        .order_by("username")
    )
    return qs.filter(username__icontains=q) if q else qs


def unit_list() -> QuerySet[BudgetUnit]:
    return BudgetUnit.objects.select_related("jurisdiction", "bureau", "desk").order_by(
        "bureau__name", "name"
    )


def bureau_list() -> QuerySet[Bureau]:
    return Bureau.objects.select_related("jurisdiction").order_by("name")


def desk_list() -> QuerySet[Desk]:
    return Desk.objects.select_related("bureau").order_by("bureau__name", "name")


def jurisdiction_list() -> list[Jurisdiction]:
    return sorted(Jurisdiction.objects.select_related("parent__parent"), key=lambda j: j.path)


def token_list() -> QuerySet[ApiToken]:
    return ApiToken.objects.select_related("user").order_by("revoked", "-created")
