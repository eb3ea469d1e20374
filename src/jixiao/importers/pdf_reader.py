"""PDF into blocks with pdfplumber: ruled tables as tables, the other text lines as paragraphs.

Per page, tables are found from their ruling lines; a cell merged across columns is given once, a
cell merged down rows is given at its top and as an empty cell below (the shape of Word-extracted
rows). Text outside the tables becomes one paragraph per line, in reading order. A table that
continues at the top of the next page is joined to the one that ended the page before (its
repeated header rows are skipped later by the structuring layer). A PDF without a text layer (a
scan) raises :class:`DocumentError`. Locations: page, 表N, row, column.
"""

from __future__ import annotations

import contextlib
import io
from typing import Any

from .blocks import Block, Cell, Document, Loc, Paragraph, Table
from .errors import Deadline, DocumentError


def _table_rows(table: Any, page_no: int, name: str) -> list[list[Cell]]:
    texts = table.extract(keep_blank_chars=True)
    rows_geo = table.rows
    ncols = max((len(r) for r in texts), default=0)
    col_x0: list[float] = []
    for c in range(ncols):
        xs = [r.cells[c][0] for r in rows_geo if c < len(r.cells) and r.cells[c] is not None]
        col_x0.append(min(xs) if xs else 0.0)
    out: list[list[Cell]] = []
    for r, row in enumerate(texts):
        geo = rows_geo[r].cells if r < len(rows_geo) else [None] * len(row)
        cells: list[Cell] = []
        reach = -1.0
        for c, value in enumerate(row):
            box = geo[c] if c < len(geo) else None
            if value is None and box is None:
                if c < len(col_x0) and reach > col_x0[c] + 1:
                    continue  # covered by a cell merged from the left
                cells.append(Cell("", Loc(page=page_no, table=name, row=r + 1, column=str(c + 1))))
                continue
            if box is not None:
                reach = box[2]
            lines = (value or "").replace("\r", "").split("\n")
            # a line broken after ASCII "," ";" ":" lost the space that followed it
            lines = [
                (" " + ln if k and lines[k - 1].endswith((",", ";", ":")) else ln)
                for k, ln in enumerate(lines)
            ]
            text = "\n".join(lines).strip()
            cells.append(Cell(text, Loc(page=page_no, table=name, row=r + 1, column=str(c + 1))))
        out.append(cells)
    return out


def read_pdf(data: bytes, doc_id: str, *, deadline: Deadline | None = None, max_pages: int = 500) -> Document:
    import pdfplumber

    blocks: list[Block] = []
    any_text = False
    table_no = 0
    warnings: list[tuple[Loc, str, str]] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = pdf.pages
        if len(pages) > max_pages:
            warnings.append(
                (
                    Loc(page=max_pages + 1),
                    f"文档共 {len(pages)} 页，超过上限 {max_pages} 页，后面的页未导入",
                    "",
                )
            )
            pages = pages[:max_pages]
        for page_no, page in enumerate(pages, start=1):
            if deadline is not None:
                deadline.check()
            if page.chars:
                any_text = True
            found = page.find_tables()
            items: list[tuple[float, Block]] = []
            outside = page
            for t in found:
                table_no += 1
                name = f"表{table_no}"
                rows = _table_rows(t, page_no, name)
                if rows:
                    items.append((t.bbox[1], Table(rows=rows, loc=Loc(page=page_no, table=name))))
                with contextlib.suppress(ValueError):
                    outside = outside.outside_bbox(t.bbox)
            for line in outside.extract_text_lines(return_chars=False):
                text = line["text"].strip()
                if text:
                    items.append((line["top"], Paragraph(text, Loc(page=page_no))))
            items.sort(key=lambda x: x[0])
            page_blocks = [b for _, b in items]
            # a table continued from the previous page: join it (a bare page number may stand between)
            first_real = next(
                (b for b in page_blocks if not (isinstance(b, Paragraph) and b.text.strip().isdigit())), None
            )
            if (
                isinstance(first_real, Table)
                and blocks
                and isinstance(blocks[-1], Table)
                and max(len(r) for r in first_real.rows) == max(len(r) for r in blocks[-1].rows)
            ):
                blocks[-1].rows.extend(first_real.rows)
                page_blocks = [b for b in page_blocks if b is not first_real]
            blocks.extend(page_blocks)
    if not any_text:
        raise DocumentError(
            doc_id + ".pdf",
            "PDF 没有文字层（可能是扫描件或图片），无法读取；请提供可复制文字的 PDF 或先做文字识别（OCR）",
        )
    doc = Document(id=doc_id, kind="pdf", blocks=blocks)
    doc.warnings.extend(warnings)
    return doc


def extract_text_only(data: bytes) -> str:
    """pdfplumber's plain text of every page — the floor the benchmark compares against."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)
