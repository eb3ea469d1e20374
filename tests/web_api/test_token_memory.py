"""A web process remembers a checked token's user for a few seconds (issue 11: a machine client's
burst costs one token query, not one per request); whatever changes a token, its user or their role
in this process is seen at once, and a change made elsewhere within the remembered seconds."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.web_api.test_api import _bearer, _token

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    from jixiao_web.api import tokens

    now = [1000.0]
    monkeypatch.setattr(tokens.time, "monotonic", lambda: now[0])
    monkeypatch.setattr(tokens, "REMEMBER_SECONDS", 5.0)
    tokens.forget_tokens()
    return now


def _token_queries(c: Any, url: str = "/api/v1/me") -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        status = c.get(url).status_code
    return status, sum(1 for q in captured.captured_queries if '"api_apitoken"' in q["sql"])


def test_a_burst_costs_one_token_query(world: dict[str, Any], clock: list[float]) -> None:
    c = _bearer(_token("admin"))
    assert _token_queries(c) == (200, 2)  # read, and last_used written (at most once a minute)
    assert _token_queries(c) == (200, 0)
    assert _token_queries(c, "/api/v1/packages") == (200, 0)
    clock[0] += 5.1  # remembered 5 seconds: read again (last_used was written 5.1 s ago: not again)
    assert _token_queries(c) == (200, 1)


def test_a_token_revoked_elsewhere_is_refused_within_the_remembered_seconds(
    world: dict[str, Any], clock: list[float]
) -> None:
    from jixiao_web.api.models import ApiToken

    c = _bearer(_token("admin"))
    assert c.get("/api/v1/me").status_code == 200
    ApiToken.objects.update(revoked=True)  # as another web process would (no signal here)
    clock[0] += 4.9
    assert c.get("/api/v1/me").status_code == 200  # still remembered
    clock[0] += 0.2
    assert c.get("/api/v1/me").status_code == 401


def test_what_this_process_changes_is_seen_at_once(world: dict[str, Any], clock: list[float]) -> None:
    from jixiao_web.api.models import ApiToken
    from jixiao_web.api.tokens import token_revoke
    from jixiao_web.orgs.models import Role

    users = world["users"]
    c = _bearer(_token("admin"))
    assert c.get("/api/v1/me").json()["role"] == "bureau_admin"
    membership = users["admin"].membership
    membership.role = Role.REVIEWER
    membership.save()
    assert c.get("/api/v1/me").json()["role"] == "reviewer"
    users["admin"].is_active = False
    users["admin"].save()
    assert c.get("/api/v1/me").status_code == 401
    users["admin"].is_active = True
    users["admin"].save()
    assert c.get("/api/v1/me").status_code == 200
    token_revoke(token=ApiToken.objects.get())
    assert c.get("/api/v1/me").status_code == 401
