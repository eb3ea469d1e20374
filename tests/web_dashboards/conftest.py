"""Django set-up and fixtures for the dashboard tests (see :mod:`tests.web_api.support`).

The world is written straight into the tables, not through the services, so its dashboard
aggregates are rebuilt (``dashboards_rebuild``) before a client looks at them — after the test's
stand-in checker, when it asks for one, is in place.
"""

from collections.abc import Callable
from typing import Any

import pytest

from tests.factories import client_maker
from tests.pg import _release_postgres_sessions  # noqa: F401
from tests.web_api.support import no_checker, world  # noqa: F401


@pytest.fixture
def client_for(world: dict[str, Any], request: pytest.FixtureRequest) -> Callable[[str | None], Any]:  # noqa: F811
    for name in ("checker", "no_checker"):
        if name in request.fixturenames:
            request.getfixturevalue(name)
    from jixiao_web.dashboards.tally import rebuild

    rebuild(check=True)
    return client_maker(world["users"])
