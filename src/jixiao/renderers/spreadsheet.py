"""Formula-safe cells: the one way every .xlsx the system writes puts a value into a cell.

Text that a document or a person supplied — an indicator name, a target, a grade, a file name —
may begin with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return; a spreadsheet program would
take such text for a formula (OWASP "CSV/formula injection"). openpyxl itself stores any string
beginning with ``=`` as a formula. :func:`set_value` stores text as text — an inline string, with
Excel's quote prefix on the risky ones so that editing the cell does not turn it into a formula
either — and numbers as numbers. The renderers' intended formulas (the computed cells of a blank
template) are written with :func:`set_formula`, never from data.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet program read text as a formula."""

CellValue = str | int | float | Decimal | date | datetime | bool | None


def is_risky(text: str) -> bool:
    """Whether ``text`` would be taken for a formula (OWASP's list of leading characters)."""
    return text.startswith(FORMULA_TRIGGERS)


def set_value(cell: Cell, value: CellValue) -> Cell:
    """Put ``value`` in ``cell``: text always as text (never a formula), numbers as numbers."""
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # openpyxl made "=…" a formula: undo that
        if is_risky(value):
            cell.quotePrefix = True
        return cell
    cell.value = value
    return cell


def set_formula(cell: Cell, formula: str) -> Cell:
    """Put a formula the renderer composed itself (never text from a document) in ``cell``."""
    if not formula.startswith("="):
        raise ValueError(f"not a formula: {formula!r}")
    cell.value = formula
    return cell


def write_cell(ws: Worksheet, row: int, column: int, value: CellValue) -> Cell:
    """``ws.cell(row, column, value)`` made formula-safe."""
    return set_value(ws.cell(row=row, column=column), value)


def append_row(ws: Worksheet, values: Iterable[CellValue]) -> None:
    """``ws.append(values)`` made formula-safe: the values go below the last used row."""
    items = list(values)
    if not items:
        return
    ws.append(items)
    row = ws.max_row
    for column, value in enumerate(items, start=1):
        if isinstance(value, str):
            set_value(ws.cell(row=row, column=column), value)
