"""The intermediate form every reader produces: paragraphs and tables of cells, each located.

Readers (text, Word, Excel, PDF, HTML) only turn a file into a :class:`Document` of blocks; the
structuring layer (:mod:`jixiao.importers.structure`) maps blocks onto the package model. A cell's
text keeps its internal line breaks ("\\n") so the structuring layer can choose to keep them (long
texts) or join them (names, figures).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jixiao.model import SourceLocation


@dataclass(frozen=True)
class Loc:
    """Where a piece of text stands: line (text files), page, table name, row and column."""

    line: int | None = None
    page: int | None = None
    table: str | None = None
    row: int | None = None
    column: str | None = None

    def source(self, document: str | None, text: str | None = None) -> SourceLocation:
        return SourceLocation(
            document=document,
            line=self.line,
            page=self.page,
            table=self.table,
            row=self.row,
            column=self.column,
            text=text,
        )


@dataclass
class Cell:
    """One table cell (or one line of flowing text)."""

    text: str
    loc: Loc
    lines: list[int] = field(default_factory=list)  # source lines of the 2nd, 3rd ... line of text


@dataclass
class Paragraph:
    text: str
    loc: Loc


@dataclass
class Table:
    rows: list[list[Cell]] = field(default_factory=list)
    loc: Loc = field(default_factory=Loc)


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
