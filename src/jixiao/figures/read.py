"""``read_text(text, source)``: the sentences of a text with their figures and relations, read once.

The result is cached per ``(text, source)``: the importer and every check that looks at the same
paragraph share one reading.
"""

from __future__ import annotations

from functools import lru_cache

from .model import Quantity, Relation, Sentence, Total
from .relate import is_budget, is_difference, is_part, relate
from .scan import normalise, quantities, split_sentences, years


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
    return tuple(out)


def _parts_of_previous(
    text: str, qs: list[Quantity], relations: list[Relation], previous: Sentence | None
) -> Total | None:
    """ "支出总计350万元。其中：基本支出228万元，项目支出122万元。" — a sentence that opens with 其中 lists
    the parts of the amount the sentence before ended on."""
    if previous is None or not text.startswith("其中") or any(isinstance(r, Total) for r in relations):
        return None
    if not previous.quantities:
        return None
    # "…经费支出2.05万元，年初预算为2.95万元，差值为0.9万元。其中：…": the figure the parts add up to
    # is the last one that is neither a budget beside it nor a difference
    tail = list(previous.quantities)
    while len(tail) > 1 and tail[-1].is_money and (is_budget(tail[-1]) or is_difference(tail[-1])):
        tail.pop()
    whole = tail[-1]
    trailing = whole is previous.quantities[-1]
    if not whole.is_money or (trailing and len(previous.text) - whole.end > 2):
        return None
    parts = tuple(q for q in qs if is_part(q, whole))
    if not parts:
        return None
    return Total(whole, parts, "其中", False)
