"""HTML pages (a document saved from a government portal) into blocks, with html.parser.

Paragraph-like elements (p, div, h1–h6, li, br-separated lines) become paragraphs; each <table>
becomes a table: a cell spanning columns (colspan) is given once with its ``col_span``, a cell
spanning rows (rowspan) is given at its top with its ``row_span`` and as an empty placeholder
(``anchor`` set) where it covers the rows below, at its grid column; a <caption> is the table's
``title``. Spans are capped, and rows, columns and cells counted, by :class:`ImportLimits`.
Scripts and styles are skipped. Locations: 表N, row, column (the grid column, 1-based);
paragraphs count in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from .blocks import Block, Cell, Document, Loc, Paragraph, Table
from .errors import Deadline, DocumentError, ImportLimits

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


@dataclass
class _OpenTable:
    """A <table> being read: its rows, the row and cell being read, and the rowspans still open."""

    table: Table
    row: list[Cell] | None = None
    cell: list[str] | None = None
    cell_attrs: dict[str, str | None] = field(default_factory=dict)
    col: int = 0  # the grid column the next cell starts at
    open_spans: dict[int, Cell] = field(default_factory=dict)  # grid column -> cell spanning down
    remaining: dict[int, int] = field(default_factory=dict)  # grid column -> rows still covered
    caption: list[str] | None = None


def _span(attrs: dict[str, str | None], name: str, limit: int) -> int:
    try:
        value = int((attrs.get(name) or "1").strip())
    except ValueError:
        return 1
    return min(max(1, value), limit)  # 0 ("to the end") and nonsense read as 1; capped by the limit


class _Parser(HTMLParser):
    def __init__(self, deadline: Deadline | None, limits: ImportLimits, where: str) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.deadline = deadline
        self.limits = limits
        self.where = where
        self.text: list[str] = []
        self.skip = 0
        self.tables: list[_OpenTable] = []
        self.table_no = 0
        self.para_no = 0
        self.cell_count = 0

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
        if tag == "table":
            if not self.tables:
                self._flush_text()
            self.table_no += 1
            self.tables.append(_OpenTable(Table(loc=Loc(table=f"表{self.table_no}"))))
            return
        if self.tables:
            t = self.tables[-1]
            if tag == "caption":
                t.caption = []
            elif tag == "tr":
                if t.row is not None:
                    self._end_row(t)
                t.row = []
                t.col = 0
                self._fill_spans(t)
            elif tag in ("td", "th"):
                if t.row is None:  # a cell outside any <tr>: start the row
                    t.row = []
                    t.col = 0
                    self._fill_spans(t)
                if t.cell is not None:
                    self._end_cell(t)
                t.cell = []
                t.cell_attrs = dict(attrs)
            elif (tag == "br" and t.cell is not None) or (tag in ("p", "div") and t.cell):
                t.cell.append("\n")
            return
        if tag == "br":
            self.text.append("\n")
        elif tag in _BLOCK_TAGS:
            self._flush_text()

    def _fill_spans(self, t: _OpenTable) -> None:
        """Placeholders where cells from rows above reach down into this row at the current column."""
        assert t.row is not None
        while t.remaining.get(t.col, 0) > 0:
            anchor = t.open_spans[t.col]
            t.remaining[t.col] -= 1
            anchor.row_span += 1
            loc = Loc(table=t.table.loc.table, row=len(t.table.rows) + 1, column=str(t.col + 1))
            t.row.append(Cell("", loc, col_span=anchor.col_span, anchor=anchor))
            t.col += anchor.col_span

    def _end_cell(self, t: _OpenTable) -> None:
        assert t.row is not None and t.cell is not None
        text = "\n".join(" ".join(p.split()) for p in "".join(t.cell).split("\n")).strip()
        col_span = _span(t.cell_attrs, "colspan", self.limits.max_columns)
        row_span = _span(t.cell_attrs, "rowspan", self.limits.max_rows)
        loc = Loc(table=t.table.loc.table, row=len(t.table.rows) + 1, column=str(t.col + 1))
        cell = Cell(text, loc, col_span=col_span)
        t.row.append(cell)
        if row_span > 1:
            t.open_spans[t.col] = cell
            t.remaining[t.col] = row_span - 1
        t.col += col_span
        t.cell = None
        self.cell_count += 1
        if t.col > self.limits.max_columns:
            raise DocumentError(
                self.where,
                f"{t.table.loc.table}第 {len(t.table.rows) + 1} 行超过 {self.limits.max_columns} 列，已拒绝导入",
            )
        if self.cell_count > self.limits.max_cells:
            raise DocumentError(self.where, f"单元格超过 {self.limits.max_cells} 个，已拒绝导入")
        self._fill_spans(t)

    def _end_row(self, t: _OpenTable) -> None:
        if t.cell is not None:
            self._end_cell(t)
        assert t.row is not None
        # spans reaching down past the row's last cell still cover their columns
        for col in sorted(c for c, n in t.remaining.items() if n > 0 and c >= t.col):
            t.col = col
            self._fill_spans(t)
        t.table.rows.append(t.row)
        t.row = None
        if len(t.table.rows) > self.limits.max_rows:
            raise DocumentError(self.where, f"{t.table.loc.table}超过 {self.limits.max_rows} 行，已拒绝导入")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head"):
            self.skip = max(0, self.skip - 1)
            return
        if self.tables:
            t = self.tables[-1]
            if tag == "caption" and t.caption is not None:
                t.table.title = " ".join("".join(t.caption).split()) or None
                t.caption = None
            elif tag in ("td", "th") and t.row is not None and t.cell is not None:
                self._end_cell(t)
            elif tag == "tr" and t.row is not None:
                self._end_row(t)
            elif tag == "table":
                if t.row is not None:
                    self._end_row(t)
                self.tables.pop()
                if t.table.rows:
                    self.blocks.append(t.table)
            return
        if tag in _BLOCK_TAGS:
            self._flush_text()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.tables:
            t = self.tables[-1]
            if t.cell is not None:
                t.cell.append(data)
            elif t.caption is not None:
                t.caption.append(data)
            return
        self.text.append(data)


def read_html(
    text: str, doc_id: str, *, deadline: Deadline | None = None, limits: ImportLimits | None = None
) -> Document:
    parser = _Parser(deadline, limits or ImportLimits(), f"{doc_id}.html")
    parser.feed(text)
    parser.close()
    parser._flush_text()
    while parser.tables:
        t = parser.tables.pop()
        if t.row is not None:
            parser._end_row(t)
        if t.table.rows:
            parser.blocks.append(t.table)
    return Document(id=doc_id, kind="html", blocks=parser.blocks)
