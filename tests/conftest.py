"""Shared fixtures: the four seed documents and their hand-made packages.

Under pytest-xdist (``scripts/test.sh`` runs one worker per core, ``--dist loadfile``: a module's
tests stay on one worker, so a module-scoped fixture such as a whole-corpus reading is computed once)
every worker is its own world: its own ``var`` folder (the web app's queue file, demo accounts,
media), set here before the web folders' conftests load Django; its own test database (named per
process, and pytest-django suffixes it per worker; SQLite runs in memory); live servers on free
ports; Redis queues named per test.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED_IDS = [
    "000_805ae84eb2841fa9",
    "001_a74d644552a354b1",
    "003_7518ab3a3420526e",
    "004_da89c46e97eef31b",
]
SEED_TEXT_DIR = ROOT / "src" / "jixiao" / "data" / "seeds"
SEED_PACKAGE_DIR = ROOT / "tests" / "corpus" / "seeds"

_WORKER = os.environ.get("PYTEST_XDIST_WORKER")
if _WORKER and "JIXIAO_VAR_DIR" not in os.environ:
    # read by jixiao_web's settings, which the web folders' conftests load after this file
    os.environ["JIXIAO_VAR_DIR"] = tempfile.mkdtemp(prefix=f"jixiao-test-var-{_WORKER}-")


def seed_package_path(seed_id: str) -> Path:
    return SEED_PACKAGE_DIR / f"{seed_id}.yaml"


@pytest.fixture(params=SEED_IDS)
def seed_id(request: pytest.FixtureRequest) -> str:
    return str(request.param)
