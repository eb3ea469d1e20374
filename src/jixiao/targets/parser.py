"""Parse what people write in 年度指标值 / 实际完成值 into a :class:`~jixiao.targets.model.Target`.

Understands comparators in symbols and words, Arabic and Chinese numerals, 万/亿 multipliers,
percentages and compound units, changes against last year (比上年度下降10%), deadlines
(每月28日前发放, 2022年底前, 2024年12月31日前完成, 2021年1月-12月), qualitative levels (应保尽保,
按政策调整, 稳步提升, 优/良/中/低/差 …) and compound cells ("基础养老金补助人数 900 人, 缴费补贴
人数 4000 人"). A bare number target means "at least" (RULES.md §1.3 R-Q2: positive indicators)
unless the indicator name makes it a cost or limit (reverse indicators: lower is better).
What is not understood becomes ``TargetKind.UNKNOWN`` with a Chinese ``note`` — never a guess.

Parsing is a pure function of the cell text (and, for a target, the indicator name), and a package
repeats the same cells: results are cached (:data:`CACHE_SIZE` entries per process). A
:class:`~jixiao.targets.model.Target` is a frozen model, so a cached result is shared, never
changed; derive a new one with ``model_copy(update=…)`` as :func:`inherit_unit` does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from .model import Comparator, Direction, Target, TargetKind
from .text import normalize, squash
from .units import add_denominator, is_money, read_unit
from .vocabulary import (
    ACTUAL_PLAIN_WORDS,
    DEFINITION_RE,
    HARMLESS_TAILS,
    LEVEL_PATTERNS,
    LOWER_WORDS_RE,
    PREFIX_COMPARATORS,
    SUFFIX_COMPARATORS,
    TASK_VERB_RE,
    WHOLE_LEVELS,
    direction_from_name,
)

CACHE_SIZE = 65536
"""Entries of each parse cache (per process)."""

_ROLE_TARGET = "target"
_ROLE_ACTUAL = "actual"

_NUMBER_RE = re.compile(r"(?<![A-Za-z\d.])\d+(?:\.\d+)?")
_SEGMENT_SPLIT_RE = re.compile(r"[;,、]")
_EDGE_PUNCT = " \t\r\n。.;,、:!?！？"

_MULTIPLIERS: dict[str, Decimal] = {
    "百万": Decimal(1000000),
    "千万": Decimal(10000000),
    "万": Decimal(10000),
    "亿": Decimal(100000000),
    "千": Decimal(1000),
}

_DATE_RE = re.compile(
    r"(?:(?P<y>(?:19|20)\d{2})年(?!度)(?P<ye>年底|年末|底|末)?)?"
    r"(?:(?<![\d.])(?P<m>1[0-2]|0?[1-9])月份?(?P<me>底|末|初|上旬|中旬|下旬)?)?"
    r"(?:(?<![\d.])(?P<d>3[01]|[12]\d|0?[1-9])[日号])?"
)
_DOTTED_DATE_RE = re.compile(
    r"(?<![\d.])(?P<y>(?:19|20)\d{2})[./](?P<m>1[0-2]|0[1-9])(?:[./](?P<d>3[01]|[12]\d|0[1-9]))?"
    r"(?![\d.]|[元万亿千%‰人个次户件株亩米吨])"
)
_ISO_DATE_RE = re.compile(
    r"(?<![\d.])(?P<y>(?:19|20)\d{2})-(?P<m>1[0-2]|0?[1-9])-(?P<d>3[01]|[12]\d|0?[1-9])(?!\d)"
)
_YEAR_END_WORD_RE = re.compile(r"年底|年末|年内|当年|年度内|本年度|年终")
_MONTH_PART_RE = re.compile(r"(上旬|中旬|下旬|月底|月末)")
_RECURRING_RE = re.compile(r"每个?(?P<p>月|年|季度|季)|按(?P<q>月|年|季度|季)")
_RANGE_JOINERS = ("-", "~", "至", "到", "—")
_DEADLINE_LE_RE = re.compile(r"^(前|之前|以前|以内|内|止|截止|为止|底前)")
_DEADLINE_APPROX_RE = re.compile(r"^(左右|前后)")

_CHANGE_RE = re.compile(
    r"(?P<base>比上年度?同期|比上年度?|较上年度?同期|较上年度?|比去年|较去年|同比|环比|与上年相比|与上年度相比|较基期|比基期)?"
    r"(?P<verb>下降|降低|减少|压减|压缩|增长|上升|提高|提升|增加)"
    r"(?P<comp>不低于|不少于|至少|不超过|不高于|幅度|了|为)?"
    r"(?P<num>\d+(?:\.\d+)?)"
)
_STRONG_CHANGE_VERBS = ("下降", "降低", "减少", "压减", "压缩", "增长", "上升")
_DECREASE_VERBS = ("下降", "降低", "减少", "压减", "压缩")

_PER_N_RE = re.compile(r"(?P<num>\d+(?:\.\d+)?)(?P<money>万元|元)/(?P<count>\d+)(?P<who>人次|人|户|名)")
_PER_CAPITA_MARKERS: list[tuple[str, tuple[str, ...]]] = [
    ("每人每月", ("人", "月")),
    ("每人每年", ("人", "年")),
    ("每户每月", ("户", "月")),
    ("每户每年", ("户", "年")),
    ("人均", ("人",)),
    ("户均", ("户",)),
    ("每人", ("人",)),
    ("每户", ("户",)),
]


def _by_length(words: list[str]) -> list[tuple[int, frozenset[str]]]:
    """(length, words of that length), longest first: a word list read as one slice and one set
    look-up per length instead of an ``endswith`` per word (issue 11). The vocabulary lists are
    sorted longest first and two words of one length cannot both end (or start) the same text, so
    the first hit is the word the list's own order would find."""
    table: dict[int, set[str]] = {}
    for word in words:
        table.setdefault(len(word), set()).add(word)
    return sorted(((n, frozenset(group)) for n, group in table.items()), key=lambda item: -item[0])


