"""Numbers, dates and grades as the published documents print them.

万元 amounts with two decimals ("444.37"), percentages with two decimals ("99.97%"), dates as
"2025年5月20日". Rounding is half-up on :class:`~decimal.Decimal` (never float), as the finance
bureaus' spreadsheets round. Where a form states a score but no grade, the grade, its stated basis,
the blank form's note and its Excel formula come from the bands of the 财预〔2020〕10号 rule set file
(``data/rules/national/project/cai-yu-2020-10.yaml``): no band is written in Python.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jixiao.rules.model import GradeBand

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


NATIONAL_RULE_SET = "national/project/cai-yu-2020-10"
"""The rule set whose grade bands a document uses when its form states no grade (财预〔2020〕10号)."""


def _bands() -> list[GradeBand]:
    """The bands from the rule set's YAML, best first (a rule lives in its YAML only)."""
    from jixiao.rules import get_rule_set

    bands = list(get_rule_set(NATIONAL_RULE_SET).grade_bands)
    return sorted(bands, key=lambda b: b.lower if b.lower is not None else Decimal("-Infinity"), reverse=True)


def national_grade(score: Decimal) -> str:
    """优 / 良 / 中 / 差 by the bands of 财预〔2020〕10号, as its rule set file declares them."""
    from jixiao.rules import get_rule_set

    band = get_rule_set(NATIONAL_RULE_SET).grade_for(score)
    return band.label if band is not None else ""


def _n(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _span(band: GradeBand, top: Decimal | None) -> str:
    """ "90分（含）以上", "80（含）—90分", "60分以下" — or with ``top``, "90（含）—100分"."""
    high = band.upper if band.upper is not None else top
    if band.lower is None:
        return f"{_n(high)}分以下" if high is not None else ""
    included = "（含）" if band.lower_inclusive else ""
    if high is None:
        return f"{_n(band.lower)}分{included}以上"
    upper_included = "（含）" if band.upper is not None and band.upper_inclusive else ""
    return f"{_n(band.lower)}{included}—{_n(high)}分{upper_included}"


def grade_basis() -> str:
    """ "（按90分（含）以上为优、80（含）—90分为良、…的标准确定）" from the rule set's bands."""
    return "（按" + "、".join(f"{_span(b, None)}为{b.label}" for b in _bands()) + "的标准确定）"


def grade_note() -> str:
    """ "备注：90（含）—100分为优；…；60分以下为差。" for a blank form, from the rule set's bands."""
    from jixiao.rules import get_rule_set

    top = get_rule_set(NATIONAL_RULE_SET).total
    return "备注：" + "；".join(f"{_span(b, top)}为{b.label}" for b in _bands()) + "。"


def grade_formula(cell: str) -> str:
    """The Excel formula giving the grade of the score in ``cell`` by the rule set's bands."""
    formula = ""
    closing = ""
    for band in _bands():
        if band.lower is None:
            formula += f'"{band.label}"'
            break
        op = ">=" if band.lower_inclusive else ">"
        formula += f'IF({cell}{op}{_n(band.lower)},"{band.label}",'
        closing += ")"
    else:
        formula += '""'
    return f'=IF({cell}="","",{formula}{closing})'
