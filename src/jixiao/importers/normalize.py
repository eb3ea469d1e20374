"""Text normalisation for reading figures: full-width characters, stray spaces, units.

Published papers write ``２５１．２１``, ``251. 21``, ``10 0``, ``99.97%``, ``46万``, ``0.4万元``;
this module turns such cells into :class:`~decimal.Decimal` (the digits as printed, ``0.40`` stays
``0.40``) and leaves the raw text untouched for the ``*_raw`` fields. The readings that are not
particular to cells (full-width → half-width, spaces, the number itself) are :mod:`jixiao.text`'s.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

from jixiao.text import halfwidth as halfwidth
from jixiao.text import parse_decimal, remove_spaces

_UNITS = ("万元", "亿元", "千元", "元", "万人", "人次", "人", "分", "%", "个", "户", "万", "家", "次", "项")
_PLACEHOLDER = re.compile(r"^[\s.…·。、_—\-/／]*$")


@lru_cache(maxsize=65536)
def squash(text: str) -> str:
    """Remove every kind of whitespace (for comparing labels: "投  入" == "投入"); cached, a document's
    readers squash the same labels again and again (issue 11)."""
    return remove_spaces(halfwidth(text))


def join_lines(text: str) -> str:
    """A wrapped cell as one line: line breaks removed, each line stripped, inner spaces kept."""
    parts = text.replace("\r", "").split("\n")
    return "".join(p for p in parts if p.strip()).strip()


def tidy_block(text: str) -> str:
    """A long text cell: lines stripped, empty lines dropped, line breaks kept."""
    parts = [p.strip() for p in text.replace("\r", "").split("\n")]
    return "\n".join(p for p in parts if p)


def is_placeholder(text: str) -> bool:
    """Blank, or only dots / ellipses ("……") — a printed-but-empty row."""
    return bool(_PLACEHOLDER.match(text.replace("\u3000", " ")))


def parse_number(text: str | None, *, units: bool = True) -> Decimal | None:
    """The number a cell states, or ``None`` if the cell is not a number.

    Tolerates full-width characters, spaces inside the number ("251. 21", "10 0"), thousands
    separators, a trailing unit (万元, 元, 分, %, 人 ...) and a leading "约". ``"0.40"`` keeps its digits.
    """
    if text is None:
        return None
    if type(text) is str:
        return _parse_number(text, units)
    return _parse_number.__wrapped__(text, units)


@lru_cache(maxsize=65536)
def _parse_number(text: str, units: bool) -> Decimal | None:
    """:func:`parse_number` of a string (cached: a Decimal is immutable, the same cells recur)."""
    s = halfwidth(text).strip()
    if not s:
        return None
    s = s.removeprefix("约")
    if units:
        changed = True
        while changed:
            changed = False
            for unit in _UNITS:
                if s.endswith(unit):
                    s = s[: -len(unit)].rstrip()
                    changed = True
    return parse_decimal(s)


def parse_int(text: str | None) -> int | None:
    value = parse_number(text)
    if value is None or value != value.to_integral_value():
        return None
    return int(value)


def is_number(text: str | None) -> bool:
    return parse_number(text) is not None


# A number inside running text: "251. 21万元", "-2.37", "1.25 万人" ("251. 21" has a stray space).
NUMBER_IN_TEXT = r"[-+]?\d+(?:\.\s?\d+)?"


def number_in_text(raw: str) -> Decimal | None:
    return parse_number(raw.replace(" ", ""))


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)
