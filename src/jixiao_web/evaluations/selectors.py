"""Selectors: everything that reads evaluations, scoped by the user's role."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from jixiao_web.orgs.models import Role
from jixiao_web.orgs.permissions import can_view, membership, require

from .models import Evaluation, Revision, State


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
# an evaluation's current revision number, for a list's annotation: a subquery per row rather than
# ``F("current_revision__number")``, whose LEFT JOIN made PostgreSQL plan a page's query (four
# tables and the subquery of ids) for longer than it took to run it (issue 11); the same number, or
# None without a revision
REVISION_NUMBER = Subquery(
    Revision.objects.filter(pk=OuterRef("current_revision_id")).order_by().values("number")[:1]
)


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


WITH_PATH = ("unit", "unit__jurisdiction__parent__parent")


def lean(qs: QuerySet[Evaluation], related: tuple[str, ...] = WITH_PATH) -> QuerySet[Evaluation]:
    """A list query: the row's columns and ``related`` — by default its unit and the unit's
    jurisdiction up to the province (for its path) — never the revision and its package JSON."""
    return qs.select_related(None).select_related(*related).defer(*LIST_DEFERRED)


def cursor_of(e: Evaluation) -> str:
    return f"{e.year}.{e.unit_id}"


def parse_cursor(text: str) -> tuple[int, int] | None:
    """``year.unit`` (an evaluation is unique per unit and year, so the pair is a full key)."""
    year, _, unit = (text or "").partition(".")
    if not (year.isdigit() and unit.isdigit() and len(year) <= 4 and len(unit) <= 10):
        return None
    return int(year), int(unit)


Fetch = Callable[[QuerySet[Any]], list[Any]]


def _page_rows(
    qs: QuerySet[Evaluation], page: int, size: int, cursor: str, fetch: Fetch
) -> tuple[list[Any], bool, bool]:
    """The rows of one page in the list order, whether more follow, and whether the page was read after
    a keyset cursor. Which rows is decided on the index alone (a sliced query of ids); ``fetch`` reads
    the rows of such a query in the same statement (``WHERE id IN (SELECT id … LIMIT …)``), and the
    page is put in the list order here — so a page costs one query (two where it spans two years)."""
    ordered = qs.order_by(*LIST_ORDER)
    key = parse_cursor(cursor) if cursor else None
    if key is not None:
        year, unit = key
        rows = fetch(ordered.filter(year=year, unit_id__gt=unit).values_list("pk", flat=True)[: size + 1])
        if len(rows) <= size:
            rows += fetch(ordered.filter(year__lt=year).values_list("pk", flat=True)[: size + 1 - len(rows)])
    else:
        start = (page - 1) * size
        marks = _marks(qs) if start >= STRIDE else None
        taken = min(start // STRIDE, len(marks)) if marks else 0
        if marks and taken:
            # start from the mark nearest before the page (a keyset seek), then a short OFFSET
            year, unit = marks[taken - 1]
            rows = _after(ordered, year, unit, start - taken * STRIDE, size + 1, fetch)
        else:
            rows = fetch(ordered.values_list("pk", flat=True)[start : start + size + 1])
    rows.sort(key=_list_key)
    return rows[:size], len(rows) > size, key is not None


def _list_key(row: Any) -> tuple[int, int, int]:
    """A row's place in :data:`LIST_ORDER` (a model instance or a dict of ``.values()``)."""
    if isinstance(row, dict):
        return -row["year"], row["unit_id"], row["pk"]
    return -row.year, row.unit_id, row.pk


def _after(
    ordered: QuerySet[Evaluation], year: int, unit: int, offset: int, n: int, fetch: Fetch
) -> list[Any]:
    """``n`` rows of ``ordered`` (list order) that come ``offset`` rows after the row (``year``,
    ``unit``): first those of the same year, then of the years before."""
    same = ordered.filter(year=year, unit_id__gt=unit)
    rows = fetch(same.values_list("pk", flat=True)[offset : offset + n])
    if len(rows) == n:
        return rows
    # the same year holds fewer than offset + n rows after the mark: how many (bounded by offset)
    held = offset + len(rows) if rows else same.values("pk")[:offset].count()
    skip = max(0, offset - held)
    return rows + fetch(
        ordered.filter(year__lt=year).values_list("pk", flat=True)[skip : skip + n - len(rows)]
    )


