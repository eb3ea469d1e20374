"""Positioned characters and ruling lines of a page into blocks — for OFD pages and OCR'd scans.

An OFD page (:mod:`.ofd_reader`) and a scanned page read by Tesseract (:mod:`.ocr`) give what a PDF
page gives: characters with their boxes and the ruling lines drawn on the page. This module hands
them, converted to points, to the PDF reader's own table logic (:mod:`.pdf_reader`): rulings merged
and grouped into grids, merged cells found where a ruling is missing, characters put into the cell
their centre falls in, other text as lines — runs of column-aligned lines as text tables — and a
table continuing on the next page joined to the one before. So a scan or an OFD gives the blocks
its text-layer PDF gives.

For OCR, every cell and line also records ``reader="OCR"``, the lowest confidence of its
characters, and the digits read below :data:`LOW_CONFIDENCE`, each shown in its word (``45.9[9]``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from .blocks import BBox, Block, Cell, Loc, Paragraph, Table

LOW_CONFIDENCE = 80.0
"""OCR characters read below this confidence (0–100) are marked uncertain in their location."""


@dataclass(frozen=True)
class Glyph:
    """One character with its box (y grows downwards); ``confidence`` for OCR (0–100)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float | None = None

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True)
class Rule:
    """A ruling line segment (a thin box): horizontal when wider than high."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.bottom - self.top)


def _is_figure_char(ch: str) -> bool:
    return ch.isdigit() or ch in ".,%-"


def uncertain_digits(glyphs: Sequence[Glyph], threshold: float = LOW_CONFIDENCE) -> tuple[str, ...]:
    """The runs of figure characters holding a digit read below ``threshold``: ``45.9[9]``."""
    marks: list[str] = []
    run: list[Glyph] = []
    ordered = sorted(glyphs, key=lambda g: (round(g.cy / max(g.bottom - g.top, 1e-6)), g.x0))
    for g in [*ordered, None]:
        if g is not None and _is_figure_char(g.text):
            run.append(g)
            continue

        def low(w: Glyph) -> bool:
            return w.confidence is not None and w.confidence < threshold and w.text.isdigit()

        if any(low(w) for w in run):
            marks.append("".join(f"[{w.text}]" if low(w) else w.text for w in run))
        run = []
    return tuple(marks)


def _annotate(loc: Loc, glyphs: Sequence[Glyph], reader: str, threshold: float) -> Loc:
    confs = [g.confidence for g in glyphs if g.confidence is not None]
    return replace(
        loc,
        reader=reader,
        confidence=round(min(confs), 1) if confs else None,
        uncertain=uncertain_digits(glyphs, threshold),
    )


def _inside(box: BBox, glyphs: Sequence[tuple[Glyph, float, float]]) -> list[Glyph]:
    x0, top, x1, bottom = box
    return [g for g, cx, cy in glyphs if x0 <= cx <= x1 and top <= cy <= bottom]


def page_blocks(
    glyphs: Sequence[Glyph],
    rules: Sequence[Rule],
    page_no: int,
    *,
    to_points: float,
    reader: str | None = None,
    threshold: float = LOW_CONFIDENCE,
) -> list[tuple[float, Block]]:
    """The page's tables (named "" until :func:`join_pages` numbers them) and lines, top to bottom.

    ``to_points`` converts the page's coordinates to points (25.4/72 mm, 72/dpi pixels).
    """
    from .pdf_reader import _Edge, page_items

    k = to_points
    chars = [(g.x0 * k, g.top * k, g.x1 * k, g.bottom * k, g.text) for g in glyphs]
    hs: list[_Edge] = []
    vs: list[_Edge] = []
    for r in rules:
        if r.horizontal:
            hs.append(_Edge((r.top + r.bottom) / 2 * k, r.x0 * k, r.x1 * k))
        else:
            vs.append(_Edge((r.x0 + r.x1) / 2 * k, r.top * k, r.bottom * k))
    items = page_items(hs, vs, chars, page_no)
    if reader is not None:
        centred = [(g, g.cx * k, g.cy * k) for g in glyphs]
        for _, block in items:
            if isinstance(block, Paragraph):
                if block.bbox is not None:
                    block.loc = _annotate(block.loc, _inside(block.bbox, centred), reader, threshold)
                continue
            for row in block.rows:
                for cell in row:
                    if cell.bbox is not None and cell.anchor is None:
                        cell.loc = _annotate(cell.loc, _inside(cell.bbox, centred), reader, threshold)
                    elif cell.anchor is None:
                        cell.loc = replace(cell.loc, reader=reader)
    return items


def join_pages(pages: Sequence[list[Block]]) -> list[Block]:
    """Pages' blocks in order, tables numbered 表N; a table continuing a page's last one joins it.

    As the PDF reader does: when the first block of a page (a bare page number aside) is a table
    as wide as the table that ended the page before, its rows are appended to it.
    """
    from .pdf_reader import _width

    blocks: list[Block] = []
    table_no = 0
    for page in pages:
        first_real = next(
            (b for b in page if not (isinstance(b, Paragraph) and b.text.strip().isdigit())), None
        )
        joined: Table | None = None
        if (
            isinstance(first_real, Table)
            and first_real.loc.table == ""  # a ruled table
            and blocks
            and isinstance(blocks[-1], Table)
            and _width(first_real) == _width(blocks[-1])
        ):
            joined = blocks[-1]
        for block in page:
            if isinstance(block, Table):
                if block is first_real and joined is not None:
                    _rename(block, joined.loc.table or "", len(joined.rows))
                    joined.rows.extend(block.rows)
                    continue
                table_no += 1
                _rename(block, f"表{table_no}", 0)
            blocks.append(block)
    return blocks


def _rename(table: Table, name: str, row_offset: int) -> None:
    """Name a page's table 表N and number its rows after ``row_offset``, keeping the OCR provenance."""
    table.loc = replace(table.loc, table=name)
    for r, row in enumerate(table.rows, start=row_offset + 1):
        for cell in row:
            cell.loc = replace(cell.loc, table=name, row=r)


def cells(blocks: Sequence[Block]) -> list[Cell]:
    """Every table cell of ``blocks`` (placeholders under merged cells left out)."""
    return [c for b in blocks if isinstance(b, Table) for row in b.rows for c in row if c.anchor is None]
