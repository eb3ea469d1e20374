"""Importers: published documents (.txt, .docx, .xlsx, .pdf, .html) into evaluation packages.

Public API::

    import_file(path, *, limits=None) -> list[EvaluationPackage]
    import_bytes(data, filename, *, limits=None) -> list[EvaluationPackage]
    summary(package, path) -> dict[str, Any]
    DocumentError, ImportLimits

Each reader turns its format into blocks (:mod:`.blocks`); one structuring layer
(:mod:`.structure`) maps blocks onto the model with a :class:`~jixiao.model.SourceLocation` for
every value and an import report of what could not be placed.
"""

from __future__ import annotations

from .api import import_bytes, import_file
from .errors import DocumentError, ImportLimits
from .summary import summary

__all__ = ["DocumentError", "ImportLimits", "import_bytes", "import_file", "summary"]
