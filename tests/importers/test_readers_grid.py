"""Grids from .xlsx, .docx and .html: spans, placeholders, Table.grid(), titles, numbers as printed."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from jixiao.importers.blocks import Cell, Loc, Paragraph, Table
from jixiao.importers.docx_reader import read_docx
from jixiao.importers.html_reader import read_html
from jixiao.importers.xlsx_reader import read_xlsx


def _tables(doc: object) -> list[Table]:
    return [b for b in doc.blocks if isinstance(b, Table)]  # type: ignore[attr-defined]


def _texts(grid: list[list[Cell | None]]) -> list[list[str | None]]:
    return [[c.text if c is not None else None for c in row] for row in grid]


# Table.grid on a hand-made table ------------------------------------------------------------------


def test_grid_fills_merged_positions_with_the_anchor() -> None:
    # 2x3 header: "资金" spans two columns, "项目" spans two rows
    loc = Loc()
    project = Cell("项目", loc, row_span=2)
    funds = Cell("资金", loc, col_span=2)
    table = Table(
        rows=[
            [project, funds],
            [Cell("", loc, anchor=project), Cell("预算", loc), Cell("执行", loc)],
            [Cell("合计", loc), Cell("10", loc)],  # a short row
        ]
    )
    grid = table.grid()
    assert _texts(grid) == [["项目", "资金", "资金"], ["项目", "预算", "执行"], ["合计", "10", None]]
    assert grid[1][0] is project and grid[0][2] is funds


# xlsx -----------------------------------------------------------------------------------------------


def _xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = "自评表"
    ws.append(["项目支出绩效自评表"])
    ws.merge_cells("A1:E1")
    ws.append(["项目", "资金", None, "执行率", "日期"])
    ws.merge_cells("B2:C2")
    ws.append([None, "预算数", "执行数", None, None])
    ws.merge_cells("A2:A3")
    ws.append(["合计", 1234.5, 1172.775, 0.95, datetime.datetime(2024, 3, 5)])
    ws["B4"].number_format = "#,##0.00"
    ws["C4"].number_format = "0.00"
    ws["D4"].number_format = "0.00%"
    ws["E4"].number_format = 'yyyy"年"m"月"d"日"'
    ws.append(["人数", 27, None, None, None])
    other = book.create_sheet("基础数据")
    other.append(["编制数", "实有人数"])
    other.append([32, 27])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_xlsx_numbers_as_printed_with_raw_values_and_formats() -> None:
    doc = read_xlsx(_xlsx(), "x")
    table = _tables(doc)[0]
    total = table.rows[2]
    assert [c.text for c in total] == ["合计", "1,234.50", "1172.78", "95.00%", "2024年3月5日"]
    assert total[1].value == Decimal("1234.5") and total[1].number_format == "#,##0.00"
    assert total[3].value == Decimal("0.95") and total[3].number_format == "0.00%"
    assert total[4].value is None  # a date is not a number
    assert table.rows[3][1].text == "27" and table.rows[3][1].value == Decimal("27")


def test_xlsx_merges_are_spans_and_the_title_row_a_paragraph() -> None:
    doc = read_xlsx(_xlsx(), "x")
    assert isinstance(doc.blocks[0], Paragraph) and doc.blocks[0].text == "项目支出绩效自评表"
    table = _tables(doc)[0]
    assert table.title == "自评表"
    head, sub = table.rows[0], table.rows[1]
    # B2:C2 given once; A2:A3 at its top and as a placeholder below
    assert [c.text for c in head] == ["项目", "资金", "执行率", "日期"]
    assert (head[0].row_span, head[1].col_span) == (2, 2)
    assert sub[0].anchor is head[0] and sub[0].text == ""
    assert (head[1].loc.table, head[1].loc.row, head[1].loc.column) == ("自评表", 2, "B")
    assert _texts(table.grid())[:2] == [
        ["项目", "资金", "资金", "执行率", "日期"],
        ["项目", "预算数", "执行数", None, None],
    ]


def test_xlsx_every_sheet_is_a_table_titled_by_its_name() -> None:
    tables = _tables(read_xlsx(_xlsx(), "x"))
    assert [t.title for t in tables] == ["自评表", "基础数据"]
    assert [[c.text for c in row] for row in tables[1].rows] == [["编制数", "实有人数"], ["32", "27"]]


# docx -----------------------------------------------------------------------------------------------


def _docx() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("表1 资金情况", style="Caption")
    t = d.add_table(rows=4, cols=4)
    t.cell(0, 0).merge(t.cell(1, 0)).text = "项目"
    t.cell(0, 1).merge(t.cell(0, 2)).text = "资金"
    t.cell(0, 3).text = "分值"
    t.cell(1, 1).text = "预算数"
    t.cell(1, 2).text = "执行数"
    t.cell(1, 3).text = "10"
    t.cell(2, 0).merge(t.cell(3, 0)).text = "产出指标"
    for r, row in ((2, ["数量", "1", "2"]), (3, ["质量", "3", "4"])):
        for c, text in enumerate(row, start=1):
            t.cell(r, c).text = text
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_grid_spans_and_caption() -> None:
    table = _tables(read_docx(_docx(), "x"))[0]
    assert table.title == "表1 资金情况"
    head = table.rows[0]
    assert [c.text for c in head] == ["项目", "资金", "分值"]
    assert (head[0].row_span, head[1].col_span) == (2, 2)
    assert head[2].loc.column == "4"  # the grid column, after the two-column "资金"
    assert table.rows[3][0].anchor is table.rows[2][0] and table.rows[2][0].row_span == 2
    assert _texts(table.grid()) == [
        ["项目", "资金", "资金", "分值"],
        ["项目", "预算数", "执行数", "10"],
        ["产出指标", "数量", "1", "2"],
        ["产出指标", "质量", "3", "4"],
    ]


# html -----------------------------------------------------------------------------------------------


def test_html_rowspan_and_colspan_by_grid_column() -> None:
    page = """<table><caption>三公经费</caption>
    <tr><th rowspan="2">项目</th><th colspan="2">预算</th><th rowspan="3">备注</th></tr>
    <tr><th>上年</th><th>本年</th></tr>
    <tr><td>合计</td><td>4</td><td>2.76</td></tr>
    </table>"""
    table = _tables(read_html(page, "x"))[0]
    assert table.title == "三公经费"
    assert _texts(table.grid()) == [
        ["项目", "预算", "预算", "备注"],
        ["项目", "上年", "本年", "备注"],
        ["合计", "4", "2.76", "备注"],
    ]
    # the placeholder for "备注" stands at grid column 4 of row 2, after the two cells of that row
    second = table.rows[1]
    assert [c.text for c in second] == ["", "上年", "本年", ""]
    assert second[3].anchor is table.rows[0][2] and second[3].loc.column == "4"
    assert table.rows[0][2].row_span == 3