def page_of(
    qs: QuerySet[Evaluation],
    *,
    page: int = 1,
    size: int = PAGE_SIZE,
    cursor: str = "",
    annotations: dict[str, Any] | None = None,
    related: tuple[str, ...] = WITH_PATH,
) -> ListPage:
    """A page of ``qs`` in the list order, read id first: the ids from the index, and only those rows
    with ``related`` (see :func:`lean`; a list that shows no jurisdiction path needs only the unit).

    With ``cursor`` (what ``next_cursor`` gave) the page starts right after that row whatever its
    depth (keyset); otherwise ``page`` counts from the start (OFFSET over the ids only).
    """
    size = max(1, min(size, 200))
    page = max(1, min(page, MAX_PAGE))

    def fetch(ids: QuerySet[Any]) -> list[Any]:
        # no ORDER BY: the page is put in the list order in Python (the model's default order would
        # sort the rows by unit name through a join, for nothing)
        found = lean(Evaluation.objects.filter(pk__in=ids), related).annotate(**(annotations or {}))
        return list(found.order_by())

    rows, has_next, keyed = _page_rows(qs, page, size, cursor, fetch)
    for row in rows:
        row.problem = row_problem(row)
    return ListPage(
        rows=rows,
        number=0 if keyed else page,
        size=size,
        has_next=has_next,
        next_cursor=cursor_of(rows[-1]) if has_next and rows else None,
    )


def page_values(
    qs: QuerySet[Evaluation],
    *fields: str,
    page: int = 1,
    size: int = PAGE_SIZE,
    cursor: str = "",
    annotations: dict[str, Any] | None = None,
) -> ListPage:
    """:func:`page_of` with each row a dict of ``fields`` (and ``annotations``) read by ``.values()`` —
    no model instances, only the columns a machine list shows. ``pk``, ``year``, ``unit_id`` and
    ``state`` are always there; ``problem`` is added as on :func:`page_of`'s rows."""
    size = max(1, min(size, 200))
    page = max(1, min(page, MAX_PAGE))
    wanted = list(dict.fromkeys(("pk", "year", "unit_id", "state", *fields)))

    template = _values_template(tuple(wanted), tuple((annotations or {}).items()), qs.db)

    def fetch(ids: QuerySet[Any]) -> list[Any]:
        return template.rows(ids)

    rows, has_next, keyed = _page_rows(qs, page, size, cursor, fetch)
    for row in rows:
        row["problem"] = state_problem(row["state"])
    last = rows[-1] if rows else None
    return ListPage(
        rows=rows,
        number=0 if keyed else page,
        size=size,
        has_next=has_next,
        next_cursor=f"{last['year']}.{last['unit_id']}" if has_next and last else None,
    )


