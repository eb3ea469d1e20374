"""Time elapsed and the 双监控 warning of one figure: execution rate against the share of the year.

财预〔2019〕136号 monitors budget execution during the year; the platforms in use warn by the ratio of
the execution rate to the time-proportional share of the year (CYCLE.md: ``bgttracewarn``). The share
is exact (a :class:`fractions.Fraction`): on 2024-07-31, with ``days``, 213 of the 366 days of 2024 have
passed; with ``months``, 7 of 12 months. The levels themselves come from the monitoring rule set.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from jixiao.rules.model import MonitoringRules, WarningBand

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class ElapsedShare:
    """How much of the year has passed on ``as_of``: ``elapsed`` of ``whole`` days (or months)."""

    as_of: date
    basis: Literal["days", "months"]
    elapsed: int
    whole: int

    @property
    def fraction(self) -> Fraction:
        return Fraction(self.elapsed, self.whole)

    @property
    def percent(self) -> Decimal:
        """The share in per cent, exact to 28 significant digits (213/366 → 58.1967…)."""
        return Decimal(self.elapsed) * HUNDRED / Decimal(self.whole)

    def describe(self) -> str:
        unit = "天" if self.basis == "days" else "个月"
        return f"{self.as_of.year}年已过{self.elapsed}{unit}，共{self.whole}{unit}"


def elapsed_share(as_of: date, basis: Literal["days", "months"] = "days") -> ElapsedShare:
    """The share of ``as_of``'s year elapsed at the end of that day (or month)."""
    if basis == "months":
        return ElapsedShare(as_of, basis, as_of.month, 12)
    whole = 366 if calendar.isleap(as_of.year) else 365
    return ElapsedShare(as_of, basis, as_of.timetuple().tm_yday, whole)


@dataclass(frozen=True)
class LagAssessment:
    """One figure's execution against time: rate, share, their ratio and the warning band it falls in."""

    budget: Decimal
    executed: Decimal
    rate: Decimal  # executed ÷ budget × 100 (exact)
    share: ElapsedShare
    ratio: Decimal  # rate ÷ share × 100 (exact): 100 means exactly on schedule
    band: WarningBand | None

    @property
    def level(self) -> str:
        return self.band.level if self.band is not None else "green"


def assess_lag(
    budget: Decimal, executed: Decimal, share: ElapsedShare, rules: MonitoringRules
) -> LagAssessment | None:
    """The warning for ``executed`` of ``budget`` at ``share`` of the year (None when nothing to measure)."""
    if budget <= 0 or share.elapsed <= 0:
        return None
    rate = executed * HUNDRED / budget
    ratio = rate * HUNDRED / share.percent
    return LagAssessment(budget, executed, rate, share, ratio, rules.level_for(ratio))
