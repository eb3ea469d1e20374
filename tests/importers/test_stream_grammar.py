"""The stream reader's grammar on forms flattened into runs of cells (issue 16).

The form below is made up in the shape of the 云南 公开14表 (figures changed): a header printed over
two rows (绩效指标 over 一级/二级/三级指标, 年度指标值 over 指标性质/指标值/度量单位), flattened the way
a web archive flattens an HTML table — cells between pipes, a line break wherever a cell held one,
lone "|" lines for empty cells — and then the same form one cell a line with its cells wrapped at
a fixed width, as a PDF's text layer gives it.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.importers.blocks import Paragraph, Table
from jixiao.importers.stream_forms import fold_header
from jixiao.importers.structure import structure
from jixiao.importers.text_reader import read_text
from jixiao.model import EvaluationPackage, FundsRowKind

# a 公开14表 as an archive flattened it: the 年度资金总额 row's label stands after the header cells,
# its 年初预算数 is blank, the parts' empty cells are lone pipes
PIPE_STREAM = """\
2022年度项目支出绩效自评表 | 部门:某县某中学 |
|
|
| 公开14表 | 项目名称 | 学生营养改善计划 | 主管部门 | 某县教育体育局 | 实施单位 | 某县某中学 | 项目资金 (元) |
| 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 | 年度资金总额 |
| 200000 | 180000 | 10 | 90% | 9 | 其中:当年财政 拨款 |
| 200000 | 180000 | — |
| — | 上年结转 资金 |
|
|
| — | 其他资金 | — | — | — | — |
| — | 年度 总体 目标 | 预期目标 | 实际完成情况 | 改善学生营养 | 改善了学生营养 | 绩效指标 | 年度指标值 | \
实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | \
产出指标 | 数量指标 | 受助学生人数 | ≧ | 500 | 人 | 520 | 40 | 40 |
| 质量指标 | 供餐合格率 | ═ | 100 | % | 98% | 40 | 39 |
| 满意度指标 | 服务对象满意度指标等 | 家长满意度 | ≧ | 90 | % | 95% | 10 | 10 |
| 其他需要说明事项 | 无 | 总分 | 100 | 98 | 优 |
"""


def package(text: str) -> EvaluationPackage:
    return structure(read_text(text, "t"), strict=True)[0]


def test_a_header_printed_over_two_rows_is_folded_into_its_columns() -> None:
    # first row: 绩效指标 (no role) over the levels, 年度指标值 over the target's parts, the rest
    # merged down through both rows; second row: the sub-headers
    run = [None, "target", "actual", "max_score", "score", "note"]
    run += ["level1", "level2", "name", "target_comparator", "target", "target_unit"]
    assert fold_header(run) == [
        "level1",
        "level2",
        "name",
        "target_comparator",
        "target",
        "target_unit",
        "actual",
        "max_score",
        "score",
        "note",
    ]
    # levels merged down, only the target split in the second row
    run = ["level1", "level2", "name", "target", "actual", "max_score", "score"]
    run += ["target_comparator", "target", "target_unit"]
    assert fold_header(run) == [
        "level1",
        "level2",
        "name",
        "target_comparator",
        "target",
        "target_unit",
        "actual",
        "max_score",
        "score",
    ]
    one_row = ["level1", "level2", "name", "target_comparator", "target", "target_unit", "actual"]
    assert fold_header(one_row) == one_row


def test_a_pipe_run_with_lone_empty_cells_between_rows_stays_paragraphs() -> None:
    doc = read_text(PIPE_STREAM, "t")
    assert not any(isinstance(b, Table) for b in doc.blocks)
    assert all(isinstance(b, Paragraph) for b in doc.blocks)


def test_a_table_typed_one_row_a_line_with_merged_rows_stays_a_table() -> None:
    # rows of different widths (a cell merged across columns) and a one-cell row of text: a grid
    # (its one-cell row ends it, as before; no lone empty cell stands between its rows)
    text = "| 项目 | 预算数 | 执行数 |\n| 合计 | 10 | 8 |\n| 说明:执行率80% |\n| 其中:财政拨款 | 10 | 8 |\n"
    doc = read_text(text, "t")
    assert isinstance(doc.blocks[0], Table)
    assert [[c.text for c in row] for row in doc.blocks[0].rows] == [
        ["项目", "预算数", "执行数"],
        ["合计", "10", "8"],
    ]


def test_a_cell_broken_over_two_lines_makes_a_pipe_run_a_stream() -> None:
    text = "| 项目名称 | 某项目 | 项目资金\n(万元) | 年初预算数 | 全年预算数 |\n"
    assert all(isinstance(b, Paragraph) for b in read_text(text, "t").blocks)


def test_the_flattened_form_reads_by_the_header_grammar() -> None:
    ev = package(PIPE_STREAM).projects[0]
    assert ev.name == "学生营养改善计划"
    assert ev.funds is not None
    total = ev.funds.row(FundsRowKind.TOTAL)
    assert total is not None
    # five values under six columns; the reading where 执行率 = 执行数 ÷ 预算数 holds:
    # 180000 ÷ 200000 = 90 %, so 年初预算数 is the blank one; 200000 元 = 20 万元
    assert (total.initial_budget, total.annual_budget, total.executed) == (None, Decimal(20), Decimal(18))
    assert (ev.funds.max_score, ev.funds.stated_execution_rate, ev.funds.stated_score) == (
        Decimal(10),
        Decimal(90),
        Decimal(9),
    )
    rows = [(i.name, i.target_raw, i.actual_raw, i.max_score, i.score) for i in ev.indicators]
    # the target joins 指标性质, 指标值 and 度量单位 as printed
    assert rows == [
        ("受助学生人数", "≧500人", "520", Decimal(40), Decimal(40)),
        ("供餐合格率", "═100%", "98%", Decimal(40), Decimal(39)),
        ("家长满意度", "≧90%", "95%", Decimal(10), Decimal(10)),
    ]
    # the remark row before 总分 is stepped over: 总分 100 / 98 / 优
    assert (ev.stated_total_max, ev.stated_total_score, ev.stated_grade) == (Decimal(100), Decimal(98), "优")


# the national form one cell a line, its long cells wrapped at eight characters (a PDF text layer),
# empty cells gone
WRAPPED = """\
项目支出绩效自评表
（2022年度）
项目名称
乡村道路养护项目
主管部门
某县交通运输局
实施单位
某县公路养护中心
一级指标
二级指标
三级指标
年度指标值
实际完成值
分值
得分
偏差原因分析及改进措施
产出指标
数量指标
养护农村公路里程数（含
通村公路）
≥120公里
125公里
50
50
质量指标
路面养护合格率
≥95%
90%
50
45
部分路段雨季返修，下年
度提前安排
总分
100
95
"""


def test_cells_wrapped_over_lines_are_joined_back_by_the_row_grammar() -> None:
    ev = package(WRAPPED).projects[0]
    rows = [
        (i.name, i.target_raw, i.actual_raw, i.max_score, i.score, i.deviation_note) for i in ev.indicators
    ]
    assert rows == [
        ("养护农村公路里程数（含通村公路）", "≥120公里", "125公里", Decimal(50), Decimal(50), None),
        ("路面养护合格率", "≥95%", "90%", Decimal(50), Decimal(45), "部分路段雨季返修，下年度提前安排"),
    ]
    # Σ 分值 50 + 50 = 100, Σ 得分 50 + 45 = 95
    assert (ev.stated_total_max, ev.stated_total_score) == (Decimal(100), Decimal(95))


def test_a_total_rows_lone_figure_is_placed_by_the_empty_cells_after_it() -> None:
    # "合计 | 90 | | |" under 分值 | 得分 | 偏差原因: two empty cells after it — it stands under 分值;
    # the rows' 分值 add up to 90 too, and their 得分 to 85, so the sums alone would not say 得分
    text = "\n".join(
        f"{c} |" if c else "|"
        for c in [
            "项目支出绩效自评表（2022年度）",
            "项目名称",
            "某项目",
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
            "产出指标",
            "数量指标",
            "完成户数",
            "≥10户",
            "9户",
            "90",
            "85",
            "",
            "合计",
            "90",
            "",
            "",
        ]
    )
    ev = package(text + "\n").projects[0]
    assert [(i.name, i.max_score, i.score) for i in ev.indicators] == [("完成户数", Decimal(90), Decimal(85))]
    assert (ev.stated_total_max, ev.stated_total_score) == (Decimal(90), None)


# a PDF text layer that gives the label column after the figures (made up in the shape of a 上海
# 普陀区 财政项目支出绩效自评表, figures changed): the total's and the fiscal part's figures run on
# after the header, the 执行率 cell and the labels 年度资金总额 / 其中:当年财政拨款 come later
PDF_LAYER = (
    "财政项目支出绩效自评表 (2022 年度) 某场馆运营费用 项目名称 主管部门 某区体育局 "
    "年初预算数 全年预算数 全年执行数 分值 执行率 得分 100000.00 100000.00 80,000 10 8 "
    "100000.00 100000.00 80000 — 上年结转资金 0 0 — 其他资金 0 0 — 年度资金总额 项目资金 (元) "
    "某区体育 事业管理中心 实施单位 其中:当年财政拨款 预期目标 年度 总体 目标 80% 实际完成情况 已完成。 "
    "财政项目支出绩效自评表 (2022 年度) 项目名称 对口支援经费 主管部门 某区体育局"
)


def test_figures_printed_before_their_row_labels_are_read_by_the_labels_that_follow() -> None:
    pkg = package(PDF_LAYER)
    first = pkg.projects[0]
    assert first.funds is not None
    total, fiscal = first.funds.row(FundsRowKind.TOTAL), first.funds.row(FundsRowKind.APPROPRIATION)
    assert total is not None and fiscal is not None
    # amounts in 元 ("项目资金 (元)", printed after the figures): 100000 元 = 10 万元, 80000 元 = 8 万元
    assert (total.annual_budget, total.executed) == (Decimal("10"), Decimal("8"))
    assert (fiscal.annual_budget, fiscal.executed) == (Decimal("10"), Decimal("8"))
    # 分值 10, 得分 8 = 10 × 80000 ÷ 100000; the lone 80% among the labels is the 执行率 cell
    assert (first.funds.max_score, first.funds.stated_score) == (Decimal("10"), Decimal("8"))
    assert first.funds.stated_execution_rate == Decimal("80")
    # the next form's 项目名称 begins that form: it is not taken as this one's name
    assert first.name is None


def test_a_row_whose_first_cell_broke_onto_its_own_line_stays_in_the_pipe_table() -> None:
    # 黄石 海绵城市 自评表 (tests/corpus/real/dev/hb-huangshi-zjj-2022-project): "成本指标" alone on a line
    # between two pipe rows; the row is "成本指标 | 省级宣传片制作费… | 200万 | 195.5万元 | 10"
    text = (
        "| 产出指标 | 数量指标 | 完成宣传片 | 1部 | 1部 | 10 |\n"
        "| 质量指标 | 通过专家评审 | 通过 | 通过 | 10 |\n"
        "成本指标\n"
        "| 省级宣传片制作费 | 200万 | 195.5万元 | 10 |\n"
        "| 效益指标 | 社会效益指标 | 指导城市建设 | 完成 | 完成 | 10 |\n"
    )
    [table] = read_text(text, "t").blocks
    assert isinstance(table, Table)
    assert [c.text for c in table.rows[2]] == ["成本指标", "省级宣传片制作费", "200万", "195.5万元", "10"]
    assert table.rows[2][0].loc.line == 3 and len(table.rows) == 4


def test_an_indicator_named_by_a_heading_word_is_read() -> None:
    # 丽江 古城区 卫片执法 自评表 (tests/corpus/real/dev/yn-lijiang-gucheng-zrzyj-2020-project): the last row's
    # name is "满意度", a level-1 word, right after its level-2 cell and before its comparator
    text = PIPE_STREAM.replace(
        "| 满意度指标 | 服务对象满意度指标等 | 家长满意度 | ≧ | 90 | % | 95% | 10 | 10 |",
        "| 满意度指标 | 服务对象满意度指标等 | 满意度 | ≧ | 90 | % | 95% | 10 | 10 |",
    )
    rows = [(i.name, i.target_raw, i.max_score) for i in package(text).projects[0].indicators]
    assert rows[-1] == ("满意度", "≧90%", Decimal(10))  # 40 + 40 + 10 = 90 of the indicators' 分值
    assert len(rows) == 3


def test_the_note_under_a_run_together_form_is_its_remark() -> None:
    # 中江县 水标尺 自评表 (tests/corpus/real/dev/sc-deyang-zhongjiang-water-2022-project), its text run
    # together without a separator: "…总分100100注:1.一级指标分值统一设置为:产出指标50分、效益指标30分…".
    # The note fixes 产出 50 and 效益 30 while the form's headings print 产出指标(70分) and 效益指标(20分):
    # two WGT002, as on the typeset copy, which a grid reader keeps the note of
    from pathlib import Path

    from jixiao.audit import check_package
    from jixiao.importers.api import import_bytes

    path = Path(__file__).resolve().parents[1] / "corpus/real/dev/sc-deyang-zhongjiang-water-2022-project"
    (p,) = import_bytes((path / "document.txt").read_bytes(), "document.txt")
    note = p.projects[0].grade_note or ""
    assert note.startswith("注:1.一级指标分值统一设置为:产出指标50分、效益指标30分")
    assert sorted(f.code for f in check_package(p) if f.code == "WGT002") == ["WGT002", "WGT002"]


def test_a_total_printed_with_its_unit_is_read() -> None:
    # 黄石 海绵城市 自评表, one cell a line: "总分 |", "99.55分 |" — the 总分 row's figures with "分"
    text = PIPE_STREAM.replace("| 总分 | 100 | 98 | 优 |", "| 总分 | 100分 | 98分 | 优 |")
    assert "100分" in text
    ev = package(text).projects[0]
    assert (ev.stated_total_max, ev.stated_total_score, ev.stated_grade) == (Decimal(100), Decimal(98), "优")


def test_pipe_rows_without_their_rowspan_cells_stand_under_the_last_columns() -> None:
    # an HTML table written out one row a line gives a cell merged down over rows once: the 2nd and
    # 3rd indicator rows print no 一级/二级 cell (6 cells under a 9-column header: columns 4–9)
    text = """\
