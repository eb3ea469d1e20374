"""The PDF reader on PDFs drawn here with reportlab: ruled grids, merged cells, a table over a page
break, a text-only table, the text-layer hook and the limits."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest

from jixiao.importers.blocks import Cell, Paragraph, Table
from jixiao.importers.errors import DocumentError, ImportLimits
from jixiao.importers.pdf_reader import has_text_layer, read_pdf

FONT = "STSong-Light"
TOP = 800.0  # page y (up) of a table's top ruling; A4 is 842 high


def _pdf(draw: Callable[[object], None], pages: int = 1) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for page in range(pages):
        c.setFont(FONT, 10)
        if page == 0:
            draw(c)
        c.showPage()
    c.save()
    return buf.getvalue()


def _grid(c: object, xs: list[float], ys: list[float], skip_v: set[tuple[int, int]] = frozenset(),
          skip_h: set[tuple[int, int]] = frozenset()) -> None:  # fmt: skip
    """Rulings of a grid; skip_v (row, x index) / skip_h (y index, column) leave a ruling out (a merge)."""
    for i, y in enumerate(ys):
        for j in range(len(xs) - 1):
            if (i, j) not in skip_h:
                c.line(xs[j], y, xs[j + 1], y)  # type: ignore[attr-defined]
    for j, x in enumerate(xs):
        for i in range(len(ys) - 1):
            if (i, j) not in skip_v:
                c.line(x, ys[i], x, ys[i + 1])  # type: ignore[attr-defined]


def _text(c: object, x: float, y: float, text: str) -> None:
    c.drawString(x, y, text)  # type: ignore[attr-defined]


XS = [50.0, 150.0, 250.0, 350.0]
YS = [TOP, TOP - 20, TOP - 40, TOP - 60]


def _merged(c: object) -> None:
    # "项目" spans rows 1-2 of column 1 (no ruling under it); "资金" spans columns 2-3 of row 1
    _grid(c, XS, YS, skip_v={(0, 2)}, skip_h={(1, 0)})
    _text(c, 55, TOP - 15, "项目")
    _text(c, 155, TOP - 15, "资金")
    _text(c, 155, TOP - 35, "预算数")
    _text(c, 255, TOP - 35, "执行数")
    _text(c, 55, TOP - 55, "合计")
    _text(c, 155, TOP - 55, "1,234.50")
    _text(c, 255, TOP - 55, "95.00%")
    _text(c, 50, TOP - 100, "说明：以上为示例")


def test_ruled_grid_with_merged_cells_as_spans() -> None:
    doc = read_pdf(_pdf(_merged), "x")
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert len(tables) == 1
    table = tables[0]
    head, second, total = table.rows
    assert [c.text for c in head] == ["项目", "资金"]
    assert (head[0].row_span, head[0].col_span, head[1].row_span, head[1].col_span) == (2, 1, 1, 2)
    assert second[0].anchor is head[0]
    assert [c.text for c in total] == ["合计", "1,234.50", "95.00%"]
    grid = table.grid()
    assert [[c.text if c else None for c in row] for row in grid] == [
        ["项目", "资金", "资金"],
        ["项目", "预算数", "执行数"],
        ["合计", "1,234.50", "95.00%"],
    ]
    cell = total[1]
    assert (cell.loc.page, cell.loc.table, cell.loc.row, cell.loc.column) == (1, "表1", 3, "2")
    # the cell's box is its rulings, in points from the page's top-left (A4: 842 high)
    assert cell.bbox is not None
    assert [round(v) for v in cell.bbox] == [150, 842 - 760, 250, 842 - 740]
    assert head[1].bbox is not None and round(head[1].bbox[2]) == 350  # spans to the last ruling
    paragraphs = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert paragraphs == ["说明：以上为示例"]


def test_a_table_continued_on_the_next_page_is_joined() -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for page, labels in enumerate((["指标", "数量", "质量"], ["时效", "成本"])):
        c.setFont(FONT, 10)
        if page == 0:
            _text(c, 50, 820, "项目支出绩效自评表")
        # page 1: the table ends at the bottom of the page; page 2: it goes on at the top
        top = 820.0 if page == 1 else 20.0 + 20 * len(labels)
        ys = [top - 20 * k for k in range(len(labels) + 1)]
        _grid(c, XS, ys)
        for k, label in enumerate(labels):
            _text(c, 55, ys[k] - 15, label)
            _text(c, 155, ys[k] - 15, str(k + 1 + 3 * page))
        _text(c, 290, 10, str(page + 1))  # a page number under the table
        c.showPage()
    c.save()
    doc = read_pdf(buf.getvalue(), "x")
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert len(tables) == 1
    rows = tables[0].rows
    assert [r[0].text for r in rows] == ["指标", "数量", "质量", "时效", "成本"]
    assert [(r[0].loc.page, r[0].loc.table, r[0].loc.row) for r in rows] == [
        (1, "表1", 1),
        (1, "表1", 2),
        (1, "表1", 3),
        (2, "表1", 4),
        (2, "表1", 5),
    ]


def _text_only(c: object) -> None:
    # no rulings: three lines whose cells stand in columns
    for k, row in enumerate(
        [["项目", "预算数", "执行数"], ["合计", "100.00", "90.50"], ["其中：财政拨款", "80.00", "70.50"]]
    ):
        y = TOP - 18 * k
        _text(c, 50, y, row[0])
        _text(c, 250, y, row[1])
        _text(c, 400, y, row[2])
    _text(c, 50, TOP - 100, "年度资金总额 0 0 0 10 0 0")


def test_text_only_table_keeps_column_positions() -> None:
    doc = read_pdf(_pdf(_text_only), "x")
    table = next(b for b in doc.blocks if isinstance(b, Table))
    assert [[c.text for c in row] for row in table.rows] == [
        ["项目", "预算数", "执行数"],
        ["合计", "100.00", "90.50"],
        ["其中：财政拨款", "80.00", "70.50"],
    ]
    lefts = [[round(c.bbox[0]) for c in row if c.bbox is not None] for row in table.rows]
    assert lefts == [[50, 250, 400]] * 3
    assert table.rows[1][2].loc.page == 1
    # a line with single spaces stays a paragraph
    assert [b.text for b in doc.blocks if isinstance(b, Paragraph)] == ["年度资金总额 0 0 0 10 0 0"]


def test_has_text_layer() -> None:
    assert has_text_layer(_pdf(_merged))

    def picture(c: object) -> None:
        c.rect(50, 50, 400, 600, fill=1)  # type: ignore[attr-defined]

    scan = _pdf(picture)
    assert not has_text_layer(scan)
    with pytest.raises(DocumentError) as info:
        read_pdf(scan, "scan")
    assert "扫描件" in info.value.what


def test_too_many_pages_is_refused_before_reading() -> None:
    data = _pdf(_merged, pages=6)
    with pytest.raises(DocumentError) as info:
        read_pdf(data, "x", limits=ImportLimits(max_pages=5))
    assert "6 页" in info.value.what and "上限 5 页" in info.value.what


def test_too_many_objects_on_a_page_is_refused() -> None:
    def many_lines(c: object) -> None:
        _text(c, 50, 800, "线条很多的一页")
        for k in range(400):
            c.line(50, 100 + k, 60, 100 + k)  # type: ignore[attr-defined]

    data = _pdf(many_lines)
    with pytest.raises(DocumentError) as info:
        read_pdf(data, "x", limits=ImportLimits(max_page_objects=300))
    err = info.value
    assert "第 1 页" in err.where and "上限 300 个" in err.what
    assert read_pdf(data, "x").blocks  # the default limit reads it


def test_cells_in_a_row_are_cells() -> None:
    # Cell is compared by identity: two empty placeholders are two cells
    doc = read_pdf(_pdf(_merged), "x")
    table = next(b for b in doc.blocks if isinstance(b, Table))
    cells: list[Cell] = [c for row in table.rows for c in row]
    assert len({id(c) for c in cells}) == len(cells) == 2 + 3 + 3
