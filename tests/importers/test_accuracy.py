"""The field-by-field comparison itself: identical packages match, a changed figure is caught."""

from __future__ import annotations

from decimal import Decimal

from jixiao.importers.accuracy import compare
from jixiao.model import EvaluationPackage, Indicator, Level1, Level2, Scope, SelfEvaluation, Unit


def _package() -> EvaluationPackage:
    ev = SelfEvaluation(scope=Scope.OVERALL, stated_total_score=Decimal("96"))
    ev.indicators = [
        Indicator(
            level1=Level1.OUTPUT,
            level2=Level2.QUANTITY,
            name="参保扩面任务",
            target_raw="≥45万人",
            actual_raw="45.99",
            max_score=Decimal(10),
            score=Decimal(10),
        ),
        Indicator(
            level1=Level1.OUTPUT,
            level2=Level2.QUALITY,
            name="实际发放人数",
            target_raw="≥98%",
            actual_raw="94%",
            max_score=Decimal(10),
            score=Decimal(6),
        ),
    ]
    return EvaluationPackage(year=2024, unit=Unit(name="某中心", authorized_staff=32), overall=ev)


def test_identical_packages_match_fully() -> None:
    report = compare(_package(), _package())
    # figures: year, staff, total score, 2 x (max, score) = 7
    assert report.figures_expected == 7
    assert report.figure_share == 1.0
    assert report.indicators_matched == report.indicators_expected == 2


def test_a_changed_figure_and_row_are_caught() -> None:
    imported = _package()
    assert imported.overall is not None
    imported.overall.indicators[1].score = Decimal(10)
    report = compare(imported, _package())
    # one of 7 figures differs: 6/7
    assert report.figures_matched == 6
    assert report.indicators_matched == 1
    assert report.figure_mismatches[0][1:] == (Decimal(6), Decimal(10))


def test_order_of_rows_does_not_matter() -> None:
    imported = _package()
    assert imported.overall is not None
    imported.overall.indicators = list(reversed(imported.overall.indicators))
    report = compare(imported, _package())
    assert report.figure_share == 1.0 and report.indicator_share == 1.0
