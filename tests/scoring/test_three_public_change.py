"""三公经费变动率 (财预〔2013〕53号 basis: this year's budget against last year's) under the 岳阳楼区 table."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.model import (
    EvaluationPackage,
    ScoringRow,
    ScoringTable,
    ThreePublicComponent,
    ThreePublicRow,
    ThreePublicTable,
    Unit,
)
from jixiao.scoring import score_package


def _package(last_year_budget: str | None, budget: str) -> EvaluationPackage:
    row = ThreePublicRow(
        component=ThreePublicComponent.TOTAL,
        last_year_budget=Decimal(last_year_budget) if last_year_budget else None,
        budget=Decimal(budget),
        actual=Decimal("1"),
    )
    return EvaluationPackage(
        year=2021,
        unit=Unit(name="岳阳市岳阳楼区某中心", jurisdiction=["湖南省", "岳阳市", "岳阳楼区"]),
        three_public_tables=[ThreePublicTable(title="三公经费", rows=[row])],
        scoring_table=ScoringTable(
            title="部门整体支出绩效评价评分表",
            rows=[
                ScoringRow(
                    level1="投入", name="“三公经费”变动率", max_score=Decimal(5), self_score=Decimal(5)
                )
            ],
        ),
    )


def _row(package: EvaluationPackage) -> object:
    sheets = score_package(package, "hunan/yueyanglou/overall-2021")
    rows = [r for s in sheets for r in s.rows if "变动率" in r.name]
    assert len(rows) == 1
    return rows[0]


@pytest.mark.parametrize(
    ("last_year", "this_year", "expected"),
    [
        # (3.5 − 4) / 4 = −12.5 % ≤ 0 → full 5 points
        ("4", "3.5", Decimal("5")),
        # (4 − 4) / 4 = 0 % ≤ 0 → 5
        ("4", "4", Decimal("5")),
        # (4.2 − 4) / 4 = 5 % → 5 − 0.5 × 5 = 2.5
        ("4", "4.2", Decimal("2.5")),
        # (5 − 4) / 4 = 25 % → 5 − 12.5 < 0 → floor 0
        ("4", "5", Decimal("0")),
    ],
)
def test_change_rate_from_last_year_budget(last_year: str, this_year: str, expected: Decimal) -> None:
    row = _row(_package(last_year, this_year))
    assert row.score == expected  # type: ignore[attr-defined]


def test_change_rate_missing_without_last_year_budget() -> None:
    row = _row(_package(None, "4"))
    assert row.score is None  # type: ignore[attr-defined]
    assert "上年度三公经费预算数" in row.explanation  # type: ignore[attr-defined]