_PREFIX_TABLE = _by_length([word for word, _ in PREFIX_COMPARATORS])
_PREFIX_TABLE_LONG = [(n, group) for n, group in _PREFIX_TABLE if n > 1]
_SUFFIX_TABLE = _by_length([word for word, _ in SUFFIX_COMPARATORS])
_PER_CAPITA_TABLE = _by_length([marker for marker, _ in _PER_CAPITA_MARKERS])
_PREFIX_WORDS: dict[str, Comparator] = dict(reversed(PREFIX_COMPARATORS))  # the first of a word wins
_SUFFIX_WORDS: dict[str, Comparator] = dict(reversed(SUFFIX_COMPARATORS))
_PER_CAPITA_DENOMINATORS: dict[str, tuple[str, ...]] = dict(reversed(_PER_CAPITA_MARKERS))


def _ending(text: str, table: list[tuple[int, frozenset[str]]]) -> str | None:
    """The longest word of ``table`` that ``text`` ends with."""
    size = len(text)
    for n, words in table:
        if n <= size and text[size - n :] in words:
            return text[size - n :]
    return None


def _starting(text: str, table: list[tuple[int, frozenset[str]]]) -> str | None:
    """The longest word of ``table`` that ``text`` starts with."""
    size = len(text)
    for n, words in table:
        if n <= size and text[:n] in words:
            return text[:n]
    return None


_TEMPLATE_RE = re.compile(r"(?P<comp>[≥≤><=]|大于等于|小于等于|不低于|不超过)?\s*\*+\s*(?P<unit>[^)）\s]*)")
_BRACKET_RE = re.compile(r"[(（](?P<body>[^()（）]{1,12})[)）]")


class _ParseError(Exception):
    """Raised inside the parser for an input it cannot read; becomes an UNKNOWN target."""


@dataclass(frozen=True)
class _DateAtom:
    start: int
    end: int
    year: int | None
    month: int | None
    day: int | None
    year_end: bool = False


def _clean(raw: str) -> str:
    text = normalize(raw)
    return text.strip(_EDGE_PUNCT)


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the regex only lets digits through
        raise _ParseError(text) from exc


def _unknown(raw: str, note: str, *, label: str | None = None) -> Target:
    return Target(raw=raw, kind=TargetKind.UNKNOWN, note=note, label=label)


