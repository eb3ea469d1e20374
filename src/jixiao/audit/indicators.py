"""A conservative reading of 年度指标值 / 实际完成值 for the audit checks.

Implements the comparison side of 财预〔2020〕10号 R-Q1/R-Q2/R-Q3 (RULES.md §1.3): met or not,
the direction-aware completion ratio (actual/target for higher-better, target/actual for
lower-better), and how far a higher-better target was overshot. It only reads what is
unambiguous — a number with an optional comparator and unit, or a list of such parts — and
returns ``None`` for deadlines, change targets ("比上年度下降10%") and qualitative words, which are
left to :mod:`jixiao.targets` and :mod:`jixiao.scoring`. A finding is better missed than invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from jixiao.model import Indicator, Level2

from .numbers import NUMBER, dec

_GE = r"≥|>=|≧|大于等于|不低于|不少于|不小于|以上|至少"
_GT = r">|＞|大于|超过|高于|多于"
_LE = r"≤|<=|≦|小于等于|不超过|不高于|不多于|以内|以下|控制在"
_LT = r"<|＜|小于|低于|少于"

KNOWN_UNITS = sorted(
    [
        "万元/人/年",
        "万元/人",
        "元/人/年",
        "元/人/月",
        "元/人·月",
        "元/月",
        "元/年",
        "元/人",
        "元/",
        "万元",
        "亿元",
        "元",
        "万人次",
        "万人",
        "万户",
        "人次",
        "人",
        "名",
        "户",
        "家",
        "个月",
        "个",
        "次",
        "件",
        "条",
        "辆",
        "天",
        "月",
        "年",
        "%",
        "万",
    ],
    key=len,
    reverse=True,
)

_LOWER_BETTER_NAME = re.compile(r"成本|费用|标准|单价|时限|投诉|差错|控制额|控制数|支出额|不超")
_DEADLINE = re.compile(r"\d{4}年|年底|年末|每月|每季|每年|日前|号前|号左右|日左右|月底|季度")
_CHANGE = re.compile(r"下降|增长|减少|增加|提高\d|降低|比上年|同比")


@dataclass(frozen=True)
class Quantity:
    """A number with optional comparator and unit; ``value`` is in base units (万人 → 人)."""

    raw: str
    comparator: str | None  # ge gt le lt
    value: Decimal
    unit: str | None
    printed_unit: str | None


@dataclass(frozen=True)
class Comparison:
    """What the audit needs to know about one indicator's target and actual."""

    met: bool
    ratio: Decimal  # direction-aware completion, not capped
    overshoot: Decimal | None  # actual/target − 1 for higher-better targets, when positive
    direction: str  # higher / lower
    unit_mismatch: bool
    actual_is_bound: bool  # the actual is written as a bound ("≥95%") not a measurement
    target: tuple[Quantity, ...]
    actual: tuple[Quantity, ...]


def _clean(raw: str) -> str:
    text = raw.translate(str.maketrans("０１２３４５６７８９．％", "0123456789.%"))
    return re.sub(r"\s+", "", text)


def _unit_after(text: str) -> str | None:
    for u in KNOWN_UNITS:
        if text.startswith(u):
            return u
    m = re.match(r"[\u4e00-\u9fff]{1,10}", text)
    return m.group(0) if m else None


@lru_cache(maxsize=8192)
def parse_quantity(raw: str | None) -> tuple[Quantity, ...] | None:
    """The quantity (or the list of quantities) a cell states, or None when it is not plainly numeric."""
    if not raw:
        return None
    text = _clean(raw)
    if not re.search(r"\d", text) or _DEADLINE.search(text) or _CHANGE.search(text):
        return None
    pieces = [p for p in re.split(r"[，,;；]", text) if re.search(r"\d", p)]
    if len(pieces) > 1:
        parts: list[Quantity] = []
        for p in pieces:
            q = _single(p)
            if q is None:
                return None
            parts.append(q)
        return tuple(parts)
    q = _single(pieces[0])
    return (q,) if q is not None else None


def _single(text: str) -> Quantity | None:
    numbers = list(re.finditer(NUMBER, text))
    if len(numbers) != 1:
        return None
    m = numbers[0]
    value = dec(m.group(0))
    if value is None or value < 0:
        return None
    comparator = None
    for name, pattern in (("ge", _GE), ("le", _LE), ("gt", _GT), ("lt", _LT)):
        if re.search(pattern, text):
            comparator = name
            break
    printed = _unit_after(text[m.end() :])
    unit = printed
    if printed in ("万人", "万户", "万人次"):
        value = value * 10000
        unit = printed[1:]
    elif printed == "万":
        value = value * 10000
        unit = None
    if unit == "名":
        unit = "人"
    return Quantity(text, comparator, value, unit, printed)


def _compatible(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return True
    return a == b or a.startswith(b) or b.startswith(a)


def lower_is_better(indicator: Indicator, target: Quantity) -> bool:
    if target.comparator in ("le", "lt"):
        return True
    if target.comparator in ("ge", "gt"):
        return False
    return indicator.level2 == Level2.COST or bool(_LOWER_BETTER_NAME.search(indicator.name))


def compare(indicator: Indicator) -> Comparison | None:
    """Compare an indicator's actual with its target, or None when either is not plainly numeric."""
    target = parse_quantity(indicator.target_raw)
    actual = parse_quantity(indicator.actual_raw)
    if target is None or actual is None or len(target) != len(actual):
        return None
    ratios: list[Decimal] = []
    met = True
    mismatch = False
    bound = any(a.comparator is not None for a in actual)
    lower = lower_is_better(indicator, target[0])
    overshoot: Decimal | None = None
    for t, a in zip(target, actual, strict=True):
        if a.printed_unit is None and t.printed_unit in ("万人", "万户", "万人次"):
            a = Quantity(a.raw, a.comparator, a.value * 10000, t.unit, None)
        if not _compatible(t.unit, a.unit):
            mismatch = True
            continue
        if t.value == 0:
            return None
        if lower:
            ratio = Decimal(1) if a.value == 0 else t.value / a.value
            ok = a.value < t.value if t.comparator == "lt" else a.value <= t.value
        else:
            ratio = a.value / t.value
            ok = a.value > t.value if t.comparator == "gt" else a.value >= t.value
            if len(target) == 1 and not bound and ratio > 1:
                overshoot = ratio - 1
        ratios.append(ratio)
        met = met and ok
    if mismatch:
        return Comparison(
            False, Decimal(0), None, "lower" if lower else "higher", True, bound, target, actual
        )
    mean = (
        sum(ratios, Decimal(0)) / len(ratios)
        if len(ratios) == 1
        else sum((min(r, Decimal(1)) for r in ratios), Decimal(0)) / len(ratios)
    )
    return Comparison(met, mean, overshoot, "lower" if lower else "higher", False, bound, target, actual)
