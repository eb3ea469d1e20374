"""The maintained aggregates: kept current by the services, equal to a rebuild, read in a fixed number of queries."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

Counters = dict[tuple[int, int, int, int, str], Decimal]


def counters() -> Counters:
    from jixiao_web.dashboards.models import DashboardCounter

    return {
        (c.year, c.bureau_id, c.jurisdiction_id, c.campaign_id, c.metric): c.value
        for c in DashboardCounter.objects.all()
        if c.value
    }


def assert_same_as_rebuild() -> Counters:
    from jixiao_web.dashboards.tally import rebuild

    kept = counters()
    rebuild(check=False)
    assert counters() == kept
    return kept


@pytest.fixture
def warnings_only(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A stand-in checker: one warning per package (so a unit head may submit)."""
    from jixiao_web.evaluations import engine

    calls: list[str] = []

    def check(package: Any, previous: Any = None) -> list[dict[str, Any]]:
        calls.append(package.unit.name)
        return [{"code": "RATE001", "severity": "warning", "category": "rate_mismatch", "path": ""}]

    monkeypatch.setattr(engine, "check", check)
    return calls


def _package(unit_name: str, score: str) -> Any:
    from jixiao.model import EvaluationPackage

    return EvaluationPackage.model_validate(
        {
            "year": 2025,
            "unit": {"name": unit_name},
            "overall": {"scope": "overall", "stated_total_score": score, "stated_grade": "优"},
        }
    )


def test_services_keep_the_counters_equal_to_a_rebuild(
    world: dict[str, Any], client_for: Any, warnings_only: list[str]
) -> None:
    from jixiao_web.evaluations import services

    users, u1 = world["users"], world["units"]["U1"]
    key = (2025, u1.bureau_id, u1.jurisdiction_id, 0)
    package = _package(u1.name, "91")
    e = services.evaluation_create(unit=u1, year=2025, package=package, author=users["preparer"])
    c = assert_same_as_rebuild()
    assert c[(*key, "total")] == 1 and c[(*key, "state:draft")] == 1 and c[(*key, "self:4")] == 1
    assert c[(*key, "finding:rate_mismatch:warning")] == 1
    checks = len(warnings_only)
    data = _package(u1.name, "82").model_dump(mode="json", exclude_defaults=True)
    services.package_save(evaluation=e, user=users["preparer"], data=data, based_on=1)
    assert len(warnings_only) == checks + 1  # the save's own check is what the dashboards count
    c = assert_same_as_rebuild()
    assert (*key, "self:4") not in c and c[(*key, "self:3")] == 1
    e.refresh_from_db()
    services.evaluation_submit(evaluation=e, user=users["head"])
    c = assert_same_as_rebuild()
    assert c[(*key, "state:submitted")] == 1 and (*key, "state:draft") not in c
    assert c[(*key, "progress:on_time")] == 1 and (*key, "progress:unsent") not in c
    services.review_return(evaluation=e, user=users["reviewer"], comment="请补充说明")
    assert assert_same_as_rebuild()[(*key, "state:returned")] == 1
    e.refresh_from_db()
    services.evaluation_submit(evaluation=e, user=users["head"])
    services.review_start(evaluation=e, user=users["reviewer"])
    services.review_approve(evaluation=e, user=users["reviewer"])
    services.evaluation_publish(evaluation=e, user=users["admin"])
    c = assert_same_as_rebuild()
    assert c[(*key, "state:published")] == 1 and c[(*key, "total")] == 1
    # the dashboard shows it
    html = client_for("admin").get("/dashboards/?year=2025").content.decode()
    assert "得分排名" in html
    # deleting the evaluation takes it out of the counters
    e.delete()
    assert not any(k[:4] == key and k[4] != "addressed" for k in counters())


def test_counting_never_breaks_a_save(world: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    from jixiao_web.dashboards import tally
    from jixiao_web.evaluations import services

    def broken(evaluation: Any) -> None:
        raise RuntimeError("counter table unavailable")

    monkeypatch.setattr(tally, "_count", broken)
    u1 = world["units"]["U1"]
    e = services.evaluation_create(
        unit=u1, year=2025, package=_package(u1.name, "90"), author=world["users"]["preparer"]
    )
    assert e.pk and e.current_revision_id


def _more_units(world: dict[str, Any], n: int) -> None:
    """``n`` more units of bureau A with an evaluation each in 2024 (written directly, then rebuilt)."""
    from jixiao_web.dashboards.tally import rebuild
    from jixiao_web.evaluations.models import Evaluation
    from jixiao_web.orgs.models import BudgetUnit

    bureau_a = world["bureaus"][0]
    county_a = world["jurisdictions"]["county_a"]
    units = BudgetUnit.objects.bulk_create(
        [
            BudgetUnit(
                name=f"桃江县第{i}单位", jurisdiction=county_a, bureau=bureau_a, desk=world["desks"][0]
            )
            for i in range(n)
        ]
    )
    Evaluation.objects.bulk_create(
        [
            Evaluation(
                unit=u,
                year=2024,
                state="published" if i % 2 else "draft",
                campaign=world["campaigns"][2024],
                self_score=Decimal(60 + i % 40),
                three_public_actual=Decimal(i),
                error_count=i % 3,
                warning_count=i % 5,
            )
            for i, u in enumerate(units)
        ]
    )
    world["campaigns"][2024].units.add(*units)
    rebuild(check=False)


DASHBOARD_PAGES = [
    ("admin", "/dashboards/"),
    ("sysadmin", "/dashboards/?year=2024"),
    ("sysadmin", "/dashboards/?year=2024&jurisdiction={city_a}"),
    ("admin", "/dashboards/?year=2024&campaign={campaign}"),
    ("admin", "/dashboards/xlsx/"),
    ("admin", "/dashboards/xlsx/ranking/"),
    ("admin", "/dashboards/units/{u1}/"),
]


def _query_counts(world: dict[str, Any], client_for: Any) -> dict[str, int]:
    names = {
        "city_a": world["jurisdictions"]["city_a"].pk,
        "campaign": world["campaigns"][2024].pk,
        "u1": world["units"]["U1"].pk,
    }
    out = {}
    for user, page in DASHBOARD_PAGES:
        c = client_for(user)
        url = page.format(**names)
        c.get(url)  # the session and the user are loaded once per client
        with CaptureQueriesContext(connection) as queries:
            assert c.get(url).status_code == 200, url
        out[f"{user} {url}"] = len(queries)
    return out


def test_dashboard_queries_do_not_grow_with_the_units(
    world: dict[str, Any], client_for: Any, no_checker: None
) -> None:
    few = _query_counts(world, client_for)
    assert max(few.values()) <= 16, few
    _more_units(world, 60)
    assert _query_counts(world, client_for) == few


def test_a_record_with_odd_content_is_shown_marked(world: dict[str, Any], client_for: Any) -> None:
    from jixiao_web.dashboards.tally import rebuild
    from jixiao_web.evaluations.models import Evaluation, Revision

    e = world["evaluations"][("U1", 2024)]
    Revision.objects.filter(pk=e.current_revision_id).update(data=["not", "a", "package"])
    Evaluation.objects.filter(pk=e.pk).update(state="legacy", grade="甲等")
    rebuild(check=True)
    c = client_for("admin")
    history = c.get(f"/dashboards/units/{e.unit_id}/")
    assert history.status_code == 200
    assert "未知状态（legacy）" in history.content.decode()
    page = c.get("/dashboards/?year=2024")
    assert page.status_code == 200
    assert "未知状态" in page.content.decode()