# ---------------------------------------------------------------------------------------------
# name hints: "(≥**人)", "(亩)", "(≥**%)"


@dataclass(frozen=True)
class _NameHints:
    comparator: Comparator | None = None
    unit: str | None = None


_NO_HINTS = _NameHints()


@lru_cache(maxsize=CACHE_SIZE)
def _name_hints(indicator_name: str | None) -> _NameHints:
    """The comparator and unit an indicator name prints; cached (a frozen result), as every target of
    an indicator asks for its name's hints."""
    if not indicator_name:
        return _NO_HINTS
    name = normalize(indicator_name)
    template = _TEMPLATE_RE.search(name)
    if template:
        comp_text = template.group("comp")
        comparator = _comparator_word(comp_text) if comp_text else None
        unit, end = read_unit(template.group("unit"), 0)
        return _NameHints(comparator, unit)
    hint: str | None = None
    for match in _BRACKET_RE.finditer(name):
        body = match.group("body")
        unit, end = read_unit(body, 0)
        if unit is not None and end == len(body):
            hint = unit
    return _NameHints(None, hint)


def _comparator_word(text: str) -> Comparator | None:
    return _PREFIX_WORDS.get(text)


# ---------------------------------------------------------------------------------------------
# deadlines


_DATE_MARKS = frozenset("年月日号-./")


def _date_atoms(text: str) -> tuple[_DateAtom, ...]:
    """The dates written in ``text``; every one needs a digit and one of 年 月 日 号 - . / (the
    three patterns), so a text without such a mark has none (most numbers: "≥1200人", "95%")."""
    if _DATE_MARKS.isdisjoint(text):
        return ()
    return _date_atoms_in(text)


@lru_cache(maxsize=4096)
def _date_atoms_in(text: str) -> tuple[_DateAtom, ...]:
    """:func:`_date_atoms` of a text with a date mark; cached (frozen atoms), as a parse asks twice
    — for a deadline and for the numbers that are not dates."""
    atoms: list[_DateAtom] = []
    taken: list[tuple[int, int]] = []
    for regex in (_ISO_DATE_RE, _DOTTED_DATE_RE):
        for m in regex.finditer(text):
            day = m.groupdict().get("d")
            atoms.append(
                _DateAtom(m.start(), m.end(), int(m.group("y")), int(m.group("m")), int(day) if day else None)
            )
            taken.append((m.start(), m.end()))
    for m in _DATE_RE.finditer(text):
        if m.end() == m.start():
            continue
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        year = int(m.group("y")) if m.group("y") else None
        month = int(m.group("m")) if m.group("m") else None
        day = int(m.group("d")) if m.group("d") else None
        year_end = bool(m.group("ye"))
        month_part = m.group("me")
        if month is not None and month_part:
            if month_part in ("上旬", "初"):
                day = day or 10
            elif month_part == "中旬":
                day = day or 20
        atoms.append(_DateAtom(m.start(), m.end(), year, month, day, year_end))
    atoms.sort(key=lambda a: a.start)
    return tuple(atoms)


def _valid_date_atom(atom: _DateAtom, recurring: str | None) -> bool:
    if atom.year is not None or atom.month is not None:
        return True
    return atom.day is not None and recurring == "monthly"


# a deadline needs a date (年 月 日 号 - . /), a year-end word (…年…) or a recurrence (每 / 按)
_DEADLINE_MARKS = _DATE_MARKS | frozenset("每按")
# every verb of _CHANGE_RE holds one of these characters
_CHANGE_MARKS = frozenset("降减缩增升提")


