"""Page lists (home work list, public portal): bounded pages, the same queries whatever the number of rows,
no package JSON, and a row with odd content shown marked."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.web_api.support import world  # noqa: F401  (the world with evaluations of several states)

pytestmark = pytest.mark.django_db


def _more(world: dict[str, Any], n: int) -> None:  # noqa: F811
    from tests.web_api.test_pagination import _more as more

    more(world, n)


def _queries(c: Any, url: str) -> int:
    c.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = c.get(url)
        assert response.status_code == 200, url
    sql = [q["sql"] for q in captured.captured_queries]
    assert not any('"evaluations_revision"."data"' in s for s in sql), url  # no package JSON to draw a list
    return len(captured)


PAGES = [("sysadmin", "/"), ("admin", "/"), ("reviewer", "/"), ("preparer", "/"), (None, "/portal/")]


def test_home_and_portal_queries_do_not_grow_with_the_rows(world: dict[str, Any], client_for: Any) -> None:  # noqa: F811
    clients = {user: client_for(user) for user, _ in PAGES}
    few = {f"{user} {url}": _queries(clients[user], url) for user, url in PAGES}
    assert max(few.values()) <= 12, few
    _more(world, 120)
    assert {f"{user} {url}": _queries(clients[user], url) for user, url in PAGES} == few


def test_home_lists_are_paginated_and_by_role(world: dict[str, Any], client_for: Any) -> None:  # noqa: F811
    _more(world, 120)
    sysadmin = client_for("sysadmin")
    first = sysadmin.get("/").content.decode()
    assert first.count('href="/evaluations/') <= 50 and 'rel="next"' in first
    third = sysadmin.get("/?page=3").content.decode()
    assert 'rel="prev"' in third and "第 3 页" in third
    assert sysadmin.get("/?page=999999").status_code == 200
    # the reviewer (desk D1) waits on the submitted ones of its desk only: U2 (D2) is not its
    reviewer = client_for("reviewer").get("/").content.decode()
    waiting = reviewer.split('id="h-all"')[0]
    assert "桃江县农业农村局" not in waiting


def test_portal_pages_keep_the_filters(world: dict[str, Any], client_for: Any) -> None:  # noqa: F811
    _more(world, 120)
    page = client_for(None).get("/portal/?q=桃江").content.decode()
    assert "?q=%E6%A1%83%E6%B1%9F&amp;page=2" in page


def test_a_row_with_odd_content_is_marked(world: dict[str, Any], client_for: Any) -> None:  # noqa: F811
    from jixiao_web.evaluations.models import Evaluation, Revision

    e = world["evaluations"][("U1", 2024)]
    Evaluation.objects.filter(pk=e.pk).update(state="legacy")
    Revision.objects.filter(pk=e.current_revision_id).update(data=["not a package"])
    html = client_for("sysadmin").get("/").content.decode()
    assert "数据异常" in html and "legacy" in html
