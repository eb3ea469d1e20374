"""Queries compiled once (``jixiao_web.api.prepared``): the detail and the lists read what the ORM
would have read, and who may see a package is decided as the lists decide it."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

ROLES = ["preparer", "head", "reviewer", "admin", "admin_b", "sysadmin"]


def _values(pk: int) -> Any:
    from jixiao_web.evaluations.models import Evaluation

    return (
        Evaluation.objects.filter(pk=pk)
        .order_by()
        .values("pk", "year", "unit__name", "self_score", "execution_rate", "submitted_at", "grade")
    )


def test_a_prepared_query_reads_what_values_reads_and_compiles_once(world: dict[str, Any]) -> None:
    from jixiao_web.api.prepared import Prepared

    built: list[int] = []

    def build(pk: int) -> Any:
        built.append(pk)
        return _values(pk)

    prepared = Prepared(build, 2**31 - 1)
    for e in world["evaluations"].values():
        # decimals as the columns show them (59.99, 2.50, 96.00), datetimes aware, None kept
        assert prepared.rows(e.pk) == list(_values(e.pk)), e
    assert built == [2**31 - 1]  # compiled once, with the sample, for every evaluation read
    assert prepared.rows(2**31 - 2) == []


def test_a_sample_that_is_not_the_querys_parameters_is_refused(world: dict[str, Any]) -> None:
    from jixiao_web.api.prepared import Prepared

    e = world["evaluations"][("U1", 2024)]
    # the query ignores its argument: its SQL parameter is e.pk, not the sample, so it cannot be reused
    with pytest.raises(ValueError, match="parameters"):
        Prepared(lambda pk: _values(e.pk), 7).rows(7)


def test_the_detail_opens_exactly_what_the_list_shows_and_says_the_same(
    world: dict[str, Any], client_for: Any
) -> None:
    """For every role and every evaluation: the detail answers 200 where the user's list holds the
    evaluation and 404 elsewhere, and its summary fields are the list item's."""
    for role in ROLES:
        c = client_for(role)
        listed = {item["id"]: item for item in c.get("/api/v1/packages?page_size=200").json()["items"]}
        assert listed or role == "admin_b"
        for e in world["evaluations"].values():
            response = c.get(f"/api/v1/packages/{e.pk}")
            if e.pk not in listed:
                assert response.status_code == 404, (role, e)
                continue
            assert response.status_code == 200, (role, e)
            body = response.json()
            assert {k: v for k, v in body.items() if k not in ("package", "actions")} == listed[e.pk]
            assert body["package"]["year"] == e.year


def test_the_detail_reads_one_row_and_its_actions_follow_the_role(
    world: dict[str, Any], client_for: Any
) -> None:
    e = world["evaluations"][("U2", 2024)]  # submitted, desk D2 of bureau A
    admin = client_for("admin")
    admin.get(f"/api/v1/packages/{e.pk}")
    with CaptureQueriesContext(connection) as captured:
        body = admin.get(f"/api/v1/packages/{e.pk}").json()
    reads = [q["sql"] for q in captured.captured_queries if '"evaluations_evaluation"' in q["sql"]]
    assert len(reads) == 1, reads
    # a bureau administrator on a submitted package: start the review, return or approve it, comment
    assert body["actions"] == ["approve", "comment", "return", "start_review"]
    # the unit head of U1 on U1's published 2024 package: comment only (nothing to edit or submit)
    own = world["evaluations"][("U1", 2024)]
    assert client_for("head").get(f"/api/v1/packages/{own.pk}").json()["actions"] == ["comment"]


def test_the_public_detail_opens_published_packages_only(world: dict[str, Any], client_for: Any) -> None:
    anonymous = client_for(None)
    listed = {i["id"]: i for i in anonymous.get("/api/v1/public/packages").json()["items"]}
    for e in world["evaluations"].values():
        response = anonymous.get(f"/api/v1/public/packages/{e.pk}")
        assert response.status_code == (200 if e.state == "published" else 404), e
        if e.state == "published":
            body = response.json()
            assert {k: v for k, v in body.items() if k != "package"} == listed[e.pk]
