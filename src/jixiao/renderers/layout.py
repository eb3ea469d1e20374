"""The renderers' intermediate form: a document of headings, paragraphs and grids.

Every output is built once as a :class:`Doc` (or, for workbooks, a list of :class:`Grid`), then
written by one backend each (.docx, .pdf, .html, .xlsx). A :class:`Grid` is a table of cells with
row and column spans, so merged header cells and the three-level indicator block look the same in
every format, and a sentence and the table beside it are built from the same numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

_SPACE_IN_WORD = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")


def tidy(text: str) -> str:
    """Text as a paper prints it: no space between two Chinese characters ("社会保障水 平", the trace
    of a cell flattened by a website or a PDF converter). The package keeps the text as read."""
    return _SPACE_IN_WORD.sub("", text)


Align = Literal["left", "center", "right"]
NumberFormat = Literal["money", "percent", "score", "integer"]


@dataclass
class GridCell:
    """One cell: text as shown, and for workbooks the number, formula and input rules behind it."""

    row: int
    col: int
    text: str = ""
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    align: Align = "left"
    number: Decimal | None = None  # written as a number in .xlsx
    number_format: NumberFormat | None = None
    formula: str | None = None  # .xlsx only, e.g. "=E5/D5*100" (A1 references of the sheet)
    input: bool = False  # a cell the unit fills in (data validation in blank templates)


@dataclass
class Grid:
    """A table with merged cells; ``header_rows`` repeat on every printed page."""

    title: str
    widths: list[float]  # relative widths, in characters of Chinese text
    cells: list[GridCell] = field(default_factory=list)
    header_rows: int = 0
    sheet_name: str = ""
    subtitle: str | None = None  # a line under the title (unit, 单位：万元)
    notes: list[str] = field(default_factory=list)  # lines printed under the table
    landscape: bool = False
    caption: str | None = None  # short description for screen readers (HTML)
    signature: list[list[tuple[str, str]]] = field(default_factory=list)
    """The signature, seal and date block under a form: rows of (label, value) pairs, printed
    without borders ("填表人：刘巧玲", "单位负责人（签章）：", "单位（盖章）："); an empty value leaves
    room to sign."""

    @property
    def n_rows(self) -> int:
        return max((c.row + c.rowspan for c in self.cells), default=0)

    @property
    def n_cols(self) -> int:
        return len(self.widths)

    def add(
        self,
        row: int,
        col: int,
        text: str = "",
        *,
        rowspan: int = 1,
        colspan: int = 1,
        header: bool = False,
        align: Align = "left",
        number: Decimal | None = None,
        number_format: NumberFormat | None = None,
        formula: str | None = None,
        input: bool = False,
    ) -> GridCell:
        cell = GridCell(
            row=row,
            col=col,
            text=tidy(text),
            rowspan=rowspan,
            colspan=colspan,
            header=header,
            align=align,
            number=number,
            number_format=number_format,
            formula=formula,
            input=input,
        )
        self.cells.append(cell)
        return cell

    def at(self, row: int, col: int) -> GridCell | None:
        for c in self.cells:
            if c.row == row and c.col == col:
                return c
        return None

    def covered(self) -> set[tuple[int, int]]:
        """Positions hidden under a span (not the span's own top-left cell)."""
        out: set[tuple[int, int]] = set()
        for c in self.cells:
            for r in range(c.row, c.row + c.rowspan):
                for k in range(c.col, c.col + c.colspan):
                    if (r, k) != (c.row, c.col):
                        out.add((r, k))
        return out


@dataclass
class Heading:
    text: str
    level: int = 1  # 0 = document title, 1 = 一、, 2 = （一）, 3 = 1.

    def __post_init__(self) -> None:
        self.text = tidy(self.text)


@dataclass
class Paragraph:
    text: str
    kind: Literal["body", "missing", "right", "center", "note"] = "body"

    def __post_init__(self) -> None:
        self.text = tidy(self.text)


@dataclass
class PageBreak:
    pass


Block = Heading | Paragraph | Grid | PageBreak


@dataclass
class Doc:
    """A document: its title (the PDF/HTML title) and its blocks in reading order."""

    title: str
    blocks: list[Block] = field(default_factory=list)

    def text(self) -> str:
        """Plain text of headings and paragraphs (for tests and search)."""
        out: list[str] = []
        for b in self.blocks:
            if isinstance(b, Heading | Paragraph):
                out.append(b.text)
        return "\n".join(out)
