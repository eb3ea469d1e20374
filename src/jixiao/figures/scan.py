"""Normalising running text, splitting it into sentences, and finding the figures in a sentence.

Normalising keeps a map back to the source: full-width digits, point and percent become ASCII;
spaces go, except a run of spaces between two digits, which separates two figures ("2.77 0.4");
"251. 21" (a PDF's stray space) becomes "251.21"; a line break that only wraps a sentence (the line
holds a comma, ends without a stop, and the next line opens no heading) goes. Sentences end at 。！？
and line breaks; 其中 lists separated by ；stay in one sentence.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from jixiao.text import chinese_numeral

from . import lexicon as lx
from .model import Quantity, YearMention, YearRef

_TRANSLATE = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "．": ".", "％": "%", "﹪": "%"})
_SPACES = " \t\r\f\v\u3000\u00a0\u2002\u2003\u2009"
_BOUNDARIES = "。！？!?\n"


_BRACKETED_DIRECTION = re.compile(r"[（(](增加|减少|增长|下降|增|减)[）)]")


def normalise(raw: str) -> tuple[str, list[int]]:
    """The normalised text and, for each of its characters, its index in ``raw``."""
    text = raw.translate(_TRANSLATE)
    out: list[str] = []
    origin: list[int] = []
    i, n = 0, len(text)
    line_start = 0
    while i < n:
        ch = text[i]
        if ch == "\n" and _wrapped(out[line_start:], text[i + 1 : i + 12]):
            i += 1  # a sentence wrapped onto the next line ("…占支\n出总预算10.73%"): one sentence
            continue
        if ch == "\n":
            line_start = len(out) + 1
        if ch in "(（" and (m := _BRACKETED_DIRECTION.match(text, i)) is not None:
            # "较上年(减少)16.23万元", "(减)幅23%": the direction word printed in brackets
            for k in range(m.start(1), m.end(1)):
                out.append(text[k])
                origin.append(k)
            i = m.end()
            continue
        if ch in _SPACES:
            j = i
            while j < n and text[j] in _SPACES:
                j += 1
            nxt = text[j : j + 2]
            if (
                out
                and (out[-1].isdigit() or out[-1] == "%")
                and (nxt[:1].isdigit() or (nxt[:1] == "-" and nxt[1:].isdigit()))
            ):
                out.append(" ")
                origin.append(i)
            i = j
            continue
        out.append(ch)
        origin.append(i)
        i += 1
    return "".join(out), origin


_NEXT_HEADING = re.compile(
    r"^[ \t\u3000]*(?:[一二三四五六七八九十]+\s*、|[（(]\s*[一二三四五六七八九十\d]+\s*[）)]|\d{1,2}\s*[、．.](?!\d)|第[一二三四五六七八九十]+|[-•·])"
)


def _wrapped(line: list[str], after: str) -> bool:
    """Whether a line break only wraps a sentence: the line is part of a sentence (it holds a comma),
    does not end with a stop, and the next line does not open a heading or an item."""
    if not line or line[-1] in "。！？!?：:；;" or not any(c in "，,、；;" for c in line):
        return False
    head = after.lstrip(_SPACES)
    return bool(head) and head[0] not in "\n" and not _NEXT_HEADING.match(after)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty sentence of normalised ``text``."""
    spans: list[tuple[int, int]] = []
    start = 0
    for i, ch in enumerate(text):
        if ch in _BOUNDARIES:
            if text[start:i].strip():
                spans.append((start, i))
            start = i + 1
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def _masked(text: str) -> list[bool]:
    mask = [False] * len(text)
    for pattern in (lx.NOT_QUANTITIES, lx.SECTION_NUMBER):
        for m in pattern.finditer(text):
            for k in range(m.start(), m.end()):
                mask[k] = True
    return mask


def years(text: str) -> list[YearMention]:
    """The years a sentence prints ("2022年度", "2021-2023年"), with whether each is a comparison's base."""
    out: list[YearMention] = []
    for m in lx.YEAR.finditer(text):
        before = text[max(0, m.start() - 1) : m.start()]
        after = text[m.end() : m.end() + 2]
        comparative = before in lx.COMPARATIVE_BEFORE or after.startswith(lx.COMPARATIVE_AFTER)
        out.append(YearMention(int(m.group(1)), m.start(), m.end(), comparative))
    return out


def _unit_at(text: str, k: int) -> tuple[str, int]:
    """The unit printed at ``text[k:]`` and where it ends ("" when none)."""
    for unit in lx.UNITS:
        if text.startswith(unit, k):
            end = k + len(unit)
            if unit == "万":
                nxt = text[end : end + 1]
                if nxt and "\u4e00" <= nxt <= "\u9fff":
                    return "万", end  # 3万余, 45万左右: not money
                return "万元", end  # "53万，": money in 万元
            if unit == "台" and text.startswith(("（套）", "(套)"), end):
                end += 3
            per = lx.PER_UNIT.match(text, end)
            if per is not None:
                return f"{unit}/{per.group(1)}", per.end()
            return unit, end
    return "", k


def _clause_start(text: str, at: int, floor: int) -> int:
    k = at
    while k > floor and text[k - 1] not in lx.CLAUSE_SEPARATORS:
        k -= 1
    return k


