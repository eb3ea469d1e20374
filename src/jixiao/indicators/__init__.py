"""The indicator library (指标库): common frameworks and sector sets as data, search and history.

``load_library()`` reads the shipped files (``data/indicators/common``, ``data/indicators/sector``),
each citing its source (财预〔2013〕53号, 财预〔2020〕10号, the 社会保障 sector set); ``suggest(text)``
ranks entries for what a person types; :mod:`.history` gathers, from the packages the system holds,
the values each unit set and achieved for an indicator; :mod:`.exchange` imports and exports library
files as YAML and .xlsx; :mod:`.declaration_form` reads and writes the 绩效目标申报表 .xlsx.
"""

from .library import (
    LIBRARY_DIR,
    Hit,
    LibraryError,
    entries,
    get_entry,
    lint_library,
    load_library,
    match,
    suggest,
)
from .model import LibraryEntry, LibraryFile, LibrarySource

__all__ = [
    "LIBRARY_DIR",
    "Hit",
    "LibraryEntry",
    "LibraryError",
    "LibraryFile",
    "LibrarySource",
    "entries",
    "get_entry",
    "lint_library",
    "load_library",
    "match",
    "suggest",
]
