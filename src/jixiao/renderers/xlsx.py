"""Writes grids to an Excel workbook (openpyxl): one sheet per form, printable on A4.

Row 1 holds the title (merged across), row 2 the subtitle, the grid starts at row 3
(:data:`jixiao.renderers.forms.GRID_TOP`); notes and the signature block (填表人, 联系电话, 填报日期,
单位负责人（签章）, 单位（盖章）) follow the grid. Number formats show what the paper shows: money
with two decimals (``0.00``), rates as printed (``99.97%``), scores with the decimals they have
(``10``, ``9.5``, ``97.98`` — never ``10.``), headcounts as whole numbers. Each sheet
gets A4 page setup, fit-to-width, repeated header rows, column widths sized for Chinese text,
thin borders and wrapped text. In blank templates, number cells a unit fills carry data
validation (a number ≥ 0, a score between 0 and its 分值) and computed cells carry formulas.
Every value goes in through :mod:`.spreadsheet`, so text from the package is never a formula.
"""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .forms import GRID_TOP
from .layout import Grid, GridCell
from .spreadsheet import set_formula, set_value, write_cell

FONT_NAME = "宋体"
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")
_INPUT_FILL = PatternFill("solid", fgColor="FFF9DB")
_FORMATS = {"money": "0.00", "percent": '0.00"%"', "score": "General", "integer": "0"}
"""Formats of computed and blank cells. A score a form states is shown with its own decimals
(:func:`number_format`); a computed score is rounded to two decimals by its formula, and "General"
shows it without trailing zeros (``=SUM`` of 10 and 86 shows ``96``)."""


def number_format(kind: str, value: Decimal | None) -> str:
    """The Excel format that shows ``value`` as the paper prints it.

    Money ``0.00``; a rate (a percentage number, ``99.97`` for 99.97%) ``0.00"%"``; a score with as
    many decimals as it has (``10`` → ``0``, ``9.5`` → ``0.0``, ``97.98`` → ``0.00``); a headcount ``0``.
    """
    if kind == "score" and value is not None:
        exponent = value.normalize().as_tuple().exponent
        places = min(2, max(0, -exponent)) if isinstance(exponent, int) else 2
        return "0" if places == 0 else "0." + "0" * places
    return _FORMATS[kind]


def _validation_for(cell: GridCell, grid: Grid) -> str:
    """A key naming the validation a blank input cell needs."""
    if cell.number_format == "score":
        return "score"
    if cell.number_format == "integer":
        return "integer"
    return "money"


