"""Shared fixtures: the four hand-made seed packages (ground truth)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.model import EvaluationPackage, load_package

SEEDS = Path(__file__).resolve().parents[1] / "corpus" / "seeds"


def seed_paths() -> list[Path]:
    """The package files only (``000_….yaml``), not the ``….findings.yaml`` beside them."""
    return sorted(p for p in SEEDS.glob("*.yaml") if p.name.count(".") == 1)


def seed(prefix: str) -> EvaluationPackage:
    path = next(p for p in seed_paths() if p.name.startswith(prefix))
    return load_package(path)


@pytest.fixture(scope="session")
def p000() -> EvaluationPackage:
    return seed("000")


@pytest.fixture(scope="session")
def p001() -> EvaluationPackage:
    return seed("001")


@pytest.fixture(scope="session")
def p003() -> EvaluationPackage:
    return seed("003")


@pytest.fixture(scope="session")
def p004() -> EvaluationPackage:
    return seed("004")
