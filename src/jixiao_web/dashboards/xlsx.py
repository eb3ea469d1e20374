"""Write tables to .xlsx (openpyxl): one sheet per table, a bold header, numbers kept as numbers.

Decimals are written as numbers (openpyxl stores them as floats in the file — a spreadsheet has no
other number type); the value shown on the page and in the sheet is the same two-decimal figure.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from jixiao.renderers.spreadsheet import append_row

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORBIDDEN = set("[]:*?/\\")


@dataclass
class Table:
    """A titled table: column headers and rows of cells (str, int, Decimal or None)."""

    title: str
    columns: Sequence[str]
    rows: list[Sequence[Any]] = field(default_factory=list)


def _sheet_title(title: str, used: set[str]) -> str:
    clean = "".join("_" if c in _FORBIDDEN else c for c in title)[:28] or "表"
    name, n = clean, 2
    while name in used:
        name = f"{clean[:25]}_{n}"
        n += 1
    used.add(name)
    return name


def _cell(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)  # the file format has only IEEE doubles
    return value


def workbook_bytes(tables: Iterable[Table]) -> bytes:
    """The tables as one .xlsx file (one sheet each)."""
    wb = Workbook()
    default = wb.active
    used: set[str] = set()
    for table in tables:
        ws = wb.create_sheet(_sheet_title(table.title, used))
        append_row(ws, list(table.columns))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            append_row(ws, [_cell(v) for v in row])  # text stays text, never a formula
        for i, header in enumerate(table.columns, start=1):
            width = max([len(str(header))] + [len(str(r[i - 1])) for r in table.rows[:200] if i - 1 < len(r)])
            ws.column_dimensions[get_column_letter(i)].width = min(60, max(8, width * 2 + 2))
        ws.freeze_panes = "A2"
    if default is not None and len(wb.worksheets) > 1:
        wb.remove(default)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
