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
