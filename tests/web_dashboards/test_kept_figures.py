"""A web process keeps a dashboard's figures until a save changes what they are made of (issue 11):
the services stamp each (year, bureau) they count in the same transaction, and the stamps in scope
are the key — so a dashboard is never older than the last save, and costs one query when unchanged."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.web_dashboards.test_aggregates import _package, warnings_only  # noqa: F401

pytestmark = pytest.mark.django_db

AGGREGATES = ('"dashboards_dashboardcounter"', '"dashboards_evaluationtally"')


def _summary(c: Any, url: str) -> tuple[tuple[int, int], int]:
    """(自评单位, 已公开) as the page shows them, and how many queries read the aggregates besides the
    one that lists the years for the filter."""
    with CaptureQueriesContext(connection) as captured:
        response = c.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    units = re.search(r"<dt>自评单位</dt><dd>(\d+) 个</dd>", html)
    published = re.search(r"<dt>已公开</dt><dd>(\d+) 个</dd>", html)
    assert units and published, html[:500]
    reads = sum(1 for q in captured.captured_queries if any(t in q["sql"] for t in AGGREGATES))
    years = [q for q in captured.captured_queries if "DISTINCT" in q["sql"] and AGGREGATES[0] in q["sql"]]
    assert len(years) == 1
    return (int(units.group(1)), int(published.group(1))), reads - 1


def test_a_kept_dashboard_moves_with_every_save(
    world: dict[str, Any],
    client_for: Any,
    warnings_only: list[str],  # noqa: F811
) -> None:
    from jixiao_web.evaluations import services

    users, u1 = world["users"], world["units"]["U1"]
    e = services.evaluation_create(
        unit=u1, year=2025, package=_package(u1.name, "91"), author=users["preparer"]
    )
    admin, sysadmin = client_for("admin"), client_for("sysadmin")
    url = "/dashboards/?year=2025"
    shown, reads = _summary(admin, url)
    assert shown == (1, 0) and reads > 0  # computed
    shown, reads = _summary(admin, url)
    assert shown == (1, 0) and reads == 0  # kept: nothing changed
    assert _summary(sysadmin, url)[0] == (1, 0)
    services.evaluation_submit(evaluation=e, user=users["head"])
    services.review_start(evaluation=e, user=users["reviewer"])
    services.review_approve(evaluation=e, user=users["reviewer"])
    services.evaluation_publish(evaluation=e, user=users["admin"])
    shown, reads = _summary(admin, url)
    assert shown == (1, 1) and reads > 0  # the bureau's stamp changed: computed again
    assert _summary(sysadmin, url)[0] == (1, 1)  # the province's too
    e.delete()
    assert _summary(admin, url)[0] == (0, 0)


def test_a_save_in_another_bureau_leaves_a_bureaus_dashboard_kept(
    world: dict[str, Any],
    client_for: Any,
    warnings_only: list[str],  # noqa: F811
) -> None:
    from jixiao_web.evaluations import services

    admin = client_for("admin")  # 桃江县财政局 (U1, U2, U4, U5); U3 is 石峰区's
    url = "/dashboards/?year=2024"
    before, _ = _summary(admin, url)
    assert _summary(admin, url)[1] == 0
    u3 = world["units"]["U3"]
    services.evaluation_create(
        unit=u3, year=2025, package=_package(u3.name, "80"), author=world["users"]["sysadmin"]
    )
    after, reads = _summary(admin, url)
    assert after == before and reads == 0
    assert _summary(client_for("sysadmin"), "/dashboards/?year=2025")[0] == (1, 0)


def test_a_rebuild_is_seen(world: dict[str, Any], client_for: Any) -> None:
    from jixiao_web.dashboards.tally import rebuild
    from jixiao_web.evaluations.models import Evaluation

    admin = client_for("admin")
    url = "/dashboards/?year=2024"
    before, _ = _summary(admin, url)
    Evaluation.objects.filter(year=2024, unit__bureau_id=world["units"]["U1"].bureau_id).delete()
    assert _summary(admin, url)[0][0] < before[0]  # the tallies' delete signal subtracted them
    rebuild(check=False)
    assert _summary(admin, url)[0] == (0, 0)
