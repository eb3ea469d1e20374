"""A list page's rows (``selectors.page_values``): read by a query compiled once per process, they are
what the ORM's ``.values()`` reads — for every role, with and without a revision, on SQLite and on
PostgreSQL — and a web process's other threads read them as well."""

from __future__ import annotations

import threading
from decimal import Decimal
from typing import Any

import pytest

pytestmark = pytest.mark.django_db

ROLES = ["preparer", "head", "reviewer", "admin", "admin_b", "sysadmin"]
FIELDS = ("unit__name", "unit__jurisdiction__name", "self_score", "execution_rate", "submitted_at", "grade")


def _orm_rows(ids: list[int]) -> list[dict[str, Any]]:
    from django.db.models import F

    from jixiao_web.evaluations.models import Evaluation

    found = Evaluation.objects.filter(pk__in=ids).annotate(revision_number=F("current_revision__number"))
    rows = found.order_by("-year", "unit_id", "pk")
    return list(rows.values("pk", "year", "unit_id", "state", *FIELDS, "revision_number"))


def _page(user: Any, size: int = 200, page: int = 1) -> Any:
    from jixiao_web.evaluations import selectors

    return selectors.page_values(
        selectors.evaluation_list_for_user(user),
        *FIELDS,
        page=page,
        size=size,
        annotations={"revision_number": selectors.REVISION_NUMBER},
    )


def test_page_rows_are_what_values_reads_for_every_role(world: dict[str, Any]) -> None:
    from jixiao_web.evaluations.models import Evaluation

    # one evaluation without any revision: its revision number is None, as the ORM's join reads it
    bare = Evaluation.objects.create(unit=world["units"]["U5"], year=2024, state="draft")
    for role in ROLES:
        rows = _page(world["users"][role]).rows
        assert rows or role == "admin_b"
        expected = _orm_rows([r["pk"] for r in rows])
        # decimals as the columns show them (59.99, 2.50), datetimes aware and in UTC, None kept
        assert [{k: v for k, v in r.items() if k != "problem"} for r in rows] == expected, role
        for mine, theirs in zip(rows, expected, strict=True):
            assert {k: type(v) for k, v in mine.items() if k != "problem"} == {
                k: type(v) for k, v in theirs.items()
            }
            if mine["submitted_at"] is not None:
                assert mine["submitted_at"].utcoffset() == theirs["submitted_at"].utcoffset()
                assert mine["submitted_at"].isoformat() == theirs["submitted_at"].isoformat()
    sysadmin = {r["pk"]: r for r in _page(world["users"]["sysadmin"]).rows}
    assert sysadmin[bare.pk]["revision_number"] is None
    assert all(r["revision_number"] == 1 for pk, r in sysadmin.items() if pk != bare.pk)


def test_the_rows_query_is_compiled_once_and_pages_reuse_it(world: dict[str, Any]) -> None:
    from jixiao_web.evaluations import selectors

    user = world["users"]["sysadmin"]
    first = [r["pk"] for r in _page(user, size=2, page=1).rows]
    compiled = dict(selectors._TEMPLATES)
    second = [r["pk"] for r in _page(user, size=2, page=2).rows]
    assert compiled == selectors._TEMPLATES  # no new template for the next page
    assert first and second and not set(first) & set(second)
    assert first + second == [r["pk"] for r in _page(user, size=4).rows]


def test_another_thread_reads_a_page_on_its_own_connection(world: dict[str, Any]) -> None:
    """gunicorn's threads share the compiled query, never a connection (Django's are per thread)."""
    from django.db import connection, connections

    user = world["users"]["sysadmin"]
    _page(user)  # compiled in this thread
    failures: list[BaseException] = []

    def read() -> None:
        try:
            _page(user)  # what it sees depends on the test's transaction; that it may read is the point
        except BaseException as exc:
            failures.append(exc)
        finally:
            connections.close_all()

    worker = threading.Thread(target=read)
    worker.start()
    worker.join()
    assert not [f for f in failures if "same thread" in str(f)]
    if connection.vendor == "postgresql":  # SQLite's shared in-memory test database is locked meanwhile
        assert failures == []


@pytest.mark.parametrize(
    ("stored", "places", "shown"),
    [
        ("59.990000", 2, "59.99"),
        ("2.5", 2, "2.50"),
        ("96", 2, "96.00"),
        ("96.0000", 4, "96.0000"),
        ("1.234567", 2, "1.234567"),
        ("100.000000", 2, "100.00"),
        ("0.000000", 2, "0.00"),
        ("-3.100", 2, "-3.10"),
    ],
)
def test_a_figure_is_shown_with_its_places_and_every_stated_decimal(
    stored: str, places: int, shown: str
) -> None:
    from jixiao_web.evaluations.models import shown as shown_of

    assert str(shown_of(Decimal(stored), places)) == shown
