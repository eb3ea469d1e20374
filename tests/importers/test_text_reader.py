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


def test_pipe_table_with_rule_row() -> None:
    text = "说明\n| 项目 | 预算数 | 执行数 |\n|---|---:|---:|\n| 合计 | 100 | 90.5 |\n结束\n"
    doc = read_text(text, "d")
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "Table", "Paragraph"]
    table = doc.blocks[1]
    assert isinstance(table, Table)
    assert [[c.text for c in row] for row in table.rows] == [
        ["项目", "预算数", "执行数"],
        ["合计", "100", "90.5"],
    ]
    assert (table.rows[1][2].loc.line, table.rows[1][2].loc.column) == (4, "3")


def test_space_aligned_columns_make_a_table() -> None:
    # pdftotext -layout: header words left-aligned, numbers right-aligned under them; a CJK
    # character is two columns wide, so the numbers line up under the headers on screen
    text = (
        "项目名称        年初预算数    全年预算数    全年执行数\n"
        "年度资金总额          10.00        12.00        11.50\n"
        "\n"
        "其中：财政拨款        10.00                     11.50\n"
    )
    doc = read_text(text, "d")
    assert len(doc.blocks) == 1
    table = doc.blocks[0]
    assert isinstance(table, Table)
    assert [[c.text for c in row] for row in table.rows] == [
        ["项目名称", "年初预算数", "全年预算数", "全年执行数"],
        ["年度资金总额", "10.00", "12.00", "11.50"],
        ["其中：财政拨款", "10.00", "", "11.50"],  # the empty column stays in its place
    ]
    assert table.rows[2][3].loc.line == 4


def test_flattened_rows_and_label_lines_stay_paragraphs() -> None:
    text = (
        "年度资金总额: 0 0 0 10 0 0 其中:本年财政拨款 90 89.974\n"
        "部门(单位)名称：  岳阳市岳阳楼区社会保险服务中心\n"
        "预 算 编 码：    200009\n"
        "填表人：刘巧玲    填报日期：2025-04-17\n"
    )
    doc = read_text(text, "d")
    assert all(isinstance(b, Paragraph) for b in doc.blocks)
    assert len(doc.blocks) == 4


def test_pieces_that_do_not_stand_in_columns_are_not_a_table() -> None:
    # the second line's long piece bridges the first line's two columns
    text = "甲乙  丙丁\n这是一段很长的文字  以及另一段\n"
    doc = read_text(text, "d")
    assert all(isinstance(b, Paragraph) for b in doc.blocks)


def test_one_cell_per_line_ending_with_a_pipe_makes_rows_of_the_headers_width() -> None:
    # 重庆 wording: four header cells, then rows of four; the first figure (0, line 6) follows the first
    # row's label, so the header is the 4 cells before that label
    text = "\n".join(
        [
            "2020年度全区“三公”经费决算情况",
            "经费项目 |",
            "2020年度支出 (万元) |",
            "支出减少情况(万元) |",
            "支出减少率 |",
            "因公出国(境)费 |",
            "0 |",
            "0 |",
            "0% |",
            "公务接待费 |",
            "71.53 |",
            "- |",
            "- |",
            "说明文字。",
        ]
    )
    blocks = read_text(text, "t").blocks
    assert isinstance(blocks[0], Paragraph) and isinstance(blocks[2], Paragraph)
    table = blocks[1]
    assert isinstance(table, Table)
    assert [[c.text for c in row] for row in table.rows] == [
        ["经费项目", "2020年度支出 (万元)", "支出减少情况(万元)", "支出减少率"],
        ["因公出国(境)费", "0", "0", "0%"],
        ["公务接待费", "71.53", "-", "-"],
    ]
    assert (table.rows[2][1].loc.line, table.rows[2][1].loc.column) == (11, "2")


def test_cells_ending_with_a_pipe_that_do_not_fill_rows_stay_paragraphs() -> None:
    # 3 header cells before the label "公务接待费", then 3 more cells: 7 cells are no whole rows of 3
    text = "项目 |\n预算数 |\n决算数 |\n公务接待费 |\n4.00 |\n3.00 |\n备注 |"
    assert all(isinstance(b, Paragraph) for b in read_text(text, "t").blocks)


def test_the_tail_of_a_refused_run_of_pipe_cells_is_no_table() -> None:
    # a form laid out one cell a line: the whole run is no grid (the first figure 238.93 is cell 7, so
    # rows of 5; 9 cells are no whole rows of 5); its tail from "项目" would be one (项目 | 金额,
    # 年初预算 | 238.93, 执行数 | 251.89) but is not tried on its own
    text = "\n".join(
        [
            "预算执行情况 |",
            "年度预算数 |",
            "备注 |",
            "项目 |",
            "金额 |",
            "年初预算 |",
            "238.93 |",
            "执行数 |",
            "251.89 |",
        ]
    )
    assert all(isinstance(b, Paragraph) for b in read_text(text, "t").blocks)


def test_one_cell_per_line_with_blank_cells_as_lone_pipes() -> None:
    # 安徽 三公 决算表: a component the unit does not fill prints "|" alone for each blank cell;
    # the first figure (3, cell 4) makes rows of 3, and 12 cells are 4 whole rows
    text = "\n".join(
        [
            "项 目 |",
            "预 算 数 |",
            "决 算 数 |",
            "合 计 |",
            "3 |",
            "1.71 |",
            "因公出国(境)费 |",
            "|",
            "|",
            "公务接待费 |",
            "1 |",
            "0.53 |",
            "二、说明",
        ]
    )
    blocks = read_text(text, "t").blocks
    table = blocks[0]
    assert isinstance(table, Table)
    assert [[c.text for c in row] for row in table.rows] == [
        ["项 目", "预 算 数", "决 算 数"],
        ["合 计", "3", "1.71"],
        ["因公出国(境)费", "", ""],
        ["公务接待费", "1", "0.53"],
    ]


def test_a_lone_pipe_never_starts_a_run_nor_stands_for_a_row_label() -> None:
    # "|" where a row's label should be: no grid (a row must begin with a label)
    text = "项目 |\n预算数 |\n决算数 |\n合计 |\n3 |\n1.71 |\n|\n1 |\n0.53 |"
    assert all(isinstance(b, Paragraph) for b in read_text(text, "t").blocks)
