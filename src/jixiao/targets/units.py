"""Units that appear in 年度指标值 / 实际完成值 cells, and their conversion to base units.

Recognises the measure words of Chinese performance forms (人, 人次, 户, 个, 家, 次, 件 …),
money (元, 万元, 亿元; base 万元 as in the package model), time (天/日, 个月/月, 年), area,
length, volume and weight, percentages, 万/亿/千 multipliers in front of a unit ("万人"), and
compound rates ("元/人/月", "元/人·月", "元/人*月", "万元/人/年"). No regulation is implemented
here; 1 公顷 = 15 亩 and 1 平方公里 = 1500 亩 are the statutory Chinese area equivalences.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

# atom -> (base atom, factor to the base)
_ATOMS: dict[str, tuple[str, Decimal]] = {
    "%": ("%", Decimal(1)),
    "‰": ("%", Decimal("0.1")),
    "个百分点": ("个百分点", Decimal(1)),
    "百分点": ("个百分点", Decimal(1)),
    "元": ("万元", Decimal("0.0001")),
    "万元": ("万元", Decimal(1)),
    "亿元": ("万元", Decimal(10000)),
    "千元": ("万元", Decimal("0.1")),
    "百万元": ("万元", Decimal(100)),
    "千万元": ("万元", Decimal(1000)),
    "人": ("人", Decimal(1)),
    "名": ("人", Decimal(1)),
    "位": ("人", Decimal(1)),
    "人次": ("人次", Decimal(1)),
    "户": ("户", Decimal(1)),
    "户次": ("户次", Decimal(1)),
    "个": ("个", Decimal(1)),
    "家": ("家", Decimal(1)),
    "次": ("次", Decimal(1)),
    "件": ("件", Decimal(1)),
    "条": ("条", Decimal(1)),
    "辆": ("辆", Decimal(1)),
    "台": ("台", Decimal(1)),
    "套": ("套", Decimal(1)),
    "场": ("场", Decimal(1)),
    "场次": ("场次", Decimal(1)),
    "篇": ("篇", Decimal(1)),
    "单": ("单", Decimal(1)),
    "起": ("起", Decimal(1)),
    "例": ("例", Decimal(1)),
    "座": ("座", Decimal(1)),
    "株": ("株", Decimal(1)),
    "棵": ("株", Decimal(1)),
    "项": ("项", Decimal(1)),
    "所": ("所", Decimal(1)),
    "期": ("期", Decimal(1)),
    "批": ("批", Decimal(1)),
    "批次": ("批次", Decimal(1)),
    "份": ("份", Decimal(1)),
    "册": ("册", Decimal(1)),
    "本": ("本", Decimal(1)),
    "张": ("张", Decimal(1)),
    "处": ("处", Decimal(1)),
    "只": ("只", Decimal(1)),
    "头": ("头", Decimal(1)),
    "班": ("班", Decimal(1)),
    "轮": ("轮", Decimal(1)),
    "村": ("村", Decimal(1)),
    "校": ("所", Decimal(1)),
    "课时": ("课时", Decimal(1)),
    "学时": ("学时", Decimal(1)),
    "期次": ("期次", Decimal(1)),
    "天": ("天", Decimal(1)),
    "日": ("天", Decimal(1)),
    "周": ("天", Decimal(7)),
    "工作日": ("工作日", Decimal(1)),
    "个工作日": ("工作日", Decimal(1)),
    "小时": ("小时", Decimal(1)),
    "分钟": ("小时", Decimal(1) / Decimal(60)),
    "月": ("月", Decimal(1)),
    "个月": ("月", Decimal(1)),
    "季度": ("月", Decimal(3)),
    "个季度": ("月", Decimal(3)),
    "年": ("月", Decimal(12)),
    "平方米": ("平方米", Decimal(1)),
    "平米": ("平方米", Decimal(1)),
    "m2": ("平方米", Decimal(1)),
    "平方公里": ("亩", Decimal(1500)),
    "亩": ("亩", Decimal(1)),
    "公顷": ("亩", Decimal(15)),
    "立方米": ("立方米", Decimal(1)),
    "方": ("立方米", Decimal(1)),
    "m3": ("立方米", Decimal(1)),
    "米": ("米", Decimal(1)),
    "m": ("米", Decimal(1)),
    "厘米": ("米", Decimal("0.01")),
    "cm": ("米", Decimal("0.01")),
    "公里": ("米", Decimal(1000)),
    "千米": ("米", Decimal(1000)),
    "km": ("米", Decimal(1000)),
    "公斤": ("公斤", Decimal(1)),
    "千克": ("公斤", Decimal(1)),
    "kg": ("公斤", Decimal(1)),
    "斤": ("公斤", Decimal("0.5")),
    "吨": ("公斤", Decimal(1000)),
    "倍": ("倍", Decimal(1)),
}

# Spellings that are rewritten in the unit text itself.
_ALIASES: dict[str, str] = {
    "m2": "平方米",
    "m3": "立方米",
    "km": "公里",
    "kg": "公斤",
    "cm": "厘米",
    "平米": "平方米",
}

_MULTIPLIERS: dict[str, Decimal] = {
    "万": Decimal(10000),
    "亿": Decimal(100000000),
    "千": Decimal(1000),
    "百万": Decimal(1000000),
    "千万": Decimal(10000000),
}

# Atoms that may take a 万/亿/千 prefix ("万人", "万亩"); money has its own atoms.
_MULTIPLIABLE = {
    "人",
    "人次",
    "户",
    "户次",
    "亩",
    "平方米",
    "立方米",
    "吨",
    "株",
    "个",
    "件",
    "次",
    "公里",
    "册",
    "份",
}

_SEPARATORS = "/·*×•‧・"

_ATOM_KEYS = sorted(_ATOMS, key=len, reverse=True)
_LATIN_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*")


def _atom_at(text: str, pos: int) -> str | None:
    """The longest known atom (with an optional multiplier) starting at ``pos``."""
    best: str | None = None
    for mult in ("百万", "千万", "万", "亿", "千", ""):
        if not text.startswith(mult, pos):
            continue
        for atom in _ATOM_KEYS:
            if text.startswith(atom, pos + len(mult)):
                if mult and not (atom in _MULTIPLIABLE or atom == "元"):
                    continue
                if mult in ("百万", "千万") and atom != "元":
                    continue
                candidate = mult + atom
                if best is None or len(candidate) > len(best):
                    best = candidate
                break
    if best is not None and best in ("m", "cm", "km", "kg", "m2", "m3"):
        latin = _LATIN_RE.match(text, pos)
        if latin and latin.group(0) != best:
            return latin.group(0)
    if best is None:
        latin = _LATIN_RE.match(text, pos)
        if latin:
            return latin.group(0)
    return best


def read_unit(text: str, pos: int) -> tuple[str | None, int]:
    """Read a unit at ``pos``: an atom followed by ``/atom`` denominators.

    Returns the unit (separators written as "/", aliases such as m2 → 平方米 rewritten) and the
    position after it. A trailing lone "/" ("元/") is consumed and dropped. A unit may start
    with "/" when the numerator is missing ("28.40/株").

    Reads nothing before ``pos``, so the answer is one for the text from ``pos`` on — cached
    (the same few tails, "人", "%", "万元", follow every number; issue 11).
    """
    unit, length = _read_unit(text[pos:])
    return (None, pos) if unit is None else (unit, pos + length)


@lru_cache(maxsize=16384)
def _read_unit(text: str) -> tuple[str | None, int]:
    """:func:`read_unit` at position 0 (an immutable result, shared)."""
    pos = 0
    atoms: list[str] = []
    i = pos
    first = _atom_at(text, i)
    if first is not None:
        atoms.append(_ALIASES.get(first, first))
        i += len(first)
    elif i < len(text) and text[i] in _SEPARATORS:
        atoms.append("")
    else:
        return None, pos
    while i < len(text) and text[i] in _SEPARATORS:
        nxt = _atom_at(text, i + 1)
        if nxt is None:
            if i + 1 >= len(text) or (not _is_cjk(text[i + 1]) and not text[i + 1].isdigit()):
                i += 1  # a dangling separator: "人均1942.5元/"
            break
        atoms.append(_ALIASES.get(nxt, nxt))
        i += 1 + len(nxt)
    if atoms == [""]:
        return None, pos
    return "/".join(atoms), i


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _atom_base(atom: str) -> tuple[str, Decimal] | None:
    if atom == "":
        return ("", Decimal(1))
    if atom in _ATOMS:
        return _ATOMS[atom]
    for mult, factor in sorted(_MULTIPLIERS.items(), key=lambda kv: -len(kv[0])):
        rest = atom[len(mult) :]
        if atom.startswith(mult) and rest in _ATOMS:
            base, f = _ATOMS[rest]
            return base, f * factor
    if _LATIN_RE.fullmatch(atom) or (atom and all(_is_cjk(c) for c in atom)):
        return atom, Decimal(1)
    return None


@lru_cache(maxsize=4096)
def unit_base(unit: str) -> tuple[str, Decimal] | None:
    """(base unit, factor): "万人" → ("人", 10000); "元/人/月" → ("万元/人/月", 0.0001).

    Denominators are sorted so that "元/月/人" and "元/人/月" share a base. ``None`` for a unit
    that cannot be decomposed. A pure function of the text (the result is an immutable tuple):
    cached, as comparisons ask for the same few units again and again (issue 11).
    """
    pieces = unit.split("/")
    num = _atom_base(pieces[0])
    if num is None:
        return None
    factor = num[1]
    dens: list[str] = []
    for piece in pieces[1:]:
        den = _atom_base(piece)
        if den is None:
            return None
        dens.append(den[0])
        factor = factor / den[1]
    base = num[0] + "".join("/" + d for d in sorted(dens))
    return base, factor


def add_denominator(unit: str, denominator: str) -> str:
    """ "元/月" + 人 → "元/人/月" (used for 人均 / 每人 prefixes); unchanged if already there."""
    pieces = unit.split("/")
    if denominator in pieces[1:]:
        return unit
    return "/".join([pieces[0], denominator, *pieces[1:]])


def is_money(unit: str) -> bool:
    base = unit_base(unit.split("/")[0])
    return base is not None and base[0] == "万元"
