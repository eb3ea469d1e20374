"""``/api/evaluations/`` and ``/api/public/evaluations/``: bounded pages read id first, the same queries
whatever the number of rows, no package JSON (issue 11)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.web_api.support import client_for, world  # noqa: F401
from tests.web_api.test_pagination import _more

pytestmark = pytest.mark.django_db


def _queries(c: Any, url: str) -> int:
    c.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = c.get(url)
        assert response.status_code == 200, url
    assert not any('"evaluations_revision"."data"' in q["sql"] for q in captured.captured_queries), url
    return len(captured)


def test_legacy_lists_are_bounded(world: dict[str, Any], client_for: Any) -> None:  # noqa: F811
    urls = [
        ("sysadmin", "/api/evaluations/"),
        ("admin", "/api/evaluations/"),
        (None, "/api/public/evaluations/"),
    ]
    clients = {user: client_for(user) for user, _ in urls}
    few = {f"{u} {url}": _queries(clients[u], url) for u, url in urls}
    assert max(few.values()) <= 6, few
    _more(world, 150)
    assert {f"{u} {url}": _queries(clients[u], url) for u, url in urls} == few
    seen: list[int] = []
    url = "/api/public/evaluations/?page_size=40"
    while url:
        body = json.loads(clients[None].get(url).content)
        assert len(body["results"]) <= 40
        seen += [r["id"] for r in body["results"]]
        url = (
            f"/api/public/evaluations/?page_size=40&cursor={body['next_cursor']}"
            if body["next_cursor"]
            else ""
        )
    assert len(seen) == len(set(seen)) >= 150
    first = json.loads(clients["sysadmin"].get("/api/evaluations/?page=2").content)
    assert first["page"] == 2 and len(first["results"]) == 50 and first["results"][0]["revision"] == 1
    bad = clients["sysadmin"].get("/api/evaluations/?cursor=x")
    assert bad.status_code == 400


def test_deep_pages_of_a_long_list_seek_to_marks(
    world: dict[str, Any],  # noqa: F811
    client_for: Any,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A list longer than EXACT_UP_TO is marked every STRIDE rows and a page seeks to the mark before
    it: every page holds exactly what OFFSET gives (here with a small limit and stride)."""
    from jixiao_web.evaluations import selectors
    from jixiao_web.evaluations.models import Evaluation

    _more(world, 90)
    monkeypatch.setattr(selectors, "EXACT_UP_TO", 20)
    monkeypatch.setattr(selectors, "STRIDE", 7)
    monkeypatch.setattr(selectors, "_COUNTS", {})
    monkeypatch.setattr(selectors, "_MARKS", {})
    every = list(Evaluation.objects.order_by(*selectors.LIST_ORDER).values_list("pk", flat=True))
    c = client_for("sysadmin")
    for size in (5, 9, 40):
        for page in range(1, len(every) // size + 3):
            body = json.loads(c.get(f"/api/v1/packages?page={page}&page_size={size}").content)
            assert [r["id"] for r in body["items"]] == every[(page - 1) * size : page * size], (size, page)
            assert body["count"] == len(every)
    assert selectors._MARKS  # the marks were used
