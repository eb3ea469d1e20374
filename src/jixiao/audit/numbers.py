"""Decimal helpers for the audit checker: tolerant comparison of amounts and printed rates.

Amounts compare at ±0.01 万元 (RULES.md §5.2). A rate printed with *d* decimals matches when it
equals the exact rate rounded to *d* decimals (±half a unit of the last digit) or truncated to *d*
decimals (units often cut rather than round: 4.11/6.87 = 59.825…% printed 59.82%). Reading numbers
from text (full-width digits, stray spaces, Chinese numerals) is :mod:`jixiao.text`'s.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Protocol

from jixiao.text import chinese_numeral, parse_decimal

ZERO = Decimal(0)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


class HasDecimals(Protocol):
    def decimals(self) -> int: ...


def dec(text: str | int | Decimal | None) -> Decimal | None:
    """A Decimal from text (stray spaces and full-width digits allowed), or None."""
    if isinstance(text, Decimal):
        return text
    if isinstance(text, int):
        return Decimal(text)
    return parse_decimal(text)


chinese_int = chinese_numeral
"""``"6"`` → 6, ``"六"`` → 6, ``"十二"`` → 12, ``"二十一"`` → 21 (:func:`jixiao.text.chinese_numeral`)."""


def decimals(value: Decimal) -> int:
    """How many decimals a printed number has (``Decimal("69")`` → 0, ``Decimal("59.82")`` → 2)."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def q2(value: Decimal) -> Decimal:
    """Round half up to two decimals (for messages)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def show(value: Decimal | None, places: int = 2) -> str:
    """A number for a message: at most ``places`` decimals, no trailing zeros."""
    if value is None:
        return "空"
    q = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = format(q, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def amounts_equal(a: Decimal, b: Decimal, tolerance: Decimal = CENT) -> bool:
    return abs(a - b) <= tolerance


def rate_matches(stated: Decimal, computed: Decimal) -> bool:
    """Whether a printed percentage agrees with the exact one at the printed precision."""
    d = decimals(stated)
    unit = Decimal(1).scaleb(-d)
    if abs(stated - computed) <= unit / 2 + Decimal("1e-9"):
        return True
    truncated = computed.quantize(unit, rounding=ROUND_DOWN)
    return truncated == stated


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part / whole × 100`` or None when ``whole`` is zero."""
    if whole == 0:
        return None
    return part / whole * HUNDRED


def total(values: list[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), ZERO)


def last_digit(figures: Iterable[HasDecimals]) -> Decimal:
    """One unit of the last printed digit of the most precise figure (251.21 and 36.9 → 0.01)."""
    places = max((f.decimals() for f in figures), default=0)
    return Decimal(1).scaleb(-places)
