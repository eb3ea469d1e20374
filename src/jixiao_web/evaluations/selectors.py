"""Selectors: everything that reads evaluations, scoped by the user's role."""

from __future__ import annotations

from dataclasses import dataclass
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


# ---------------------------------------------------------------- bounded lists

LIST_ORDER = ("-year", "unit_id", "pk")  # the index evaluation_list_order: (-year, unit, id)
LIST_DEFERRED = ("assessment_detail", "assessment_adjustment_reason")  # big columns no list shows
PAGE_SIZE = 50
MAX_PAGE = 100000


@dataclass
class ListPage:
    """One page of a list: its rows, its number, whether there are more, and the keyset cursor after it."""

    rows: list[Evaluation]
    number: int
    size: int
    has_next: bool
    next_cursor: str | None = None
    count: int | None = None

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def pages(self) -> int | None:
        return None if self.count is None else max(1, -(-self.count // self.size))


def lean(qs: QuerySet[Evaluation]) -> QuerySet[Evaluation]:
    """A list query: the row's columns, its unit and the unit's jurisdiction up to the province (for
    its path) — never the revision and its package JSON."""
    return (
        qs.select_related(None)
        .select_related("unit", "unit__jurisdiction__parent__parent")
        .defer(*LIST_DEFERRED)
    )


def cursor_of(e: Evaluation) -> str:
    return f"{e.year}.{e.unit_id}"


def parse_cursor(text: str) -> tuple[int, int] | None:
    """``year.unit`` (an evaluation is unique per unit and year, so the pair is a full key)."""
    year, _, unit = (text or "").partition(".")
    if not (year.isdigit() and unit.isdigit() and len(year) <= 4 and len(unit) <= 10):
        return None
    return int(year), int(unit)


def page_of(
    qs: QuerySet[Evaluation],
    *,
    page: int = 1,
    size: int = PAGE_SIZE,
    cursor: str = "",
    annotations: dict[str, Any] | None = None,
) -> ListPage:
    """A page of ``qs`` in the list order, read id first: the ids from the index, then only those rows.

    With ``cursor`` (what ``next_cursor`` gave) the page starts right after that row whatever its
    depth (keyset); otherwise ``page`` counts from the start (OFFSET over the ids only).
    """
    size = max(1, min(size, 200))
    page = max(1, min(page, MAX_PAGE))
    ordered = qs.order_by(*LIST_ORDER)
    key = parse_cursor(cursor) if cursor else None
    if key is not None:
        year, unit = key
        ids = list(ordered.filter(year=year, unit_id__gt=unit).values_list("pk", flat=True)[: size + 1])
        if len(ids) <= size:
            ids += list(ordered.filter(year__lt=year).values_list("pk", flat=True)[: size + 1 - len(ids)])
    else:
        start = (page - 1) * size
        ids = list(ordered.values_list("pk", flat=True)[start : start + size + 1])
    has_next = len(ids) > size
    ids = ids[:size]
    rows_qs = lean(Evaluation.objects.filter(pk__in=ids)).annotate(**(annotations or {}))
    by_id = rows_qs.in_bulk() if ids else {}
    rows = [by_id[pk] for pk in ids if pk in by_id]
    for row in rows:
        row.problem = row_problem(row)  # type: ignore[attr-defined]
    return ListPage(
        rows=rows,
        number=page if key is None else 0,
        size=size,
        has_next=has_next,
        next_cursor=cursor_of(rows[-1]) if has_next and rows else None,
    )


def row_problem(e: Evaluation) -> str:
    """What is odd about a stored row, in Chinese ("" when nothing): the lists mark such a row."""
    if e.state not in State.values:
        return f"状态“{e.state}”无法识别"
    return ""


# What each role is expected to act on next (the home page's “待我处理”).
WAITING: dict[str, list[str]] = {
    Role.PREPARER: [State.DRAFT, State.RETURNED],
    Role.UNIT_HEAD: [State.DRAFT, State.RETURNED],
    Role.REVIEWER: [State.SUBMITTED, State.UNDER_REVIEW],
    Role.BUREAU_ADMIN: [State.SUBMITTED, State.UNDER_REVIEW, State.APPROVED],
    Role.SYSTEM_ADMIN: [],
}


def work_list(user: Any, *, waiting: bool = False, page: int = 1, size: int = PAGE_SIZE) -> ListPage:
    """The home page's lists: what this role acts on next (``waiting``) or everything it may see, a page at a time."""
    qs = evaluation_list_for_user(user)
    if waiting:
        m = membership(user)
        states = WAITING.get(m.role, []) if m else []
        qs = qs.filter(state__in=states) if states else qs.none()
    return page_of(qs, page=page, size=size)
