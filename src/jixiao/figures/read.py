"""``read_text(text, source)``: the sentences of a text with their figures and relations, read once.

The result is cached per ``(text, source)``: the importer and every check that looks at the same
paragraph share one reading.
"""

from __future__ import annotations

from functools import lru_cache

from .model import Sentence
from .relate import relate
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
        out.append(
            Sentence(
                text=text,
                raw=raw[offset:raw_end],
                offset=offset,
                line=raw.count("\n", 0, offset) + 1,
                source=source,
                quantities=tuple(qs),
                relations=tuple(relate(text, qs)),
                years=tuple(mentions),
            )
        )
    return tuple(out)
