"""Django set-up and fixtures for the dashboard tests (see :mod:`tests.web_api.support`)."""

from tests.pg import _release_postgres_sessions  # noqa: F401
from tests.web_api.support import client_for, no_checker, world  # noqa: F401