class _ValuesTemplate:
    """The query :func:`page_values` reads a page's rows with — ``Evaluation.objects.filter(pk__in=ids)
    .annotate(…).order_by().values(…)`` — compiled by the ORM once per process (per columns and
    database), with a marker where the sliced query of ids goes. Each page compiles only that small
    query of ids and puts its SQL in place of the marker, and the rows are read through the same
    converters ``.values()`` applies: compiling the outer query (its select list and joins) cost more
    than PostgreSQL took to plan and run it (issue 11).

    The SQL sent is the ORM's own, to the character, but for one change on PostgreSQL: ``id IN
    (SELECT …)`` is sent as ``id = ANY(ARRAY(SELECT …))`` — the same rows (an id is never NULL), read
    by index after the ids are taken, where a semi-join made the planner weigh more ways of joining
    the tables than running the query took."""

    MARK = "SELECT jixiao_page_ids"

    def __init__(self, wanted: tuple[str, ...], annotations: tuple[tuple[str, Any], ...], using: str) -> None:
        from django.db import connections
        from django.db.models.expressions import RawSQL

        self.using = using  # the connection itself is looked up on each use: it is per thread
        connection = connections[using]
        found = Evaluation.objects.filter(pk__in=RawSQL(self.MARK, ())).annotate(**dict(annotations))
        query = found.order_by().values(*wanted, *dict(annotations)).query
        self.outer = Evaluation.objects.all().query  # what the ids' aliases must not clash with
        compiler = query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        within = f"IN ({self.MARK})"
        if params or sql.count(self.MARK) != 1 or sql.count(within) != 1:  # never; kept honest all the same
            raise ValueError(f"page query template: unexpected SQL {sql!r} {params!r}")
        if connection.vendor == "postgresql":
            sql = sql.replace(within, f"= ANY(ARRAY({self.MARK}))")
        self.sql = sql
        if query.selected:
            self.names = list(query.selected)
        else:
            self.names = [*query.extra_select, *query.values_select, *query.annotation_select]
        converters = compiler.get_converters([column for column, _, _ in compiler.select])
        self.converters = [
            (position, convert, expression)
            for position, (convs, expression) in sorted(converters.items())
            for convert in convs
        ]
        self.utc_loader = self._utc_loader(connection)

    def sql_of(self, ids: QuerySet[Any]) -> tuple[str, tuple[Any, ...]]:
        """The SQL and parameters for the rows whose ids ``ids`` selects: ``ids`` compiled as the ORM
        compiles it inside ``filter(pk__in=ids)`` (its aliases moved off the outer query's)."""
        inner = ids.query.resolve_expression(self.outer.clone())
        inner.clear_ordering(clear_default=True)  # kept while sliced, as the ORM's ``IN`` does
        sql, params = inner.get_compiler(using=self.using).as_sql()
        return self.sql.replace(self.MARK, sql, 1), tuple(params)

    def rows(self, ids: QuerySet[Any]) -> list[dict[str, Any]]:
        from django.core.exceptions import EmptyResultSet
        from django.db import connections

        try:
            sql, params = self.sql_of(ids)
        except EmptyResultSet:  # ids of ``.none()``: no rows, as the ORM reads it
            return []
        connection = connections[self.using]
        with connection.cursor() as cursor:
            if self.utc_loader is not None:
                cursor.cursor.adapters.register_loader("timestamptz", self.utc_loader)
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        names, converters = self.names, self.converters
        if not converters:
            return [dict(zip(names, raw, strict=True)) for raw in fetched]
        out = []
        for raw in fetched:
            row = list(raw)
            for position, convert, expression in converters:
                row[position] = convert(row[position], expression, connection)
            out.append(dict(zip(names, row, strict=True)))
        return out

    @staticmethod
    def _utc_loader(connection: Any) -> Any:
        """On PostgreSQL in UTC (``USE_TZ``, as this project runs): psycopg's own timestamptz loader
        for this query's cursor — compiled (psycopg's C module), while the loader Django registers
        for the connection is a Python subclass that costs more than the rest of reading a row.
        Both give the same aware datetimes in UTC: Django's replaces the zone with UTC, psycopg's
        takes the session's, which Django sets to UTC. None elsewhere (the connection's loader)."""
        from django.conf import settings

        if connection.vendor != "postgresql" or not settings.USE_TZ or connection.timezone_name != "UTC":
            return None
        from django.db.backends.postgresql.psycopg_any import is_psycopg3

        if not is_psycopg3:
            return None
        from psycopg.types.datetime import TimestamptzLoader

        return TimestamptzLoader


_TEMPLATES: dict[tuple[Any, ...], _ValuesTemplate] = {}


def _values_template(
    wanted: tuple[str, ...], annotations: tuple[tuple[str, Any], ...], using: str
) -> _ValuesTemplate:
    from django.db import connections

    key = (using, connections[using].vendor, wanted, annotations)
    template = _TEMPLATES.get(key)
    if template is None:
        if len(_TEMPLATES) > 64:
            _TEMPLATES.clear()
        template = _TEMPLATES[key] = _ValuesTemplate(wanted, annotations, using)
    return template


