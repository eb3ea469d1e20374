"""Excel (.xlsx) into blocks: each sheet's rows, with merged cells given once.

A range merged across columns is given once (its covered cells are dropped), a range merged down
rows is given at its top and as an empty cell below — the shape of Word-extracted rows. A row whose
only content is one cell merged across the sheet's width (a title, a note) becomes a paragraph.
Locations: sheet name as table, Excel row number, column letter.
"""

from __future__ import annotations

import io
from typing import Any

from .blocks import Block, Cell, Document, Loc, Paragraph, Table
from .errors import Deadline


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    return str(value).strip()


def read_xlsx(data: bytes, doc_id: str, *, deadline: Deadline | None = None) -> Document:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    book = load_workbook(io.BytesIO(data), data_only=True)
    blocks: list[Block] = []
    for sheet in book.worksheets:
        covered_h: set[tuple[int, int]] = set()
        covered_v: set[tuple[int, int]] = set()
        wide: dict[int, int] = {}
        for rng in sheet.merged_cells.ranges:
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    if (r, c) == (rng.min_row, rng.min_col):
                        continue
                    if r == rng.min_row:
                        covered_h.add((r, c))
                    elif c == rng.min_col:
                        covered_v.add((r, c))
                    else:
                        covered_h.add((r, c))
            if rng.max_col - rng.min_col + 1 >= 3 and rng.min_row == rng.max_row:
                wide[rng.min_row] = rng.min_col
        width = sheet.max_column or 1
        table: Table | None = None
        for r, row_cells in enumerate(sheet.iter_rows(min_row=1, max_row=sheet.max_row), start=1):
            if deadline is not None and r % 200 == 0:
                deadline.check()
            values = [(c, _text(cell.value)) for c, cell in enumerate(row_cells, start=1)]
            filled = [(c, v) for c, v in values if v]
            if not filled:
                if table is not None and table.rows:
                    blocks.append(table)
                    table = None
                continue
            if len(filled) == 1 and (wide.get(r) == filled[0][0] or width == 1):
                if table is not None and table.rows:
                    blocks.append(table)
                    table = None
                blocks.append(
                    Paragraph(
                        filled[0][1], Loc(table=sheet.title, row=r, column=get_column_letter(filled[0][0]))
                    )
                )
                continue
            if table is None:
                table = Table(loc=Loc(table=sheet.title, row=r))
            cells: list[Cell] = []
            last = max(c for c, _ in filled)
            for c, v in values:
                if c > last:
                    break
                if (r, c) in covered_h:
                    continue
                text = "" if (r, c) in covered_v else v
                cells.append(Cell(text, Loc(table=sheet.title, row=r, column=get_column_letter(c))))
            table.rows.append(cells)
        if table is not None and table.rows:
            blocks.append(table)
    return Document(id=doc_id, kind="xlsx", blocks=blocks)
