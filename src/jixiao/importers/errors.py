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


class DocumentError(Exception):
    """A document that cannot be imported; ``str()`` is a Chinese sentence for the user."""

    def __init__(self, where: str, what: str) -> None:
        super().__init__(f"{where}：{what}")
        self.where = where
        self.what = what


@dataclass(frozen=True)
class ImportLimits:
    """Limits on one import: size on disk, unpacked size and ratio of zip containers, time, pages."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_uncompressed_bytes: int = DEFAULT_MAX_UNCOMPRESSED
    max_compression_ratio: int = DEFAULT_MAX_RATIO
    time_limit_seconds: float = DEFAULT_TIME_LIMIT
    max_pages: int = DEFAULT_MAX_PAGES


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