def _try_deadline(text: str, raw: str, role: str) -> Target | None:
    if _DEADLINE_MARKS.isdisjoint(text):
        return None
    recurring: str | None = None
    rec = _RECURRING_RE.search(text)
    rec_span: tuple[int, int] | None = None
    if rec:
        period = rec.group("p") or rec.group("q")
        recurring = {"月": "monthly", "年": "yearly", "季度": "quarterly", "季": "quarterly"}[period]
        rec_span = (rec.start(), rec.end())
    atoms = [a for a in _date_atoms(text) if _valid_date_atom(a, recurring)]
    year_end_word = _YEAR_END_WORD_RE.search(text)
    month_part = _MONTH_PART_RE.search(text)
    if not atoms and not year_end_word and recurring is None:
        return None
    # Every digit must belong to a date.
    covered = [(a.start, a.end) for a in atoms]
    for m in _NUMBER_RE.finditer(text):
        if not any(s <= m.start() and m.end() <= e for s, e in covered):
            return None
    if "%" in text:
        return None
    start_year: int | None = None
    start_month: int | None = None
    if len(atoms) > 2:
        return _unknown(raw, "含有两个以上的日期，无法确定期限")
    if len(atoms) == 2:
        first, second = atoms
        between = text[first.end : second.start]
        if between not in _RANGE_JOINERS:
            return _unknown(raw, "含有两个日期，且不是“起—止”的期间，无法确定期限")
        start_year, start_month = first.year, first.month
        end = second
        if end.year is None:
            end = _DateAtom(end.start, end.end, first.year, end.month, end.day, end.year_end)
        atom: _DateAtom | None = end
    else:
        atom = atoms[0] if atoms else None
    year = atom.year if atom else None
    month = atom.month if atom else None
    day = atom.day if atom else None
    year_end_only = atom is None or (atom.year_end and atom.month is None)
    if year_end_only and recurring is None and (year_end_word is not None or (atom and atom.year_end)):
        month = None if year is not None else 12
        day = None
    if recurring == "monthly":
        if month_part and day is None:
            part = month_part.group(1)
            day = {"上旬": 10, "中旬": 20}.get(part)
        month = None
        year = None
    if recurring is None and year is None and month is None:
        month = 12  # 年底 / 年内 without a year
    after_pos = (
        atom.end if atom else (year_end_word.end() if year_end_word else (rec_span[1] if rec_span else 0))
    )
    tail = text[after_pos:]
    comparator = Comparator.LE
    implied = True
    if _DEADLINE_APPROX_RE.match(tail):
        comparator, implied = Comparator.APPROX, False
    elif _DEADLINE_LE_RE.match(tail) or tail.startswith("年底前") or "前" in tail[:3]:
        implied = False
    if role == _ROLE_ACTUAL and comparator is Comparator.LE and implied:
        comparator_out: Comparator | None = None
    else:
        comparator_out = comparator
    if day is not None and month is not None and day > 31:
        return _unknown(raw, "日期不成立")
    return Target(
        raw=raw,
        kind=TargetKind.DEADLINE,
        comparator=comparator_out,
        comparator_implied=implied and comparator_out is not None,
        year=year,
        month=month,
        day=day,
        recurring=recurring,
        start_year=start_year,
        start_month=start_month,
        direction=Direction.LOWER_BETTER if role == _ROLE_TARGET else Direction.NONE,
    )


# ---------------------------------------------------------------------------------------------
# change against last year


def _try_change(text: str, raw: str, role: str) -> Target | None:
    if _CHANGE_MARKS.isdisjoint(text):
        return None
    m = _CHANGE_RE.search(text)
    if not m:
        return None
    verb = m.group("verb")
    if m.group("base") is None and verb not in _STRONG_CHANGE_VERBS:
        if verb in ("提高", "提升") and re.match(r"\d+(?:\.\d+)?(%|个百分点)", text[m.start("num") :]):
            pass
        else:
            return None
    if m.start() > 0 and text[m.start() - 1] == "新":
        return None
    others = [n for n in _NUMBER_RE.finditer(text) if n.start() != m.start("num")]
    if others:
        return None
    value = _decimal(m.group("num"))
    unit, end = read_unit(text, m.end("num"))
    rest = text[end:]
    comparator: Comparator | None = None
    implied = False
    comp_word = m.group("comp")
    if comp_word in ("不低于", "不少于", "至少"):
        comparator = Comparator.GE
    elif comp_word in ("不超过", "不高于"):
        comparator = Comparator.LE
    word = _starting(rest, _SUFFIX_TABLE) if rest else None
    if word is not None:
        comparator = comparator or _SUFFIX_WORDS[word]
    if comparator is None and role == _ROLE_TARGET:
        comparator, implied = Comparator.GE, True
    decrease = verb in _DECREASE_VERBS
    return Target(
        raw=raw,
        kind=TargetKind.CHANGE,
        comparator=comparator,
        comparator_implied=implied,
        value=value,
        unit=unit,
        change="decrease" if decrease else "increase",
        direction=(Direction.LOWER_BETTER if decrease else Direction.HIGHER_BETTER)
        if role == _ROLE_TARGET
        else Direction.NONE,
        label=text[: m.start()] or None,
    )