| 项目支出绩效自评表 |
| (2023年度) |
| 项目名称 | 乡村建设项目 |
| 项目资金 (万元) |  | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
| 年度资金总额 | 329.77 | 329.77 | 329.77 | 10 | 100% | 10 |
| 绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
| 产出指标 | 数量指标 | 指标1:示范村建设数量 | ≤4 | 4 | 30 | 30 |  |
| 指标2:宜居自然村庄数量 | ≥200 | 202 | 30 | 30 |  |
| 指标3:户用卫生厕所改造数量 | ≥2000 | 3061 | 20 | 18 |  |
| 满意度指标 | 服务对象满意度指标 | 群众满意度 | ≥90% | 95% | 10 | 10 |  |
| 总分 | 100 | 98 |
"""
    rows = [
        (i.name, i.target_raw, i.actual_raw, i.max_score, i.score)
        for i in package(text).projects[0].indicators
    ]
    assert rows == [
        ("指标1:示范村建设数量", "≤4", "4", Decimal(30), Decimal(30)),
        ("指标2:宜居自然村庄数量", "≥200", "202", Decimal(30), Decimal(30)),
        ("指标3:户用卫生厕所改造数量", "≥2000", "3061", Decimal(20), Decimal(18)),
        ("群众满意度", "≥90%", "95%", Decimal(10), Decimal(10)),
    ]


def test_padded_pipe_rows_without_their_rowspan_cells_and_numbered_rows() -> None:
    # 隆阳区 土肥站 2022 shape: every row padded with empty cells to the table's width ("| 5.0 | ||||||"),
    # rows under a merged 一级/二级 cell print 4 values (三级, 指标值, 完成值, 得分) and indicators are
    # numbered "一、" / "1、": the padding is not a cell, and "二、…" with figures is a row, not a heading
    text = """\
