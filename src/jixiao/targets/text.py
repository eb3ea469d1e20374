"""Cleaning of what people type into 年度指标值 / 实际完成值 before it is parsed.

Full-width characters become half-width (４５％ → 45%), stray spaces disappear ("251. 21" →
251.21, "2024 年 12 月 31日前" → 2024年12月31日前), thousands separators go ("1,200" → 1200),
the variant comparison signs people use (﹦, ═, ≧, ≦, =>) are unified, and Chinese numerals in
front of a measure word become digits (三个月 → 3个月, 十二次 → 12次). The readings shared with
the importers and the checker (spaces, separators, Chinese numerals) are :mod:`jixiao.text`'s.
No regulation applies.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from jixiao.text import CN_DIGITS, CN_NUMERAL_CHARS, chinese_numeral, drop_thousands_separators, remove_spaces

_MEASURE_WORDS = (
    "个工作日|工作日|个月|个季度|季度|个|次|月|年|天|日|号|人|项|家|名|周|小时|分钟|户|件|条|辆|场|篇|座|期|批|轮|所|类|万|亿|倍|"
    "%|课时|学时|位|元|只|株|亩|公里|米|台|套|份|本|张|处|例|起|单|吨|公斤|斤"
)
_CN_NUMERAL_RE = re.compile("[" + CN_NUMERAL_CHARS + "]+(?=(?:" + _MEASURE_WORDS + "))")

_ZERO_WIDTH_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_BOOKMARK_RE = re.compile(r"\[bookmark:[^\]]*\]")

_SYMBOL_MAP = {
    "═": "=",
    "〓": "=",
    "≧": "≥",
    "≦": "≤",
    "⩾": "≥",
    "⩽": "≤",
    "－": "-",
    "–": "-",
    "—": "-",
    "―": "-",
    "～": "~",
    "〜": "~",
    "％": "%",
    "“": "",
    "”": "",
    "‘": "",
    "’": "",
    '"': "",
}

_SYMBOL_TABLE = str.maketrans(_SYMBOL_MAP)  # one C pass instead of a join over the characters


def _replace_cn_numeral(match: re.Match[str]) -> str:
    text = match.group(0)
    if not any(ch in CN_DIGITS or ch == "十" for ch in text[:1]):
        return text  # "千万" and the like: a bare unit character, not a number
    value = chinese_numeral(text)
    return text if value is None else str(value)


_PERCENT_WORDS_RE = re.compile(r"百分之([零〇一二两三四五六七八九十百]+|\d+(?:\.\d+)?)")


def _replace_percent_words(match: re.Match[str]) -> str:
    number = match.group(1)
    if number[0].isdigit():
        return number + "%"
    value = chinese_numeral(number)
    return match.group(0) if value is None else f"{value}%"


@lru_cache(maxsize=65536)
def normalize(raw: str) -> str:
    """The cleaned text that the parser works on (see the module docstring); cached, strings being immutable."""
    text = _ZERO_WIDTH_RE.sub("", raw)
    if "[bookmark:" in text:
        text = _BOOKMARK_RE.sub("", text)
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_SYMBOL_TABLE)
    text = text.replace(">=", "≥").replace("<=", "≤").replace("=>", "≥").replace("=<", "≤")
    text = text.replace("==", "=")
    # spaces: dropped, except between two digits where they separate two numbers
    text = remove_spaces(text, keep_between_digits=True)
    text = drop_thousands_separators(text)
    if "百分之" in text:
        text = _PERCENT_WORDS_RE.sub(_replace_percent_words, text)
    text = _CN_NUMERAL_RE.sub(_replace_cn_numeral, text)
    return text


_SQUASH_RE = re.compile(r"[\s,.;:!?，。；：、！？()（）\[\]【】“”\"'《》<>-]")


@lru_cache(maxsize=65536)
def squash(text: str) -> str:
    """Text for equality tests: normalised, without punctuation or spaces (cached, as :func:`normalize`)."""
    return _SQUASH_RE.sub("", normalize(text))
