"""``read_text(text, source)``: the sentences of a text with their figures and relations, read once.

The result is cached per ``(text, source)``: the importer and every check that looks at the same
paragraph share one reading.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from typing import TypeVar

from . import lexicon as lx
from .model import Change, ChangeSplit, Quantity, Relation, Sentence, Share, Total
from .relate import (
    find_labelled,
    is_budget,
    is_change,
    is_difference,
    is_part,
    nested,
    relate,
    same_kind,
    sublisted,
)
from .scan import normalise, quantities, split_sentences, years

_T = TypeVar("_T")


def read_text(text: str, source: str | None = None) -> list[Sentence]:
    """Every sentence of ``text`` with its quantities, relations, offset and line."""
    return list(_read(text, source))


@lru_cache(maxsize=4096)
def _read(raw: str, source: str | None) -> tuple[Sentence, ...]:
    norm, origin = normalise(raw)
    out: list[Sentence] = []
    for start, end in split_sentences(norm):
        text = norm[start:end]
        offset = origin[start]
        raw_end = origin[end - 1] + 1
        mentions = years(text)
        qs = quantities(text, raw, origin[start:end], 0, source, mentions)
        relations = relate(text, qs)
        carried = _parts_of_previous(text, qs, relations, out[-1] if out else None)
        if carried is not None:
            relations.append(carried)
            relations = [_whole_of_share(r, carried) for r in relations]
        relations = [_now_of_change(r, out[-3:]) for r in relations]
        out.append(
            Sentence(
                text=text,
                raw=raw[offset:raw_end],
                offset=offset,
                line=raw.count("\n", 0, offset) + 1,
                source=source,
                quantities=tuple(qs),
                relations=tuple(relations),
                years=tuple(mentions),
            )
        )
    return tuple(_change_splits(_numbered_parts(out)))


_NUMBERED = re.compile(r"^[（(]?(\d{1,2})[)）.、．]")
_OPENS_LIST = re.compile(r"其中[:：]$")


def _numbered_parts(sentences: list[Sentence]) -> list[Sentence]:
    """ "收入总计为10070.54万元,其中:" and then "1.财政拨款收入1813.24万元,…", "2.上级补助收入0万元。", …:
    the whole a sentence ends on before 其中 and the first figure of each numbered item after it, in
    order (1, 2, 3 …; sentences between the items are their continuations). Items without numbers
    are sentences that each open with a label and its figure ("人员经费809961.19元,主要包括:…",
    "公用经费71339.2元,主要包括:…"), one after another. A 其中 list may leave parts out, so only parts
    above the whole are wrong (SUM015) — unless the parts are a complete split (人员经费 + 公用经费)."""
    out = list(sentences)
    for i, s in enumerate(sentences):
        if (
            not _OPENS_LIST.search(s.text)
            or not s.quantities
            or any(isinstance(r, Total) for r in s.relations)
        ):
            continue
        whole = s.quantities[-1]
        money = [q for q in s.quantities if q.is_money and not is_change(q)]
        # a budget beside its outturn is not the whole; a budget note's own total is ("收入预算3814.61万元,其中:")
        if not whole.is_money or is_change(whole) or (is_budget(whole) and len(money) > 1):
            continue
        following = sentences[i + 1 : i + 40]
        numbered = bool(following) and _NUMBERED.match(following[0].text) is not None
        parts = (
            [q for _, q in _numbered_items(following, _item_figure)]
            if numbered
            else _labelled_items(following)
        )
        if len(parts) >= 2:
            complete = frozenset(lx.split_label(p.label) for p in parts) in lx.COMPLETE_SPLITS
            out[i] = replace(s, relations=(*s.relations, Total(whole, tuple(parts), "其中", complete)))
    return out


def _item_figure(sentence: Sentence) -> Quantity | None:
    """An item's own figure: its first money figure, right after its label."""
    part = next((q for q in sentence.quantities if q.is_money and not is_change(q)), None)
    return part if part is not None and part.at <= 30 else None


def _numbered_items(
    following: list[Sentence], pick: Callable[[Sentence], _T | None], *, lead_in: bool = False
) -> list[tuple[Sentence, _T]]:
    """The numbered items (1, 2, 3 … in order) among the sentences after a whole, each with what
    ``pick`` takes of it; sentences between items are their continuations, and with ``lead_in`` a
    "…如下:" sentence may stand before the first. Stops at a number out of order or an item ``pick``
    takes nothing of."""
    out: list[tuple[Sentence, _T]] = []
    expected = 1
    for k, nxt in enumerate(following):
        m = _NUMBERED.match(nxt.text)
        if m is None:
            if expected == 1 and not (lead_in and k == 0 and nxt.text.rstrip().endswith(_LEAD_IN)):
                break
            continue  # the item's own next sentence
        if int(m.group(1)) != expected:
            break
        item = pick(nxt)
        if item is None:
            break
        out.append((nxt, item))
        expected += 1
    return out


_LEAD_IN = ("如下:", "如下：", "如下")


