"""A project self-evaluation form whose page lost every separator (one run-together line).

The line below is made up in the shape of a 四川 衔接资金 page (figures changed): header words, row
labels and level headings run straight into the figures, and digits of neighbouring cells run into
each other. The reader cuts the line at the words the specs know and tells the figures apart by the
columns: 执行率 = 执行数 ÷ 预算数, a part no larger than the total, 分值 ≥ 得分 in the 总分 row.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.importers.structure import structure
from jixiao.importers.text_reader import read_text
from jixiao.layouts.segment import is_run_together, segment
from jixiao.model import EvaluationPackage, FundsRowKind

LINE = (
    "项目支出绩效自评表(2023年度)项目名称某村道路硬化项目主管部门某县交通运输局实施单位某县交通运输局"
    "资金情况(万元)全年预算数(A)全年执行数(B)分值执行率(B/A)得分年度资金总额:50451090.00%9"
    "其中:本年财政拨款5045其他资金绩效指标一级指标二级指标三级指标分值年度指标值全年实际值得分"
    "未完成原因及拟采取的改进措施产出指标(60分)数量指标硬化道路长度30≥2公里≥2公里30"
    "质量指标验收合格率30100%100%30效益指标(30分)社会效益指标群众出行条件改善状况30明显改善明显改善30"
    "……总分10099"
)


def package(text: str) -> EvaluationPackage:
    return structure(read_text(text, "t"), strict=True)[0]


def test_a_run_together_line_is_recognised_and_prose_is_not() -> None:
    assert is_run_together(LINE)
    prose = "本单位2023年度部门整体支出绩效自评工作按照要求开展，" * 4  # no column headers
    assert not is_run_together(prose)


def test_the_line_is_cut_at_known_words_and_between_figures() -> None:
    cells = segment(LINE)
    assert cells[cells.index("硬化道路长度") : cells.index("硬化道路长度") + 5] == [
        "硬化道路长度",
        "30",
        "≥2公里",
        "≥2公里",
        "30",
    ]
    # "30100%" is 分值 30 then 100 %; "明显改善明显改善" is the same text in two cells
    assert cells[cells.index("验收合格率") : cells.index("验收合格率") + 5] == [
        "验收合格率",
        "30",
        "100%",
        "100%",
        "30",
    ]
    assert "明显改善" in cells and "明显改善明显改善" not in cells


def test_the_form_is_read_with_its_run_together_figures_told_apart() -> None:
    p = package(LINE)
    ev = p.projects[0]
    assert ev.name == "某村道路硬化项目"
    assert ev.funds is not None
    total = ev.funds.row(FundsRowKind.TOTAL)
    # "50451090.00%9": 50 and 45, 分值 10, then 45 ÷ 50 = 90.00 %, 得分 9
    assert total is not None and (total.annual_budget, total.executed) == (Decimal(50), Decimal(45))
    assert (ev.funds.stated_execution_rate, ev.funds.max_score, ev.funds.stated_score) == (
        Decimal("90.00"),
        Decimal(10),
        Decimal(9),
    )
    part = ev.funds.row(FundsRowKind.APPROPRIATION)
    # "5045" under the total's 50 / 45: 50 and 45 (505 and 4 would exceed the total)
    assert part is not None and (part.annual_budget, part.executed) == (Decimal(50), Decimal(45))
    rows = [(i.name, i.target_raw, i.actual_raw, i.max_score, i.score) for i in ev.indicators]
    assert rows == [
        ("硬化道路长度", "≥2公里", "≥2公里", Decimal(30), Decimal(30)),
        ("验收合格率", "100%", "100%", Decimal(30), Decimal(30)),
        ("群众出行条件改善状况", "明显改善", "明显改善", Decimal(30), Decimal(30)),
    ]
    # "10099": 分值 100, 得分 99 (9 + 30 + 30 + 30 = 99)
    assert (ev.stated_total_max, ev.stated_total_score) == (Decimal(100), Decimal(99))


REPORT = """项目支出绩效自评报告
(2022年某某补助经费项目)
(二)绩效目标完成情况
1.疫苗免疫密度,年初目标值≥90%,实际完成值95%,自评得分20分;
2.抗体合格率,初目标值≥70%,实际完成值72%,自评得分18分;
3.补助资金发放率,年初目标值=100%,实际完成值=100%,自评得分20分;
二、佐证材料
"""


def test_indicator_rows_written_as_labelled_lines_are_read() -> None:
    p = package(REPORT)
    ev = next(e for e in p.evaluations() if e.indicators)
    rows = [(i.name, i.target_raw, i.actual_raw, i.score) for i in ev.indicators]
    # "初目标值" is read as a 目标值 (the end of the label names the column)
    assert rows == [
        ("疫苗免疫密度", "≥90%", "95%", Decimal(20)),
        ("抗体合格率", "≥70%", "72%", Decimal(18)),
        ("补助资金发放率", "=100%", "=100%", Decimal(20)),
    ]


def test_one_labelled_line_alone_is_not_a_form() -> None:
    p = package(
        "2022年度项目支出绩效自评报告\n二、完成情况\n1.疫苗免疫密度,年初目标值≥90%,实际完成值95%,自评得分20分;\n二、其他\n"
    )
    assert not [e for e in p.evaluations() if e.indicators]


def test_amounts_printing_wan_run_together_are_told_apart() -> None:
    """黄冈 市直 form on a mirror: "年度财政资金总额10万10万100%20" — 预算数 10万, 执行数 10万,
    执行率 100%, 得分 20 (20 × 10 ÷ 10 = 20); 万 is the cell's own unit, 年度财政资金总额 one label."""
    cells = segment("预算数(A)执行数(B)执行率(B/A)得分(20分*执行率)年度财政资金总额10万10万100%20")
    assert cells[-5:] == ["年度财政资金总额", "10万", "10万", "100%", "20"]


