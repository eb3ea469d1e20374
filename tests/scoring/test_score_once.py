"""Check + score scores each form once (issue 11): the checks' sheets are reused by score_package.

Behaviour, not timing: the scoring engine's per-form function is counted with a wrapper, and the
findings and sheets are those of check_package and score_package run on their own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.audit import CheckContext, check_package
from jixiao.audit.check import check_and_score
from jixiao.model import EvaluationPackage, load_package
from jixiao.scoring import ScoreMemo, engine, score_package

SEEDS = Path(__file__).resolve().parents[1] / "corpus" / "seeds"
# seeds whose forms print every 分值 (no probe sheet on 100 points for the checks)
FULL = ["001_a74d644552a354b1", "004_da89c46e97eef31b"]


def _package(seed: str) -> EvaluationPackage:
    return load_package(SEEDS / f"{seed}.yaml")


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the engine's runs over a form (one entry per run, the form's id)."""
    calls: list[int] = []
    real = engine._score_evaluation

    def counted(evaluation: object, rule_set: object, package: object) -> object:
        calls.append(id(evaluation))
        return real(evaluation, rule_set, package)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "_score_evaluation", counted)
    return calls


@pytest.mark.parametrize("seed", FULL)
def test_check_then_score_runs_the_engine_once_per_form(seed: str, monkeypatch: pytest.MonkeyPatch) -> None:
    package = _package(seed)
    forms = package.evaluations()
    assert forms
    calls = _counting(monkeypatch)
    _findings, sheets = check_and_score(package)
    assert sorted(calls) == sorted(id(f) for f in forms)  # each form once, none twice
    assert len(sheets) == len(forms)

    # the same through the context, as bench_check and callers that keep the context do it
    calls.clear()
    ctx = CheckContext()
    check_package(package, context=ctx)
    assert score_package(package, memo=ctx.scoring) == sheets
    assert sorted(calls) == sorted(id(f) for f in forms)
    assert ctx.scoring.scored == len(forms)


@pytest.mark.parametrize("seed", [*FULL, "000_805ae84eb2841fa9", "003_7518ab3a3420526e"])
def test_shared_sheets_change_nothing(seed: str) -> None:
    package = _package(seed)
    findings, sheets = check_and_score(package)
    assert findings == check_package(package)
    plain = score_package(package)
    assert [s.model_dump() for s in sheets] == [s.model_dump() for s in plain]
    assert [[r.exact_score for r in s.all_rows()] for s in sheets] == [
        [r.exact_score for r in s.all_rows()] for s in plain
    ]


def test_score_package_without_a_memo_scores_every_time(monkeypatch: pytest.MonkeyPatch) -> None:
    package = _package(FULL[0])
    calls = _counting(monkeypatch)
    score_package(package)
    score_package(package)
    assert len(calls) == 2 * len(package.evaluations())


def test_memo_is_keyed_by_rule_set_and_form(monkeypatch: pytest.MonkeyPatch) -> None:
    from jixiao.rules import get_rule_set

    package = _package(FULL[0])
    calls = _counting(monkeypatch)
    memo = ScoreMemo()
    first = score_package(package, memo=memo)
    assert score_package(package, memo=memo) == first
    assert len(calls) == len(package.evaluations())
    project = get_rule_set("national/project/cai-yu-2020-10")
    forced = score_package(package, project, memo=memo)  # the rule set the project form had: reused
    assert forced and all(any(f is s for s in first) for f in forced)
    assert len(calls) == len(package.evaluations())
    overall = get_rule_set("national/overall/self-evaluation-2020")
    assert overall.content_hash != project.content_hash
    sheet = engine.score_evaluation(package.projects[0], overall, package=package, memo=memo)
    assert sheet.rule_set_id == overall.id  # another rule set for the same form: scored
    assert len(calls) == len(package.evaluations()) + 1
    copy = package.model_copy(deep=True)  # another package object: scored again
    score_package(copy, memo=memo)
    assert len(calls) == 2 * len(package.evaluations()) + 1
