"""评分表 read by the ``scoring-table`` specs: any column order, headings carried down, the kind by title."""

from __future__ import annotations

from decimal import Decimal

from jixiao.audit import check_package
from jixiao.importers import import_bytes
from jixiao.importers.scoring_forms import scoring_specs
from jixiao.layouts import lint
from jixiao.model import FundsRowKind


def _html(title: str, header: list[str], rows: list[list[str]]) -> bytes:
    def tr(cells: list[str]) -> str:
        return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"

    body = "".join(tr(r) for r in [header, *rows])
    return (
        f"<html><body><p>某某县社会保险服务中心2023年度部门整体支出绩效自评报告</p>"
        f"<p>附件3-2</p><p>{title}</p><table>{body}</table></body></html>"
    ).encode()


def test_the_scoring_specs_load_and_lint_clean() -> None:
    kinds = {s.scoring.kind for s in scoring_specs() if s.scoring is not None}
    assert kinds == {"scoring", "work_assessment", "results"}
    assert lint() == []


def test_a_three_level_scoring_table_in_its_own_column_order() -> None:
    data = _html(
        "部门整体支出绩效评价评分表",
        ["一级指标", "二级指标", "三级指标", "分值", "评分标准", "自评得分", "扣分原因和其他说明"],
        [
            ["投  入（15分）", "预算配置（15分）", "财政供养人员控制率", "5", "≤100%，计5分", "5", ""],
            ["", "", "三公经费变动率", "5", "≤0，计5分", "4", "超支扣1分"],
            ["", "", "重点支出保障率", "5", "≥100%，计5分", "5", ""],
            ["总分", "", "", "15", "", "14", ""],
        ],
    )
    (package,) = import_bytes(data, "scoring.html")
    table = package.scoring_table
    assert table is not None and package.work_assessment is None
    assert table.attachment == "附件3-2"
    assert [r.name for r in table.rows] == ["财政供养人员控制率", "三公经费变动率", "重点支出保障率"]
    second = table.rows[1]
    assert (second.level1, second.level1_max, second.level2, second.level2_max) == (
        "投入",
        Decimal(15),
        "预算配置",
        Decimal(15),
    )
    assert (second.max_score, second.self_score, second.note) == (Decimal(5), Decimal(4), "超支扣1分")
    assert (table.stated_total_max, table.stated_total_score) == (Decimal(15), Decimal(14))


def test_a_two_level_work_assessment_table_is_told_by_its_title() -> None:
    data = _html(
        "2023年度绩效自评工作考核评分表",
        ["一级指标", "二级指标", "评分标准", "评分"],
        [
            ["布置工作（20分）", "自评通知（8分）", "按时下发通知，计8分", "8"],
            ["", "自评培训（12分）", "组织培训，计12分", "10"],
            ["合计（100分）", "", "", "18"],
        ],
    )
    (package,) = import_bytes(data, "assessment.html")
    table = package.work_assessment
    assert table is not None and package.scoring_table is None
    assert [(r.name, r.max_score, r.self_score) for r in table.rows] == [
        ("自评通知", Decimal(8), Decimal(8)),
        ("自评培训", Decimal(12), Decimal(10)),
    ]
    assert table.rows[0].level2 is None  # two levels: the 二级 row is the scored line
    assert (table.stated_total_max, table.stated_total_score) == (Decimal(100), Decimal(18))