def _labelled_items(following: list[Sentence]) -> list[Quantity]:
    parts: list[Quantity] = []
    for nxt in following:
        part = _item_figure(nxt)
        if part is None or not part.label or nxt.text.find(part.label) != 0:
            break  # not a sentence that opens with its label and figure
        parts.append(part)
    return parts


def _parts_of_previous(
    text: str, qs: list[Quantity], relations: list[Relation], previous: Sentence | None
) -> Total | None:
    """ "支出总计350万元。其中：基本支出228万元，项目支出122万元。" — a sentence that opens with 其中 (or with
    由…构成: "财力1867.48万元。由…收入111.11万元，加…1756.37万元构成。") lists the parts of the amount the
    sentence before ended on."""
    composed = lx.COMPOSED.match(text)
    opens = text.startswith("其中") or composed is not None
    if previous is None or not opens or any(isinstance(r, Total) for r in relations):
        return None
    if not previous.quantities:
        return None
    # "…经费支出2.05万元，年初预算为2.95万元，差值为0.9万元。其中：…": the figure the parts add up to
    # is the last one that is neither a budget beside it, a difference nor a change ("合计35萬元,比上年減少2.28萬元。其中:…")
    tail = list(previous.quantities)
    while (
        len(tail) > 1
        and tail[-1].is_money
        and (is_budget(tail[-1]) or is_difference(tail[-1]) or is_change(tail[-1]))
    ):
        tail.pop()
    whole = tail[-1]
    trailing = whole is previous.quantities[-1]
    if not whole.is_money or (trailing and len(previous.text) - whole.end > 2):
        return None
    end = composed.end("body") if composed is not None else len(text)
    parts = tuple(
        q
        for q in qs
        if q.at < end and is_part(q, whole) and not nested(text, 0, q) and not sublisted(text, 0, q, qs)
    )
    if not parts or (composed is not None and len(parts) < 2):
        return None
    # a 其中 is exhaustive only when its parts are a complete split (基本支出 + 项目支出, …), as in one sentence
    complete = frozenset(lx.split_label(p.label) for p in parts) in lx.COMPLETE_SPLITS
    return Total(whole, parts, "由" if composed is not None else "其中", composed is not None or complete)


def _whole_of_share(r: Relation, total: Total) -> Relation:
    """ "…支出22.62万元。其中公务接待费为20.10万元，占88.86%": the share is of the whole the 其中 refers to."""
    if isinstance(r, Share) and r.whole is None and not r.whole_label and r.part in total.parts:
        return Share(r.part, total.whole, r.whole_label, r.rate)
    return r


def _now_of_change(r: Relation, previous: list[Sentence]) -> Relation:
    """ "收入总计23,866.88万元。收支较上年决算数减少3,888.01万元、下降14%": a change whose sentence names
    only its subject takes the current figure from the sentence before that states it by that name."""
    if not isinstance(r, Change) or r.now is not None or r.base is not None:
        return r
    said = r.amount or r.rate
    if said is None:
        return r
    subject = lx.CHANGE_SPLIT.split(said.label, maxsplit=1)[0].strip("，,、 ")
    names = lx.JOINT_SUBJECTS.get(subject, (subject,))
    if not subject or not all(names):
        return r
    for sentence in reversed(previous):
        pool = [q for q in sentence.quantities if r.amount is None or same_kind(q, r.amount)]
        found = [find_labelled(name, pool) for name in names]
        if all(found) and len({q.value for q in found if q is not None}) == 1:
            return replace(r, now=found[0])
    return r


_YEAR_LEAD = re.compile(r"^(?:(?:19|20)\d{2}年度?)")


def _subject(sentence: Sentence, change: Change) -> str:
    """What a change is of: the words before its comparison, without numbering, year and 预算数."""
    at = sentence.text.find(change.marker) if change.marker else -1
    head = sentence.text[: at if at >= 0 else 0]
    head = _NUMBERED.sub("", head.strip())
    head = _YEAR_LEAD.sub("", head).strip("，,：: ")
    for tail in ("预算数", "预算", "决算数", "决算"):
        head = head.removesuffix(tail)
    return head


def _money_change(sentence: Sentence) -> Change | None:
    found = [
        c for c in sentence.of(Change) if c.amount is not None and c.amount.is_money and c.direction != "flat"
    ]
    return found[0] if len(found) == 1 else None


def _change_splits(sentences: list[Sentence]) -> list[Sentence]:
    """A whole's change followed by the numbered changes of its parts (see :class:`ChangeSplit`)."""
    out = list(sentences)
    for i, s in enumerate(sentences):
        whole = _money_change(s)
        if whole is None or _NUMBERED.match(s.text):
            continue
        items = _numbered_items(sentences[i + 1 : i + 20], _money_change, lead_in=True)
        parts = [ch for _, ch in items]
        subjects = [_subject(s, whole), *(_subject(nxt, ch) for nxt, ch in items)]
        if len(parts) < 2 or not subjects[0] or not all(subjects[1:]):
            continue
        complete = frozenset(lx.split_label(x) for x in subjects[1:]) in lx.COMPLETE_SPLITS
        split = ChangeSplit(whole, tuple(parts), tuple(subjects), complete)
        out[i] = replace(out[i], relations=(*out[i].relations, split))
    return out
