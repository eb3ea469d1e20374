"""Findings of the audit checker as plain data (beancount's errors, frictionless's error codes).

A finding says what is wrong, where, the value the document states and the value the checker
computed, and the identity or rule it comes from. Codes are a family prefix and three digits
(``SUM001``); a code is never reused for another meaning.
"""

from __future__ import annotations

from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from jixiao.model import SourceLocation

Category = Literal[
    "sum_mismatch",
    "rate_mismatch",
    "score_sum_mismatch",
    "score_exceeds_max",
    "weight_mismatch",
    "grade_mismatch",
    "score_vs_target",
    "score_vs_rule",
    "missing_deviation_note",
    "unit_error",
    "year_error",
    "date_error",
    "cross_reference_mismatch",
    "staffing_control",
    "expense_control",
    "over_budget",
    "budget_adjustment",
    "target_too_low",
    "indicator_quality",
    "reconciliation",
    "format",
    "import",
    "monitoring_lag",
    "monitoring_forecast",
]

CATEGORIES: tuple[str, ...] = Category.__args__  # type: ignore[attr-defined]


class Severity(str, Enum):
    """错误 / 警告 / 提示."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


class FindingLocation(SourceLocation):
    """Where a finding stands: the place in the source document and the path in the package.

    The place is the importer's :class:`~jixiao.model.SourceLocation` (document, line, page, table,
    row, column) plus ``path``, the field in the package. The raw ``text`` of a source location is
    not part of a finding's location and never appears in its JSON.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str | None = Field(default=None, exclude=True)
    path: str | None = None

    def describe(self) -> str:
        """A short Chinese description: ``001 第412行 overall.footer.fill_date``.

        The place is described as :meth:`SourceLocation.describe` does, except that a finding shows
        the line in the file even beside a table row, so the row says it counts inside the table.
        """
        parts = [
            SourceLocation(document=self.document, page=self.page, table=self.table).describe(),
            f"第{self.row}行（表内）" if self.row is not None else "",
            SourceLocation(column=self.column, line=self.line).describe(),
            self.path or "",
        ]
        return " ".join(p for p in parts if p)

    def sort_key(self) -> tuple[str, int, str]:
        return (self.document or "", self.line if self.line is not None else 10**9, self.path or "")


class Finding(BaseModel):
    """One inconsistency found in a package."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str
    category: Category
    severity: Severity
    message: str
    stated: str | None = None
    computed: str | None = None
    rule: str | None = None
    location: FindingLocation = FindingLocation()

    def compact(self) -> tuple[str, str | None, int | None]:
        """``(code, path, line)`` — what tests compare."""
        return (self.code, self.location.path, self.location.line)


class CodeSpec(BaseModel):
    """A code declared in the registry: its category, severity, title, rule and an example."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str
    category: Category
    severity: Severity
    title: str
    rule: str
    example: str