_COUNTS: dict[str, tuple[float, int]] = {}
EXACT_UP_TO = 10000  # a list this long or shorter is counted exactly on every request
COUNT_TTL = 60.0  # seconds a longer list's count is reused within one process


STRIDE = 1000  # a long list is marked every this many rows, so a deep page seeks to a mark


def _marks(qs: QuerySet[Evaluation]) -> list[tuple[int, int]] | None:
    """For a list longer than :data:`EXACT_UP_TO`: the key (year, unit) of its rows at positions
    STRIDE − 1, 2·STRIDE − 1, … in the list order, read in one pass over the index and kept for
    :data:`COUNT_TTL` seconds in this process (as its count is); None for a shorter list, whose
    pages OFFSET reads cheaply. With them page 1,500 of 90,000 rows costs what page 2 does."""
    import time

    from django.db import connection
    from django.db.models import F, Window
    from django.db.models.functions import RowNumber

    if count_of(qs) <= EXACT_UP_TO:
        return None
    plain = qs.order_by()
    key = "marks " + _key(qs)
    now = time.monotonic()
    hit = _MARKS.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    numbered = plain.values_list("year", "unit_id").annotate(
        position=Window(RowNumber(), order_by=[F("year").desc(), F("unit_id").asc(), F("pk").asc()])
    )
    sql, params = numbered.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT t.year, t.unit_id FROM ({sql}) t WHERE t.position %% %s = 0 ORDER BY t.position",
            [*params, STRIDE],
        )
        marks = [(int(year), int(unit)) for year, unit in cursor.fetchall()]
    if len(_MARKS) > 512:
        _MARKS.clear()
    _MARKS[key] = (now + COUNT_TTL, marks)
    return marks


_MARKS: dict[str, tuple[float, list[tuple[int, int]]]] = {}


def _key(qs: QuerySet[Evaluation]) -> str:
    """The SQL of ``qs`` without its order: the key of its count and marks. Kept on the queryset, as
    one request asks for both (compiling the SQL costs about what running the page's query does)."""
    from django.core.exceptions import EmptyResultSet

    key: str | None = getattr(qs, "_list_key", None)
    if key is None:
        try:
            key = str(qs.order_by().query)
        except EmptyResultSet:  # ``.none()`` (a user without a role) has no SQL: nothing to count
            key = ""
        qs._list_key = key  # type: ignore[attr-defined]
    return key


def count_of(qs: QuerySet[Evaluation]) -> int:
    """How many rows ``qs`` has (see :func:`counted`)."""
    return counted(qs)[0]


def counted(qs: QuerySet[Evaluation]) -> tuple[int, bool]:
    """How many rows ``qs`` has, and whether that is exact now. Up to :data:`EXACT_UP_TO` rows:
    counted now (a bounded count, which stops at the limit), exact. Longer lists (a province's
    90,000 evaluations take tens of milliseconds to count): counted once, then the same figure for
    :data:`COUNT_TTL` seconds in this process — not exact (约), as rows come and go meanwhile."""
    import time

    plain = qs.order_by()
    key = _key(qs)
    now = time.monotonic()
    hit = _COUNTS.get(key)
    if hit is not None and hit[0] > now:
        return hit[1], False
    n = plain.values("pk")[: EXACT_UP_TO + 1].count()
    if n > EXACT_UP_TO:
        n = plain.count()
        if len(_COUNTS) > 512:
            _COUNTS.clear()
        _COUNTS[key] = (now + COUNT_TTL, n)
        return n, False
    return n, True


def row_problem(e: Evaluation) -> str:
    """What is odd about a stored row, in Chinese ("" when nothing): the lists mark such a row."""
    return state_problem(e.state)


def state_problem(state: str) -> str:
    if state not in _STATES:
        return f"状态“{state}”无法识别"
    return ""


_STATES = frozenset(State.values)


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
    return page_of(qs, page=page, size=size, related=("unit",))  # the work list shows no path


