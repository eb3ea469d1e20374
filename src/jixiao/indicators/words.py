"""The words the target-declaration checks look for, loaded from ``data/indicators/lint/declaration.yaml``.

The file cites 财预〔2021〕101号 (indicators 指向明确、细化量化、合理可行, each value with its basis) and the
complaints listed in CYCLE.md (质量 and 效益 confused, 满意度 used as 效益, generic indicators). The
checks in :mod:`jixiao.audit.checks.targets` read these lists; no word list lives in the check code.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict

from jixiao.model.targets import ValueBasis

from .library import LIBRARY_DIR, LibraryError
from .model import LibrarySource

WORDS_FILE = LIBRARY_DIR / "lint" / "declaration.yaml"


class DeclarationWords(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    source: LibrarySource
    generic_phrases: list[str]
    vague_levels: list[str]
    benefit_words: list[str]
    output_words: list[str]
    satisfaction_words: list[str]
    qualitative_suffixes: list[str]
    quantitative_words: list[str]
    qualitative_words: list[str]
    basis_words: dict[ValueBasis, list[str]]

    def basis_of(self, text: str | None) -> ValueBasis | None:
        """The basis a 指标值设定依据 cell names ("历史标准：2023年实际…" → HISTORY), if any."""
        plain = (text or "").strip()
        if not plain:
            return None
        best: tuple[int, ValueBasis] | None = None
        for basis, words in self.basis_words.items():
            for w in words:
                at = plain.find(w)
                if at >= 0 and (best is None or at < best[0]):
                    best = (at, basis)
        return best[1] if best else None


def read_words(path: Path = WORDS_FILE) -> DeclarationWords:
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
        return DeclarationWords.model_validate(data)
    except Exception as exc:
        raise LibraryError(f"{path.name}：无法读取审核用词（{type(exc).__name__}: {exc}）") from exc


@cache
def declaration_words() -> DeclarationWords:
    return read_words()


__all__ = ["WORDS_FILE", "DeclarationWords", "declaration_words", "read_words"]
