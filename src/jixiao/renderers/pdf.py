"""Writes a :class:`~jixiao.renderers.layout.Doc` as PDF with reportlab, the CJK font embedded.

A4, portrait pages with landscape pages for wide tables, page numbers "第 N 页", Chinese line
breaking with the rules of :mod:`jixiao.renderers.linebreak` (no line starts with "，" or "）",
none ends with "（", figures unbroken), body text indented two characters as the published reports
are, headings never left alone at the foot of a page, tables with merged cells, columns at least as
wide as their figures and short headers, header rows repeated on every page, and the signature and
seal block under a form.
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
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
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
from reportlab.platypus import Paragraph as BaseParagraph
from reportlab.platypus.paragraph import ParaLines, cjkU, makeCJKParaLine

from .fonts import register_cjk_font
from .layout import Doc, Grid, Heading, PageBreak, Paragraph
from .linebreak import break_points, unbreakable_runs

MARGIN = 20 * mm
CELL_PADDING = 3
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
        "sign": ParagraphStyle("sign", parent=base, fontSize=10, leading=16, firstLineIndent=0, spaceAfter=0),
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


class RLParagraph(BaseParagraph):  # type: ignore[misc]  # reportlab has no type hints
    """A reportlab paragraph whose CJK lines break by :func:`jixiao.renderers.linebreak.break_points`.

    reportlab's own CJK wrapping lets "，" "；" "）" start a line (its list of such characters is
    the Japanese one) and lets "（" end one; this lays the same glyphs out with the Chinese rules.
    """

    def breakLinesCJK(self, maxWidths: Any) -> Any:  # reportlab's method name
        if not isinstance(maxWidths, list | tuple):
            maxWidths = [maxWidths]
        if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
            return self.blPara  # the second half of a paragraph split across pages: already laid out
        frags = self.frags
        if not frags or self.style.endDots or any(hasattr(f, "cbDefn") for f in frags):
            return super().breakLinesCJK(maxWidths)
        glyphs: list[Any] = []
        for f in frags:
            text = f.text.decode("utf8") if isinstance(f.text, bytes) else f.text
            glyphs += [cjkU(t, f, "utf8") for t in text] if text else [cjkU(text, f, "utf8")]
        chars = ["\n" if hasattr(g.frag, "lineBreak") else str(g) for g in glyphs]
        widths = [float(g.width) for g in glyphs]
        calc_bounds = getattr(self, "autoLeading", getattr(self.style, "autoLeading", "")) not in ("", "off")
        lines = []
        start = 0
        for k, end in enumerate(break_points(chars, widths, [float(w) for w in maxWidths])):
            forced = end < len(chars) and chars[end] == "\n"
            stop = end + 1 if forced else end  # the line keeps its <br/> glyph, as reportlab's does
            width = maxWidths[min(k, len(maxWidths) - 1)]
            used = sum(widths[start:end])
            lines.append(makeCJKParaLine(glyphs[start:stop], width, used, width - used, forced, calc_bounds))
            start = stop
        return ParaLines(kind=1, lines=lines)


def _markup(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


def grid_table(grid: Grid, styles: dict[str, ParagraphStyle], width: float) -> Table:
    n_rows, n_cols = grid.n_rows, grid.n_cols
    data: list[list[Any]] = [["" for _ in range(n_cols)] for _ in range(n_rows)]
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
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
    widths = column_widths(grid, styles["cell"], width)
    table = Table(
        data, colWidths=widths, repeatRows=grid.header_rows, style=TableStyle(commands), hAlign="CENTER"
    )
    return table


SHORT_HEADER = 5
"""A header cell of up to this many characters is kept on one line (分值, 执行率, 年初预算数)."""


def column_widths(grid: Grid, style: ParagraphStyle, width: float) -> list[float]:
    """The grid's relative widths scaled to ``width``, each column widened to hold its figures and its
    short header cells on one line ("99.97%" never wraps to "99.97" / "%"), the room taken from the
    columns that have some to spare. Where the whole table cannot hold them, the plain proportions."""
    total = sum(grid.widths) or 1.0
    widths = [width * w / total for w in grid.widths]
    need = [0.0] * grid.n_cols
    covered = grid.covered()
    for c in grid.cells:
        if c.colspan != 1 or (c.row, c.col) in covered or not c.text:
            continue
        texts = unbreakable_runs(c.text)
        if c.header and len(c.text) <= SHORT_HEADER and "\n" not in c.text:
            texts.append(c.text)
        for t in texts:
            w = stringWidth(t, style.fontName, style.fontSize) + 2 * CELL_PADDING + 1
            need[c.col] = max(need[c.col], w)
    if sum(max(n, 1.0) for n in need) > width:
        return widths
    for _ in range(grid.n_cols):
        short = [k for k in range(grid.n_cols) if widths[k] < need[k] - 1e-6]
        if not short:
            break
        missing = sum(need[k] - widths[k] for k in short)
        for k in short:
            widths[k] = need[k]
        spare = {k: widths[k] - need[k] for k in range(grid.n_cols) if k not in short and widths[k] > need[k]}
        room = sum(spare.values())
        if room <= 0:
            break
        take = min(1.0, missing / room)
        for k, v in spare.items():
            widths[k] -= v * take
    scale = width / sum(widths)
    return [w * scale for w in widths]


def _signature_table(grid: Grid, styles: dict[str, ParagraphStyle], width: float) -> Table:
    """The 填表人 / 联系电话 / 填报日期 / 单位负责人（签章） / 单位（盖章） block: no borders, room to sign."""
    n = max(len(row) for row in grid.signature)
    data = [
        [RLParagraph(_markup(f"{label}：{value}"), styles["sign"]) for label, value in row]
        + [""] * (n - len(row))
        for row in grid.signature
    ]
    table = Table(
        data,
        colWidths=[width / n] * n,
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
            ]
        ),
        hAlign="CENTER",
    )
    return table


def _grid_flowables(grid: Grid, styles: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    head: list[Flowable] = []
    if grid.title:
        head.append(RLParagraph(_markup(grid.title), styles["grid_title"]))
    if grid.subtitle:
        head.append(RLParagraph(_markup(grid.subtitle), styles["grid_sub"]))
    table = grid_table(grid, styles, width)
    out: list[Flowable] = [CondPageBreak(120)]  # the title, the header rows and a few rows together
    out += [KeepTogether([*head, Spacer(1, 2)]), table] if head else [table]
    out += [RLParagraph(_markup(note), styles["note"]) for note in grid.notes]
    if grid.signature:
        out.append(KeepTogether([_signature_table(grid, styles, width)]))
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
            if block.level:  # never alone at the foot of a page: the heading and three lines, or a new page
                st = styles[style]
                story.append(CondPageBreak(st.spaceBefore + st.leading * 2 + styles["body"].leading * 3))
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
