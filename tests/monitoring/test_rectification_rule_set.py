"""The 考核评分 variant that counts overdue 整改 items: it restates only its added row (``extends`` merges
keyed lists item by item), is never chosen for a printed 附件9 table, and deducts 1 point per item, at
most 5."""

from __future__ import annotations

from decimal import Decimal

from jixiao.model import EvaluationPackage, ScoringRow, ScoringTable
from jixiao.rules import get_rule_set, select_rule_sets
from jixiao.rules.loader import _merge
from jixiao.scoring import score_table

VARIANT = "hunan/xiangxi/work-assessment-2024-rectification"
ANNEX_9 = "hunan/xiangxi/work-assessment-2024"


def test_keyed_lists_merge_item_by_item_and_other_lists_are_replaced() -> None:
    base = {"rows": [{"key": "a", "x": 1, "y": 2}, {"key": "b", "x": 3}], "places": [["甲"]]}
    override = {"rows": [{"key": "a", "x": 9}, {"key": "c", "x": 5}], "places": [["乙"]]}
    # a: replaced whole (its y is not kept); b kept in place; c appended; places replaced
    assert _merge(base, override) == {
        "rows": [{"key": "a", "x": 9}, {"key": "b", "x": 3}, {"key": "c", "x": 5}],
        "places": [["乙"]],
    }


def test_the_variant_is_annex_9_plus_one_deduction_row() -> None:
    base, variant = get_rule_set(ANNEX_9), get_rule_set(VARIANT)
    assert variant.rows[:-1] == base.rows and variant.weights[:-1] == base.weights
    assert (variant.weights[-1].label, variant.weights[-1].points) == ("整改落实（扣分项）", 0)
    assert variant.total == 100 and variant.grade_bands == base.grade_bands
    assert not variant.selectable and base.selectable


def test_a_printed_annex_9_table_is_still_scored_by_annex_9() -> None:
    package = EvaluationPackage(
        year=2024,
        unit={"name": "湘西自治州某单位", "jurisdiction": ["湖南省", "湘西土家族苗族自治州"]},
        work_assessment=ScoringTable(
            title="考核评分表", rows=[ScoringRow(level1="布置工作", name="自评通知", max_score=Decimal(8))]
        ),
    )
    assert [rs.id for rs in select_rule_sets(package)] == [ANNEX_9]


def _deduction(count: int) -> Decimal | None:
    rs = get_rule_set(VARIANT)
    row = rs.rows[-1]
    table = ScoringTable(
        title=rs.title,
        rows=[ScoringRow(level1=row.level1, name=row.name, rule_key=row.key, max_score=row.max_score)],
    )
    sheet = score_table(
        EvaluationPackage(year=2024, unit={"name": "某单位"}),
        rs,
        table,
        facts={"overdue_rectification_items": Decimal(count)},
    )
    return next(r.score for r in sheet.rows if r.name == row.name)


def test_one_point_per_overdue_item_at_most_five() -> None:
    assert _deduction(0) == 0  # 0 − 0 × 1
    assert _deduction(2) == -2  # 0 − 2 × 1
    assert _deduction(5) == -5  # 0 − 5 × 1
    assert _deduction(7) == -5  # 0 − min(7 × 1, 5)
