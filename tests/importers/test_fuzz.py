"""Hypothesis: no input crashes the text reader, the table parsers or the structuring layer.

The only exception allowed out of the structuring layer is :class:`DocumentError` (for example
"no year found"), which the command line turns into a Chinese message.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.importers.blocks import Cell, Document, Loc, Paragraph, Table
from jixiao.importers.errors import DocumentError
from jixiao.importers.normalize import parse_number
from jixiao.importers.structure import structure
from jixiao.importers.text_reader import read_text

WORDS = [
    "2024年度",
    "部门整体支出绩效自评表",
    "项目支出绩效自评表",
    "年初预算数",
    "全年预算数",
    "全年执行数",
    "分值",
    "执行率",
    "得分",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "产出指标（50分）",
    "数量指标",
    "满意度指标",
    "总分",
    "合计",
    "等级：优",
    "公开01表",
    "公开06表",
    "评分标准",
    "指标 1：",
    "评价内容 绩效目标 完成情况",
    "三公经费",
    "机构名称",
    "年度收入情况（万元）",
    "本中心 1 2 3",
    "财政供养人员情况（人）",
    "经费控制情况（万元）",
    "姓名",
    "一、",
    "（一）",
    "1．",
    "……",
    "251. 21",
    "99.97%",
    "１０",
    "-",
    "\t",
    "\n",
    " ",
    "万元",
]
text_strategy = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=8)), max_size=80).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_strategy)
def test_text_reader_and_structure_never_crash(text: str) -> None:
    doc = read_text(text, "fuzz")
    try:
        packages = structure(doc, strict=True)
    except DocumentError as err:
        assert err.what
        return
    assert len(packages) == 1


cell_text = st.one_of(
    st.sampled_from(WORDS),
    st.text(max_size=6),
    st.decimals(allow_nan=False, allow_infinity=False, places=2).map(str),
)
rows_strategy = st.lists(st.lists(cell_text, min_size=0, max_size=10), max_size=25)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(
        [
            "2022年度部门整体支出绩效自评表",
            "公开01表",
            "公开04表",
            "公开06表",
            "公开08表",
            "部门整体支出绩效评价评分表",
            "考核评分表",
        ]
    ),
    rows_strategy,
)
def test_table_parsers_never_crash(title: str, rows: list[list[str]]) -> None:
    table = Table(
        rows=[[Cell(t, Loc(row=r, column=str(c))) for c, t in enumerate(row)] for r, row in enumerate(rows)]
    )
    doc = Document(
        id="fuzz",
        kind="docx",
        blocks=[Paragraph("某单位2022年度", Loc(row=1)), Paragraph(title, Loc(row=2)), table],
    )
    packages = structure(doc, strict=True)
    assert packages[0].year == 2022


@given(st.text(max_size=30))
def test_parse_number_never_crashes(text: str) -> None:
    parse_number(text)
