"""决算 / 预算 disclosure tables found by their titles, read by their header words (several provinces).

Each document is a small hand-made text in one province's wording; the expected values are copied
from the cells (the arithmetic, where there is some, is written beside them).
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.importers.structure import structure
from jixiao.importers.text_reader import read_text
from jixiao.model import EvaluationPackage, ThreePublicComponent


def imported(text: str) -> EvaluationPackage:
    return structure(read_text(text, "t"), strict=True)[0]


T = "\t"


def tab(*cells: str) -> str:
    return T.join(cells)


# 四川 wording: numbered titles, no "公开NN表" mark, 金额 instead of 决算数, a 目录 listing more tables
SICHUAN = "\n\n".join(
    [
        "渠县某某服务中心2024年度单位决算",
        "目录\n一、收入支出决算总表\n二、收入决算表\n三、支出决算表\n四、财政拨款收入支出决算总表",
        "第一部分 单位概况",
        "一、收入支出决算总表",
        "单位：万元",
        "\n".join(
            [
                tab("收入", "", "", "支出", "", ""),
                tab("项目", "行次", "金额", "项目", "行次", "金额"),
                tab("一、一般公共预算财政拨款收入", "1", "1200.50", "一、一般公共服务支出", "32", "1300.00"),
                tab("二、事业收入", "2", "120.00", "二、教育支出", "33", "20.50"),
                tab("本年收入合计", "27", "1320.50", "本年支出合计", "58", "1320.50"),
                tab("年初结转和结余", "29", "0.00", "年末结转和结余", "60", "0.00"),
                tab("总计", "31", "1320.50", "总计", "62", "1320.50"),
            ]
        ),
        "三、支出决算表",
        "\n".join(
            [
                tab("科目编码", "科目名称", "基本支出", "项目支出", "本年支出合计"),
                tab("", "合计", "1000.00", "320.50", "1320.50"),
                tab("201", "一般公共服务支出", "1000.00", "300.00", "1300.00"),
                tab("205", "教育支出", "", "20.50", "20.50"),
            ]
        ),
    ]
)


def test_tables_are_found_by_their_titles_without_marks() -> None:
    p = imported(SICHUAN)
    fa = p.final_accounts
    assert fa is not None
    printed = [t.number for t in fa.tables if "title" in t.sources]
    assert printed == ["01", "03"]
    t01 = fa.table("01")
    assert t01 is not None
    income = t01.find(name="本年收入合计", side="income")
    expenditure = t01.find(name="本年支出合计", side="expenditure")
    assert income is not None and income.values == {"amount": Decimal("1320.50")}
    assert expenditure is not None and expenditure.values == {"amount": Decimal("1320.50")}
    # the two sides of a 收入支出决算总表 are not a 三公 table
    assert p.three_public_tables == []


def test_columns_are_named_by_header_words_in_any_order() -> None:
    p = imported(SICHUAN)
    assert p.final_accounts is not None
    t03 = p.final_accounts.table("03")
    assert t03 is not None
    row = t03.find(code="205")
    assert row is not None
    # 本年支出合计 printed last: 20.50 is the total, 项目支出 20.50, 基本支出 blank
    assert row.values == {"project": Decimal("20.50"), "total": Decimal("20.50")}
    total = t03.find(name="合计")
    assert total is not None and total.values["basic"] == Decimal("1000.00")


def test_the_contents_lists_tables_the_excerpt_does_not_print() -> None:
    p = imported(SICHUAN)
    assert p.final_accounts is not None
    listed = {t.number for t in p.final_accounts.tables if "listed" in t.sources}
    assert listed == {"01", "02", "03", "04"}
    t02 = p.final_accounts.table("02")
    assert t02 is not None and t02.rows == [] and "title" not in t02.sources


def test_the_package_is_filled_from_the_tables() -> None:
    p = imported(SICHUAN)
    assert p.expenditure is not None
    # 支出决算表 合计 row: 1000.00 + 320.50 = 1320.50
    assert (p.expenditure.total, p.expenditure.basic, p.expenditure.project) == (
        Decimal("1320.50"),
        Decimal("1000.00"),
        Decimal("320.50"),
    )
    assert p.income is not None and p.income.total == Decimal("1320.50")  # 01 本年收入合计


# 上海 wording: "三公" with 会议费 / 培训费 columns, a two-level header, figures in one line
SHANGHAI_THREE_PUBLIC = "\n\n".join(
    [
        "上海市某某局2023年度部门决算",
        "财政拨款“三公”经费支出决算表",
        "金额单位：万元",
        "\n".join(
            [
                tab("预算数", "", "", "", "", "", "决算数", "", "", "", "", ""),
                tab("合计", "因公出国（境）费", "公务用车购置及运行费", "", "", "公务接待费")
                + T
                + tab("合计", "因公出国（境）费", "公务用车购置及运行费", "", "", "公务接待费"),
                tab("", "", "小计", "公务用车购置费", "公务用车运行费", "")
                + T
                + tab("", "", "小计", "公务用车购置费", "公务用车运行费", ""),
                tab(
                    "10.00",
                    "2.00",
                    "6.00",
                    "0.00",
                    "6.00",
                    "2.00",
                    "8.50",
                    "1.50",
                    "5.00",
                    "0.00",
                    "5.00",
                    "2.00",
                ),
            ]
        ),
    ]
)


def test_three_public_table_by_its_two_level_header() -> None:
    p = imported(SHANGHAI_THREE_PUBLIC)
    assert p.final_accounts is not None and p.final_accounts.table("07") is not None
    table = next(t for t in p.three_public_tables if "三公" in t.title)
    total = table.row(ThreePublicComponent.TOTAL)
    reception = table.row(ThreePublicComponent.RECEPTION)
    operation = table.row(ThreePublicComponent.VEHICLE_OPERATION)
    assert total is not None and (total.budget, total.actual) == (Decimal("10.00"), Decimal("8.50"))
    assert reception is not None and (reception.budget, reception.actual) == (
        Decimal("2.00"),
        Decimal("2.00"),
    )
    assert operation is not None and (operation.budget, operation.actual) == (
        Decimal("6.00"),
        Decimal("5.00"),
    )


# 河北 wording: the 说明 only, no table printed
HEBEI_NOTES = "\n".join(
    [
        "南宫市某某局2020年度部门决算",
        "一、收入支出决算总体情况说明",
        "本部门2020年度收、支总计(含结转和结余)1381.1万元。",
        "二、收入决算情况说明",
        "本部门2020年度本年收入合计1162.2万元，其中：财政拨款收入1162.2万元，占100%。",
        "三、支出决算情况说明",
        "本部门2020年度本年支出合计1329.44万元，其中：基本支出607.91万元，占46%；项目支出721.53万元，占54%。",
    ]
)


def test_the_notes_fill_the_package_when_no_table_is_printed() -> None:
    p = imported(HEBEI_NOTES)
    assert p.income is not None and p.income.total == Decimal("1162.2")
    assert p.expenditure is not None
    assert (p.expenditure.total, p.expenditure.basic, p.expenditure.project) == (
        Decimal("1329.44"),
        Decimal("607.91"),
        Decimal("721.53"),
    )
    fa = p.final_accounts
    assert fa is not None
    t01 = fa.table("01")
    assert t01 is not None and "stated_in_text" in t01.sources
    got = {(r.name, r.side): r.values["amount"] for r in t01.rows}
    assert got == {("收入总计", "income"): Decimal("1381.1"), ("支出总计", "expenditure"): Decimal("1381.1")}


# 四川 预算 说明: the 三公 budget and its parts in one sentence
MIANZHU = (
    "2025年全市使用财政拨款安排“三公”经费预算总额为1969万元，较2024年的2190万元减少221万元，下降10.1%；"
    "其中：因公出国（境）经费40万元，较上年持平；公务接待费242万元；公务用车购置及运行维护费1687万元。"
)


def test_three_public_budget_from_a_budget_note() -> None:
    p = imported(MIANZHU)
    table = p.three_public_tables[0]
    got = {r.component: r.budget for r in table.rows}
    # 40 + 242 + 1687 = 1969
    assert got == {
        ThreePublicComponent.TOTAL: Decimal("1969"),
        ThreePublicComponent.OVERSEAS_TRAVEL: Decimal("40"),
        ThreePublicComponent.RECEPTION: Decimal("242"),
        ThreePublicComponent.VEHICLE: Decimal("1687"),
    }


# 天津 / 上海 government reports: totals by the G01 lines, budget paragraphs left aside
GOVERNMENT = "\n".join(
    [
        "重庆市某区2022年区本级决算草案报告",
        "区人大批准年初一般公共预算收入76.68亿元，其中：本级收入48.09亿元，转移性收入28.59亿元。一般公共预算支出总计76.68亿元。",
        "2022年，区本级一般公共预算收入实际完成85.99亿元，其中：税收收入完成14.59亿元。",
        "2022年，区本级一般公共预算支出实际完成85.99亿元，其中：本级支出完成59.64亿元。",
    ]
)


def test_government_report_totals_skip_the_approved_budget() -> None:
    p = imported(GOVERNMENT)
    assert p.income is not None and p.expenditure is not None
    # 85.99亿元 = 85.99 × 10000 = 859900万元 (the outturn), not the 年初 76.68亿元 of the approved budget
    assert p.income.total == Decimal("859900")
    assert p.expenditure.total == Decimal("859900")


def test_contents_lines_as_word_and_web_pages_print_them() -> None:
    from jixiao.importers.final_accounts import match_title

    cases = {
        # a Word contents field left in the text (四川 泸州 style), dot leaders with a page number
        "一、收入支出决算总表 PAGEREF _Toc20349 h 22": "final-accounts/income-expenditure-summary",
        "收入支出决算总表……………3": "final-accounts/income-expenditure-summary",
        # 广西 北海 numbering "表七:", 江苏 names joined by 、, 云南's 三公 table with 机关运行经费
        "表七:政府性基金预算财政拨款收入支出决算表": "final-accounts/government-fund",
        "九、一般公共预算财政拨款“三公”经费、会议费、培训费支出决算表": "final-accounts/three-public",
        "八、“三公”经费、行政参公单位机关运行经费情况表": "final-accounts/three-public",
        "五、一般公共预算财政拨款收入支出决算表": "final-accounts/general-public-expenditure",
    }
    for printed, spec_id in cases.items():
        spec = match_title(printed)
        assert spec is not None and spec.id == spec_id, printed
    # a sentence that names a table is not its title
    assert match_title("详见附表一、收入支出决算总表。本单位无政府性基金收入") is None


def test_three_public_table_with_the_components_as_rows() -> None:
    # 安徽 / 云南 wording: the 07 title over "项目 | 上年决算数 | 本年决算数 | 增减金额 | 增减幅度"
    text = "\n".join(
        [
            "2021年一般公共预算财政拨款“三公”经费支出决算表",
            "单位:万元",
            tab("项目", "上年决算数", "本年决算数", "增减金额", "增减幅度"),
            tab("合计", "10.00", "8.00", "-2.00", "-20%"),
            tab("因公出国(境)费", "0", "0", "0", "0"),
            tab("公务接待费", "4.00", "3.00", "-1.00", "-25%"),
            tab("公务用车购置及运行费", "6.00", "5.00", "-1.00", "-16.67%"),
            tab("其中:(1)公务用车购置费", "0", "0", "0", "0"),
            tab("(2)公务用车运行费", "6.00", "5.00", "-1.00", "-16.67%"),
        ]
    )
    p = imported(text)
    table = next(t for t in p.three_public_tables if "三公" in t.title)
    total = table.row(ThreePublicComponent.TOTAL)
    operation = table.row(ThreePublicComponent.VEHICLE_OPERATION)
    assert total is not None and operation is not None
    assert (total.last_year_actual, total.actual, total.stated_change_amount) == (
        Decimal("10.00"),
        Decimal("8.00"),
        Decimal("-2.00"),
    )
    assert total.stated_change_rate == Decimal("-20")  # (8.00 − 10.00) ÷ 10.00 = −20%
    assert operation.actual == Decimal("5.00")
    # its cells are read, so it is not called an empty table
    from jixiao.audit import check_package

    assert not [f for f in check_package(p) if f.code in ("FMT102", "SUM007", "REC003", "RAT003", "RAT004")]


def test_note_headings_with_a_year_and_filler_words() -> None:
    from jixiao.importers.final_accounts import section_spec

    cases = {
        # 湖北 曾都: a year and "及增减变动"; 广西 北海: a year and a full stop; "安排的" (广西 柳州)
        "一、2021 年度收入支出决算总体及增减变动情况": "final-accounts/income-expenditure-summary",
        "四、2021 年度政府性基金支出决算情况": "final-accounts/government-fund",
        "二、2023年度一般公共预算财政拨款支出决算情况。": "final-accounts/general-public-expenditure",
        "三、2023年度一般公共预算财政拨款基本支出决算情况说明。": "final-accounts/general-public-basic",
        "四、一般公共预算财政拨款安排的“三公”经费支出决算情况说明。": "final-accounts/three-public",
        "二、2020年度财政拨款收入支出总体情况说明": "final-accounts/fiscal-summary",
        # a 预算 section stays the 预算 table's
        "一、2022年“三公”经费预算安排情况": "final-accounts/budget-three-public",
    }
    for heading, spec_id in cases.items():
        spec = section_spec(heading)
        assert spec is not None and spec.id == spec_id, heading
    assert section_spec("一、部门主要职责") is None


def test_a_budget_disclosure_may_recall_last_years_outturn() -> None:
    from jixiao.audit import check_package

    text = (
        "一、2022年“三公”经费预算安排情况\n"
        "2022年度“三公”经费预算总计20.0万元,其中:因公出国(境)经费0万元,公务接待10.0万元,公务用车运行费用10.0万元。\n"
        "二、{year}年“三公”经费决算情况\n"
        "{year}年度“三公”经费合计支出18.00万元,其中:因公出国(境)经费0万元,公务接待9.00万元,公务用车运行费用9.00万元。"
    )
    years = lambda t: [f.code for f in check_package(imported(t)) if f.code == "YRS101"]  # noqa: E731
    # the 2021 outturn under a 2022 budget is expected; a 2019 one is not the year before
    assert years(text.format(year="2021")) == []
    assert years(text.format(year="2019")) == ["YRS101"]


def test_a_budget_disclosures_basic_and_project_spending_from_its_note() -> None:
    # 广西 梧州 wording: a 预算 disclosure's 说明 only, the unit on the next line after the figure
    text = "\n".join(
        [
            "某中心2025年部门预算公开",
            "五、一般公共预算支出情况说明",
            "2025 年本年一般公共预算支出 1085203.63 元,同比",
            "减少 43506.06 元,下降 3.85 %。其中:基本支出 1037103.63",
            "元,项目支出 48100 元,具体支出预算如下:",
        ]
    )
    p = imported(text)
    assert p.expenditure is not None
    # 1037103.63 元 = 103.710363 万元; 48100 元 = 4.81 万元; 103.710363 + 4.81 = 108.520363 (the total)
    assert p.expenditure.basic == Decimal("103.710363")
    assert p.expenditure.project == Decimal("4.81")
    assert p.expenditure.total == Decimal("108.520363")


def test_a_note_heading_whose_number_stands_on_a_line_of_its_own() -> None:
    # 四川 德阳 wording: "三、" alone, the heading on the next line, the figures under it
    text = "\n".join(
        [
            "2020年本年收入合计3765.66万元,其中:事业收入2148.69万元,占57.06%。",
            "收入决算结构图",
            "三、",
            "支出决算情况说明",
            "2020年本年支出合计4021.94万元,其中:基本支出2719.24万元,占67.61%;项目支出1302.70万元,占32.39%。",
            "四、财政拨款收入支出决算总体情况说明",
            "2020年财政拨款收入总计1614.63万元。",
        ]
    )
    p = imported(text)
    assert p.expenditure is not None
    # 2719.24 + 1302.70 = 4021.94
    assert (p.expenditure.total, p.expenditure.basic, p.expenditure.project) == (
        Decimal("4021.94"),
        Decimal("2719.24"),
        Decimal("1302.70"),
    )


def test_a_government_reports_total_beside_a_part_read_from_another_sentence() -> None:
    from jixiao.audit import check_package

    # 天津 和平 wording: the approved budget, then the outturn ("实际收入")
    text = "\n".join(
        [
            "(天津市)某区2021年财政收支情况",
            "一、一般公共预算",
            "(一)一般公共预算收入情况",
            "区人民代表大会审议通过的2021年一般公共预算收入为355000万元,经区人大常委会批准,2021年一般公共"
            "预算收入调整为368000万元,实际收入377841万元,比2020年增加57452万元,增长17.93%。",
        ]
    )
    p = imported(text)
    assert p.income is not None and p.income.total == Decimal("377841")  # the outturn, not 355000
    # whatever part another sentence gave, text figures gathered from several sentences are not
    # summed as a printed table's: no SUM001 (377841 − 57452 = 320389; 57452 ÷ 320389 = 17.93%)
    assert [f.code for f in check_package(p) if f.code == "SUM001"] == []


def test_budget_tables_by_the_names_of_the_later_budget_template() -> None:
    # 部门预算公开 as many provinces print it since the 财政部 template names its tables "…总体情况表" /
    # "…情况表"; 云南 names its 三公 决算 table "一般公共预算财政拨款“三公”经费情况表" (yn-diqing 目录)
    from jixiao.importers.final_accounts import match_title

    cases = {
        "表1 部门收支总体情况表": "final-accounts/budget-income-expenditure-summary",
        "部门收入总体情况表": "final-accounts/budget-income",
        "部门支出总体情况表": "final-accounts/budget-expenditure",
        "财政拨款收支总体情况表": "final-accounts/budget-fiscal-summary",
        "一般公共预算支出情况表": "final-accounts/budget-general-public-expenditure",
        "一般公共预算基本支出情况表": "final-accounts/budget-general-public-basic",
        "一般公共预算“三公”经费支出情况表": "final-accounts/budget-three-public",
        "政府性基金预算支出情况表": "final-accounts/budget-government-fund",
        "国有资本经营预算支出情况表": "final-accounts/budget-state-capital",
        "十一、一般公共预算财政拨款“三公”经费情况表": "final-accounts/three-public",
    }
    for printed, spec_id in cases.items():
        spec = match_title(printed)
        assert spec is not None and spec.id == spec_id, printed


def test_a_summary_table_flattened_one_cell_a_paragraph() -> None:
    # 湖北 南漳 layout: the two sides' cells interleaved, one a paragraph, the 栏次 row with its blanks
    # lost; the second 项目 makes a side three cells wide (项目 / 行次 / 金额)
    cells = [
        "收入", "支出", "项目", "行次", "金额", "项目", "行次", "金额", "栏次", "1", "栏次", "2",
        "一、一般公共预算财政拨款收入", "1", "440.55", "一、一般公共服务支出", "29", "450.55",
        "二、上级补助收入", "2", "10.00",
        "本年收入合计", "7", "450.55", "本年支出合计", "57", "450.55",
    ]  # fmt: skip
    text = "某某中心2019年部门决算\n\n收入支出决算总表\n\n公开01表\n\n金额单位:万元\n\n" + "\n\n".join(cells)
    fa = imported(text).final_accounts
    assert fa is not None
    table = fa.table("01")
    assert table is not None
    got = [(r.name, r.side, r.row_number, r.values.get("amount")) for r in table.rows]
    assert got == [
        ("一、一般公共预算财政拨款收入", "income", 1, Decimal("440.55")),
        ("一、一般公共服务支出", "expenditure", 29, Decimal("450.55")),
        ("二、上级补助收入", "income", 2, Decimal("10.00")),
        ("本年收入合计", "income", 7, Decimal("450.55")),
        ("本年支出合计", "expenditure", 57, Decimal("450.55")),
    ]


def test_flattened_cells_that_do_not_read_as_label_then_figures_make_no_table_rows() -> None:
    # a figure where a label should stand (the cells are not in the header's grammar): no rows guessed
    cells = ["项目", "行次", "金额", "项目", "行次", "金额", "440.55", "一、一般公共服务支出", "29", "423.20"]
    text = "某某中心2019年部门决算\n\n收入支出决算总表\n\n" + "\n\n".join(cells)
    fa = imported(text).final_accounts
    table = fa.table("01") if fa is not None else None
    assert table is None or table.rows == []


def test_a_budget_notes_totals_and_split_named_with_yusuan() -> None:
    # 柳州 阳和第三幼儿园 2023 部门预算 说明 (gx-liuzhou-yanghe-dsyey): "收入总预算", "支出总预算", and the parts
    # "基本支出预算" / "项目支出预算" in two sentences; 89.52 + 1096.01 = 1185.53
    p = imported(
        "\n".join(
            [
                "柳州市阳和第三幼儿园2023年部门预算公开说明",
                "二、收入预算情况说明",
                "2023年收入总预算1185.53万元,同比减少38.65万元,同比下降3.16%。",
                "三、支出预算情况说明",
                "2023年支出总预算1185.53万元,基本支出预算89.52万元,占支出总预算的7.55%,同比增加40.34万元。",
                "项目支出预算1096.01万元,占支出总预算的92.45%,同比减少78.99万元。",
            ]
        )
    )
    assert p.income is not None and p.income.total == Decimal("1185.53")
    assert p.expenditure is not None
    assert (p.expenditure.total, p.expenditure.basic, p.expenditure.project) == (
        Decimal("1185.53"),
        Decimal("89.52"),
        Decimal("1096.01"),
    )


def test_a_budget_documents_shouru_yusuan_is_its_income_total() -> None:
    # 潜江市博物馆 2026 部门预算 (hb-qianjiang-bwg, dev): "收入预算1291.68 万元,其中:…" in a 预算 document is its
    # income; 888.48 + 225.20 + 178 = 1291.68
    lines = [
        "潜江市博物馆2026年部门预算公开",
        "二、收入预算情况说明",
        "本单位2026年收入预算1291.68万元,其中:一般公共预算财政拨款收入888.48万元,其他收入225.20万元,上年结转结余178万元。",
        "三、支出预算情况说明",
        "本单位2026年支出预算1291.68万元,其中:人员类项目支出375.95万元,运转类项目支出50.76万元,特定目标类项目支出864.97万元。",
    ]
    p = imported("\n".join(lines))
    assert p.income is not None and p.income.total == Decimal("1291.68")
    assert p.expenditure is not None and p.expenditure.total == Decimal("1291.68")
    # a site's breadcrumb "财政预决算" above the title still leaves it a 预算 document (zj-ningbo-yinzhou, dev)
    q = imported("\n".join(["首页 > 政府信息公开 > 财政预决算 > 区部门预算", *lines]))
    assert q.income is not None and q.income.total == Decimal("1291.68")
