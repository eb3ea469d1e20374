"""Rule cases as data (tests/scoring/cases/*.yaml): each primitive, grade bands and form scoring.

Expected values are worked out by hand in the case files' comments.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from jixiao.model import (
    Funds,
    FundsRow,
    FundsRowKind,
    Indicator,
    Level1,
    Level2,
    Scope,
    SelfEvaluation,
)
from jixiao.rules import Row, get_rule_set
from jixiao.scoring import apply, round2, score_evaluation

CASES = Path(__file__).parent / "cases"


class _DecimalLoader(yaml.SafeLoader):
    pass


_DecimalLoader.add_constructor(
    "tag:yaml.org,2002:float",
    lambda loader, node: Decimal(str(loader.construct_scalar(node))),  # type: ignore[arg-type]
)


def _load(name: str) -> list[dict[str, Any]]:
    data = yaml.load((CASES / name).read_text(encoding="utf-8"), Loader=_DecimalLoader)
    assert isinstance(data, list)
    return data


def _primitive_examples() -> list[Any]:
    out = []
    for name in ("linear_deduction.yaml", "bands.yaml", "other_primitives.yaml"):
        for case in _load(name):
            for example in case["examples"]:
                out.append(pytest.param(case, example, id=f"{case['case']}｜{example['name']}"))
    return out


def _value(raw: Any) -> Any:
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return Decimal(str(raw))
    if isinstance(raw, list):
        return [str(x) for x in raw]
    return raw


@pytest.mark.parametrize(("case", "example"), _primitive_examples())
def test_primitive_case(case: dict[str, Any], example: dict[str, Any]) -> None:
    row = Row.model_validate(
        {
            "key": "k",
            "level1": "x",
            "name": case["case"],
            "max_score": case["max_score"],
            "criterion": "",
            "input": "x",
            "scoring": case["scoring"],
        }
    )
    outcome = apply(row.scoring, row.max_score, _value(example["input"]))
    expected = example["expected"]
    if expected is None:
        assert outcome.score is None, outcome.words
        assert outcome.words  # says why, in Chinese
    else:
        assert outcome.score is not None, outcome.words
        assert round2(outcome.score) == round2(Decimal(str(expected))), outcome.words
        assert "分" in outcome.words


def _grade_examples() -> list[Any]:
    return [
        pytest.param(case["rule_set"], Decimal(str(score)), grade, id=f"{case['case']}｜{score}")
        for case in _load("grades.yaml")
        for score, grade in case["grades"]
    ]


@pytest.mark.parametrize(("rule_set_id", "score", "grade"), _grade_examples())
def test_grade_case(rule_set_id: str, score: Decimal, grade: str) -> None:
    band = get_rule_set(rule_set_id).grade_for(score)
    assert band is not None
    assert band.label == grade


@pytest.mark.parametrize("case", [pytest.param(c, id=c["case"]) for c in _load("forms.yaml")])
def test_form_case(case: dict[str, Any]) -> None:
    funds = case["funds"]
    evaluation = SelfEvaluation(
        scope=Scope(case["scope"]),
        name=case["case"],
        funds=Funds(
            rows=[
                FundsRow(
                    kind=FundsRowKind.TOTAL, annual_budget=funds["annual_budget"], executed=funds["executed"]
                )
            ],
            max_score=funds["max_score"],
            stated_score=funds["stated_score"],
        ),
        indicators=[
            Indicator(
                level1=Level1(i["level1"]),
                level2=Level2(i["level2"]),
                name=i["name"],
                target_raw=str(i["target"]),
                actual_raw=str(i["actual"]),
                max_score=i["max_score"],
                score=i["score"],
            )
            for i in case["indicators"]
        ],
    )
    sheet = score_evaluation(evaluation, get_rule_set(case["rule_set"]))
    for indicator, row in zip(case["indicators"], sheet.rows, strict=True):
        assert row.score == round2(Decimal(str(indicator["expected"]))), row.explanation
    assert sheet.execution is not None
    assert sheet.execution.score == round2(Decimal(str(case["execution"])))
    assert sheet.total == round2(Decimal(str(case["total"])))
    assert sheet.grade == case["grade"]