# ---------------------------------------------------------------- one score, named places


@dataclass
class Final:
    """The package's one score and grade (``jixiao.scoring.final_score``): what every page shows."""

    score: Any
    max_score: Any
    grade: str | None
    reasons: list[str]


def final_score_of(package: Any, sheets: list[Any] | None = None) -> Final:
    """The one score, its maximum, the grade and why — from the core's ``final_score`` (an adapter:
    before it lands, the 整体支出 sheet's total and grade, never above the rule set's total)."""
    if package is None:
        return Final(None, None, None, ["评价包不完整，无法评分"])
    try:
        from jixiao.scoring.final import final_score
    except ImportError:
        final_score = None
    if final_score is not None:
        try:
            fs = final_score(package, sheets=sheets)
        except Exception:  # the page shows what it can; the reason says so
            return Final(None, None, None, ["评分程序运行出错，暂无复核得分"])
        return Final(fs.score, fs.max_score, fs.grade, _plain(fs.reasons))
    try:
        from jixiao.scoring import score_package

        sheets = sheets if sheets is not None else score_package(package)
    except Exception:
        return Final(None, None, None, ["没有适用于本评价包的规则集，无法评分"])
    for sheet in sheets:
        if sheet.form == "self_evaluation" and sheet.scope == "overall" and sheet.total is not None:
            return Final(sheet.total, None, sheet.grade, _plain(sheet.notes))
    return Final(None, None, None, ["无法按规则集计算总分"])


def _plain(texts: list[str]) -> list[str]:
    from .packageforms import plain_rule

    return [plain_rule(t) for t in texts]


def _sheet_for(sheets: list[Any], scope: str, name: str | None, used: set[int]) -> Any:
    for i, sheet in enumerate(sheets):
        if i in used or sheet.form != "self_evaluation" or sheet.scope != scope:
            continue
        if scope == "project" and name and not str(sheet.subject).endswith(name):
            continue
        used.add(i)
        return sheet
    return None


def form_computed(package: Any) -> dict[str, str]:
    """What the edit grids show computed beside what was typed, keyed by package path: each
    indicator's score under the rule set, each funds row's 执行率, the columns' totals."""
    from decimal import Decimal

    from jixiao.scoring import score_package

    from .engine import _q, _rate

    out: dict[str, str] = {}
    try:
        sheets = score_package(package)
    except Exception:
        sheets = []
    used: set[int] = set()
    items = [("overall", package.overall)] + [(f"projects[{i}]", p) for i, p in enumerate(package.projects)]
    for prefix, ev in items:
        if ev is None:
            continue
        for r, row in enumerate(ev.funds.rows if ev.funds else []):
            rate = _rate(row.executed, row.annual_budget)
            if rate is not None:
                out[f"{prefix}.funds.rows[{r}].execution_rate"] = rate
        maxima = [i.max_score for i in ev.indicators if i.max_score is not None]
        scores = [i.score for i in ev.indicators if i.score is not None]
        if maxima:
            out[f"{prefix}.indicators#max"] = _q(sum(maxima, Decimal(0)))
        if scores:
            out[f"{prefix}.indicators#score"] = _q(sum(scores, Decimal(0)))
        sheet = _sheet_for(sheets, ev.scope.value, ev.name, used)
        if sheet is None:
            continue
        total = Decimal(0)
        for row in sheet.rows:
            if row.key.startswith("indicator_") and row.score is not None:
                out[f"{prefix}.indicators[{int(row.key.split('_')[1]) - 1}].score"] = _q(row.score)
                total += row.score
        if any(k.startswith(f"{prefix}.indicators[") for k in out):
            out[f"{prefix}.indicators#rule"] = _q(total)
    return out


def finding_places(findings: list[dict[str, Any]], data: Any, package: Any = None) -> list[dict[str, Any]]:
    """Findings with their places in words (the form, row and column as printed; 原文第N行)."""
    from .packageforms import name_findings

    return name_findings(findings, data, package)


