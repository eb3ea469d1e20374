"""Writes a :class:`~jixiao.renderers.layout.Doc` as a Word document (python-docx).

A4 pages (landscape sections for wide tables), 宋体 for Chinese text (the East Asian font slot),
body paragraphs indented two characters, headings and table titles kept with what follows them
(``keep_with_next``: never alone at the foot of a page), tables in the "Table Grid" style with merged
cells and header rows marked to repeat on every page (and kept together with the title), the
signature and seal block under a form as a table without borders. Word applies the Chinese
line-breaking rules itself.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from docx import Document as new_document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .layout import Doc, Grid, Heading, PageBreak, Paragraph

FONT = "宋体"
HEADING_FONT = "黑体"


def _font(run: Any, size: float, name: str = FONT, bold: bool = False) -> None:
    run.font.size = Pt(size)
    run.font.name = name
    run.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def _page(section: Any, wide: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if wide else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if wide else (Mm(210), Mm(297))
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))


def _repeat_header(row: Any) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _grid(document: Any, grid: Grid, width_mm: float) -> None:
    if grid.title:
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.keep_with_next = True
        _font(p.add_run(grid.title), 13, HEADING_FONT)
    if grid.subtitle:
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.keep_with_next = True
        _font(p.add_run(grid.subtitle), 9)
    table = document.add_table(rows=grid.n_rows, cols=grid.n_cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    total = sum(grid.widths) or 1.0
    for k, w in enumerate(grid.widths):
        for cell in table.columns[k].cells:
            cell.width = Mm(width_mm * w / total)
    for r in range(grid.header_rows):
        _repeat_header(table.rows[r])
    for c in grid.cells:
        cell = table.cell(c.row, c.col)
        if c.rowspan > 1 or c.colspan > 1:
            cell = cell.merge(table.cell(c.row + c.rowspan - 1, c.col + c.colspan - 1))
        para = cell.paragraphs[0]
        para.alignment = {
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
            "left": WD_ALIGN_PARAGRAPH.LEFT,
        }["center" if c.header else c.align]
        for k, line in enumerate(c.text.split("\n")):
            run = para.add_run(line)
            _font(run, 9, bold=c.header)
            if k:
                run.add_break()
    for r in range(min(grid.header_rows + 1, grid.n_rows)):  # header rows and the first row with the title
        for cell in table.rows[r].cells:
            for para in cell.paragraphs:
                para.paragraph_format.keep_with_next = True
    for note in grid.notes:
        p = document.add_paragraph()
        _font(p.add_run(note), 9)
    if grid.signature:
        _signature(document, grid.signature)


def _signature(document: Any, rows: list[list[tuple[str, str]]]) -> None:
    """填表人 / 联系电话 / 填报日期, 单位负责人（签章） / 单位（盖章）: a table without borders."""
    n = max(len(row) for row in rows)
    table = document.add_table(rows=len(rows), cols=n)  # the default table style has no borders
    for r, row in enumerate(rows):
        for k, (label, value) in enumerate(row):
            para = table.cell(r, k).paragraphs[0]
            para.paragraph_format.space_before = Pt(8)
            _font(para.add_run(f"{label}：{value}"), 10.5)


def docx_bytes(doc: Doc) -> bytes:
    document = new_document()
    document.core_properties.title = doc.title
    document.core_properties.author = "jixiao"
    document.core_properties.language = "zh-CN"
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    section = document.sections[0]
    _page(section, False)
    wide = False
    for block in doc.blocks:
        want = isinstance(block, Grid) and block.landscape
        if isinstance(block, Grid | Heading | Paragraph) and want != wide:
            section = document.add_section(WD_SECTION.NEW_PAGE)
            _page(section, want)
            wide = want
        if isinstance(block, Heading):
            p = document.add_paragraph()
            p.paragraph_format.keep_with_next = True
            if block.level == 0:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _font(p.add_run(block.text), 18, HEADING_FONT)
            else:
                if block.level >= 2:
                    p.paragraph_format.first_line_indent = Pt(24)
                _font(
                    p.add_run(block.text),
                    {1: 14, 2: 12}.get(block.level, 12),
                    HEADING_FONT if block.level == 1 else FONT,
                    bold=block.level >= 2,
                )
        elif isinstance(block, Paragraph):
            p = document.add_paragraph()
            if block.kind == "right":
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            elif block.kind == "center":
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            else:
                p.paragraph_format.first_line_indent = Pt(24)
            run = p.add_run(block.text)
            _font(run, 10.5 if block.kind == "note" else 12)
            if block.kind == "missing":
                run.font.color.rgb = RGBColor(0x66, 0x66, 0x66)
        elif isinstance(block, PageBreak):
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif isinstance(block, Grid):
            _grid(document, block, 257.0 if wide else 170.0)
    buf = BytesIO()
    document.save(buf)
    return buf.getvalue()
