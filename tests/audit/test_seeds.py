"""The checker against the four seeds: recall of the hand-found errors and precision on correct figures.

Expected findings are in ``tests/corpus/expected/<seed>.findings.yaml``, worked out by hand (each
entry's ``note`` holds the computation). Every expected finding must be reported at its place
(code + path and/or seed line); no error or warning may be reported outside the expected list
(info findings are free; accepted extras are listed under ``also_accepted`` with a reason).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from jixiao.audit import Finding, Severity, check_package
from jixiao.model import EvaluationPackage, load_package

SEEDS = Path(__file__).resolve().parents[1] / "corpus" / "seeds"
EXPECTED = Path(__file__).resolve().parents[1] / "corpus" / "expected"
SEED_IDS = ["000_805ae84eb2841fa9", "001_a74d644552a354b1", "003_7518ab3a3420526e", "004_da89c46e97eef31b"]


def load_seed(seed_id: str) -> EvaluationPackage:
    """The hand-made package of a seed."""
    return load_package(SEEDS / f"{seed_id}.yaml")


def expected(seed_id: str) -> dict[str, Any]:
    data = yaml.safe_load((EXPECTED / f"{seed_id}.findings.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _matches(entry: dict[str, Any], f: Finding) -> bool:
    if entry["code"] != f.code:
        return False
    if "path" in entry and entry["path"] != f.location.path:
        return False
    if "line" in entry and entry["line"] != f.location.line:
        return False
    return "path" in entry or "line" in entry


@pytest.fixture(scope="module")
def results() -> dict[str, list[Finding]]:
    return {}


def _findings(seed_id: str, cache: dict[str, list[Finding]]) -> list[Finding]:
    if seed_id not in cache:
        cache[seed_id] = check_package(load_seed(seed_id))
    return cache[seed_id]


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_recall(seed_id: str, results: dict[str, list[Finding]]) -> None:
    findings = _findings(seed_id, results)
    missing = [e for e in expected(seed_id)["expected"] if not any(_matches(e, f) for f in findings)]
    assert missing == [], f"not reported: {[(e['code'], e.get('path'), e.get('line')) for e in missing]}"


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_precision(seed_id: str, results: dict[str, list[Finding]]) -> None:
    findings = _findings(seed_id, results)
    data = expected(seed_id)
    allowed = list(data["expected"]) + list(data.get("also_accepted") or [])
    extra = [
        f.compact()
        for f in findings
        if f.severity != Severity.INFO and not any(_matches(e, f) for e in allowed)
    ]
    assert extra == []


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_no_internal_errors(seed_id: str, results: dict[str, list[Finding]]) -> None:
    assert [f.message for f in _findings(seed_id, results) if f.code == "INT001"] == []


def test_expected_files_are_well_formed() -> None:
    from jixiao.audit import CODES

    for seed_id in SEED_IDS:
        data = expected(seed_id)
        for e in data["expected"]:
            assert e["code"] in CODES, e
            assert "path" in e or "line" in e, e
            assert e.get("note"), e
