"""Django set-up and fixtures for the administration tests (the web tests' small world)."""

from tests.pg import _release_postgres_sessions  # noqa: F401
from tests.web.conftest import client_for, world  # noqa: F401
