"""Project forms of layouts the national form does not print (issue 16), read through an .xlsx.

Each grid below is a small form in the shape a province prints it (the dev corpus holds the real
ones: 湖北 广水 transposed funds, 湖北 黄冈 one budget column, 湖南 衡山 no score columns); the
figures expected are the cells typed into it.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from jixiao.importers import import_bytes
from jixiao.importers.blocks import Paragraph, Table
from jixiao.importers.xlsx_reader import read_xlsx
from jixiao.layouts.spec import national_spec
from jixiao.model import FundsRowKind, SelfEvaluation


def _xlsx(rows: list[list[Any]], merges: list[str] = ()) -> bytes:  # type: ignore[assignment]
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = "自评表"
    for row in rows:
        ws.append(row)
    for ref in merges:
        ws.merge_cells(ref)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _form(data: bytes) -> SelfEvaluation:
    (package,) = import_bytes(data, "form.xlsx")
    (form,) = package.projects
    return form


# 湖北 广水: the sources are the columns of the funds block, one row of amounts under them; the score
# is printed in the head ("自评总分：95"); a row across the grid heads the indicator block.
SIDEWAYS = [
    ["广水市财政预算支出项目绩效目标自评表", None, None, None, None, None, None, None, None],
    ["填报日期：2022年8月10日", None, None, None, None, "自评总分：95", None, None, None],
    ["项目名称", "乡村道路建设养护项目", None, None, "项目主管单位", "广水市交通运输局", None, None, None],
    ["项目实施单位", "广水市交通运输局", None, None, "项目负责人", "孙章勇", None, None, None],
    [
        *["项目资金", "来源", "中央（万元）", "省、地（万元）", "本级（万元）", "其他（万元）"],
        *["合计（万元）", "执行数（万元）", "执行率"],
    ],
    [None, None, None, None, 309, None, 309, 308, "99.68%"],
    ["项目年度目标1：乡村道路建设养护项目", None, None, None, None, None, None, None, None],
    [
        *[None, "一级指标", "二级指标", "指标名称（三级指标）", "年初指标值", "年终完成值"],
        *["自评分", "复核分", "评价标准"],
    ],
    [
        *["项目绩效85分", "产出指标40分", "数量指标15分", "乡村道路建设养护里程", "300公里", "300公里"],
        *[15, None, "佐证资料"],
    ],
]
SIDEWAYS_MERGES = ["A1:I1", "A2:E2", "F2:I2", "A5:A6", "A7:I7"]


def test_a_funds_block_printed_sideways_is_read_by_its_source_columns() -> None:
    form = _form(_xlsx(SIDEWAYS, SIDEWAYS_MERGES))
    assert form.funds is not None
    total = form.funds.row(FundsRowKind.TOTAL)
    assert total is not None
    # 合计 309 is the year's budget, 执行数 308 what was spent; 执行率 as printed
    assert (total.annual_budget, total.executed) == (Decimal("309"), Decimal("308"))
    assert form.funds.stated_execution_rate == Decimal("99.68")
    local = form.funds.row(FundsRowKind.APPROPRIATION)
    assert local is not None and local.annual_budget == Decimal("309")  # 本级
    assert [r.kind for r in form.funds.rows].count(FundsRowKind.APPROPRIATION) == 1  # 中央, 省、地 blank
    assert form.stated_total_score == Decimal("95")  # "自评总分：95" in one cell of the head
    assert form.implementing_unit == "广水市交通运输局"


def test_the_row_across_the_grid_does_not_cut_the_form_in_two() -> None:
    doc = read_xlsx(_xlsx(SIDEWAYS, SIDEWAYS_MERGES), "x")
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert len(tables) == 1
    assert any(r[0].text.startswith("项目年度目标1") for r in tables[0].rows)
    assert isinstance(doc.blocks[0], Paragraph)  # the title is still a paragraph
    form = _form(_xlsx(SIDEWAYS, SIDEWAYS_MERGES))
    (ind,) = form.indicators
    assert (ind.name, ind.target_raw, ind.actual_raw, ind.score) == (
        "乡村道路建设养护里程",
        "300公里",
        "300公里",
        Decimal("15"),
    )


# 湖北 黄冈: one budget column (预算数(A)), the execution row's points in its headings, amounts that
# print their unit.
ONE_BUDGET = [
    ["黄冈市档案馆2020年度项目绩效自评表", None, None, None, None, None],
    ["项目名称", "档案抢救与保护专项经费", None, "项目实施单位", "黄冈市档案馆", None],
    [
        "预算执行情况（万元）（20分）",
        None,
        "预算数（A）",
        "执行数（B）",
        "执行率（B/A）",
        "得分（20分*执行率）",
    ],
    [None, "年度财政资金总额", "10万", "9.5万", "95%", 19],
    ["年度绩效指标", "一级指标", "二级指标", "三级指标", "年初目标值（A）", "实际完成值（B）"],
    [None, "产出指标", "数量指标", "抢救档案", "1000卷", "1000卷"],
]


def test_one_budget_column_is_the_budget_the_rate_divides() -> None:
    form = _form(_xlsx(ONE_BUDGET, ["A1:F1", "A3:A4", "A5:A6"]))
    assert form.funds is not None
    total = form.funds.row(FundsRowKind.TOTAL)  # "年度财政资金总额" holds 财政资金 but is the total
    assert total is not None
    assert (total.initial_budget, total.annual_budget, total.executed) == (
        None,
        Decimal("10"),
        Decimal("9.5"),
    )
    assert (form.funds.max_score, form.funds.stated_score) == (Decimal("20"), Decimal("19"))
    assert form.funds.stated_execution_rate == Decimal("95")
    assert form.funds.amount_unit in (None, "万元")


def test_amounts_in_yuan_cells_keep_their_own_unit() -> None:
    rows = [list(r) for r in ONE_BUDGET]
    rows[3][2:4] = ["100000元", "95000元"]
    form = _form(_xlsx(rows, ["A1:F1", "A3:A4", "A5:A6"]))
    assert form.funds is not None
    total = form.funds.row(FundsRowKind.TOTAL)
    assert total is not None
    assert (total.annual_budget, total.executed) == (Decimal("10"), Decimal("9.5"))  # 100000 元 = 10 万元


# 湖南 衡山: no 分值 / 得分 columns at all; 县级资金 under 其中：中央、省、市补助.
NO_SCORES = [
    ["2020年度县级专项资金绩效目标自评表", None, None, None, None, None, None],
    ["专项资金名称", "县级储备粮", None, "负责人及电话", "旷建成", None, None],
    ["县级主管部门", "衡山县商务和粮食局", None, "实施单位", "粮食调控储备与产业发展股", None, None],
    ["项目资金（万元）", None, None, "全年预算数（A）", "全年执行数（B）", "执行率（B/A）", None],
    [None, "年度资金总额", None, 194.9, 194.9, "100%", None],
    [None, "其中：中央、省、市补助", None, None, None, None, None],
    [None, "县级资金", None, 194.9, 194.9, "100%", None],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "全年完成值", "未完成原因和改进措施"],
    [None, "产出指标", "数量指标", "储备到位率", "100%", "100%", None],
    [None, "效益指标", "经济效益指标", "政策性挂账利息补贴保障率", "100%", "无", "没有轮换、动用库存"],
]


def test_a_form_without_score_columns_reads_its_targets_and_values() -> None:
    form = _form(_xlsx(NO_SCORES, ["A1:G1", "A4:A7", "B4:C4", "B5:C5", "B6:C6", "B7:C7", "A8:A10"]))
    assert form.name == "县级储备粮"
    assert form.department == "衡山县商务和粮食局"
    assert form.funds is not None
    kinds = [(r.kind, r.annual_budget) for r in form.funds.rows]
    assert kinds == [
        (FundsRowKind.TOTAL, Decimal("194.9")),
        (FundsRowKind.APPROPRIATION, None),
        (FundsRowKind.APPROPRIATION, Decimal("194.9")),
    ]
    assert [(i.name, i.target_raw, i.actual_raw, i.max_score, i.score) for i in form.indicators] == [
        ("储备到位率", "100%", "100%", None, None),
        ("政策性挂账利息补贴保障率", "100%", "无", None, None),
    ]
    assert form.indicators[1].deviation_note == "没有轮换、动用库存"


def test_funds_row_labels_by_family() -> None:
    funds = national_spec("project").funds
    assert funds is not None
    assert funds.row_kind("年度财政资金总额") == "total"
    assert funds.row_kind("其中：财政资金") == "appropriation"  # printed as a part: never the total
    for label in ("县级资金", "中央、省、市补助", "省、地", "本级", "中央补助资金"):
        assert funds.row_kind(label) == "appropriation", label
    assert funds.row_kind("其他（万元）") == "other"
