"""Cleaning of what people type into 年度指标值 / 实际完成值 before it is parsed.

Full-width characters become half-width (４５％ → 45%), stray spaces disappear ("251. 21" →
251.21, "2024 年 12 月 31日前" → 2024年12月31日前), thousands separators go ("1,200" → 1200),
the variant comparison signs people use (﹦, ═, ≧, ≦, =>) are unified, and Chinese numerals in
front of a measure word become digits (三个月 → 3个月, 十二次 → 12次). No regulation applies.
"""

from __future__ import annotations

import re
import unicodedata

_CN_DIGITS = {
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
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}

_MEASURE_WORDS = (
    "个工作日|工作日|个月|个季度|季度|个|次|月|年|天|日|号|人|项|家|名|周|小时|分钟|户|件|条|辆|场|篇|座|期|批|轮|所|类|万|亿|倍|"
    "%|课时|学时|位|元|只|株|亩|公里|米|台|套|份|本|张|处|例|起|单|吨|公斤|斤"
)
_CN_NUMERAL_RE = re.compile(r"[零〇一二两三四五六七八九十百千]+(?=(?:" + _MEASURE_WORDS + "))")

_ZERO_WIDTH_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_BOOKMARK_RE = re.compile(r"\[bookmark:[^\]]*\]")
_SPACE_RE = re.compile(r"\s+")
_THOUSANDS_RE = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")

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


def cn_numeral_to_int(text: str) -> int | None:
    """一百零五 → 105, 十二 → 12, 二〇二二 → 2022; ``None`` when it is not a numeral."""
    if not text:
        return None
    if all(ch in _CN_DIGITS for ch in text):
        if len(text) == 1:
            return _CN_DIGITS[text]
        if len(text) == 4:  # a year: 二〇二二
            return int("".join(str(_CN_DIGITS[ch]) for ch in text))
        return None  # 三五次 is a range, not a number
    total = 0
    current: int | None = None
    last_unit = 10000
    for ch in text:
        if ch in _CN_DIGITS:
            if current is not None and current != 0 and _CN_DIGITS[ch] != 0:
                return None  # two digits in a row without a unit: 三五十
            current = _CN_DIGITS[ch] if _CN_DIGITS[ch] != 0 else (current or 0)
        elif ch in _CN_UNITS:
            unit = _CN_UNITS[ch]
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


def _replace_cn_numeral(match: re.Match[str]) -> str:
    text = match.group(0)
    if not any(ch in _CN_DIGITS or ch == "十" for ch in text[:1]):
        return text  # "千万" and the like: a bare unit character, not a number
    value = cn_numeral_to_int(text)
    return text if value is None else str(value)


_PERCENT_WORDS_RE = re.compile(r"百分之([零〇一二两三四五六七八九十百]+|\d+(?:\.\d+)?)")


def _replace_percent_words(match: re.Match[str]) -> str:
    number = match.group(1)
    if number[0].isdigit():
        return number + "%"
    value = cn_numeral_to_int(number)
    return match.group(0) if value is None else f"{value}%"


def normalize(raw: str) -> str:
    """The cleaned text that the parser works on (see the module docstring)."""
    text = _ZERO_WIDTH_RE.sub("", raw)
    text = _BOOKMARK_RE.sub("", text)
    text = unicodedata.normalize("NFKC", text)
    text = "".join(_SYMBOL_MAP.get(ch, ch) for ch in text)
    text = text.replace(">=", "≥").replace("<=", "≤").replace("=>", "≥").replace("=<", "≤")
    text = text.replace("==", "=")
    # spaces: dropped, except between two digits where they separate two numbers
    text = text.strip()
    pieces = _SPACE_RE.split(text)
    out = pieces[0] if pieces else ""
    for piece in pieces[1:]:
        if out and piece and out[-1].isdigit() and piece[0].isdigit():
            out += " " + piece
        else:
            out += piece
    text = _THOUSANDS_RE.sub("", out)
    text = _PERCENT_WORDS_RE.sub(_replace_percent_words, text)
    text = _CN_NUMERAL_RE.sub(_replace_cn_numeral, text)
    return text


def squash(text: str) -> str:
    """Text for equality tests: normalised, without punctuation or spaces."""
    return re.sub(r"[\s,.;:!?，。；：、！？()（）\[\]【】“”\"'《》<>-]", "", normalize(text))
