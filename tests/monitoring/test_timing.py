"""Time elapsed and the execution warning, worked out by hand (财预〔2019〕136号; pmkpi bgttracewarn bands)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from jixiao.monitoring import assess_lag, elapsed_share, monitoring_rule_set

RULES = monitoring_rule_set("national/monitoring/monitoring-2019").monitoring
assert RULES is not None


def test_31_july_2024_is_213_of_366_days() -> None:
    # Jan 31 + Feb 29 (leap year) + Mar 31 + Apr 30 + May 31 + Jun 30 + Jul 31 = 213; 2024 has 366 days
    share = elapsed_share(date(2024, 7, 31))
    assert (share.elapsed, share.whole) == (213, 366)
    assert share.percent.quantize(Decimal("0.0001")) == Decimal("58.1967")  # 21300 / 366
    # 2023 is not a leap year: 31 + 28 + 31 + 30 + 31 + 30 + 31 = 212 of 365
    assert (elapsed_share(date(2023, 7, 31)).elapsed, elapsed_share(date(2023, 7, 31)).whole) == (212, 365)
    # the platform's own basis: whole months, 7 / 12
    months = elapsed_share(date(2024, 7, 31), "months")
    assert (months.elapsed, months.whole) == (7, 12)


@pytest.mark.parametrize(
    ("executed", "ratio", "level"),
    [
        # 13.8 / 46 = 30 %; 30 ÷ (213/366) = 30 × 366 / 213 = 10980 / 213 = 51.5493 % < 60 → red
        ("13.8", "51.5493", "red"),
        # 18.4 / 46 = 40 %; 40 × 366 / 213 = 14640 / 213 = 68.7324 % in [60, 80) → yellow
        ("18.4", "68.7324", "yellow"),
        # 23 / 46 = 50 %; 50 × 366 / 213 = 18300 / 213 = 85.9155 % ≥ 80 → green
        ("23", "85.9155", "green"),
        # 60 % exactly of the share is yellow (lower bound included): 0.6 × 46 × 213/366 = 16.0623 … at 58.1967 %
        ("16.06229508196721311475409836", "60.0000", "yellow"),
    ],
)
def test_lag_bands(executed: str, ratio: str, level: str) -> None:
    lag = assess_lag(Decimal(46), Decimal(executed), elapsed_share(date(2024, 7, 31)), RULES)
    assert lag is not None
    assert lag.ratio.quantize(Decimal("0.0001")) == Decimal(ratio)
    assert lag.level == level


def test_nothing_to_measure_without_a_budget() -> None:
    assert assess_lag(Decimal(0), Decimal(5), elapsed_share(date(2024, 7, 31)), RULES) is None
