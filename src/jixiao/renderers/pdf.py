"""Writes a :class:`~jixiao.renderers.layout.Doc` as PDF with reportlab, the CJK font embedded.

A4, portrait pages with landscape pages for wide tables, page numbers "第 N 页", Chinese line
breaking (``wordWrap="CJK"``), body text indented two characters as the published reports are,
tables with merged cells and their header rows repeated on every page.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Paragraph as RLParagraph

from .fonts import register_cjk_font
from .layout import Doc, Grid, Heading, PageBreak, Paragraph

MARGIN = 20 * mm
MAX_SPAN_ROWS = 4
"""Taller vertical merges are drawn as a box, so that the table may break across pages inside them."""


def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle(
        "body", fontName=font, fontSize=11, leading=19, wordWrap="CJK", firstLineIndent=22, spaceAfter=3
    )
    return {
        "title": ParagraphStyle(
            "title",
            parent=base,
            fontSize=18,
            leading=28,
            alignment=TA_CENTER,
            firstLineIndent=0,
            spaceAfter=6,
        ),
        "h1": ParagraphStyle(
            "h1", parent=base, fontSize=14, leading=22, firstLineIndent=0, spaceBefore=10, spaceAfter=4
        ),
        "h2": ParagraphStyle("h2", parent=base, fontSize=12, leading=20, firstLineIndent=22, spaceBefore=4),
        "h3": ParagraphStyle("h3", parent=base, fontSize=11, leading=19, firstLineIndent=22),
        "body": base,
        "missing": ParagraphStyle("missing", parent=base, textColor=colors.HexColor("#666666")),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT, firstLineIndent=0),
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER, firstLineIndent=0),
        "note": ParagraphStyle("note", parent=base, fontSize=9, leading=14, firstLineIndent=0),
        "grid_title": ParagraphStyle(
            "grid_title",
            parent=base,
            fontSize=13,
            leading=20,
            alignment=TA_CENTER,
            firstLineIndent=0,
            spaceBefore=6,
        ),
        "grid_sub": ParagraphStyle(
            "grid_sub", parent=base, fontSize=9, leading=13, alignment=TA_RIGHT, firstLineIndent=0
        ),
        "cell": ParagraphStyle(
            "cell", fontName=font, fontSize=8.5, leading=11.5, wordWrap="CJK", alignment=TA_LEFT
        ),
        "cell_center": ParagraphStyle(
            "cell_center", fontName=font, fontSize=8.5, leading=11.5, wordWrap="CJK", alignment=TA_CENTER
        ),
        "cell_right": ParagraphStyle(
            "cell_right", fontName=font, fontSize=8.5, leading=11.5, wordWrap="CJK", alignment=TA_RIGHT
        ),
    }


def _markup(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


def grid_table(grid: Grid, styles: dict[str, ParagraphStyle], width: float) -> Table:
    n_rows, n_cols = grid.n_rows, grid.n_cols
    data: list[list[Any]] = [["" for _ in range(n_cols)] for _ in range(n_rows)]
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    # Borders are drawn as one box per cell (per merged area), so that a tall vertical merge can be
    # printed without a reportlab span (which may not be split across pages): its text stands in the
    # top row and the box keeps the rows below it visually merged.
    boxed: set[tuple[int, int]] = set()
    for c in grid.cells:
        style = styles[
            "cell_center"
            if c.header or c.align == "center"
            else ("cell_right" if c.align == "right" else "cell")
        ]
        data[c.row][c.col] = RLParagraph(_markup(c.text), style)
        end = (c.col + c.colspan - 1, c.row + c.rowspan - 1)
        in_header = c.row + c.rowspan <= grid.header_rows
        if c.rowspan <= MAX_SPAN_ROWS or in_header:
            if c.rowspan > 1 or c.colspan > 1:
                commands.append(("SPAN", (c.col, c.row), end))
        else:
            commands.append(("VALIGN", (c.col, c.row), end, "TOP"))
            if c.colspan > 1:
                commands.append(("SPAN", (c.col, c.row), (end[0], c.row)))
        commands.append(("BOX", (c.col, c.row), end, 0.5, colors.black))
        for r in range(c.row, c.row + c.rowspan):
            for k in range(c.col, c.col + c.colspan):
                boxed.add((r, k))
        if c.header:
            commands.append(("BACKGROUND", (c.col, c.row), end, colors.HexColor("#EFEFEF")))
    for r in range(n_rows):
        for k in range(n_cols):
            if (r, k) not in boxed:
                commands.append(("BOX", (k, r), (k, r), 0.5, colors.black))
    total = sum(grid.widths) or 1.0
    widths = [width * w / total for w in grid.widths]
    table = Table(
        data, colWidths=widths, repeatRows=grid.header_rows, style=TableStyle(commands), hAlign="CENTER"
    )
    return table


def _grid_flowables(grid: Grid, styles: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    head: list[Flowable] = []
    if grid.title:
        head.append(RLParagraph(_markup(grid.title), styles["grid_title"]))
    if grid.subtitle:
        head.append(RLParagraph(_markup(grid.subtitle), styles["grid_sub"]))
    table = grid_table(grid, styles, width)
    out: list[Flowable] = [KeepTogether([*head, Spacer(1, 2)]), table] if head else [table]
    out += [RLParagraph(_markup(note), styles["note"]) for note in grid.notes]
    out.append(Spacer(1, 6))
    return out


def _page_number(canvas: Any, doc: Any) -> None:
    canvas.saveState()
    canvas.setFont(doc.jixiao_font, 9)
    width, _ = canvas._pagesize
    canvas.drawCentredString(width / 2, 10 * mm, f"第 {doc.page} 页")
    canvas.restoreState()


def pdf_bytes(doc: Doc) -> bytes:
    font = register_cjk_font()
    styles = _styles(font)
    buf = BytesIO()
    portrait_size, landscape_size = A4, landscape(A4)
    template = BaseDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=doc.title,
        author="jixiao",
        creator="jixiao",
        lang="zh-CN",
    )
    template.jixiao_font = font
    pw, ph = portrait_size
    lw, lh = landscape_size
    template.addPageTemplates(
        [
            PageTemplate(
                "portrait",
                [Frame(MARGIN, MARGIN, pw - 2 * MARGIN, ph - 2 * MARGIN, id="p")],
                onPage=_page_number,
                pagesize=portrait_size,
            ),
            PageTemplate(
                "landscape",
                [Frame(MARGIN, MARGIN, lw - 2 * MARGIN, lh - 2 * MARGIN, id="l")],
                onPage=_page_number,
                pagesize=landscape_size,
            ),
        ]
    )
    story: list[Flowable] = []
    current = "portrait"

    def switch(wanted: str) -> None:
        nonlocal current
        if wanted == current:
            return
        if story and isinstance(story[-1], RLPageBreak):
            story.insert(len(story) - 1, NextPageTemplate(wanted))
        else:
            story.extend([NextPageTemplate(wanted), RLPageBreak()])
        current = wanted

    for block in doc.blocks:
        if isinstance(block, Heading):
            switch("portrait")
            style = "title" if block.level == 0 else f"h{min(3, block.level)}"
            story.append(RLParagraph(_markup(block.text), styles[style]))
        elif isinstance(block, Paragraph):
            switch("portrait")
            story.append(
                RLParagraph(_markup(block.text), styles[block.kind if block.kind in styles else "body"])
            )
        elif isinstance(block, PageBreak):
            story.append(RLPageBreak())
        elif isinstance(block, Grid):
            switch("landscape" if block.landscape else "portrait")
            width = (lw if current == "landscape" else pw) - 2 * MARGIN
            story += _grid_flowables(block, styles, width)
    if not story:
        story.append(Spacer(1, 1))
    template.build(story)
    return buf.getvalue()
