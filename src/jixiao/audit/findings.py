"""Findings of the audit checker as plain data (beancount's errors, frictionless's error codes).

A finding says what is wrong, where, the value the document states and the value the checker
computed, and the identity or rule it comes from. Codes are a family prefix and three digits
(``SUM001``); a code is never reused for another meaning.
"""

from __future__ import annotations

from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict

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


class FindingLocation(BaseModel):
    """Where a finding stands: the place in the source document and the path in the package."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    document: str | None = None
    line: int | None = None
    page: int | None = None
    table: str | None = None
    row: int | None = None
    column: str | None = None
    path: str | None = None

    def describe(self) -> str:
        """A short Chinese description: ``001 第412行 overall.footer.fill_date``."""
        parts: list[str] = []
        if self.document:
            parts.append(self.document)
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.table:
            parts.append(self.table)
        if self.row is not None:
            parts.append(f"第{self.row}行（表内）")
        if self.column:
            parts.append(f"“{self.column}”列")
        if self.line is not None:
            parts.append(f"第{self.line}行")
        if self.path:
            parts.append(self.path)
        return " ".join(parts)

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
