"""Checks of a 决算 disclosure as published: 说明 against its table, contents, placeholders, years.

Small hand-made documents in several provinces' wordings; each expected finding has its arithmetic
written beside it, and the same document without the defect stays clean.
"""

from __future__ import annotations

from jixiao.audit import check_package
from jixiao.importers.structure import structure
from jixiao.importers.text_reader import read_text

OWN = {"XRF101", "XRF102", "XRF103", "XRF104", "RAT101", "RAT102", "FMT101", "FMT102", "YRS101", "SUM014"}


def codes(text: str) -> list[str]:
    package = structure(read_text(text, "t"), strict=True)[0]
    return sorted(f.code for f in check_package(package) if f.code in OWN)


def tab(*cells: str) -> str:
    return "\t".join(cells)


EXPENDITURE_TABLE = "\n".join(
    [
        tab("科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出"),
        tab("", "合计", "251.21", "214.33", "36.88"),
        tab("208", "社会保障和就业支出", "251.21", "214.33", "36.88"),
    ]
)
FISCAL_TABLE = "\n".join(
    [
        tab("科目编码", "科目名称", "小计", "基本支出", "项目支出"),
        tab("", "合计", "244.97", "208.09", "36.88"),
        tab("208", "社会保障和就业支出", "244.97", "208.09", "36.88"),
    ]
)


def document(notes: str, *, year: str = "2022") -> str:
    return "\n\n".join(
        [
            f"株洲市某某中心{year}年度部门决算",
            "支出决算表",
            "单位：万元",
            EXPENDITURE_TABLE,
            "一般公共预算财政拨款支出决算表",
            FISCAL_TABLE,
            "2022年度部门决算情况说明",
            notes,
        ]
    )


CLEAN = "\n".join(
    [
        "三、支出决算情况说明",
        "2022年度本年支出合计251.21万元，其中：基本支出214.33万元，占85.32%；项目支出36.88万元，占14.68%。",
    ]
)


def test_a_note_that_restates_its_table_is_clean() -> None:
    # 214.33 + 36.88 = 251.21; 214.33 ÷ 251.21 = 85.32%; 36.88 ÷ 251.21 = 14.68%
    assert codes(document(CLEAN)) == []


def test_an_amount_that_differs_from_its_table() -> None:
    # 支出决算表 基本支出 合计 214.33; the note says 204.33 (and 204.33 + 36.88 = 241.21 ≠ 251.21 is
    # the figure engine's SUM019, not counted here)
    text = CLEAN.replace("基本支出214.33万元，占85.32%", "基本支出204.33万元")
    assert codes(document(text)) == ["XRF101"]


def test_a_fiscal_figure_given_as_the_all_funds_total() -> None:
    # 本年支出合计 is 251.21 (支出决算表, all funds); 244.97 is the 一般公共预算财政拨款 合计
    text = "三、支出决算情况说明\n2022年度本年支出合计244.97万元。"
    assert codes(document(text)) == ["XRF102"]


def test_a_share_against_the_table_total() -> None:
    # the note prints no total: 214.33 ÷ 251.21 (支出决算表 合计) = 85.32%, not 80%
    text = "三、支出决算情况说明\n2022年度基本支出214.33万元，占80%。"
    assert codes(document(text)) == ["RAT101"]


def test_a_rate_against_a_zero_budget_in_the_table() -> None:
    table = "\n".join(
        [
            tab("科目编码", "科目名称", "年初预算数", "小计", "基本支出", "项目支出"),
            tab("", "合计", "0", "244.97", "208.09", "36.88"),
        ]
    )
    text = "\n\n".join(
        [
            "某某中心2022年度部门决算",
            "一般公共预算财政拨款支出决算表",
            table,
            "五、一般公共预算财政拨款支出决算情况说明",
            "2022年度财政拨款支出244.97万元，完成年初预算的95.89%。",
        ]
    )
    # 年初预算数 0: 244.97 ÷ 0 has no value, yet "95.89%" is printed
    assert codes(text) == ["RAT102"]


def test_the_contents_against_the_tables_printed() -> None:
    contents = (
        "目录\n一、收入支出决算总表\n二、收入决算表\n三、支出决算表\n四、一般公共预算财政拨款支出决算表"
    )
    text = "\n\n".join(
        [
            "某某中心2022年度部门决算",
            contents,
            "第二部分 部门决算表",
            "三、支出决算表",
            EXPENDITURE_TABLE,
            "机关运行经费支出决算表",
            "\n".join([tab("项目", "决算数"), tab("合计", "14.58")]),
        ]
    )
    # listed 01, 02, 03, 05; printed 03 and 14: 01 and 02 stand before the printed 03 → absent (two
    # XRF103); 05 is listed after the last printed one (an excerpt may stop there) → not reported;
    # 机关运行经费支出决算表 is printed but not listed → XRF104
    assert codes(text) == ["XRF103", "XRF103", "XRF104"]


def test_placeholders_left_in() -> None:
    text = CLEAN + "\n本单位为XX局下属事业单位。"
    assert codes(document(text)) == ["FMT101"]


def test_a_table_title_of_another_year() -> None:
    text = document(CLEAN).replace(
        "一般公共预算财政拨款支出决算表", "2021年度一般公共预算财政拨款支出决算表", 1
    )
    # the report is of 2022 (its cover), the table title says 2021
    assert codes(text) == ["YRS101"]


def test_an_empty_table_needs_its_note() -> None:
    fund = "\n".join(
        [
            tab("科目编码", "科目名称", "年初结转和结余", "本年收入", "本年支出", "年末结转和结余"),
            tab("", "合计", "0", "0", "0", "0"),
        ]
    )
    base = "\n\n".join(["某某中心2022年度部门决算", "政府性基金预算财政拨款收入支出决算表", fund])
    assert codes(base) == ["FMT102"]
    noted = base + "\n\n本单位2022年度无政府性基金预算财政拨款收入支出，故本表无数据。"
    assert codes(noted) == []


def test_unequal_totals_of_a_note_without_its_table() -> None:
    # 重庆 wording: "收入总计99278.25万元，支出总计99598.25万元" — 公开01 says 收入总计 = 支出总计;
    # 99598.25 − 99278.25 = 320
    text = "\n".join(
        [
            "某某中心2024年度部门决算公开说明",
            "(一)部门收支总体情况",
            "1. 收入支出总体情况。2024年度收入总计99278.25万元，支出总计99598.25万元。",
        ]
    )
    assert codes(text) == ["SUM014"]
