"""Word (.docx) into blocks: body paragraphs and tables in document order, merges as spans.

A cell merged across columns (``w:gridSpan``) is given once with its ``col_span``, as Word's own
text export does; a cell merged down rows (``w:vMerge``) is given once at its top with its
``row_span`` and as an empty placeholder (``anchor`` set) in the rows below, so rows keep the shape
the structuring layer expects from Word-extracted text. Grid columns a row skips at its start
(``w:gridBefore``) are given as one empty cell spanning them, so every cell stands under its grid
column. A caption paragraph (style "Caption"/"题注") just before a table becomes its ``title``.
Rows, columns and cells are counted against :class:`ImportLimits` as they are read.
Locations: 表N, row, column (the grid column, 1-based).
"""

from __future__ import annotations

import io
from typing import Any

from .blocks import Block, Cell, Document, Loc, Paragraph, Table
from .errors import Deadline, DocumentError, ImportLimits


def _cell_text(tc: Any) -> str:
    from docx.table import _Cell

    cell = _Cell(tc, None)  # type: ignore[arg-type]
    return "\n".join(p.text for p in cell.paragraphs).strip()


def _int_val(element: Any, attr: str) -> int:
    if element is None:
        return 1
    try:
        return max(1, int(element.get(attr) or 1))
    except ValueError:
        return 1


def _is_caption(p: Any, qn: Any) -> bool:
    ppr = p.find(qn("w:pPr"))
    style = ppr.find(qn("w:pStyle")) if ppr is not None else None
    name = (style.get(qn("w:val")) or "") if style is not None else ""
    return name.lower().startswith("caption") or name.startswith("题注")


def read_docx(
    data: bytes, doc_id: str, *, deadline: Deadline | None = None, limits: ImportLimits | None = None
) -> Document:
    from docx import Document as open_docx
    from docx.oxml.ns import qn

    limits = limits or ImportLimits()
    where = f"{doc_id}.docx"
    word = open_docx(io.BytesIO(data))
    blocks: list[Block] = []
    table_no = 0
    para_no = 0
    cell_count = 0
    caption: str | None = None
    for child in word.element.body.iterchildren():
        if deadline is not None:
            deadline.check()
        if child.tag == qn("w:p"):
            text = "".join(t.text or "" for t in child.iter(qn("w:t"))).strip()
            para_no += 1
            if text:
                blocks.append(Paragraph(text, Loc(row=para_no, table="正文")))
                caption = text if _is_caption(child, qn) else None
        elif child.tag == qn("w:tbl"):
            table_no += 1
            name = f"表{table_no}"
            table = Table(loc=Loc(table=name), title=caption)
            caption = None
            tc_tag, tr_tag, tbl_tag = qn("w:tc"), qn("w:tr"), qn("w:tbl")
            # rows of this table only (not of tables nested in its cells), also inside w:sdt wrappers
            trs = [tr for tr in child.iter(tr_tag) if next(tr.iterancestors(tbl_tag), None) is child]
            if len(trs) > limits.max_rows:
                raise DocumentError(
                    where, f"{name}共 {len(trs)} 行，超过上限 {limits.max_rows} 行，已拒绝导入"
                )
            open_merges: dict[int, Cell] = {}  # grid column -> the cell a vertical merge started at
            for r, tr in enumerate(trs):
                if deadline is not None and r % 50 == 0:
                    deadline.check()
                row: list[Cell] = []
                col = 0
                trpr = tr.find(qn("w:trPr"))
                before = trpr.find(qn("w:gridBefore")) if trpr is not None else None
                if before is not None:
                    skip = _int_val(before, qn("w:val"))
                    row.append(Cell("", Loc(table=name, row=r + 1, column="1"), col_span=skip))
                    col += skip
                for tc in tr.iter(tc_tag):
                    if next(tc.iterancestors(tr_tag), None) is not tr:
                        continue  # a cell of a nested table
                    tcpr = tc.find(qn("w:tcPr"))
                    span = _int_val(tcpr.find(qn("w:gridSpan")) if tcpr is not None else None, qn("w:val"))
                    vmerge = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
                    continued = vmerge is not None and vmerge.get(qn("w:val")) in (None, "continue")
                    loc = Loc(table=name, row=r + 1, column=str(col + 1))
                    anchor = open_merges.get(col) if continued else None
                    if anchor is not None:
                        anchor.row_span += 1
                        cell = Cell("", loc, col_span=anchor.col_span, anchor=anchor)
                    else:
                        cell = Cell("" if continued else _cell_text(tc), loc, col_span=span)
                        if vmerge is not None and not continued:
                            open_merges[col] = cell
                        else:
                            open_merges.pop(col, None)
                    row.append(cell)
                    col += span
                    cell_count += 1
                    if col > limits.max_columns:
                        raise DocumentError(
                            where, f"{name}第 {r + 1} 行超过 {limits.max_columns} 列，已拒绝导入"
                        )
                    if cell_count > limits.max_cells:
                        raise DocumentError(
                            where, f"单元格超过 {limits.max_cells} 个（至{name}第 {r + 1} 行），已拒绝导入"
                        )
                table.rows.append(row)
            blocks.append(table)
    return Document(id=doc_id, kind="docx", blocks=blocks)