| 2022年度项目支出绩效自评表 |
| 项目名称 | 化肥减量增效项目 | ||||||||
| 预算执行情况(万元) (20分) | 预算数(A) | 执行数(B) | 执行率(B/A) | 得分 (20分*执行率) | |||||
| 年度财政资金总额 | 100 | 90 | 90% | 18 | |||||
| 年度绩效目标 (80分) | 一级指标 | 二级指标 | 三级指标 | 年初目标值(A) | 实际完成值(B) | 得分 | |||
| 产出指标 | 数量指标 | 一、示范区建立 | ≧200亩 | 200亩 | 15.0 | ||||
| 1、水稻侧深施肥 | ≧50亩 | 50亩 | 5.0 | ||||||
| 二、田间试验 | ≧15组 | 12组 | 12.0 | ||||||
| 质量指标 | 配方肥到位率 | ≧80% | 85.6% | 10.0 | |||||
| 三、自评结论 |
"""
    rows = [(i.name, i.target_raw, i.actual_raw, i.score) for i in package(text).projects[0].indicators]
    assert rows == [
        ("一、示范区建立", "≧200亩", "200亩", Decimal("15.0")),
        ("1、水稻侧深施肥", "≧50亩", "50亩", Decimal("5.0")),
        ("二、田间试验", "≧15组", "12组", Decimal("12.0")),
        ("配方肥到位率", "≧80%", "85.6%", Decimal("10.0")),
    ]


_SPACE_RUN = (
    "稷山县项目支出绩效自评表 (2021年度) 项目名称 国家基本公共卫生服务 主管部门 稷山县卫生健康和体育局 "
    "实施单位 稷山县翟店镇卫生院 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 产出指标 数量指标 "
    "指标6:举办健康教育宣传咨询活动 12次 96次 1 1 指标7:建立预防接种证 221人 221人 2 2 "
    "指标8:适龄儿童疫苗接种率 100.00% 97.30% 2 1.9\n"
)


def _rows_of(text: str) -> list[tuple[str, str | None, str | None, Decimal | None, Decimal | None]]:
    return [
        (i.name, i.target_raw, i.actual_raw, i.max_score, i.score)
        for i in package(text).projects[0].indicators
    ]


_SPACE_ROWS = [
    ("指标6:举办健康教育宣传咨询活动", "12次", "96次", Decimal(1), Decimal(1)),
    ("指标7:建立预防接种证", "221人", "221人", Decimal(2), Decimal(2)),
    ("指标8:适龄儿童疫苗接种率", "100.00%", "97.30%", Decimal(2), Decimal("1.9")),
]


def test_two_line_header_cells_flattened_line_by_line_are_joined() -> None:
    # 稷山县 翟店镇卫生院 2021 (sx-yuncheng-jishan-zhaidian): the cells "年度\n指标值" and "实际\n完成值" of a
    # workbook come out first lines first — "年度 实际 指标值 完成值"
    assert _rows_of(_SPACE_RUN) == _SPACE_ROWS
    assert _rows_of(_SPACE_RUN.replace("年度指标值 实际完成值", "年度 实际 指标值 完成值")) == _SPACE_ROWS


def test_target_and_actual_headers_printed_apart_from_the_indicator_header() -> None:
    # the same workbook printed 年度指标值 / 实际完成值 a few cells before the rest of the indicator header,
    # a row's cells between them; without them the rows' targets were read as names ("12次") and their figures lost
    text = _SPACE_RUN.replace(
        "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分",
        "年度 实际 指标值 完成值 指标1:居民健康档案 38508人 一级指标 二级指标 三级指标 分值 得分",
    )
    assert _rows_of(text) == _SPACE_ROWS


def test_figures_cut_from_a_run_without_a_printed_rate_are_uncertain() -> None:
    # 零陵区 疾控中心 2021 (tests/corpus/real/dev/hn-yongzhou-lingling-cdc-2021-overall): header and figures run
    # together, "…分值执行率得分年度资金总额2456.182456.182456.1810100%10"; the glued header gives no 执行率
    # column, so no rate checks how the run is cut — the cut figures are uncertain and the findings that
    # rest on them are warnings that say so, not errors
    from pathlib import Path

    from jixiao.audit import Severity, check_package
    from jixiao.importers.api import import_bytes

    dev = Path(__file__).resolve().parents[1] / "corpus/real/dev"
    (p,) = import_bytes(
        (dev / "hn-yongzhou-lingling-cdc-2021-overall/document.txt").read_bytes(), "document.txt"
    )
    sums = [f for f in check_package(p) if f.code in ("SUM005", "OVB002")]
    assert sums and all(f.severity == Severity.WARNING and "连写的数字拆分" in f.message for f in sums)
    # 中江 水标尺 2022: its run "202010100.00%" is cut under a printed 执行率 (20 ÷ 20 = 100 %): checked, certain
    (q,) = import_bytes(
        (dev / "sc-deyang-zhongjiang-water-2022-project/document.txt").read_bytes(), "document.txt"
    )
    funds = q.projects[0].funds
    assert funds is not None
    assert not [s for row in funds.rows for s in row.sources.values() if s.uncertain]


def test_a_rate_printed_as_a_fraction_is_a_percentage_when_the_figures_say_so() -> None:
    # 裕安区 文旅局 2022 (ah-luan-yuan-wlj): "年度资金总额 29 29 27.8 9 0.958 8" — an Excel cell that lost its percent
    # format; 27.8 ÷ 29 = 0.95862, cut to 0.958: the rate is 95.8 % (one decimal), not 0.958 %
    text = """\
