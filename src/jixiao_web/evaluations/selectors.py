"""Selectors: everything that reads evaluations, scoped by the user's role."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from jixiao_web.orgs.models import Role
from jixiao_web.orgs.permissions import can_view, membership, require

from .models import Evaluation, State


def evaluation_list_for_user(user: Any) -> QuerySet[Evaluation]:
    """The evaluations this user may see (empty for the anonymous public: see published_list)."""
    qs = Evaluation.objects.select_related("unit", "unit__jurisdiction", "campaign", "current_revision")
    m = membership(user)
    if m is None:
        return qs.none()
    if m.role == Role.SYSTEM_ADMIN:
        return qs
    if m.role in (Role.PREPARER, Role.UNIT_HEAD):
        return qs.filter(unit_id=m.unit_id) if m.unit_id else qs.none()
    if m.role == Role.REVIEWER:
        return qs.filter(unit__desk_id=m.desk_id) if m.desk_id else qs.none()
    if m.role == Role.BUREAU_ADMIN:
        return qs.filter(unit__bureau_id=m.bureau_id) if m.bureau_id else qs.none()
    return qs.none()


def evaluation_get_for_user(user: Any, pk: int) -> Evaluation:
    """One evaluation, or PermissionDenied (also for ids that do not exist: no probing)."""
    evaluation = Evaluation.objects.select_related("unit", "campaign", "current_revision").filter(pk=pk).first()
    require(evaluation is not None and can_view(user, evaluation), "无权访问该自评或该自评不存在")
    assert evaluation is not None
    return evaluation


def published_list(*, jurisdiction: str = "", year: int | None = None, q: str = "") -> QuerySet[Evaluation]:
    qs = Evaluation.objects.filter(state=State.PUBLISHED).select_related(
        "unit", "unit__jurisdiction", "current_revision"
    )
    if jurisdiction:
        qs = qs.filter(unit__jurisdiction__name__contains=jurisdiction)
    if year:
        qs = qs.filter(year=year)
    if q:
        qs = qs.filter(unit__name__contains=q)
    return qs.order_by("-year", "unit__name")


def published_get(pk: int) -> Evaluation:
    evaluation = published_list().filter(pk=pk).first()
    require(evaluation is not None, "该报告不存在或尚未公开")
    assert evaluation is not None
    return evaluation
