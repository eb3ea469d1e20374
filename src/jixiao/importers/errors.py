"""Import errors and limits: what a document may cost before it is refused.

A document that cannot be read at all raises :class:`DocumentError` (Chinese message, with
``where`` — the file or the place in it — and ``what`` — why). Anything less serious is kept in the
package's import report instead.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_UNCOMPRESSED = 200 * 1024 * 1024
DEFAULT_MAX_RATIO = 100
DEFAULT_TIME_LIMIT = 60.0
DEFAULT_MAX_PAGES = 500
DEFAULT_MAX_ROWS = 100_000
DEFAULT_MAX_COLUMNS = 1_000
DEFAULT_MAX_CELLS = 1_000_000
DEFAULT_MAX_MERGED_RANGES = 50_000
DEFAULT_MAX_MERGED_CELLS = 1_000_000
DEFAULT_MAX_PAGE_OBJECTS = 200_000
DEFAULT_MAX_PAGE_CHARS = 200_000


class DocumentError(Exception):
    """A document that cannot be imported; ``str()`` is a Chinese sentence for the user."""

    def __init__(self, where: str, what: str) -> None:
        super().__init__(f"{where}：{what}")
        self.where = where
        self.what = what


@dataclass(frozen=True)
class ImportLimits:
    """Limits on one import, checked before the work they bound.

    Size on disk, unpacked size and ratio of zip containers, time; pages of a PDF; rows (per sheet
    or table) and columns (per row), and cells (per document) of any grid, counting a
    spreadsheet's declared dimension; merged ranges (how many, and how many cells they cover
    together); objects (text, paths, images ...) and characters on one PDF page.
    """

    max_bytes: int = DEFAULT_MAX_BYTES
    max_uncompressed_bytes: int = DEFAULT_MAX_UNCOMPRESSED
    max_compression_ratio: int = DEFAULT_MAX_RATIO
    time_limit_seconds: float = DEFAULT_TIME_LIMIT
    max_pages: int = DEFAULT_MAX_PAGES
    max_rows: int = DEFAULT_MAX_ROWS
    max_columns: int = DEFAULT_MAX_COLUMNS
    max_cells: int = DEFAULT_MAX_CELLS
    max_merged_ranges: int = DEFAULT_MAX_MERGED_RANGES
    max_merged_cells: int = DEFAULT_MAX_MERGED_CELLS
    max_page_objects: int = DEFAULT_MAX_PAGE_OBJECTS
    max_page_chars: int = DEFAULT_MAX_PAGE_CHARS


class Deadline:
    """Cooperative time limit: readers and the structuring layer call :meth:`check` in their loops."""

    def __init__(self, seconds: float, where: str) -> None:
        self.seconds = seconds
        self.where = where
        self.end = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise DocumentError(self.where, f"导入超过时间限制（{self.seconds:g} 秒），已停止")

    @classmethod
    def unlimited(cls, where: str = "<文档>") -> Deadline:
        return cls(1e9, where)
