"""Fixtures for the importer tests: seed texts, hand-made packages, generated samples."""

from __future__ import annotations

from pathlib import Path

from jixiao.model import EvaluationPackage, load_package

ROOT = Path(__file__).resolve().parents[2]
SEED_TEXT_DIR = ROOT / "src" / "jixiao" / "data" / "seeds"
SEED_PACKAGE_DIR = ROOT / "tests" / "corpus" / "seeds"
SAMPLE_DIR = ROOT / "tests" / "corpus" / "samples"
SEED_IDS = [
    "000_805ae84eb2841fa9",
    "001_a74d644552a354b1",
    "003_7518ab3a3420526e",
    "004_da89c46e97eef31b",
]


def expected_package(seed_id: str) -> EvaluationPackage:
    return load_package(SEED_PACKAGE_DIR / f"{seed_id}.yaml")
