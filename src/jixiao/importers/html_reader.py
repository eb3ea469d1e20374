"""HTML pages (a document saved from a government portal) into blocks, with html.parser.

Paragraph-like elements (p, div, h1–h6, li, br-separated lines) become paragraphs; each <table>
becomes a table: a cell spanning columns (colspan) is given once, a cell spanning rows (rowspan)
is given at its top and as an empty cell in the rows below. Scripts and styles are skipped.
Locations: 表N, row, column; paragraphs count in order.
"""

from __future__ import annotations

from html.parser import HTMLParser

from .blocks import Block, Cell, Document, Loc, Paragraph, Table
from .errors import Deadline

_BLOCK_TAGS = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "title",
    "section",
    "article",
    "tr",
    "table",
    "body",
}


class _Parser(HTMLParser):
    def __init__(self, deadline: Deadline | None) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.deadline = deadline
        self.text: list[str] = []
        self.skip = 0
        self.tables: list[tuple[Table, list[Cell] | None, list[str] | None, dict[int, int]]] = []
        self.table_no = 0
        self.para_no = 0
        self.pending_rowspans: list[dict[int, int]] = []
        self.cell_index = 0

    # paragraphs -----------------------------------------------------------------------------
    def _flush_text(self) -> None:
        text = "".join(self.text).strip()
        self.text = []
        if not text:
            return
        for line in text.split("\n"):
            line = " ".join(line.split())
            if line:
                self.para_no += 1
                self.blocks.append(Paragraph(line, Loc(table="正文", row=self.para_no)))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.deadline is not None:
            self.deadline.check()
        if tag in ("script", "style", "head"):
            self.skip += 1
            return
        a = dict(attrs)
        if tag == "table":
            if not self.tables:
                self._flush_text()
            self.table_no += 1
            self.tables.append((Table(loc=Loc(table=f"表{self.table_no}")), None, None, {}))
            return
        if self.tables:
            table, row, cell, spans = self.tables[-1]
            if tag == "tr":
                row = []
                self.tables[-1] = (table, row, None, spans)
                self.cell_index = 0
                self._fill_spans(row, spans)
            elif tag in ("td", "th") and row is not None:
                cell = []
                self.tables[-1] = (table, row, cell, spans)
                try:
                    rowspan = int(a.get("rowspan") or 1)
                except ValueError:
                    rowspan = 1
                if rowspan > 1:
                    spans[len(row)] = rowspan - 1
            elif (tag == "br" and cell is not None) or (tag in ("p", "div") and cell is not None and cell):
                cell.append("\n")
            return
        if tag == "br":
            self.text.append("\n")
        elif tag in _BLOCK_TAGS:
            self._flush_text()

    def _fill_spans(self, row: list[Cell], spans: dict[int, int]) -> None:
        table = self.tables[-1][0]
        while len(row) in spans and spans[len(row)] > 0:
            spans[len(row)] -= 1
            row.append(
                Cell("", Loc(table=table.loc.table, row=len(table.rows) + 1, column=str(len(row) + 1)))
            )

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head"):
            self.skip = max(0, self.skip - 1)
            return
        if self.tables:
            table, row, cell, spans = self.tables[-1]
            if tag in ("td", "th") and row is not None and cell is not None:
                text = "\n".join(" ".join(p.split()) for p in "".join(cell).split("\n")).strip()
                row.append(
                    Cell(text, Loc(table=table.loc.table, row=len(table.rows) + 1, column=str(len(row) + 1)))
                )
                self.tables[-1] = (table, row, None, spans)
                self._fill_spans(row, spans)
            elif tag == "tr" and row is not None:
                table.rows.append(row)
                self.tables[-1] = (table, None, None, spans)
            elif tag == "table":
                self.tables.pop()
                if table.rows:
                    self.blocks.append(table)
            return
        if tag in _BLOCK_TAGS:
            self._flush_text()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.tables:
            cell = self.tables[-1][2]
            if cell is not None:
                cell.append(data)
            return
        self.text.append(data)


def read_html(text: str, doc_id: str, *, deadline: Deadline | None = None) -> Document:
    parser = _Parser(deadline)
    parser.feed(text)
    parser.close()
    parser._flush_text()
    while parser.tables:
        table = parser.tables.pop()[0]
        if table.rows:
            parser.blocks.append(table)
    return Document(id=doc_id, kind="html", blocks=parser.blocks)
