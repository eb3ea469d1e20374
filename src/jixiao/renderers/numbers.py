"""Numbers, dates and grades as the published documents print them.

万元 amounts with two decimals ("444.37"), percentages with two decimals ("99.97%"), dates as
"2025年5月20日". Rounding is half-up on :class:`~decimal.Decimal` (never float), as the finance
bureaus' spreadsheets round. The fallback grade bands are those of 财预〔2020〕10号 (优 ≥ 90,
良 80–90, 中 60–80, 差 < 60), used only where a form states a score but no grade.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def round2(value: Decimal) -> Decimal:
    """Half-up to two decimals."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def money(value: Decimal | None) -> str:
    """An amount in 万元 with two decimals; blank for ``None``."""
    return "" if value is None else f"{round2(value):f}"


def wan(value: Decimal) -> str:
    """``444.37万元``."""
    return f"{money(value)}万元"


def percent(value: Decimal | None) -> str:
    """A percentage number (``99.97`` means 99.97%) with two decimals and the sign; blank for ``None``."""
    return "" if value is None else f"{round2(value):f}%"


def rate(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    """``numerator / denominator`` as a percentage number rounded to two decimals, ``None`` if undefined."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return round2(numerator * HUNDRED / denominator)


def plain(value: Decimal | None) -> str:
    """A score or count as printed, without trailing zeros (``97.98``, ``10``); blank for ``None``."""
    if value is None:
        return ""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


_ISO_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def chinese_date(text: str | None) -> str:
    """``2025-04-17`` or ``2025 年 5 月 20 日`` -> ``2025年4月17日``; other text is returned unchanged."""
    if not text:
        return ""
    m = _ISO_DATE.match(text)
    if m is None:
        return text.strip()
    return f"{int(m.group(1))}年{int(m.group(2))}月{int(m.group(3))}日"


def national_grade(score: Decimal) -> str:
    """优 / 良 / 中 / 差 by the bands of 财预〔2020〕10号."""
    if score >= 90:
        return "优"
    if score >= 80:
        return "良"
    if score >= 60:
        return "中"
    return "差"