def _label(lead: str) -> tuple[str, str, YearRef | None]:
    """(label, verb, year) of the words before a figure."""
    label = lx.SECTION_NUMBER.sub("", lead, count=1) if lead[:1].isdigit() else lead
    year: YearRef | None = None
    changed = True
    while changed:
        changed = False
        for word in lx.LEADING_WORDS:
            if label.startswith(word) and len(label) > len(word):
                label = label[len(word) :]
                changed = True
        m = re.match(r"(?:截[至止]到?)?((?:19|20)\d{2})年度?(?:末|底|初)?", label)
        if m:
            year = year or YearRef(m.group(0), int(m.group(1)), None)
            label = label[m.end() :]
            changed = True
        for word, rel in lx.RELATIVE_YEARS:
            if label.startswith(word):
                year = year or YearRef(word, None, rel)
                label = label[len(word) :]
                changed = True
                break
    verb = ""
    # "同比下降（以下简称“增长”或“下降”）42.5%": a note in brackets stands between the verb and the figure
    stripped = re.sub(r"[（(][^（()）]*[)）]$", "", label).removesuffix("了")
    for word in lx.VERBS:
        if stripped.endswith(word):
            verb = word
            label = stripped[: -len(word)]
            break
    if verb == "为":  # 合计为, 增加为, 共计为
        for word in lx.VERBS:
            if word != "为" and label.endswith(word):
                verb = word + "为"
                label = label[: -len(word)]
                break
    if verb and label.endswith(("均", "各")) and len(label) > 2:
        label = label[:-1]  # "收、支总计均为…", "收、支总计各增加…": 收、支总计
    return label.strip(), verb, year


def _year_of(
    lead: str, label_year: YearRef | None, sentence_years: list[YearMention], at: int
) -> YearRef | None:
    if label_year is not None:
        return label_year
    for word, rel in lx.RELATIVE_YEARS:
        if word in lead:
            return YearRef(word, None, rel)
    before = [y for y in sentence_years if y.end <= at and not y.comparative]
    if before:
        return YearRef(f"{before[-1].year}年", before[-1].year, None)
    return None


def _decimal(digits: str) -> Decimal | None:
    try:
        return Decimal(digits.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return None


def _joint(text: str, found: list[tuple[int, int, Decimal, str, int]]) -> dict[int, tuple[str, str]]:
    """The figures of "收、支总计各是A,B万元" (added to ``found``, B's unit on A) and their labels and
    verb by position: {start of A: ("收入总计", "是"), start of B: ("支出总计", "是")}."""
    out: dict[int, tuple[str, str]] = {}
    for m in lx.JOINT_FIGURES.finditer(text):
        unit_b, end_b = _unit_at(text, m.end("b"))
        unit_a = m.group("unit") or unit_b
        a, b = _decimal(m.group("a")), _decimal(m.group("b"))
        if a is None or b is None or not unit_a or not unit_b:
            continue
        found[:] = [f for f in found if not m.start("a") <= f[0] < end_b]
        found.append((m.start("a"), m.end("a"), a, unit_a, m.end("unit") if m.group("unit") else m.end("a")))
        found.append((m.start("b"), m.end("b"), b, unit_b, end_b))
        first, second = lx.JOINT_SUBJECTS[m.group("subject")]
        verb = m.group("verb") or ""
        out[m.start("a")] = (first + m.group("name"), verb)
        out[m.start("b")] = (second + m.group("name"), verb)
    return out


def quantities(
    text: str,
    raw: str,
    origin: list[int],
    base: int,
    source: str | None,
    sentence_years: list[YearMention],
) -> list[Quantity]:
    """The figures of one normalised sentence ``text``; ``origin`` maps it into ``raw`` (+ ``base``)."""
    mask = _masked(text)
    year_spans = {(y.at, y.end) for y in sentence_years}
    found: list[tuple[int, int, Decimal, str, int]] = []  # (start, end of digits, value, unit, end)
    for m in lx.NUMBER.finditer(text):
        if any(mask[m.start() : m.end()]):
            continue
        if any(a <= m.start() < b for a, b in year_spans):
            continue
        value = _decimal(m.group(0))
        if value is None:
            continue
        unit, end = _unit_at(text, m.end())
        if not unit and len(m.group(0).lstrip("-")) >= 7 and "." not in m.group(0):
            continue  # an id, an account or a phone number without a unit
        found.append((m.start(), m.end(), value, unit, end))
    for m in lx.CHINESE_COUNT.finditer(text):
        n = chinese_numeral(m.group(1))
        if n is None or any(mask[m.start() : m.end()]):
            continue
        unit, end = _unit_at(text, m.end())
        if not unit or text.startswith("性", end):
            continue  # 一次性
        found.append((m.start(), m.end(), Decimal(n), unit, end))
    joint = _joint(text, found)
    found.sort()
    out: list[Quantity] = []
    previous_end = 0
    for start, _digits_end, value, unit, end in found:
        clause = _clause_start(text, start, previous_end)
        lead = text[clause:start]
        if not lead and clause > previous_end and text[clause - 1] in "：:":
            # "收入：792.22万元": the name stands before the colon
            lead = text[_clause_start(text, clause - 1, previous_end) : clause - 1]
        label, verb, label_year = _label(lead)
        if start in joint:
            label, verb = joint[start]  # "收、支总计各是A,B万元": 收入总计 A, 支出总计 B
        after = ""
        k = end
        while k < len(text) and "\u4e00" <= text[k] <= "\u9fff" and k - end < 8:
            k += 1
        after = text[end:k]
        raw_start = origin[start] if start < len(origin) else len(raw)
        raw_end = origin[end - 1] + 1 if end - 1 < len(origin) else len(raw)
        out.append(
            Quantity(
                value=value,
                unit=unit,
                raw=raw[raw_start:raw_end],
                label=label,
                verb=verb,
                lead=lead,
                after=after,
                year=_year_of(lead, label_year, sentence_years, start),
                at=start,
                end=end,
                offset=base + raw_start,
                source=source,
            )
        )
        previous_end = end
    return out
