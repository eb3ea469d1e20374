"""The campaign pages' lists (notices, and a notice's evaluations): bounded pages, the same queries
whatever the number of rows, no package JSON (issue 11)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.web_api.support import client_for, world  # noqa: F401

pytestmark = pytest.mark.django_db


def _queries(c: Any, url: str) -> int:
    c.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = c.get(url)
        assert response.status_code == 200, url
    sql = [q["sql"] for q in captured.captured_queries]
    assert not any('"evaluations_revision"."data"' in s for s in sql), url
    return len(captured)


def _more(world: dict[str, Any], n: int) -> None:  # noqa: F811
    from jixiao_web.campaigns.models import Campaign
    from jixiao_web.evaluations.models import Evaluation
    from tests.web_api.test_pagination import _more as more

    more(world, n)
    campaign = world["campaigns"][2024]
    Evaluation.objects.filter(campaign__isnull=True, unit__bureau=world["bureaus"][0]).update(
        campaign=campaign
    )
    Campaign.objects.bulk_create(
        [
            Campaign(
                bureau=world["bureaus"][0], year=2000 + i % 20, title=f"通知{i}", deadline=date(2025, 5, 31)
            )
            for i in range(n)
        ]
    )


def test_campaign_lists_are_bounded_and_do_not_grow(world: dict[str, Any], client_for: Any) -> None:  # noqa: F811
    campaign = world["campaigns"][2024]
    urls = [("admin", "/campaigns/"), ("sysadmin", "/campaigns/"), ("admin", f"/campaigns/{campaign.pk}/")]
    clients = {user: client_for(user) for user, _ in urls}
    few = {f"{u} {url}": _queries(clients[u], url) for u, url in urls}
    _more(world, 120)
    assert {f"{u} {url}": _queries(clients[u], url) for u, url in urls} == few
    listing = clients["admin"].get("/campaigns/").content.decode()
    assert listing.count("<tr><td>") <= 50 and 'rel="next"' in listing
    assert 'rel="prev"' in clients["admin"].get("/campaigns/?page=2").content.decode()
    detail = clients["admin"].get(f"/campaigns/{campaign.pk}/").content.decode()
    assert detail.count('href="/evaluations/') <= 50 and 'rel="next"' in detail
    assert clients["admin"].get(f"/campaigns/{campaign.pk}/?page=999999").status_code == 200
