"""Documents printed in traditional characters, read as simplified ones.

Government sites keep a 繁體 mirror of every page (a button on most portals), and web archives
hold those copies as often as the originals; Hong Kong- and Taiwan-style fonts also reach units
through templates. Every label the form specs and the figure engine know is simplified
("年度資金總額" is "年度资金总额"), so a traditional copy read as printed finds nothing, or —
worse — finds a few figures and misses the parts that would balance them.

:func:`simplify` detects a document printed mostly in traditional characters and converts every
paragraph, cell and table title with OpenCC's ``t2s`` dictionary (phrase-aware: 乾隆 stays 乾隆,
"於" becomes "于"). A document in simplified characters is never touched: the detection asks for
a share of convertible characters that simplified text does not reach. The conversion is recorded
on the package's source (``conversion``), so a reviewer knows the quoted text is a conversion.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Protocol

from .blocks import Document, Paragraph, Table

NOTE = "繁体字已转为简体字（OpenCC t2s）后读取"

# A document is "traditional" when at least this share of its CJK characters change under t2s,
# and at least _MIN_CHANGED of them do. Simplified text does not change at all (measured on the
# 69 dev documents of the real corpus and the four seeds: 0 characters each); a traditional copy
# changes by 35-40 % (OpenCC s2t copies of the seeds and of dev documents).
_SHARE = 0.04
_MIN_CHANGED = 8


class _Converter(Protocol):
    def convert(self, text: str) -> str: ...


@lru_cache(maxsize=1)
def _converter() -> _Converter:
    import opencc  # an import of ~50 ms: only when a document is read

    converter: _Converter = opencc.OpenCC("t2s.json")
    return converter


def _cjk(text: str) -> int:
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")


def is_traditional(text: str) -> bool:
    """True when ``text`` is printed mostly in traditional characters (see the module docstring)."""
    total = _cjk(text)
    if total == 0:
        return False
    converted = _converter().convert(text)
    if len(converted) != len(text):  # t2s maps character for character; be safe if it ever does not
        changed = abs(len(converted) - len(text)) + _MIN_CHANGED
    else:
        changed = sum(1 for a, b in zip(text, converted, strict=True) if a != b)
    return changed >= _MIN_CHANGED and changed / total >= _SHARE


def _texts(doc: Document) -> list[str]:
    out: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            out.append(block.text)
        elif isinstance(block, Table):
            if block.title:
                out.append(block.title)
            out.extend(cell.text for row in block.rows for cell in row)
    return out


def simplify(doc: Document) -> bool:
    """Convert ``doc`` to simplified characters in place when it is printed in traditional ones.

    Returns True when it converted. Numbers, spacing and locations are untouched: t2s changes
    characters only, one for one.
    """
    if not is_traditional("".join(_texts(doc))):
        return False
    convert = _converter().convert
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            block.text = convert(block.text)
        elif isinstance(block, Table):
            if block.title:
                block.title = convert(block.title)
            for row in block.rows:
                for cell in row:
                    if cell.text:
                        cell.text = convert(cell.text)
    return True
