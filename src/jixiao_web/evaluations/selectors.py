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
    evaluation = (
        Evaluation.objects.select_related("unit", "campaign", "current_revision").filter(pk=pk).first()
    )
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


# ---------------------------------------------------------------- page data


def available_actions(user: Any, evaluation: Evaluation) -> set[str]:
    """The workflow actions this user may take now (the services enforce the same rules)."""
    from jixiao_web.orgs.permissions import can_edit

    m = membership(user)
    if m is None or not can_view(user, evaluation):
        return set()
    role = m.role
    admin = False  # the system administrator administers; it does not act for a unit or a reviewer
    state = evaluation.state
    out: set[str] = set()
    if can_edit(user, evaluation):
        out |= {"edit", "upload", "explain", "restore"}
    if (role == Role.UNIT_HEAD or admin) and state in (State.DRAFT, State.RETURNED):
        out.add("submit")
    if role in (Role.REVIEWER, Role.BUREAU_ADMIN) or admin:
        if state == State.SUBMITTED:
            out.add("start_review")
        if state in (State.SUBMITTED, State.UNDER_REVIEW):
            out |= {"return", "approve"}
        out.add("comment")
    if role in (Role.PREPARER, Role.UNIT_HEAD):
        out.add("comment")
    if (role == Role.BUREAU_ADMIN or admin) and state == State.APPROVED:
        out.add("publish")
    if (role == Role.BUREAU_ADMIN or admin) and state in (State.APPROVED, State.PUBLISHED):
        out.add("adjust")
    return out


def revision_list(evaluation: Evaluation) -> QuerySet[Any]:
    return evaluation.revisions.select_related("author").order_by("-number")


def source_text(evaluation: Evaluation, document: str = "") -> tuple[str, str]:
    """(title, text) of the source document: the latest uploaded file with text, else the seed text."""
    from . import engine

    files = evaluation.files.exclude(text="").order_by("-uploaded_at", "-id")
    if document:
        for f in files:
            if f.filename.startswith(document) or document in f.filename:
                return f.filename, f.text
        seed = engine.seed_text(document)
        if seed:
            return f"{document}.txt", seed
    first = files.first()
    if first is not None:
        return first.filename, first.text
    if document:
        return document, ""
    return "", ""


def package_documents(evaluation: Evaluation) -> list[str]:
    data = evaluation.current_revision.data if evaluation.current_revision else {}
    return [str(d.get("id")) for d in data.get("documents", []) if isinstance(d, dict) and d.get("id")]
