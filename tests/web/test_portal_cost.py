"""What the portal's deep pages and a notice's evaluations cost: the same queries on a deep page as on
the first, whatever the number of rows, the rows of the list order, no package JSON; the portal's
partial index of published evaluations exists (issue 11). No timings here: bench/web/bench_portal.py."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.web_api.support import client_for, world  # noqa: F401

pytestmark = pytest.mark.django_db


def _captured(c: Any, url: str) -> list[str]:
    c.get(url)  # the first request of a process reads the count and the marks, remembered after
    with CaptureQueriesContext(connection) as captured:
        response = c.get(url)
        assert response.status_code == 200, url
    sql = [q["sql"] for q in captured.captured_queries]
    assert not any('"evaluations_revision"."data"' in s for s in sql), url  # no package JSON
    return sql


@pytest.fixture
def long_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lists longer than 20 rows take the long-list path (marks every 20 rows, remembered counts),
    which a real province reaches at 10,000 — so a test of 200 rows walks it."""
    from jixiao_web.evaluations import selectors

    monkeypatch.setattr(selectors, "EXACT_UP_TO", 20)
    monkeypatch.setattr(selectors, "STRIDE", 20)
    monkeypatch.setattr(selectors, "_COUNTS", {})
    monkeypatch.setattr(selectors, "_MARKS", {})


def _more(world: dict[str, Any], n: int, state: str = "published", name: str = "第") -> None:  # noqa: F811
    """``n`` more units of 桃江县 with an evaluation each (years 2022–2024 in turn) in ``state``, each with
    a package JSON no list may load."""
    from decimal import Decimal

    from jixiao_web.evaluations.models import Evaluation, Revision
    from jixiao_web.orgs.models import BudgetUnit

    units = BudgetUnit.objects.bulk_create(
        [
            BudgetUnit(
                name=f"桃江县{name}{i}单位",
                jurisdiction=world["jurisdictions"]["county_a"],
                bureau=world["bureaus"][0],
                desk=world["desks"][0],
            )
            for i in range(n)
        ]
    )
    made = Evaluation.objects.bulk_create(
        [
            Evaluation(unit=u, year=2022 + i % 3, state=state, self_score=Decimal(90))
            for i, u in enumerate(units)
        ]
    )
    for e in made:
        e.current_revision = Revision.objects.create(evaluation=e, number=1, data={"big": "x" * 1000})
    Evaluation.objects.bulk_update(made, ["current_revision"])


def _published_order() -> list[int]:
    """Every published evaluation in the list order, written out: year descending, unit, id."""
    from jixiao_web.evaluations.models import Evaluation

    rows = Evaluation.objects.filter(state="published").values_list("year", "unit_id", "pk")
    return [pk for _, _, pk in sorted(rows, key=lambda r: (-r[0], r[1], r[2]))]


def _listed(html: str) -> list[int]:
    import re

    return [int(pk) for pk in re.findall(r'href="/portal/(\d+)/"', html)]


def test_a_deep_portal_page_costs_what_the_first_does(
    world: dict[str, Any],  # noqa: F811
    client_for: Any,  # noqa: F811
    long_lists: None,
) -> None:
    _more(world, 120)  # 120 more published evaluations: with the world's, 3 pages of 50
    anonymous = client_for(None)
    first = len(_captured(anonymous, "/portal/"))
    # a page's rows are one query; after a mark, one more for the years before the mark's where the page
    # reaches them, and a bounded count of the mark's year's rest where its offset runs past them
    # (page_of's _after) — never a query per row nor one that reads the rows before the page
    deep = {"page 3 of 3": len(_captured(anonymous, "/portal/?page=3"))}
    _more(world, 80, name="乙")  # 200 more: 5 pages, the deep ones read after a mark
    deep |= {f"page {n} of 5": len(_captured(anonymous, f"/portal/?page={n}")) for n in (3, 5)}
    assert all(n <= first + 2 for n in deep.values()), (first, deep)
    assert deep["page 3 of 5"] == deep["page 3 of 3"], deep  # more rows, the same page costs the same
    order = _published_order()
    assert len(order) > 200
    # the marks are remembered for a minute (rows added meanwhile shift a deep page, as under OFFSET);
    # a process that reads them anew pages exactly
    from jixiao_web.evaluations import selectors

    selectors._MARKS.clear()
    selectors._COUNTS.clear()
    # page 3 holds rows 101 … 150 of the list order (positions 100 … 149 counted from 0)
    assert _listed(anonymous.get("/portal/?page=3").content.decode()) == order[100:150]
    # a year's list: its own rows, in the same order, from the same index
    year_rows = [pk for pk in order if pk in set(_published_in(2023))]
    assert _listed(anonymous.get("/portal/?year=2023&page=2").content.decode()) == year_rows[50:100]


def _published_in(year: int) -> list[int]:
    from jixiao_web.evaluations.models import Evaluation

    return list(Evaluation.objects.filter(state="published", year=year).values_list("pk", flat=True))


def test_the_portal_never_lists_an_unpublished_evaluation(
    world: dict[str, Any],  # noqa: F811
    client_for: Any,  # noqa: F811
    long_lists: None,
) -> None:
    _more(world, 60, state="submitted")
    _more(world, 60, name="乙")
    anonymous = client_for(None)
    listed = [
        pk for page in (1, 2, 3) for pk in _listed(anonymous.get(f"/portal/?page={page}").content.decode())
    ]
    assert listed == _published_order()


def test_a_notice_s_evaluations_join_only_their_unit(world: dict[str, Any], client_for: Any) -> None:  # noqa: F811
    campaign = world["campaigns"][2024]
    sql = _captured(client_for("admin"), f"/campaigns/{campaign.pk}/?page=1")
    page = [s for s in sql if '"evaluations_evaluation"."self_score"' in s and " IN (SELECT " in s]
    assert len(page) == 1, sql  # the page's rows in one query, id first
    assert '"orgs_budgetunit"' in page[0] and '"orgs_jurisdiction"' not in page[0]


def test_the_portal_index_covers_the_list_order() -> None:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "evaluations_evaluation")
    index = constraints.get("portal_published_order")
    assert index is not None and index["index"]
    assert index["columns"] == ["year", "unit_id", "id"]


def test_a_portal_row_shows_its_unit_its_place_and_its_scores(world: dict[str, Any], client_for: Any) -> None:  # noqa: F811
    """The list reads its columns as values; a row shows what the model would: the unit's name, the
    jurisdiction's path (province/city/county, as Jurisdiction.path writes it), the scores and grade."""
    from decimal import Decimal

    from jixiao_web.evaluations.models import Evaluation

    e = Evaluation.objects.filter(state="published").select_related("unit__jurisdiction").first()
    assert e is not None
    Evaluation.objects.filter(pk=e.pk).update(self_score=Decimal("91.50"), grade="优")
    html = client_for(None).get(f"/portal/?year={e.year}").content.decode()
    row = html[html.index(f'href="/portal/{e.pk}/"') :].split("</tr>")[0]
    path = e.unit.jurisdiction.path
    assert path.count("/") >= 1  # at least a city above the county
    assert f">{e.unit.name}</a></td><td>{path}</td><td>{e.year}</td><td>91.50</td>" in row
    assert "<td>优</td>" in row
