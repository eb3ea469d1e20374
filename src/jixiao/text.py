"""Normalise what people type: full-width → half-width, stray spaces inside numbers,
Chinese numerals → int, decimal from text.

One place for the small readings every part of jixiao needs when it meets figures typed by hand
into forms and reports: the importers (cells such as ``２５１．２１`` or ``251. 21``), the target
parser (``三个月``, ``大于等于 45 万人``) and the checker (numbers and heading numbers in the
narrative). Formatting numbers for output is not here (see :mod:`jixiao.renderers.numbers`).

No regulation is implemented here; the full-width forms are those of GB 2312 / GB 18030 that
Chinese input methods produce.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Final

__all__ = [
    "CN_DIGITS",
    "CN_NUMERAL_CHARS",
    "CN_UNITS",
    "chinese_numeral",
    "drop_thousands_separators",
    "halfwidth",
    "parse_decimal",
    "remove_spaces",
]

CN_DIGITS: Final[Mapping[str, int]] = MappingProxyType(
    {
        "零": 0,
        "〇": 0,
        "一": 1,
        "二": 2,
        "两": 2,
        "三": 3,
        "四": 4,
        "五": 5,
        "六": 6,
        "七": 7,
        "八": 8,
        "九": 9,
    }
)
"""The Chinese digit characters and their values (两 is 2, 〇 and 零 are 0)."""

CN_UNITS: Final[Mapping[str, int]] = MappingProxyType({"十": 10, "百": 100, "千": 1000})
"""The Chinese place-value characters below 万 (万 and 亿 are units of measure in the documents)."""

CN_NUMERAL_CHARS: Final[str] = "".join(CN_DIGITS) + "".join(CN_UNITS)
"""Every character :func:`chinese_numeral` reads, for building regular expressions."""

_FULLWIDTH: Final = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "．": ".",
        "％": "%",
        "，": ",",
        "－": "-",
        "﹣": "-",
        "−": "-",
        "：": ":",
        "（": "(",
        "）": ")",
        "\u3000": " ",
        "\xa0": " ",
    }
)

_SPACES: Final = re.compile(r"\s+")
_THOUSANDS_IN_TEXT: Final = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_GROUPED: Final = re.compile(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?")
_PLAIN_NUMBER: Final = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)")


def halfwidth(text: str) -> str:
    """Full-width digits, point, percent, comma, minus, colon, brackets and spaces to ASCII.

    ``"２５１．２１％"`` → ``"251.21%"``; the ideographic space and the no-break space become an
    ordinary space. Other characters (``①``, ``≥``, Chinese text) are left alone, unlike NFKC.
    """
    return text.translate(_FULLWIDTH)


def remove_spaces(text: str, *, keep_between_digits: bool = False) -> str:
    """Text without whitespace: ``"2024 年 12 月"`` → ``"2024年12月"``, ``"251. 21"`` → ``"251.21"``.

    With ``keep_between_digits`` a run of whitespace with a digit on both sides stays as one
    space, since there it separates two numbers (``"2 3"``); everywhere else it is dropped, and
    the text is stripped.
    """
    if not keep_between_digits:
        return _SPACES.sub("", text)

    def one(match: re.Match[str]) -> str:
        start, end = match.start(), match.end()
        between = start > 0 and end < len(match.string)
        if between and match.string[start - 1].isdigit() and match.string[end].isdigit():
            return " "
        return ""

    return _SPACES.sub(one, text)


def drop_thousands_separators(text: str) -> str:
    """Commas between groups of three digits removed in running text: ``"共1,200人"`` → ``"共1200人"``."""
    return _THOUSANDS_IN_TEXT.sub("", text)


def chinese_numeral(text: str) -> int | None:
    """The value of a number written in Chinese or in digits, or ``None``.

    ``"6"`` → 6, ``"六"`` → 6, ``"十二"`` → 12, ``"二十一"`` → 21, ``"一百零五"`` → 105,
    ``"两千"`` → 2000. Four digit characters without place values are a year read digit by digit
    (``"二〇二二"`` → 2022); other runs of bare digits (``"三五"``, "three or five") and place values
    out of order (``"十百"``) are not a number.
    """
    if not text:
        return None
    if text.isdecimal():
        return int(text)
    if all(ch in CN_DIGITS for ch in text):
        if len(text) == 1:
            return CN_DIGITS[text]
        if len(text) == 4:  # a year: 二〇二二
            return int("".join(str(CN_DIGITS[ch]) for ch in text))
        return None  # 三五次 is a range, not a number
    total = 0
    current: int | None = None
    last_unit = 10000
    for ch in text:
        if ch in CN_DIGITS:
            if current is not None and current != 0 and CN_DIGITS[ch] != 0:
                return None  # two digits in a row without a unit: 三五十
            current = CN_DIGITS[ch] if CN_DIGITS[ch] != 0 else (current or 0)
        elif ch in CN_UNITS:
            unit = CN_UNITS[ch]
            if unit >= last_unit:
                return None
            total += (current if current else 1) * unit
            current = None
            last_unit = unit
        else:
            return None
    if current:
        total += current
    return total


def parse_decimal(text: str | None) -> Decimal | None:
    """The number a piece of text is, as typed, or ``None`` if it is not just a number.

    Full-width characters become half-width, every space goes (``"251. 21"``, ``"10 0"``),
    thousands separators in their right places go (``"1,234.5"``), a leading ``+`` and a trailing
    point are dropped. The digits are kept as written: ``"0.40"`` gives ``Decimal("0.40")``.
    Units, words, exponents, ``NaN`` and the like are not numbers here.
    """
    if text is None:
        return None
    s = remove_spaces(halfwidth(text))
    if _GROUPED.fullmatch(s):
        s = s.replace(",", "")
    if not _PLAIN_NUMBER.fullmatch(s):
        return None
    try:
        return Decimal(s.removesuffix(".").lstrip("+"))
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        return None