def write_grid(ws: Worksheet, grid: Grid, *, blank: bool = False) -> None:
    n_cols = grid.n_cols
    ws.title = grid.sheet_name or "表"
    title = write_cell(ws, 1, 1, grid.title)
    title.font = Font(name=FONT_NAME, size=16, bold=True)
    title.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=n_cols)
    ws.row_dimensions[1].height = 30
    if grid.subtitle:
        sub = write_cell(ws, 2, 1, grid.subtitle)
        sub.font = Font(name=FONT_NAME, size=10)
        sub.alignment = Alignment(horizontal="right" if "单位：" in grid.subtitle[:5] else "left")
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=n_cols)
    for k, width in enumerate(grid.widths):
        ws.column_dimensions[get_column_letter(k + 1)].width = max(4.0, width * 2.1)
    validations = {
        "money": DataValidation(
            type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True
        ),
        "integer": DataValidation(
            type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True
        ),
        "score": DataValidation(
            type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True
        ),
    }
    for key, dv in validations.items():
        dv.errorTitle = "输入有误"
        dv.error = {
            "money": "请输入不小于0的金额（万元）",
            "integer": "请输入不小于0的整数",
            "score": "请输入0到100之间的分数",
        }[key]
        dv.promptTitle = "填写说明"
        dv.prompt = {"money": "金额单位：万元，保留两位小数", "integer": "人数", "score": "分值或得分"}[key]
        dv.showErrorMessage = True
        ws.add_data_validation(dv)
    covered = grid.covered()
    # borders on every position of the grid, covered ones included (merged cells need it)
    for r in range(grid.n_rows):
        for k in range(n_cols):
            cell = ws.cell(row=r + GRID_TOP, column=k + 1)
            cell.border = _BORDER
    for gc in grid.cells:
        if (gc.row, gc.col) in covered:
            continue
        cell = ws.cell(row=gc.row + GRID_TOP, column=gc.col + 1)
        if gc.formula:
            set_formula(cell, gc.formula)  # composed by the renderer, never from the package
        elif gc.number is not None:
            set_value(cell, gc.number if gc.number_format != "integer" else int(gc.number))
        elif gc.text:
            set_value(cell, gc.text)  # text stays text, even "=…" (formula injection)
        if gc.number_format and (gc.number is not None or gc.formula or gc.input):
            cell.number_format = number_format(gc.number_format, None if gc.formula else gc.number)
        cell.font = Font(name=FONT_NAME, size=10, bold=gc.header)
        horizontal = gc.align if not gc.header else "center"
        cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
        if gc.header:
            cell.fill = _HEADER_FILL
        if blank and gc.input:
            cell.fill = _INPUT_FILL
            if gc.number_format:
                validations[_validation_for(gc, grid)].add(cell.coordinate)
        if gc.rowspan > 1 or gc.colspan > 1:
            ws.merge_cells(
                start_row=gc.row + GRID_TOP,
                start_column=gc.col + 1,
                end_row=gc.row + GRID_TOP + gc.rowspan - 1,
                end_column=gc.col + gc.colspan,
            )
    # row heights: enough lines for the longest wrapped text in the row
    for r in range(grid.n_rows):
        lines = 1
        for gc in grid.cells:
            if gc.row != r or not gc.text or gc.rowspan > 1:
                continue
            width = sum(grid.widths[gc.col : gc.col + gc.colspan]) * 1.0
            lines = max(lines, sum(1 + int(len(part) / max(width, 1.0)) for part in gc.text.split("\n")))
        ws.row_dimensions[r + GRID_TOP].height = min(409, 15 * lines + 3)
    row = GRID_TOP + grid.n_rows
    for note in grid.notes:
        cell = write_cell(ws, row, 1, note)
        cell.font = Font(name=FONT_NAME, size=10)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=n_cols)
        ws.row_dimensions[row].height = 15 * (1 + int(len(note) / max(sum(grid.widths), 1.0)))
        row += 1
    if grid.signature:
        row += 1  # a blank line between the table and the signatures
        for pairs in grid.signature:
            spans = _split_columns(n_cols, len(pairs))
            for (label, value), (first, last) in zip(pairs, spans, strict=False):
                cell = write_cell(ws, row, first, f"{label}：{value}")
                cell.font = Font(name=FONT_NAME, size=10)
                cell.alignment = Alignment(vertical="bottom")
                if last > first:
                    ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
            ws.row_dimensions[row].height = 24
            row += 1
    # printing: A4, fit to one page wide, header rows repeated
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if grid.landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    last_header = GRID_TOP + grid.header_rows - 1
    ws.print_title_rows = f"1:{max(2, last_header)}"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.print_area = f"A1:{get_column_letter(n_cols)}{row - 1}"


def _split_columns(n_cols: int, parts: int) -> list[tuple[int, int]]:
    """``parts`` runs of columns (1-based, inclusive) dividing ``n_cols`` as evenly as possible."""
    parts = max(1, min(parts, n_cols))
    out: list[tuple[int, int]] = []
    start = 1
    for k in range(parts):
        size = n_cols // parts + (1 if k < n_cols % parts else 0)
        out.append((start, start + size - 1))
        start += size
    return out


def workbook_bytes(grids: list[Grid], *, blank: bool = False) -> bytes:
    wb = Workbook()
    first = True
    for grid in grids:
        ws = wb.active if first else wb.create_sheet()
        assert ws is not None
        first = False
        write_grid(ws, grid, blank=blank)
    wb.properties.creator = "jixiao"
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()
