"""API lists: id-first pages and keyset cursors; the same queries whatever the depth and the number of rows."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def _more(world: dict[str, Any], n: int, state: str = "published") -> None:
    from jixiao_web.evaluations.models import Evaluation, Revision
    from jixiao_web.orgs.models import BudgetUnit

    units = BudgetUnit.objects.bulk_create(
        [
            BudgetUnit(
                name=f"桃江县第{i}单位",
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
    for e in made:  # a package JSON each, which no list may load
        e.current_revision = Revision.objects.create(
            evaluation=e, number=1, data={"year": e.year, "big": "x" * 1000}
        )
    Evaluation.objects.bulk_update(made, ["current_revision"])


def _ids(pages: list[dict[str, Any]]) -> list[int]:
    return [item["id"] for page in pages for item in page["items"]]


def test_pages_and_cursors_walk_the_same_rows_in_list_order(world: dict[str, Any], client_for: Any) -> None:
    from jixiao_web.evaluations.models import Evaluation

    _more(world, 23)
    c = client_for("sysadmin")
    expected = list(Evaluation.objects.order_by("-year", "unit_id", "pk").values_list("pk", flat=True))
    by_page, page = [], 1
    while True:
        body = c.get(f"/api/v1/packages?page={page}&page_size=5").json()
        by_page.append(body)
        assert body["count"] == len(expected) and body["pages"] == -(-len(expected) // 5)
        if not body["next"]:
            break
        page += 1
    assert _ids(by_page) == expected
    by_cursor = [c.get("/api/v1/packages?page_size=5").json()]
    while by_cursor[-1]["next_cursor"]:
        body = c.get(f"/api/v1/packages?page_size=5&cursor={by_cursor[-1]['next_cursor']}").json()
        assert body["page"] is None and body["next"] in (
            None,
            f"/api/v1/packages?page_size=5&cursor={body['next_cursor']}",
        )
        by_cursor.append(body)
    assert _ids(by_cursor) == expected
    assert c.get("/api/v1/packages?cursor=abc").status_code == 422
    assert c.get("/api/v1/packages?page=9999&page_size=50").json()["items"] == []


def test_list_queries_do_not_grow_with_rows_or_depth(world: dict[str, Any], client_for: Any) -> None:
    def queries(c: Any, url: str) -> int:
        c.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = c.get(url)
            assert response.status_code == 200, url
        assert not any('"evaluations_revision"."data"' in q["sql"] for q in captured.captured_queries), url
        return len(captured)

    urls = [
        ("sysadmin", "/api/v1/packages?page=1&page_size=5"),
        ("sysadmin", "/api/v1/packages?page=3&page_size=2"),
        ("admin", "/api/v1/packages?year=2024"),
        ("reviewer", "/api/v1/packages?page=2&page_size=2"),
        (None, "/api/v1/public/packages?page=2&page_size=2"),
    ]
    clients = {user: client_for(user) for user, _ in urls}
    few = {url: queries(clients[user], url) for user, url in urls}
    assert max(few.values()) <= 6, few
    _more(world, 40)
    assert {url: queries(clients[user], url) for user, url in urls} == few


def test_a_row_with_odd_content_is_marked_not_an_error(world: dict[str, Any], client_for: Any) -> None:
    from jixiao_web.evaluations.models import Evaluation

    e = world["evaluations"][("U1", 2024)]
    Evaluation.objects.filter(pk=e.pk).update(state="legacy")
    body = client_for("sysadmin").get("/api/v1/packages?page_size=200").json()
    odd = [item for item in body["items"] if item["id"] == e.pk]
    assert odd and "legacy" in odd[0]["problem"]
    assert all(item["problem"] == "" for item in body["items"] if item["id"] != e.pk)


def test_a_long_lists_count_is_said_to_be_about(
    world: dict[str, Any], client_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over EXACT_UP_TO rows the count is reused for a while (不是每页都数一遍): the API says so with
    ``count_exact`` false, and a row created meanwhile is not in it; a short list is counted exactly."""
    from jixiao_web.evaluations import selectors
    from jixiao_web.evaluations.models import Evaluation

    _more(world, 12)
    total = Evaluation.objects.count()
    monkeypatch.setattr(selectors, "EXACT_UP_TO", total - 1)
    monkeypatch.setattr(selectors, "_COUNTS", {})
    c = client_for("sysadmin")
    body = c.get("/api/v1/packages?page_size=5").json()
    assert (body["count"], body["count_exact"]) == (total, False)
    Evaluation.objects.create(unit=Evaluation.objects.first().unit, year=2019, state="draft")
    body = c.get("/api/v1/packages?page_size=5").json()
    assert (body["count"], body["count_exact"]) == (total, False)  # the reused count: total + 1 now
    monkeypatch.setattr(selectors, "EXACT_UP_TO", total + 1)
    body = c.get("/api/v1/packages?page_size=5&year=2023").json()
    year_2023 = Evaluation.objects.filter(year=2023).count()
    assert (body["count"], body["count_exact"]) == (year_2023, True)