def coverage_statement(package: Any) -> dict[str, Any] | None:
    """What the checker read of an imported document (COV001–COV003), for the pages to show first:
    never a bare 未发现问题 for a document that was not read whole."""
    coverage = getattr(package, "coverage", None)
    if coverage is None:
        return None
    try:
        from jixiao.audit.checks.coverage import describe, little_read

        text, little = describe(coverage), little_read(coverage)
    except ImportError:
        text, little = "", False
    return {
        "text": text,
        "little": little,
        "truncated": int(getattr(coverage, "truncated_forms", 0) or 0),
    }


def unfilled_of(package: Any) -> list[str]:
    """What the unit left empty in what will be published, by printed name (the core's
    ``jixiao.renderers.unfilled``; before it lands, the 自评表's own blanks)."""
    if package is None:
        return ["评价包不完整"]
    try:
        from jixiao.renderers import unfilled
    except ImportError:
        unfilled = None
    if unfilled is not None:
        try:
            return list(unfilled(package))
        except Exception:
            pass
    out = []
    for ev in package.evaluations():
        name = (
            "部门整体支出绩效自评表"
            if ev is package.overall
            else f"项目支出绩效自评表（{ev.name or '未命名'}）"
        )
        if ev.stated_total_score is None:
            out.append(f"{name} · 总分")
        if not ev.stated_grade:
            out.append(f"{name} · 评价等次")
        for ind in ev.indicators:
            if not ind.actual_raw:
                out.append(f"{name} · {ind.name} · 实际完成值")
    return out


def download_name_of(package: Any, what: str, fmt: str, fallback: str) -> str:
    """The Chinese file name of a download (``jixiao.renderers.download_name``), else the renderer's."""
    try:
        from jixiao.renderers import download_name
    except ImportError:
        return fallback
    if fallback.endswith(".zip"):
        what, fmt = "all", "zip"
    try:
        return str(download_name(package, what, fmt))
    except Exception:
        return fallback


def execution_rate_of(evaluation: Evaluation, package: Any) -> Any:
    """预算执行率 (%): as the form states it, else derived from 全年执行数 ÷ 全年预算数 where it can be."""
    if evaluation.execution_rate is not None:
        return evaluation.execution_rate
    if package is None or package.overall is None or package.overall.funds is None:
        return None
    from jixiao.model import FundsRowKind

    from .engine import _rate

    funds = package.overall.funds
    row = funds.row(FundsRowKind.TOTAL) or (funds.rows[0] if funds.rows else None)
    return _rate(row.executed, row.annual_budget) if row is not None else None


def assessment_maximum(evaluation: Evaluation) -> tuple[Any, str]:
    """The 考核评分 total maximum and the rule set it comes from (its title), from the YAML only."""
    rows = evaluation.assessment_detail or []
    if not rows:
        return None, ""
    try:
        from jixiao.rules import get_rule_set

        rule_set = get_rule_set(rows[0].get("rule_set", "")) if rows[0].get("rule_set") else None
    except Exception:
        rule_set = None
    if rule_set is not None:
        return rule_set.total, f"规则：{rule_set.title}"
    from decimal import Decimal

    maxima = [Decimal(str(r["max"])) for r in rows if r.get("max") not in (None, "")]
    return (sum(maxima, Decimal(0)) if maxima else None), ""


def hand_edited(evaluation: Evaluation) -> bool:
    """Whether the current version holds edits a person made since the package was created or last
    uploaded (then an upload first shows what it would change and asks: merge or replace)."""
    current = evaluation.current_revision
    if current is None or current.number <= 1:
        return False
    return not str(current.message).startswith(("上传文档", "根据自评通知创建", "创建"))


def previous_package(evaluation: Evaluation) -> Any:
    """The unit's self-evaluation package of the year before, when the system holds a readable one
    (the web app's ``jixiao check --previous``, issue 13)."""
    from .services import package_of

    previous = (
        Evaluation.objects.select_related("current_revision")
        .filter(unit_id=evaluation.unit_id, year=evaluation.year - 1)
        .order_by("-id")
        .first()
    )
    return package_of(previous) if previous is not None else None