| 项目支出绩效自评表 |
| (2022年度) |
| 项目名称 | 市级文物保护专项经费 |
| 项目资金 (万元) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
| 年度资金总额 | 29 | 29 | 27.8 | 9 | 0.958 | 8 |
| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
| 产出指标 | 数量指标 | 修缮建筑面积 | 6000平方米 | 6000平方米 | 50 | 50 |
"""
    funds = package(text).projects[0].funds
    assert funds is not None and funds.stated_execution_rate == Decimal("95.8")
    assert str(funds.stated_execution_rate) == "95.8"  # printed precision kept: one decimal
    # a fraction that does not fit the figures stays as printed: 0.5 is not 27.8 ÷ 29
    other = package(text.replace("0.958", "0.5")).projects[0].funds
    assert other is not None and other.stated_execution_rate == Decimal("0.5")


def test_a_header_line_continued_on_the_next_line_is_joined() -> None:
    # 裕安区 文旅局 2022 (ah-luan-yuan-wlj), a PDF's text layer: the cells "年度\n指标值" and "实际\n完成值" broke,
    # their second lines below the header line with nothing else: "… 三级指标 年度 实际 分值 得分 …" / "指标值 完成值"
    text = """\
市级文物保护专项经费绩效自评表(2022年度)
项目名称 市级文物保护专项经费
绩效指标 一级指标 二级指标 三级指标 年度 实际 分值 得分 偏差原因分析及改进措施
指标值 完成值
产出指标 数量指标 指标2:修缮建筑面积 6000平方米 6000平方米 7 7
指标3:修缮级别 市级保护单位 市级保护单位 7 7
质量指标 指标1:验收通过率 100% 95% 6 5
"""
    assert _rows_of(text) == [
        ("指标2:修缮建筑面积", "6000平方米", "6000平方米", Decimal(7), Decimal(7)),
        ("指标3:修缮级别", "市级保护单位", "市级保护单位", Decimal(7), Decimal(7)),
        ("指标1:验收通过率", "100%", "95%", Decimal(6), Decimal(5)),
    ]


def test_funds_rows_whose_labels_were_printed_before_the_header() -> None:
    # 稷山县 医保中心 2020 (sx-yuncheng-jishan-ybzx), a workbook flattened cell by cell: the labels 年度资金总额 and
    # 其中:当年财政拨款 before the header, then each row's cells in the header's order (65.07 ÷ 65.66 = 99.1 %)
    text = (
        "稷山县项目支出绩效自评表 (2020年度) 项目名称 建档立卡个人缴费县级配套资金 主管部门 稷山县医疗保障局 "
        "项目资金 年初预算数 (万元) 年度资金总额 其中:当年财政拨款 实施单位 全年预算数 全年执行数 分值 执行率 得分 "
        "65.66 65.07 10 99% 9 65.66 65.07 — 99% — 上年结转资金 — — 其他资金 — —\n"
    )
    funds = package(text).projects[0].funds
    assert funds is not None
    total, fiscal = funds.row(FundsRowKind.TOTAL), funds.row(FundsRowKind.APPROPRIATION)
    assert total is not None and fiscal is not None
    assert (total.annual_budget, total.executed, fiscal.annual_budget, fiscal.executed) == (
        Decimal("65.66"),
        Decimal("65.07"),
        Decimal("65.66"),
        Decimal("65.07"),
    )
    assert (funds.max_score, funds.stated_execution_rate, funds.stated_score) == (
        Decimal(10),
        Decimal(99),
        Decimal(9),
    )
    assert not [s for s in total.sources.values() if s.uncertain]
    # cells the printed rate does not bear out (0 ÷ … for 100 %) are read, but as a guess
    wrong = package(text.replace("65.66 65.07 10 99% 9", "0 65.07 10 99% 9"))
    total = wrong.projects[0].funds.row(FundsRowKind.TOTAL)  # type: ignore[union-attr]
    assert total is not None and total.annual_budget == 0 and total.sources["annual_budget"].uncertain