def test_a_work_assessment_printed_as_flowing_lines() -> None:
    text = "\n".join(
        [
            "某州社会保险服务中心2024年度部门整体支出绩效自评报告",
            "附件 9",
            "2024 年度州级预算部门整体支出绩效自评工作考核",
            "评分表",
            "州级预算部门名称：州社会保险服务中心 编号：",
            "一级",
            "指标",
            "二级指标 评分标准 评分",
            "布置",
            "工作",
            "10 分",
            "自评通知",
            "（8分）",
            "1、印发绩效自评通知的得 2 分，否则不得分。",
            "8",
            "工作小组",
            "（2分）",
            "成立绩效自评工作小组的得 2 分，否则不得分。 2",
            "合计 10 分 10",
            "评分等级",
            "优",
            "评分人：",
        ]
    )
    (package,) = import_bytes(text.encode(), "flow.txt")
    table = package.work_assessment
    assert table is not None
    assert table.title == "2024 年度州级预算部门整体支出绩效自评工作考核评分表"
    assert table.assessed_unit == "州社会保险服务中心"
    assert [(r.level1, r.name, r.max_score, r.self_score) for r in table.rows] == [
        ("布置工作", "自评通知", Decimal(8), Decimal(8)),
        ("布置工作", "工作小组", Decimal(2), Decimal(2)),
    ]
    assert table.rows[1].criterion == "成立绩效自评工作小组的得 2 分，否则不得分。"
    assert (table.stated_total_max, table.stated_total_score, table.stated_grade) == (
        Decimal(10),
        Decimal(10),
        "优",
    )


RESULTS_TEXT = """\
一、重点评价项目基本情况
具体评价结果明细见下表:
序号 |
评价政策或项目资金名称 |
主管部门 (业主单位) |
代建 (实施)单位 |
资金规模(万元) |
评分情况 |
评级情况 |
1 |
某区科技援企稳岗补贴专项资金项目 |
区科技局 |
区科技局 |
460 |
90.1 |
优 |
2 |
某区文化艺术中心运维经费项目 |
区文旅委 |
区文艺中心 |
265 |
83 |
良 |
二、存在的问题
"""


def test_a_list_of_evaluation_results_gives_one_project_a_row() -> None:
    (package,) = import_bytes(RESULTS_TEXT.encode("utf-8"), "报告.txt")
    rows = [
        (
            p.name,
            p.funds.row(FundsRowKind.TOTAL).annual_budget,  # type: ignore[union-attr]
            p.stated_total_score,
            p.stated_grade,
        )
        for p in package.projects
    ]
    assert rows == [
        ("某区科技援企稳岗补贴专项资金项目", Decimal(460), Decimal("90.1"), "优"),
        ("某区文化艺术中心运维经费项目", Decimal(265), Decimal(83), "良"),
    ]
    # the evaluated projects' own units are not taken for the paper's
    assert all(p.implementing_unit is None for p in package.projects)


def test_a_results_table_in_yuan() -> None:
    html = (
        "<html><body><p>重点绩效评价结果明细表</p><table>"
        "<tr><td>序号</td><td>项目名称</td><td>资金规模（元）</td><td>评价得分</td><td>评价等级</td></tr>"
        "<tr><td>1</td><td>道路养护项目</td><td>1,200,000</td><td>86.5</td><td>良</td></tr>"
        "</table></body></html>"
    ).encode()
    (package,) = import_bytes(html, "结果.html")
    (project,) = package.projects
    # 1,200,000 元 × 0.0001 = 120 万元
    assert project.funds.row(FundsRowKind.TOTAL).annual_budget == Decimal(120)  # type: ignore[union-attr]
    assert (project.stated_total_score, project.stated_grade) == (Decimal("86.5"), "良")


# A 评分表 as an archive writes out an HTML table: cells between pipes, a row broken wherever a cell held
# a line break, merged cells left out and the row padded with empty cells at its end (寿县 2023).
_PIPE_RUN = """某某县文化馆2023年度部门整体支出绩效评价自评表
序号 | 一级 指标 |
二级 指标 |
三级 指标 |
指标分值 | 指标解释 | 指标说明及评分标准 | 自评得分 |
1 | 规划 (10分) |
基础信息 (4分) | 基础信息 完整性 | 4 | 基础信息是否完整。 | 真实(2分); 完整(2分)。 |
3 |
2 | 工作计划 (6分) | 年度工作 计划完整性 | 3 | 计划是否完整可行。 | 计划是否完整可行(3分) | 2 | |
3 | 年度工作 计划明确性 | 3 | 计划是否明确。 | 计划是否明确可操作(3分) | 3 | ||
合计 | 10 | 8 |
"""


