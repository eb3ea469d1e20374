"""The intermediate form every reader produces: paragraphs and tables of located cells.

Readers (text, Word, Excel, PDF, HTML) know formats and nothing about budgets: each turns a file
into a :class:`Document` of blocks; the structuring layer (:mod:`jixiao.importers.structure`) and
the form recogniser map blocks onto the package model. A cell's text keeps its internal line breaks
("\\n") so the structuring layer can choose to keep them (long texts) or join them (names, figures).

A table is a grid. ``Table.rows`` keeps the shape Word's own text export gives — a cell merged
across columns is given once (its covered cells dropped), a cell merged down rows is given at its
top and as an empty placeholder cell (``anchor`` set) in each row below. Each cell also says how
far it spans (``row_span``, ``col_span``), and :meth:`Table.grid` turns the rows into a rectangular
matrix with one entry per grid row and column, covered positions pointing at their anchor cell.
A cell's text is as printed: a spreadsheet number in its declared format (0.95 with "0.00%" reads
"95.00%"), with the raw number in ``value`` and the format in ``number_format``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.model import SourceLocation

BBox = tuple[float, float, float, float]
"""A box on a PDF page in points: left, top, right, bottom, measured from the page's top-left corner."""


@dataclass(frozen=True)
class Loc:
    """Where a piece of text stands: line (text files), page, table name, row and column."""

    line: int | None = None
    page: int | None = None
    table: str | None = None
    row: int | None = None
    column: str | None = None
    # text not read from the file itself: reader "OCR", its lowest character confidence (0-100)
    # and the digits read below the threshold, each in its word ("45.9[9]")
    reader: str | None = None
    confidence: float | None = None
    uncertain: tuple[str, ...] = ()

    def source(self, document: str | None, text: str | None = None) -> SourceLocation:
        return SourceLocation(
            document=document,
            line=self.line,
            page=self.page,
            table=self.table,
            row=self.row,
            column=self.column,
            text=text,
            reader=self.reader,
            confidence=self.confidence,
            uncertain=list(self.uncertain),
        )


@dataclass(eq=False)
class Cell:
    """One table cell (or one line of flowing text).

    ``anchor`` is set on the placeholder a reader puts where a cell merged down from a row above
    covers this row; the placeholder's text is empty and its spans are the anchor's.
    ``value`` is the number a spreadsheet stores (None for text and for formats without numbers),
    ``number_format`` the format the file declares for it, ``bbox`` the cell's box on a PDF page.
    """

    text: str
    loc: Loc
    lines: list[int] = field(default_factory=list)  # source lines of the 2nd, 3rd ... line of text
    row_span: int = 1
    col_span: int = 1
    number_format: str | None = None
    value: Decimal | None = None
    bbox: BBox | None = None
    anchor: Cell | None = None

    @property
    def covered(self) -> bool:
        """True for a placeholder under a cell merged down from above."""
        return self.anchor is not None


@dataclass
class Paragraph:
    text: str
    loc: Loc
    bbox: BBox | None = None  # PDF: the line's box on its page


@dataclass
class Table:
    rows: list[list[Cell]] = field(default_factory=list)
    loc: Loc = field(default_factory=Loc)
    title: str | None = None  # the sheet name, the caption — when the file gives one

    def grid(self) -> list[list[Cell | None]]:
        """The table as a rectangle: one entry per grid row and column.

        A merged cell fills every position it covers (the same :class:`Cell` object), a position
        no cell covers (a short row) is None. Grid row *i* is ``rows[i]``.
        """
        height = len(self.rows)
        taken: dict[tuple[int, int], Cell] = {}
        width = 0
        for r, row in enumerate(self.rows):
            col = 0
            for cell in row:
                if cell.anchor is not None:
                    # a placeholder stands where its anchor already reaches: step over it
                    col += max(1, cell.anchor.col_span)
                    continue
                while (r, col) in taken:
                    col += 1
                for dr in range(max(1, cell.row_span)):
                    if r + dr >= height:
                        break
                    for dc in range(max(1, cell.col_span)):
                        taken.setdefault((r + dr, col + dc), cell)
                col += max(1, cell.col_span)
                width = max(width, col)
            width = max(width, col)
        return [[taken.get((r, c)) for c in range(width)] for r in range(height)]


Block = Paragraph | Table


@dataclass
class Document:
    """A read document: its id (file stem), kind (txt, docx, ...), and blocks in reading order."""

    id: str
    kind: str
    blocks: list[Block] = field(default_factory=list)
    filename: str | None = None
    sha256: str | None = None
    warnings: list[tuple[Loc, str, str]] = field(default_factory=list)  # (where, reason, text)
