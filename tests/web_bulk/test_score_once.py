"""The web engine and the bulk audit score each form once per check + score (issue 11).

Behaviour, not timing: the scoring engine's per-form function is counted, and the findings, sheets
and final score are those of the calls without a memo.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.model import EvaluationPackage, load_package
from jixiao.scoring import engine as scoring_engine
from jixiao_web.bulk import services
from jixiao_web.evaluations import engine

SEEDS = Path(__file__).resolve().parents[1] / "corpus" / "seeds"
SEED = "001_a74d644552a354b1"  # every 分值 printed: the checks score the forms themselves, no probe sheet


def _package() -> EvaluationPackage:
    return load_package(SEEDS / f"{SEED}.yaml")


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = scoring_engine._score_evaluation

    def counted(evaluation: object, rule_set: object, package: object) -> object:
        calls.append(id(evaluation))
        return real(evaluation, rule_set, package)  # type: ignore[arg-type]

    monkeypatch.setattr(scoring_engine, "_score_evaluation", counted)
    return calls


def test_check_then_score_sheets_with_one_memo_scores_each_form_once(monkeypatch: pytest.MonkeyPatch) -> None:
    package = _package()
    plain_findings, plain_sheets = engine.check(package), engine.score_sheets(package)
    forms = package.evaluations()
    assert forms
    calls = _counting(monkeypatch)
    memo = engine.score_memo()
    findings = engine.check(package, memo=memo)
    sheets = engine.score_sheets(package, memo=memo)
    assert sorted(calls) == sorted(id(f) for f in forms)  # each form once, none twice
    assert findings == plain_findings
    assert sheets == plain_sheets


def test_bulk_score_with_the_checks_memo_is_the_final_score(monkeypatch: pytest.MonkeyPatch) -> None:
    package = _package()
    alone = services._score(package)
    memo = engine.score_memo()
    engine.check(package, memo=memo)
    calls = _counting(monkeypatch)
    assert services._score(package, memo) == alone
    assert calls == []  # every form the final score needs was scored by the checks


def test_scoring_once_shares_one_memo_between_check_and_sheets(monkeypatch: pytest.MonkeyPatch) -> None:
    package = _package()
    plain_sheets = engine.score_sheets(package)
    forms = package.evaluations()
    calls = _counting(monkeypatch)
    with engine.scoring_once() as memo:
        engine.check(package)
        sheets = engine.score_sheets(package)
    assert sorted(calls) == sorted(id(f) for f in forms)
    assert memo.scored == len(forms)
    assert sheets == plain_sheets
    calls.clear()
    engine.score_sheets(package)  # outside the block: no memo, every form scored again
    assert sorted(calls) == sorted(id(f) for f in forms)
