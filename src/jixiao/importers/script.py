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

:func:`unglossed` removes the pinyin some of those mirrors print after every character they
convert ("經(jīng)費(fèi)"), for every reader after it, tables and sentences alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Protocol

from .blocks import Document, Paragraph, Table

NOTE = "繁体字已转为简体字（OpenCC t2s）后读取"
GLOSS_NOTE = "已删去字后的拼音注音（如“经(jīng)费(fèi)”）"

# A pinyin gloss some mirrors print after each character they convert ("經(jīng)費(fèi)"): not the text.
_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[)）]")
_TONED = re.compile(r"[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]")
_MIN_GLOSSES = 3  # with a tone mark: "项目(a)" once is an enumeration, "經(jīng)費(fèi)…" a gloss mirror

# A document is "traditional" when at least this share of its CJK characters change under t2s,
# and at least _MIN_CHANGED of them do. Simplified text does not change at all (measured on the
# 82 simplified dev documents of the real corpus and the four seeds: 0 characters each); a traditional copy
# changes by 34-44 % (the three mirror copies in dev, and OpenCC s2t copies of the seeds).
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


def _glossed(texts: list[str]) -> bool:
    toned = 0
    for text in texts:
        for match in _GLOSS.finditer(text):
            toned += bool(_TONED.search(match.group()))
            if toned >= _MIN_GLOSSES:
                return True
    return False


def _each_text(doc: Document, change: Callable[[str], str]) -> None:
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            block.text = change(block.text)
        elif isinstance(block, Table):
            if block.title:
                block.title = change(block.title)
            for row in block.rows:
                for cell in row:
                    if cell.text:
                        cell.text = change(cell.text)


def unglossed(doc: Document) -> bool:
    """Remove the pinyin glosses a mirror printed after its characters (in place); True when it did."""
    if not _glossed(_texts(doc)):
        return False
    _each_text(doc, lambda text: _GLOSS.sub("", text))
    return True


def simplify(doc: Document) -> bool:
    """Convert ``doc`` to simplified characters in place when it is printed in traditional ones.

    Returns True when it converted. Numbers, spacing and locations are untouched: t2s changes
    characters only, one for one.
    """
    if not is_traditional("".join(_texts(doc))):
        return False
    _each_text(doc, _converter().convert)
    return True
