"""The one figure of a 合计 row: the form's 分值 total or its 得分 total, told by the sums.

四川's project form prints "合计 | 100" under 权重 with the scores left blank; a form that prints only
its score total prints "总分 | 98". Made-up rows; the sums are beside each case.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.importers.forms import lone_total
from jixiao.model import Funds, Indicator, Level1, Level2

D = Decimal


def _ind(top: str, score: str | None) -> Indicator:
    return Indicator(
        level1=Level1.OUTPUT,
        level2=Level2.QUANTITY,
        name="指标",
        max_score=D(top),
        score=D(score) if score is not None else None,
    )


def test_the_weights_total_with_blank_scores_is_the_max() -> None:
    # 60 + 30 + 执行率 10 = 100; no score printed
    assert lone_total([_ind("60", None), _ind("30", None)], Funds(max_score=D(10)), D(100)) == "max"


def test_a_total_equal_to_the_scores_is_the_score() -> None:
    # scores 58 + 30 + 10 = 98 ≠ 分值 100
    funds = Funds(max_score=D(10), stated_score=D(10))
    assert lone_total([_ind("60", "58"), _ind("30", "30")], funds, D(98)) == "score"


def test_full_marks_stay_a_score() -> None:
    # 分值 100 = 得分 100: nothing tells them apart, the figure is read as the score as before
    funds = Funds(max_score=D(10), stated_score=D(10))
    assert lone_total([_ind("60", "60"), _ind("30", "30")], funds, D(100)) == "score"


def test_a_rate_printed_as_a_fraction_is_read_in_percent() -> None:
    from jixiao.importers.forms import as_percent

    # a spreadsheet cell 0.95 without its "%" format beside 95 spent of 100: 95 %
    assert as_percent(D("0.95"), D(100), D(95)) == D(95)
    # 1 beside 100 of 100 is 100 %; 1 beside 1 of 100 is 1 % as printed; 95 stays 95
    assert as_percent(D(1), D(100), D(100)) == D(100)
    assert as_percent(D(1), D(100), D(1)) == D(1)
    assert as_percent(D(95), D(100), D(95)) == D(95)


def test_a_forms_tail_reads_its_lone_total_by_the_column_it_stands_under() -> None:
    """德阳 四川-form tail typeset (no head, no funds row): "合计 | 100" under 权重 while the four rows
    print 22.5 each — 4 × 22.5 = 90, the 100 counts the lost 预算执行情况(10分) — so the sums cannot
    tell it; the column can. The 指标性质 / 度量单位 header makes the headless fragment a project form."""
    from pathlib import Path

    from jixiao.importers.api import import_file
    from jixiao.model import Scope

    dev = (
        Path(__file__).resolve().parents[1] / "corpus" / "real" / "dev" / "sc-deyang-dyrmt-2022-project-tail"
    )
    for fmt in ("xlsx", "docx", "pdf"):
        (ev,) = [e for p in import_file(dev / f"document.{fmt}") for e in p.evaluations()]
        assert ev.scope is Scope.PROJECT and ev.layout == "self-evaluation/sichuan-project-2023"
        assert (ev.stated_total_max, ev.stated_total_score) == (D(100), None), fmt
        assert [i.target_raw for i in ev.indicators][:2] == ["=100%", "≤10次"]