def test_a_name_enumerating_figures_twins_and_the_notes_under_the_table() -> None:
    """衡山 县级专项资金绩效目标自评表 run together: a name that enumerates amounts keeps them
    ("5000吨稻谷、500吨成品粮储备到位率"), "00" is two cells of 0 (no figure opens with a 0 digit),
    "高高" and "0起0起" are a target and an actual printed alike, and "注:" opens the notes."""
    cells = segment("数量指标5000吨稻谷、500吨成 品粮储备到位率100%100%县级储备粮库存粮 食明显变质比例00")
    assert cells == [
        "数量指标",
        "5000吨稻谷、500吨成品粮储备到位率",
        "100%",
        "100%",
        "县级储备粮库存粮食明显变质比例",
        "0",
        "0",
    ]
    # the next page of the site ("3、") opens with the two cells of the row the page break cut
    cells = segment(
        "3、高高满意 度指 标服务 对象 满意 度指 标因粮食市场波动引 起的粮食安全事件 发生数0起0起说明无注:1、其他资金包括"
    )
    assert cells[:2] == ["高", "高"]
    assert cells[4:9] == ["因粮食市场波动引起的粮食安全事件发生数", "0起", "0起", "说明无", "注:"]


def test_a_head_field_the_package_does_not_keep_ends_the_name_before_it() -> None:
    """ "专项资金名称县级储备粮负责人及电话旷建成、向建军": 负责人及电话 is a head label, not part of the name."""
    pkg = package(
        "2020年度县级专项资金绩效目标自评表专项资金名称县级储备粮负责人及电话旷建成、向建军"
        "县级主管部门衡山县商务和粮食局实施单位粮食调控储备与产业发展股项目资金(万元)全年预算数(A)"
        "全年执行数(B)执行率(B/A)年度资金总额194.9194.9100%其中:中央、省、市补助县级资金194.9194.9100%"
        "其他资金绩效指标一级指标二级指标三级指标年度指标值全年完成值未完成原因和改进措施产出指标数量指标"
        "库存数量真实率100%100%质量指标储备粮管理专户管理率100%100%说明无注:1、其他资金包括"
    )
    ev = pkg.projects[0]
    assert ev.name == "县级储备粮"
    # 库存数量真实率 and 储备粮管理专户管理率; the notes under the table are no indicator
    assert [i.name for i in ev.indicators] == ["库存数量真实率", "储备粮管理专户管理率"]
    assert [(i.target_raw, i.actual_raw) for i in ev.indicators] == [("100%", "100%"), ("100%", "100%")]


def test_a_dates_month_is_not_cut_as_a_zero_cell() -> None:
    """Only a figure run ("00", "0100%") opening with 0 is two cells; "05月" is a date's month."""
    assert segment("完成时间2021年05月30日比例00")[-5:] == ["05月", "30日", "比例", "0", "0"]
