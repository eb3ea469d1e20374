"""Findings of the audit checker as plain data (beancount's errors, frictionless's error codes).

A finding says what is wrong, where, the value the document states and the value the checker
computed, and the identity or rule it comes from. Codes are a family prefix and three digits
(``SUM001``); a code is never reused for another meaning.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer

from jixiao.model import SourceLocation

if TYPE_CHECKING:
    from jixiao.model import EvaluationPackage

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

    @model_serializer(mode="wrap")
    def _without_empty_ocr(self, handler: SerializerFunctionWrapHandler) -> Any:
        # the OCR provenance appears only for scanned values: no "uncertain": [] on every finding
        data = handler(self)
        if isinstance(data, dict) and not data.get("uncertain"):
            data.pop("uncertain", None)
        return data

    def describe(self, package: EvaluationPackage | None = None) -> str:
        """Where the finding stands, in the words of the paper, never a path of the package:
        "部门整体支出绩效自评表 · 产出指标 · 参保扩面任务 · 分值（原文第214行）".

        The field is named by :func:`jixiao.model.labels.describe` (with the package, by its own
        values: the indicator's name, the project's name; without it, by position). The place in the
        source follows in brackets: the page and the line of the document ("原文第214行"), a table
        row where no field is named; the document by its title where the package has several.
        """
        from jixiao.model.labels import describe as name_of

        name = name_of(package, self.path) if self.path else ""
        place: list[str] = []
        if package is not None and self.document and len(package.documents) > 1:
            doc = next((d for d in package.documents if d.id == self.document), None)
            place.append(f"《{doc.title or doc.filename or '原文'}》" if doc is not None else "")
        if self.page is not None:
            place.append(f"第{self.page}页")
        if not name:
            if self.table:
                place.append(self.table)
            if self.row is not None:
                place.append(f"表内第{self.row}行")
            if self.column and not self.column.isdigit():
                place.append(f"“{self.column}”列")
        if self.line is not None:
            place.append(f"原文第{self.line}行")
        where = "，".join(p for p in place if p)
        if name and where:
            return f"{name}（{where}）"
        return name or where

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
