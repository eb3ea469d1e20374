"""The three shapes of extracted text and what blocks they give."""

from __future__ import annotations

from jixiao.importers.blocks import Paragraph, Table
from jixiao.importers.text_reader import read_text


def test_tab_rows_make_one_table_with_line_numbers() -> None:
    text = "标题\n\t合计\t7253.94\t7486.96\n\t其中：当年财政拨款\t7253.94\t7480.72\n\n注：说明\n"
    doc = read_text(text, "d")
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Paragraph", "Table", "Paragraph"]
    table = doc.blocks[1]
    assert isinstance(table, Table)
    assert [c.text for c in table.rows[0]] == ["", "合计", "7253.94", "7486.96"]
    assert table.rows[1][2].loc.line == 3


def test_one_cell_per_line_rows_split_on_blank_lines() -> None:
    # seed 001 shape: each cell starts with a tab; a blank line then a tab line starts a new row;
    # a line without the tab continues the cell above, also after one blank line.
    text = "\t编制数\n\t在职人数\n\n\t32\n\t27\n\n\t楼堂馆所控制情况\n\n（2023年完工项目）\n\t批复规模\n\n\n说明：结束\n"
    doc = read_text(text, "d")
    table = doc.blocks[0]
    assert isinstance(table, Table)
    assert [[c.text for c in row] for row in table.rows] == [
        ["编制数", "在职人数"],
        ["32", "27"],
        ["楼堂馆所控制情况\n（2023年完工项目）", "批复规模"],
    ]
    assert isinstance(doc.blocks[1], Paragraph)
    assert doc.blocks[1].text == "说明：结束"
    assert doc.blocks[1].loc.line == 13


def test_pdf_flow_lines_are_paragraphs() -> None:
    doc = read_text("人员编制 31 实有人数 30\n\n联系人\n曾慧\n", "d")
    assert [b.text for b in doc.blocks if isinstance(b, Paragraph)] == [
        "人员编制 31 实有人数 30",
        "联系人",
        "曾慧",
    ]


def test_word_bookmarks_are_dropped() -> None:
    doc = read_text("\t[bookmark: _GoBack]社会公众满意程度\n", "d")
    table = doc.blocks[0]
    assert isinstance(table, Table)
    assert table.rows[0][0].text == "社会公众满意程度"
