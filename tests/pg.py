"""PostgreSQL test hygiene shared by the web test folders.

A live server's request threads can still hold a connection to the test database when the session
ends, and PostgreSQL then refuses to drop it (the database would be left behind on the server).
Before pytest-django tears the database down, end every other session on it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="session", autouse=True)
def _release_postgres_sessions(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