# ---------------------------------------------------------------------------------------------
# numbers


def _number_spans(text: str) -> list[re.Match[str]]:
    recurring = "monthly" if _RECURRING_RE.search(text) else None
    dates = [(a.start, a.end) for a in _date_atoms(text) if _valid_date_atom(a, recurring)]
    return [
        m for m in _NUMBER_RE.finditer(text) if not any(s <= m.start() and m.end() <= e for s, e in dates)
    ]


def _try_numeric(text: str, raw: str, role: str, indicator_name: str | None) -> Target | None:
    note: str | None = None
    per_n = _PER_N_RE.search(text)
    if per_n:
        who = per_n.group("who")
        note = f"“{per_n.group(0)}”理解为标准{per_n.group('num')}{per_n.group('money')}/{who}，适用{per_n.group('count')}{who}"
        text = (
            text[: per_n.start()] + f"{per_n.group('num')}{per_n.group('money')}/{who}" + text[per_n.end() :]
        )
    numbers = _number_spans(text)
    if not numbers:
        return None
    if len(numbers) > 1:
        first, second = numbers[0], numbers[1]
        between = text[first.end() : second.start()]
        unit, unit_end = read_unit(text, first.end())
        joiner = text[unit_end : second.start()] if unit else between
        if len(numbers) == 2 and joiner in _RANGE_JOINERS:
            return _unknown(
                raw, f"年度指标值是一个区间（{first.group(0)}–{second.group(0)}），无法确定比较方向"
            )
        return _unknown(raw, "含有多个数值，无法确定哪一个是指标值")
    number = numbers[0]
    value = _decimal(number.group(0))
    prefix = text[: number.start()]
    after = text[number.end() :]

    comparator: Comparator | None = None
    word = _ending(prefix, _PREFIX_TABLE) if prefix else None
    if word is not None:
        prefix = prefix[: -len(word)]
        if not (role == _ROLE_ACTUAL and word in ACTUAL_PLAIN_WORDS):
            comparator = _PREFIX_WORDS[word]
    denominators: tuple[str, ...] = ()
    marker = _ending(prefix, _PER_CAPITA_TABLE) if prefix else None
    if marker is not None:
        denominators = _PER_CAPITA_DENOMINATORS[marker]
        prefix = prefix[: -len(marker)]
    if prefix.endswith(("平均", "月均", "年均")):
        prefix = prefix[:-2]
    if comparator is None and prefix:
        word = _ending(prefix, _PREFIX_TABLE_LONG)
        if word is not None:
            prefix = prefix[: -len(word)]
            if not (role == _ROLE_ACTUAL and word in ACTUAL_PLAIN_WORDS):
                comparator = _PREFIX_WORDS[word]

    unit, unit_end = read_unit(after, 0)
    scale: str | None = None
    if unit is None:
        for mult, factor in _MULTIPLIERS.items():
            if after.startswith(mult):
                scale = mult
                value = value * factor
                unit_end = len(mult)
                unit, end2 = read_unit(after, unit_end)
                if unit is not None:
                    unit_end = end2
                break
    if unit and denominators and is_money(unit):
        for den in reversed(denominators):
            unit = add_denominator(unit, den)
    rest = after[unit_end:]
    suffix_comp: Comparator | None = None
    word = _starting(rest, _SUFFIX_TABLE) if rest else None
    if word is not None:
        suffix_comp = _SUFFIX_WORDS[word]
        rest = rest[len(word) :]
    if comparator is None:
        comparator = suffix_comp
    if comparator is not None and rest and _is_cjk(rest[0]) and not rest.startswith(HARMLESS_TAILS):
        written = number.group(0) + after[: len(after) - len(rest)] + rest
        return _unknown(
            raw,
            f"比较的对象是“{written}”这样的基准，不是一个具体数值，无法量化比较",
        )

    label = prefix.strip(_EDGE_PUNCT) or None
    unit_inferred = False
    implied = False
    direction = Direction.NONE
    if role == _ROLE_TARGET:
        hints = _name_hints(indicator_name)
        if unit is None and scale is None and hints.unit is not None:
            unit, unit_inferred = hints.unit, True
        name_direction = direction_from_name(indicator_name)
        if comparator is None:
            implied = True
            if hints.comparator is not None:
                comparator = hints.comparator
            elif value == 0 or LOWER_WORDS_RE.search(text) or name_direction is Direction.LOWER_BETTER:
                comparator = Comparator.LE
            else:
                comparator = Comparator.GE
        direction = _direction_for(comparator, name_direction)
    return Target(
        raw=raw,
        kind=TargetKind.NUMERIC,
        comparator=comparator,
        comparator_implied=implied,
        value=value,
        unit=unit,
        unit_inferred=unit_inferred,
        scale=scale,
        direction=direction,
        label=label,
        note=note,
    )


