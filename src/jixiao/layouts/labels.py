"""Level-1 and level-2 indicator headings, from ``data/forms/vocabulary.yaml``.

A heading cell is recognised by the vocabulary's ``words`` (after normalisation) and classified by
its ``prefixes``: a level-1 heading by the prefix it starts with, a level-2 heading by the first
prefix it contains, in the file's order (so "社会公众或服务对象满意度" is satisfaction, not social).
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

import yaml
from pydantic import BaseModel, ConfigDict

from jixiao.model import Level1, Level2

from .spec import FORMS_DIR, FormSpecError
from .words import Vocabulary, header_key

_FILLER = re.compile(r"^(指标\s*\d+\s*[:：]?\s*[/／]?|[…\.·]+)$")
_SCORE_IN_HEADING = re.compile(r"[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")


class IndicatorLabels(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    level1: dict[Level1, Vocabulary]
    level2: dict[Level2, Vocabulary]


@cache
def indicator_labels() -> IndicatorLabels:
    path = FORMS_DIR / "vocabulary.yaml"
    try:
        # libyaml's safe loader when PyYAML has it: the same data, faster
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        return IndicatorLabels.model_validate(yaml.load(path.read_text(encoding="utf-8"), Loader=loader))
    except Exception as exc:  # a broken bundled file is a packaging error, said in Chinese
        raise FormSpecError(f"{path.name}：无法读取指标层级词表（{exc}）") from exc


def is_filler(text: str) -> bool:
    """A template's unfilled indicator row: "指标2：", "指标1:/", "……"."""
    return bool(_FILLER.match(text.strip()))


def heading_max(text: str) -> Decimal | None:
    """The weight a heading prints for itself: "产出指标（50分）" → 50."""
    m = _SCORE_IN_HEADING.search(text.replace("\n", ""))
    return Decimal(m.group(1)) if m else None


def is_level1_label(text: str) -> bool:
    """A level-1 heading ("产出指标（50分）"); "成本指标" only when it prints its own weight."""
    key = header_key(text)
    labels = indicator_labels()
    if not any(key in v.words for v in labels.level1.values()):
        return False
    return not (is_level2_label(text) and heading_max(text) is None and key != "满意度指标")


def is_level2_label(text: str) -> bool:
    key = header_key(text)
    return any(key in v.words for v in indicator_labels().level2.values())


def level1_of(text: str) -> Level1 | None:
    key = header_key(text)
    for level, vocab in indicator_labels().level1.items():
        if any(key.startswith(p) for p in vocab.prefixes):
            return level
    return None


def level2_of(text: str) -> Level2:
    key = header_key(text)
    if "、" in key:  # one heading for several kinds ("数量、质量、时效、成本指标")
        return Level2.OTHER
    for level, vocab in indicator_labels().level2.items():
        if any(p in key for p in vocab.prefixes):
            return level
    return Level2.OTHER


def level1_from_level2(level2: Level2) -> Level1:
    if level2 in (Level2.QUANTITY, Level2.QUALITY, Level2.TIMELINESS, Level2.COST):
        return Level1.OUTPUT
    if level2 == Level2.SATISFACTION:
        return Level1.SATISFACTION
    if level2 == Level2.OTHER:
        return Level1.OTHER
    return Level1.BENEFIT
