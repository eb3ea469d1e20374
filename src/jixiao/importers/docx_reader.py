"""Word (.docx) into blocks: body paragraphs and tables in document order.

A cell merged across columns (gridSpan) is given once, as Word's own text export does; a cell
merged down rows (vMerge) is given once at its top and as an empty cell below, so rows keep the
shape the structuring layer expects from Word-extracted text. Locations: 表N, row, column.
"""

from __future__ import annotations

import io
from typing import Any

from .blocks import Block, Cell, Document, Loc, Paragraph, Table
from .errors import Deadline


def _cell_text(tc: Any) -> str:
    from docx.table import _Cell

    cell = _Cell(tc, None)  # type: ignore[arg-type]
    return "\n".join(p.text for p in cell.paragraphs).strip()


def read_docx(data: bytes, doc_id: str, *, deadline: Deadline | None = None) -> Document:
    from docx import Document as open_docx
    from docx.oxml.ns import qn

    word = open_docx(io.BytesIO(data))
    blocks: list[Block] = []
    table_no = 0
    para_no = 0
    for child in word.element.body.iterchildren():
        if deadline is not None:
            deadline.check()
        if child.tag == qn("w:p"):
            text = "".join(t.text or "" for t in child.iter(qn("w:t"))).strip()
            para_no += 1
            if text:
                blocks.append(Paragraph(text, Loc(row=para_no, table="正文")))
        elif child.tag == qn("w:tbl"):
            table_no += 1
            name = f"表{table_no}"
            table = Table(loc=Loc(table=name))
            for r, tr in enumerate(child.iter(qn("w:tr"))):
                if deadline is not None and r % 50 == 0:
                    deadline.check()
                row: list[Cell] = []
                for c, tc in enumerate(tr.findall(qn("w:tc"))):
                    tcpr = tc.find(qn("w:tcPr"))
                    vmerge = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
                    continued = vmerge is not None and vmerge.get(qn("w:val")) in (None, "continue")
                    text = "" if continued else _cell_text(tc)
                    row.append(Cell(text, Loc(table=name, row=r + 1, column=str(c + 1))))
                table.rows.append(row)
            blocks.append(table)
    return Document(id=doc_id, kind="docx", blocks=blocks)
