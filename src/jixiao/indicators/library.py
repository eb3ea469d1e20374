"""Loading, linting and searching the indicator library (指标库) shipped under ``data/indicators``.

``load_library()`` reads every library file (``common/*.yaml``, ``sector/*.yaml``; the ``lint``
folder holds the words of the declaration checks, see :mod:`jixiao.indicators.words`), validates it
against :class:`~jixiao.indicators.model.LibraryFile` and refuses two files with the same id.
``suggest(text)`` ranks the entries a person is typing towards (name, synonyms, definition), for the
web form's suggestions; ``match(name)`` finds the entry an indicator of a form stands for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .model import LibraryEntry, LibraryFile

LIBRARY_DIR = Path(__file__).resolve().parents[1] / "data" / "indicators"
LIBRARY_FOLDERS = ("common", "sector")
MAX_FILE_BYTES = 2_000_000


class LibraryError(ValueError):
    """A library file that cannot be loaded; the message is Chinese and names the file."""


@dataclass(frozen=True)
class Hit:
    """One suggestion: the file, the entry and how well it matched (0–1)."""

    library: LibraryFile
    entry: LibraryEntry
    score: float

    @property
    def key(self) -> str:
        return self.library.key(self.entry)


def _plain(text: str | None) -> str:
    return re.sub(r"[\s“”\"'（）()]", "", text or "")


def library_paths(root: Path | None = None) -> list[Path]:
    base = root or LIBRARY_DIR
    return sorted(p for folder in LIBRARY_FOLDERS for p in (base / folder).glob("*.yaml"))


def read_library_file(path: Path) -> LibraryFile:
    """One file, validated; :class:`LibraryError` (Chinese, with the file name) when it is not valid."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise LibraryError(f"{path.name}：文件过大")
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise LibraryError(f"{path.name}：无法读取（{type(exc).__name__}）") from exc
    return parse_library(data, path.name)


def parse_library(data: Any, where: str) -> LibraryFile:
    if not isinstance(data, dict):
        raise LibraryError(f"{where}：内容应为键值结构")
    try:
        return LibraryFile.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors()[:10]:
            loc = ".".join(str(p) for p in err["loc"])
            problems.append(f"{loc}：{err['msg'].removeprefix('Value error, ')}")
        raise LibraryError(f"{where}：" + "；".join(problems)) from exc


@cache
def load_library() -> dict[str, LibraryFile]:
    """Every library file that ships with jixiao, by id."""
    out: dict[str, LibraryFile] = {}
    for path in library_paths():
        lib = read_library_file(path)
        if lib.id in out:
            raise LibraryError(f"{path.name}：指标库标识“{lib.id}”与另一文件重复")
        out[lib.id] = lib
    return out


def lint_library(paths: Iterable[Path] | None = None) -> list[str]:
    """Problems of the given library files (all shipped files by default), in Chinese; [] when clean."""
    problems: list[str] = []
    seen: dict[str, str] = {}
    for path in list(paths) if paths is not None else library_paths():
        try:
            lib = read_library_file(path)
        except LibraryError as exc:
            problems.append(str(exc))
            continue
        if lib.id in seen:
            problems.append(f"{path.name}：指标库标识“{lib.id}”与 {seen[lib.id]} 重复")
        seen[lib.id] = path.name
        for entry in lib.entries:
            if entry.nature == "quantitative" and not entry.basis:
                problems.append(f"{path.name}：定量指标“{entry.name}”没有推荐的指标值设定依据")
    return problems


def entries(libraries: dict[str, LibraryFile] | None = None) -> list[tuple[LibraryFile, LibraryEntry]]:
    libs = load_library() if libraries is None else libraries
    return [(lib, e) for lib in libs.values() for e in lib.entries if not e.retired]


def get_entry(key: str, libraries: dict[str, LibraryFile] | None = None) -> LibraryEntry | None:
    """The entry ``<file id>#<entry id>``."""
    file_id, _, entry_id = key.partition("#")
    lib = (load_library() if libraries is None else libraries).get(file_id)
    return lib.entry(entry_id) if lib is not None else None


def _score(query: str, entry: LibraryEntry) -> float:
    names = [_plain(entry.name), *(_plain(s) for s in entry.synonyms)]
    best = 0.0
    for n in names:
        if not n:
            continue
        if query == n:
            return 1.0
        if query in n or n in query:
            best = max(best, 0.6 + 0.3 * min(len(query), len(n)) / max(len(query), len(n)))
        else:
            best = max(best, SequenceMatcher(None, query, n).ratio() * 0.8)
    if best < 0.3 and query in _plain(entry.definition):
        best = 0.3
    return best


def suggest(
    text: str,
    *,
    limit: int = 8,
    libraries: dict[str, LibraryFile] | None = None,
    scope: str | None = None,
    threshold: float = 0.45,
) -> list[Hit]:
    """The entries that best match what a person is typing, best first."""
    query = _plain(text)[:50]
    if not query:
        return []
    hits = []
    for lib, entry in entries(libraries):
        if scope and lib.scope not in (scope, "any"):
            continue
        s = _score(query, entry)
        if s >= threshold:
            hits.append(Hit(lib, entry, round(s, 3)))
    hits.sort(key=lambda h: (-h.score, h.key))
    return hits[:limit]


def match(name: str, *, libraries: dict[str, LibraryFile] | None = None) -> Hit | None:
    """The entry an indicator name stands for (an exact name or synonym, or a close one), if any."""
    hits = suggest(name, limit=1, libraries=libraries, threshold=0.75)
    return hits[0] if hits else None


__all__ = [
    "LIBRARY_DIR",
    "Hit",
    "LibraryError",
    "entries",
    "get_entry",
    "library_paths",
    "lint_library",
    "load_library",
    "match",
    "parse_library",
    "read_library_file",
    "suggest",
]