def test_a_scoring_table_given_as_a_broken_run_of_pipe_cells() -> None:
    [pkg] = import_bytes(_PIPE_RUN.encode(), "自评表.txt")
    table = pkg.scoring_table
    assert table is not None
    got = [
        (r.level1, r.level1_max, r.level2, r.level2_max, r.name, r.max_score, r.self_score)
        for r in table.rows
    ]
    assert got == [
        ("规划", Decimal(10), "基础信息", Decimal(4), "基础信息完整性", Decimal(4), Decimal(3)),
        # one heading printed: the inner one; 规划 continues from the row above
        ("规划", Decimal(10), "工作计划", Decimal(6), "年度工作计划完整性", Decimal(3), Decimal(2)),
        # both headings left out (merged): both continue
        ("规划", Decimal(10), "工作计划", Decimal(6), "年度工作计划明确性", Decimal(3), Decimal(3)),
    ]
    # the criterion is the last text before 得分, not the 指标解释 beside it
    assert [r.criterion for r in table.rows] == [
        "真实(2分); 完整(2分)。",
        "计划是否完整可行(3分)",
        "计划是否明确可操作(3分)",
    ]
    assert (table.stated_total_max, table.stated_total_score) == (Decimal(10), Decimal(8))
    # a 部门整体支出绩效评价自评表 is the unit's own overall form: its rows are the indicators
    assert pkg.overall is not None and not pkg.overall.truncated
    assert [(i.name, i.max_score, i.score) for i in pkg.overall.indicators] == [
        ("基础信息完整性", Decimal(4), Decimal(3)),
        ("年度工作计划完整性", Decimal(3), Decimal(2)),
        ("年度工作计划明确性", Decimal(3), Decimal(3)),
    ]
    # 得分 3 + 2 + 3 = 8 = 合计 8; 分值 4 + 3 + 3 = 10 = 合计 10 = 规划（10分）: nothing to find
    assert (pkg.overall.stated_total_max, pkg.overall.stated_total_score) == (Decimal(10), Decimal(8))


def test_a_pipe_run_cut_before_its_total_leaves_the_last_group_open() -> None:
    cut = _PIPE_RUN.split("合计")[0]
    [pkg] = import_bytes(cut.encode(), "自评表.txt")
    table = pkg.scoring_table
    assert table is not None and len(table.rows) == 3
    # 工作计划 (6分) holds 3 + 3 = 6 here, but the excerpt may end inside 规划 (10分): the open groups'
    # weights are not claimed (4 + 3 + 3 = 10 could not be told from a cut 10 + …)
    assert [(r.level1_max, r.level2_max) for r in table.rows] == [
        (None, Decimal(4)),
        (None, None),
        (None, None),
    ]
    assert pkg.overall is not None and pkg.overall.truncated


def test_a_table_cut_before_its_total_leaves_the_last_group_open() -> None:
    data = _html(
        "部门整体支出绩效评价评分表",
        ["一级指标", "二级指标", "三级指标", "分值", "评分标准", "自评得分"],
        [
            ["投入（15分）", "预算配置（15分）", "财政供养人员控制率", "5", "≤100%，计5分", "5"],
            ["", "", "三公经费变动率", "5", "≤0，计5分", "4"],
            ["过程（35分）", "预算执行（20分）", "预算执行率", "5", "≥90%，计5分", "5"],
        ],
    )
    [pkg] = import_bytes(data, "t.html")
    table = pkg.scoring_table
    assert table is not None
    # 投入 (15) holds only 5 + 5 = 10 of its rows here, yet it is closed by the next heading: kept;
    # 过程 (35) / 预算执行 (20) are open when the excerpt ends (no 总分 row): their weights are not claimed
    assert [(r.level1_max, r.level2_max) for r in table.rows] == [
        (Decimal(15), Decimal(15)),
        (Decimal(15), Decimal(15)),
        (None, None),
    ]
    codes = [f.code for f in check_package(pkg)]
    assert codes.count("WGT005") == 2  # 投入 15 ≠ 5 + 5 = 10, and 预算配置 15 ≠ 10 — the closed group
