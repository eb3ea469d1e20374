"""Property-based test of the API against its own OpenAPI schema (schemathesis, through WSGI).

Every documented operation is called with generated data, authenticated by a system
administrator's token (so the scoped endpoints do real work); no call may end in a server error
(5xx), and every response is checked against the documented response schema.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from jixiao_web.evaluations import engine


def test_api_has_no_server_errors(world: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    from jixiao_web.api.tokens import token_create

    # the core checker and scorer are exercised elsewhere; here only the web layer is under test
    monkeypatch.setattr(engine, "check", lambda package, previous=None: [])
    monkeypatch.setattr(engine, "score_sheets", lambda package: [])
    _, raw = token_create(user=world["users"]["sysadmin"], name="schemathesis")
    headers = {"Authorization": f"Bearer {raw}"}
    # as Django's test client does: the test's transaction must survive the end of each request
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        _exercise_all(headers)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _exercise_all(headers: dict[str, str]) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    calls: list[tuple[str, int]] = []

    def exercise(operation: Any) -> None:
        @given(case=operation.as_strategy())
        @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def run(case: Any) -> None:
            response = case.call(headers=headers)
            calls.append((operation.label, response.status_code))
            assert response.status_code < 500, (
                f"{operation.label}: {response.status_code} {response.text[:300]}"
            )
            case.validate_response(response, checks=[not_a_server_error])

        run()

    for operation in operations:
        exercise(operation)
    # the generated calls reached the endpoints (not only the authentication layer)
    assert any(status == 200 for _, status in calls)
    assert len(calls) >= len(operations)
