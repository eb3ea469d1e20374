"""Shared fixtures: the four seed documents and their hand-made packages."""

from __future__ import annotations

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


def seed_package_path(seed_id: str) -> Path:
    return SEED_PACKAGE_DIR / f"{seed_id}.yaml"


@pytest.fixture(params=SEED_IDS)
def seed_id(request: pytest.FixtureRequest) -> str:
    return str(request.param)