def _direction_for(comparator: Comparator, name_direction: Direction | None) -> Direction:
    if comparator in (Comparator.GE, Comparator.GT):
        return Direction.HIGHER_BETTER
    if comparator in (Comparator.LE, Comparator.LT):
        return Direction.LOWER_BETTER
    if name_direction is Direction.LOWER_BETTER:
        return Direction.LOWER_BETTER
    return Direction.EXACT


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


# ---------------------------------------------------------------------------------------------
# words


def _level_of(text: str) -> str | None:
    word = squash(text)
    for prefix in ("", "较", "很", "非常", "比较"):
        if (
            word.startswith(prefix)
            and word[len(prefix) :] in WHOLE_LEVELS
            and (prefix == "" or len(word) > len(prefix))
        ):
            return WHOLE_LEVELS[word[len(prefix) :]]
    if len(word) <= 1:
        return None
    for regex, level in LEVEL_PATTERNS:
        if regex.search(word):
            return level
    return None


def _try_words(text: str, raw: str, role: str) -> Target:
    word = squash(text)
    if not word:
        return _unknown(raw, "未填写")
    if "*" in text:
        return _unknown(raw, "只有占位符“**”，未填写具体数值")
    if word in WHOLE_LEVELS or (len(word) <= 3 and _level_of(text) is not None):
        level = _level_of(text)
        return Target(raw=raw, kind=TargetKind.QUALITATIVE, level=level)
    if role == _ROLE_TARGET and DEFINITION_RE.search(text):
        return _unknown(raw, "只写了指标的含义或计算口径，没有给出目标值")
    if role == _ROLE_TARGET and len(word) > 12 and TASK_VERB_RE.match(word):
        return Target(raw=raw, kind=TargetKind.QUALITATIVE, level="task")
    level = _level_of(text)
    if level is not None:
        return Target(raw=raw, kind=TargetKind.QUALITATIVE, level=level)
    if role == _ROLE_TARGET and TASK_VERB_RE.match(word):
        return Target(raw=raw, kind=TargetKind.QUALITATIVE, level="task")
    return _unknown(raw, "无法识别：既没有数值，也不是已知的定性表述")


# ---------------------------------------------------------------------------------------------
# entry points


def _parse_single(text: str, raw: str, role: str, indicator_name: str | None) -> Target:
    if not text:
        return _unknown(raw, "未填写")
    deadline = _try_deadline(text, raw, role)
    if deadline is not None:
        return deadline
    change = _try_change(text, raw, role)
    if change is not None:
        return change
    numeric = _try_numeric(text, raw, role, indicator_name)
    if numeric is not None:
        return numeric
    return _try_words(text, raw, role)


