"""Header words and row labels: how a printed cell is compared with a spec's vocabulary.

A printed header is compared after normalisation: full-width → half-width, every space removed,
parenthesised annotations dropped ("全年执行数（万元）" → "全年执行数", "产出指标(50分)" → "产出指标"),
a trailing colon or "：" dropped, and the leading "其中" of a part row dropped. A vocabulary is a
list of words (equal after normalisation), optional prefixes (the printed key starts with one) and
optional regular expressions (searched in the normalised key). In YAML a plain list is the words.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, PrivateAttr, field_validator, model_validator

from jixiao.text import halfwidth, remove_spaces

_PARENS = re.compile(r"[（(][^（()）]{0,16}[）)]")
_OPEN_TAIL = re.compile(r"[（(][^（()）]*$")
_LEAD = re.compile(
    r"^(?:其中[:：]?|[一二三四五六七八九十]+[、.．]|\d+[、.．](?!\d)|[（(][一二三四五六七八九十\d]+[）)])"
)


@lru_cache(maxsize=65536)
def header_key(text: str) -> str:
    """The comparable form of a printed header or label (see the module docstring)."""
    key = remove_spaces(halfwidth(text)).replace("\u3000", "")
    key = _PARENS.sub("", key)
    key = _OPEN_TAIL.sub("", key) or key  # a header cut off inside its annotation: "得分（分值×执行"
    key = key.rstrip(":：")
    prev = None
    while prev != key:
        prev = key
        key = _LEAD.sub("", key)
    return key.rstrip(":：")


class Vocabulary(BaseModel):
    """Words (exact after normalisation), prefixes, and patterns that name one thing."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    words: list[str] = []
    prefixes: list[str] = []
    patterns: list[str] = []
    _vid: int = PrivateAttr(default=-1)

    def model_post_init(self, context: object, /) -> None:
        # one small integer per distinct vocabulary, so that matches can be remembered cheaply
        signature = (tuple(self.words), tuple(self.prefixes), tuple(self.patterns))
        self._vid = _VIDS.setdefault(signature, len(_VIDS))

    @model_validator(mode="before")
    @classmethod
    def _from_list(cls, data: Any) -> Any:
        if isinstance(data, list):
            return {"words": data}
        return data

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, v: list[str]) -> list[str]:
        for pattern in v:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"正则表达式“{pattern}”无效：{exc}") from exc
        return v

    @staticmethod
    def key(text: str) -> str:
        return header_key(text)

    def match(self, text: str) -> bool:
        """Whether a printed cell names this thing."""
        return self.match_key(header_key(text))

    def match_key(self, key: str) -> bool:
        """Like :meth:`match` for an already normalised key."""
        memo = (self.__pydantic_private__["_vid"], key)  # type: ignore[index]
        hit = _MEMO.get(memo)
        if hit is None:
            if len(_MEMO) > 200_000:
                _MEMO.clear()
            hit = _MEMO[memo] = _match(self, key)
        return hit

    def __hash__(self) -> int:
        return hash((tuple(self.words), tuple(self.prefixes), tuple(self.patterns)))


_VIDS: dict[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]], int] = {}
_MEMO: dict[tuple[int, str], bool] = {}


def _match(vocab: Vocabulary, key: str) -> bool:
    if not key:
        return False
    keys = _keys(vocab)
    if key in keys[0]:
        return True
    if any(key.startswith(p) for p in keys[1]):
        return True
    return any(rx.search(key) for rx in _compiled(tuple(vocab.patterns)))


@lru_cache(maxsize=4096)
def _keys_cached(words: tuple[str, ...], prefixes: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    return frozenset(header_key(w) for w in words), tuple(header_key(p) for p in prefixes)


def _keys(vocab: Vocabulary) -> tuple[frozenset[str], tuple[str, ...]]:
    return _keys_cached(tuple(vocab.words), tuple(vocab.prefixes))


@lru_cache(maxsize=4096)
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)
