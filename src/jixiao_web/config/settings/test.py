"""Test settings: SQLite in memory, or PostgreSQL when DATABASE_URL points at one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import dj_database_url

from .base import *  # noqa: F403
from .base import SQLITE_ENGINE

SECRET_KEY = "test-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]
STATIC_ROOT = Path(tempfile.gettempdir()) / "jixiao-test-static"  # whitenoise wants an existing folder
STATIC_ROOT.mkdir(exist_ok=True)  # tests serve via finders; this stays empty
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast hashing in tests only
_url = os.environ.get("DATABASE_URL", "sqlite:///:memory:")
DATABASES = {"default": dj_database_url.parse(_url)}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["ENGINE"] = SQLITE_ENGINE
    # ":memory:" said outright (Django reads "" the same way): pytest-django leaves an in-memory name
    # alone under xdist, while "" with our engine's name made it a file test_:memory:_gwN in the tree
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("JIXIAO_SQLITE_TEST_NAME") or ":memory:"}
else:
    # a database of our own per run, so parallel runs on one server (CI jobs, other checkouts) never collide
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get("JIXIAO_PG_TEST_NAME", f"test_jixiao_web_{os.getpid()}")
    }
BULK_HEARTBEAT_THREAD = False  # the in-process tests run a job at once; the worker tests use real processes