def _parse(raw: str, role: str, indicator_name: str | None) -> Target:
    if not isinstance(raw, str):
        raw = "" if raw is None else str(raw)
    text = _clean(raw)
    segments = [s.strip(_EDGE_PUNCT) for s in _SEGMENT_SPLIT_RE.split(text)]
    with_numbers = [s for s in segments if _NUMBER_RE.search(s)]
    if len(with_numbers) >= 2:
        parts = [_parse_single(s, s, role, indicator_name) for s in with_numbers]
        if all(p.kind is not TargetKind.UNKNOWN for p in parts):
            kinds = {p.kind for p in parts}
            kind = parts[0].kind if len(kinds) == 1 else TargetKind.NUMERIC
            if TargetKind.NUMERIC not in kinds and len(kinds) > 1:
                kind = parts[0].kind
            return Target(raw=raw, kind=kind, parts=parts)
        bad = "；".join(f"“{p.raw}”：{p.note}" for p in parts if p.kind is TargetKind.UNKNOWN)
        return Target(
            raw=raw, kind=TargetKind.UNKNOWN, parts=parts, note=f"复合指标值中有无法识别的分项：{bad}"
        )
    return _parse_single(text, raw, role, indicator_name)


_ERRORS = (_ParseError, ArithmeticError, ValueError, IndexError, KeyError, TypeError)


def _parse_uncached(raw: str, role: str, indicator_name: str | None) -> Target:
    try:
        return _parse(raw, role, indicator_name)
    except _ERRORS as exc:
        return _unknown(str(raw), f"内部错误，无法解析：{type(exc).__name__}")


_parse_cached = lru_cache(maxsize=CACHE_SIZE)(_parse_uncached)


def _parse_any(raw: object, role: str, indicator_name: str | None) -> Target:
    if isinstance(raw, str) and (indicator_name is None or isinstance(indicator_name, str)):
        return _parse_cached(raw, role, indicator_name)
    try:
        return _parse(raw, role, indicator_name)  # type: ignore[arg-type]  # not a str: _parse converts it
    except _ERRORS as exc:
        return _unknown(str(raw), f"内部错误，无法解析：{type(exc).__name__}")


def parse_target(raw: str, *, indicator_name: str | None = None) -> Target:
    """Parse a 年度指标值 cell. ``indicator_name`` (三级指标) supplies direction and unit hints."""
    return _parse_any(raw, _ROLE_TARGET, indicator_name)


def parse_actual(raw: str, target: Target | None = None) -> Target:
    """Parse a 实际完成值 cell; a number without unit takes the unit (or 万/亿 scale) of ``target``."""
    actual = _parse_any(raw, _ROLE_ACTUAL, None)
    if target is None:
        return actual
    try:
        return inherit_unit(actual, target)
    except _ERRORS as exc:
        return _unknown(str(raw), f"内部错误，无法解析：{type(exc).__name__}")


def parse_cache_clear() -> None:
    """Forget the cached results (tests that change the vocabulary)."""
    from .assess import _judge
    from .text import squash
    from .units import _read_unit, unit_base

    _parse_cached.cache_clear()
    _name_hints.cache_clear()
    _date_atoms_in.cache_clear()
    direction_from_name.cache_clear()
    _judge.cache_clear()
    squash.cache_clear()
    unit_base.cache_clear()
    _read_unit.cache_clear()


def inherit_unit(actual: Target, target: Target) -> Target:
    """Give a unit-less numeric actual the target's unit or 万/亿 scale (``unit_inferred``)."""
    if actual.parts and target.parts and len(actual.parts) == len(target.parts):
        parts = [inherit_unit(a, t) for a, t in zip(actual.parts, target.parts, strict=True)]
        return actual.model_copy(update={"parts": parts})
    if actual.kind not in (TargetKind.NUMERIC, TargetKind.CHANGE) or actual.value is None:
        return actual
    if actual.unit is not None or actual.scale is not None or actual.unit_inferred:
        return actual
    if target.kind not in (TargetKind.NUMERIC, TargetKind.CHANGE):
        return actual
    if target.unit is not None:
        return actual.model_copy(update={"unit": target.unit, "unit_inferred": True})
    if target.scale is not None:
        factor = _MULTIPLIERS[target.scale]
        return actual.model_copy(
            update={"value": actual.value * factor, "scale": target.scale, "unit_inferred": True}
        )
    return actual
