"""三公 figures stated in running text, in several provinces' wordings, and the checks over them.

Each document is a few sentences written the way units publish them (湖南 / 吉林 / 内蒙古 / 安徽 /
广西 wordings, figures changed); the expected values and findings have their arithmetic beside them,
and the same document without the defect stays clean.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.audit import check_package
from jixiao.importers.structure import structure
from jixiao.importers.text_reader import read_text
from jixiao.model import EvaluationPackage, ThreePublicComponent

C = ThreePublicComponent
CHECKED = {"SUM007", "RAT003", "RAT004", "RAT011"}


def package(text: str) -> EvaluationPackage:
    return structure(read_text(text, "t"), strict=True)[0]


def value(p: EvaluationPackage, component: ThreePublicComponent, attr: str) -> Decimal | None:
    for t in p.three_public_tables:
        row = t.row(component)
        if row is not None and getattr(row, attr) is not None:
            return getattr(row, attr)  # type: ignore[no-any-return]
    return None


def codes(p: EvaluationPackage, checked: frozenset[str] = frozenset(CHECKED)) -> list[str]:
    return sorted(f.code for f in check_package(p) if f.code in checked)


def test_budget_and_outturn_and_the_parts_of_the_outturn() -> None:
    p = package(
        "2021年度“三公”经费财政拨款支出预算为30.50万元,2021年实际支出“三公经费”决算为12.40万元。"
        "其中公务接待费为10.00万元,占80.65%;公务用车运行维护费为2.40万元,占19.35%。"
    )
    assert value(p, C.TOTAL, "budget") == Decimal("30.50")
    assert value(p, C.TOTAL, "actual") == Decimal("12.40")
    # the parts of the 决算 whole are 决算 figures, not 预算 (the paragraph began with a budget)
    assert value(p, C.RECEPTION, "actual") == Decimal("10.00")
    assert value(p, C.VEHICLE_OPERATION, "actual") == Decimal("2.40")
    assert value(p, C.RECEPTION, "budget") is None
    assert codes(p) == []  # 10.00 + 2.40 = 12.40


def test_last_year_by_the_base_of_the_comparison() -> None:
    p = package(
        "2021年“三公”经费支出300万元,比上年累计支出320万元减少20万元,下降6.25%。"
        "其中,公务用车运行维护费支出200万元,比上年累计支出210万元下降10万元,下降4.76%;"
        "公务接待支出100万元,比上年累计支出110万元下降10万元,下降9.09%。"
    )
    assert value(p, C.TOTAL, "last_year_actual") == Decimal("320")
    assert value(p, C.VEHICLE_OPERATION, "last_year_actual") == Decimal("210")
    assert value(p, C.RECEPTION, "actual") == Decimal("100")
    # 320 − 300 = 20, 20 ÷ 320 = 6.25%; 10 ÷ 210 = 4.76%; 10 ÷ 110 = 9.09%; 200 + 100 = 300
    assert codes(p) == []


def test_a_budget_disclosure_against_last_years_outturn() -> None:
    text = (
        "一、2023年“三公”经费预算安排情况\n"
        "2023年度“三公”经费预算总计25.0万元,其中:因公出国(境)经费0万元,公务接待15.0万元,公务用车运行费用10.0万元。\n"
        "二、2022年“三公”经费决算情况\n"
        "2022年度“三公”经费合计支出24.00万元,其中:因公出国(境)经费0万元,公务接待16.00万元,公务用车运行费用8.00万元。\n"
        "2023年度“三公”经费预算较2022年度增加1.00万元,其中公务接待较上年同期减少{amount}万元,减少6.25%。"
    )
    good = package(text.format(amount="1.00"))
    assert value(good, C.RECEPTION, "budget") == Decimal("15.0")
    assert value(good, C.RECEPTION, "last_year_actual") == Decimal("16.00")
    assert value(good, C.VEHICLE_OPERATION, "last_year_actual") == Decimal("8.00")
    assert codes(good) == []  # 15.0 − 16.00 = −1.00; 1.00 ÷ 16.00 = 6.25%
    # printed 0.90: 15.0 − 16.00 = −1.00 (RAT003); 6.25% is still 1.00 ÷ 16.00
    assert codes(package(text.format(amount="0.90"))) == ["RAT003"]


def test_another_subject_in_the_same_paragraph_is_not_a_three_public_figure() -> None:
    p = package(
        "2022年度公务接待费支出决算5.00万元,比上年减少1.00万元,下降16.67%。"
        "机关运行经费支出80.00万元,比上年增加20.00万元,增长33.33%。"
    )
    assert value(p, C.RECEPTION, "actual") == Decimal("5.00")
    # the 机关运行经费 change (+20.00) is not taken for the reception's (−1.00)
    rows = [r for t in p.three_public_tables for r in t.rows if r.component == C.RECEPTION]
    assert all(r.stated_change_amount in (None, Decimal("-1.00")) for r in rows)


def test_a_change_rate_against_a_zero_base() -> None:
    text = (
        "二、2021年度一般公共预算财政拨款“三公”经费支出决算情况说明\n"
        "1.因公出国(境)费支出3.20万元,与2021年度预算相比,增加{amount}万元,增长100%。"
    )
    # 3.20 − 3.20 = 0: the base is 0, "增长100%" cannot be computed
    assert codes(package(text.format(amount="3.20"))) == ["RAT011"]
    # 3.20 − 1.60 = 1.60: 1.60 ÷ 1.60 = 100%
    assert codes(package(text.format(amount="1.60"))) == []


def test_a_wrong_vehicle_subtotal_is_reported_once() -> None:
    table = "\n".join(
        [
            "2016年某某局部门“三公”经费情况统计表",
            "单位:万元",
            "项 目 | 本年预算数 | 其中:公共预算财政拨款 |",
            "合 计 | 20.50 | 20.50 |",
            "1.因公出国(境)费用 | 0 | 0 |",
            "2.公务接待费 | 2.50 | 2.50 |",
            "3.公务用车费 | {vehicle} | {vehicle} |",
            "其中:(1)公务用车运行维护费 | 18.00 | 18.00 |",
            "(2)公务用车购置 | 0 | 0 |",
        ]
    )
    # 公务用车费 0 but its parts 18.00 + 0 = 18.00: one SUM007 (the subtotal), not a second at 合计
    # (20.50 = 0 + 2.50 + 18.00 with the parts)
    assert codes(package(table.format(vehicle="0"))) == ["SUM007"]
    assert codes(package(table.format(vehicle="18.00"))) == []


def test_a_rate_on_a_small_base_from_rounded_figures() -> None:
    text = (
        "(一)“三公”经费财政拨款支出决算总体情况说明\n"
        "某某局2023年度公务接待费支出决算为22.59万元,比上年决算数增加20.63万元,增长{rate}%。"
    )
    # base 22.59 − 20.63 = 1.96, but each printed figure is ±0.005: the base is 1.95…1.97 and the rate
    # (20.63 ± 0.005) ÷ (1.96 ± 0.01) = 1046.9%…1058.2%; 1,055.4% lies inside, 1,200.0% does not
    rates = frozenset({"RAT007"})
    assert codes(package(text.format(rate="1,055.4")), rates) == []
    assert codes(package(text.format(rate="1,200.0")), rates) == ["RAT007"]


def test_a_total_with_only_some_components_named_is_not_summed() -> None:
    p = package("2022年“三公”经费财政拨款支出决算10.00万元,其中公务接待费支出决算4.00万元,占40%。")
    assert value(p, C.TOTAL, "actual") == Decimal("10.00")
    assert value(p, C.RECEPTION, "actual") == Decimal("4.00")
    # 因公出国 and 公务用车 are not said (not 0): 10.00 ≠ 4.00 is no SUM007
    assert codes(p) == []
    p = package(
        "2022年“三公”经费财政拨款支出决算10.00万元,其中:因公出国(境)费支出决算0万元,"
        "公务接待费支出决算4.00万元,公务用车购置及运行维护费支出决算5.00万元。"
    )
    # all three named: 0 + 4.00 + 5.00 = 9.00 ≠ 10.00
    assert codes(p) == ["SUM007"]


def test_a_bare_number_compared_between_two_amounts_takes_their_unit() -> None:
    p = package("2018年度本部门“三公”经费支出3.05万元,较上年3.20减少0.15万元,减少了4.69%。")
    # "较上年3.20" prints no unit; between 3.05万元 and 0.15万元 it is 万元: 3.20 − 3.05 = 0.15, 0.15 ÷ 3.20 = 4.69%
    assert value(p, C.TOTAL, "last_year_actual") == Decimal("3.20")
    assert codes(p) == []


def test_fiscal_totals_said_apart_are_the_two_sides_of_one_total() -> None:
    text = (
        "四、财政拨款收入支出决算总体情况说明\n"
        "2020年财政拨款收入总计{income}万元,与2019年相比增加20.00万元,增长20.00%;"
        "财政拨款支出总计120.00万元,与2019年相比增加20.00万元,增长20.00%。"
    )
    sums = frozenset({"SUM014"})
    # 公开04表: 收入总计 = 支出总计; 100.00 ≠ 120.00 (the 年初结转和结余 left out of the 收入总计)
    assert codes(package(text.format(income="100.00")), sums) == ["SUM014"]
    assert codes(package(text.format(income="120.00")), sums) == []


def test_a_label_naming_every_component_then_the_total_is_the_total() -> None:
    p = package(
        "某局2019年用一般公共预算财政拨款开支的出国(境)经费、车辆购置及运行费、公务接待费(简称“三公”经费)"
        "支出合计20.50万元。其中:因公出国(境)经费支出0万元;公务用车运行维护费支出6.00万元;"
        "公务接待费支出14.50万元。"
    )
    # the first figure's label names 出国, 接待 and lastly “三公”经费: it is the total, not the reception
    assert value(p, C.TOTAL, "actual") == Decimal("20.50")
    assert value(p, C.RECEPTION, "actual") == Decimal("14.50")
    assert codes(p) == []  # 0 + 6.00 + 14.50 = 20.50


BLANKS = (
    "2017年某市委宣传部“三公”经费增减情况说明\n"
    "2017年某市委宣传部财政预算拨款“三公”经费支出合计35万元,比上年减少2.28万元。其中:因公出国(境)费 0 万元,"
    "占{share},比上年减少 万元;公务用车保有量2辆,购置及运行维护费5万元,比上年减少0.28万元,公务接待费30万元,"
    "比上年减少2万元。"
)


def test_funding_words_are_not_a_budget_and_the_cars_are_named_by_their_costs() -> None:
    p = package(BLANKS.format(share="0%"))
    # "财政预算拨款…支出合计" is the outturn; "购置及运行维护费" after "公务用车保有量" is the cars'
    assert value(p, C.TOTAL, "actual") == Decimal("35")
    assert value(p, C.TOTAL, "budget") is None
    assert value(p, C.VEHICLE, "actual") == Decimal("5")
    assert codes(p) == []  # 0 + 5 + 30 = 35; −0.28 − 2 = −2.28


def test_a_figure_left_blank_is_a_placeholder() -> None:
    blanks = frozenset({"FMT101"})
    # "比上年减少 万元": the verb and the unit with no number between them
    assert codes(package(BLANKS.format(share="0%")), blanks) == ["FMT101"]
    # and "占 %" besides
    assert codes(package(BLANKS.format(share=" %")), blanks) == ["FMT101", "FMT101"]


def test_the_word_of_a_change_against_the_figures() -> None:
    text = "2022年度公务接待费支出决算5.20万元,比上年6.00万元{word}0.80万元。"
    words = frozenset({"SGN002", "RAT003"})
    # 5.20 − 6.00 = −0.80: "减少" agrees; "增加" is the wrong word for the right amount
    assert codes(package(text.format(word="减少")), words) == []
    assert codes(package(text.format(word="增加")), words) == ["SGN002"]


def test_meeting_and_training_costs_are_not_three_public_figures() -> None:
    p = package(
        "二、2021年度“三公”经费支出决算情况说明\n"
        "2021年度“三公”经费支出决算为8.00万元。其中:因公出国(境)费0万元;公务用车购置及运行维护费5.00万元;"
        "公务接待费3.00万元;会议费支出6.00万元,比上年减少2.00万元;培训费支出4.00万元。"
    )
    rows = [r for t in p.three_public_tables for r in t.rows if r.component == C.RECEPTION]
    # 会议费 6.00 and its change −2.00 are not the reception's (3.00, no change said)
    assert [r.actual for r in rows] == [Decimal("3.00")]
    assert all(r.stated_change_amount is None for r in rows)
    assert codes(p) == []  # 0 + 5.00 + 3.00 = 8.00


def test_against_last_year_and_against_the_budget_in_one_sentence() -> None:
    p = package(
        "二、2021年度“三公”经费支出决算情况说明\n"
        "2021年,本级一般公共预算财政拨款“三公”经费支出决算为500万元,较上年520万元减少20万元,下降4%,"
        "较预算数600万元减少100万元,下降17%。其中:因公出国(境)费为0万元,较上年0万元无增减;"
        "公务接待费为100万元,较上年110万元减少10万元,下降9%,较预算数150万元减少50万元,下降33%;"
        "公务用车购置及运行维护费为400万元,较上年410万元减少10万元,下降2%,较预算数450万元减少50万元,下降11%。"
    )
    # "较预算数600万元" is this year's budget, and its column is not passed on to the parts after it
    assert value(p, C.TOTAL, "budget") == Decimal("600")
    assert value(p, C.TOTAL, "last_year_actual") == Decimal("520")
    assert value(p, C.RECEPTION, "actual") == Decimal("100")
    assert value(p, C.RECEPTION, "budget") == Decimal("150")
    assert value(p, C.RECEPTION, "last_year_actual") == Decimal("110")
    assert value(p, C.TOTAL, "last_year_budget") is None
    # 0 + 100 + 400 = 500; 0 + 150 + 450 = 600; 0 + 110 + 410 = 520; 20 ÷ 520 = 3.8% → 4%; 10 ÷ 110 = 9.1% → 9%
    assert codes(p) == []


def test_a_part_in_brackets_is_compared_with_its_own_last_year() -> None:
    # 云南 迪庆 wording: the subtotal's comparison, then its parts in brackets, each with its own 较上年
    text = (
        "二、2021年度“三公”经费支出决算情况说明\n"
        "2021年,本级一般公共预算财政拨款“三公”经费支出决算汇总数为500万元,较上年520万元减少20万元,下降4%。"
        "其中:因公出国(境)费为0万元,较上年0万元无增减;公务接待费为100万元,较上年110万元减少10万元,下降9%;"
        "公务用车购置及运行维护费为400万元,较上年410万元减少10万元,下降2%,较预算数450万元减少50万元,下降11%"
        "(其中:公务用车购置费100万元,较上年120万元减少20万元,下降{rate}%;"
        "公务用车运行维护费300万元,较上年290万元增加10万元,增长3%)。"
    )
    narrative = frozenset({"RAT007", "SUM020"})
    # 购置费: 120 − 100 = 20, 20 ÷ 120 = 16.7% → 17%; the 410 of the subtotal is not its base
    # (410 − 100 = 310 would say 20 is wrong and 20 ÷ 410 = 4.9%)
    assert codes(package(text.format(rate="17")), narrative) == []
    # printed 25%: 20 ÷ (100 + 20) = 16.7%, not 25% — still found, by the amount
    assert codes(package(text.format(rate="25")), narrative) == ["RAT007"]


def test_a_total_whose_parts_are_not_all_named_is_not_summed() -> None:
    # 云南 昆明 wording: the 公务用车 sentence is not one the reader takes; 出国 0 and 接待 1.50 are not all
    p = package(
        "二、2020年度“三公”经费支出决算情况说明\n"
        "2020年度一般公共预算财政拨款“三公”经费支出预算为37.11万元,支出决算为13.49万元。"
        "其中:因公出国(境)费支出决算为0.00万元;公务接待费支出决算为1.50万元。"
    )
    # 0.00 + 1.50 = 1.50 ≠ 13.49, but the 公务用车 part is unknown, not 0
    assert codes(p) == []


def test_a_completion_in_words_is_checked_once() -> None:
    p = package(
        "二、2020年度“三公”经费支出决算情况说明\n"
        "2020年度一般公共预算财政拨款“三公”经费支出预算为37.11万元,支出决算为13.49万元,完成预算的36.32%。"
    )
    # 13.49 ÷ 37.11 = 36.35%, not 36.32%: the sentence's RAT006, not a second RAT002 for the same words
    assert codes(p, frozenset({"RAT002", "RAT006"})) == ["RAT006"]


def _comparison_table(amounts: tuple[str, str, str], header: str, rates: tuple[str, str, str]) -> str:
    # 云南 昆明 wording: a text table with one "|" per cell, a spanning header over two sub-columns
    return "\n".join(
        [
            "2020年某局“三公”经费",
            "决算数对比情况表",
            "单位:万元 | |||||",
            f"项 目 | 上年 决算数 | 本年 决算数 | {header} | ||",
            "增、减额 | 增、减幅度 | ||||",
            f"合 计 | 31.66 | 13.49 | {amounts[0]} | {rates[0]} | |",
            "1、因公出国(境)费 | 0 | 0 | 0 | 0 | |",
            f"2、公务接待费 | 9.10 | 1.50 | {amounts[1]} | {rates[1]} | |",
            f"3、公务用车费 | 22.56 | 11.99 | {amounts[2]} | {rates[2]} | |",
        ]
    )


def test_a_spanning_change_header_over_amount_and_rate() -> None:
    text = _comparison_table(
        ("-18.17", "-7.6", "-10.57"), "较上年增减情况", ("-57.39%", "-83.52%", "-46.85%")
    )
    p = package(text)
    # 13.49 − 31.66 = −18.17; −18.17 ÷ 31.66 = −57.39%
    assert value(p, C.TOTAL, "stated_change_amount") == Decimal("-18.17")
    assert value(p, C.TOTAL, "stated_change_rate") == Decimal("-57.39")
    # 1.50 − 9.10 = −7.60, −7.60 ÷ 9.10 = −83.52%; 11.99 − 22.56 = −10.57, −10.57 ÷ 22.56 = −46.85%;
    # 0 + 1.50 + 11.99 = 13.49; 0 + 9.10 + 22.56 = 31.66
    assert codes(p) == []
    # a rate misprinted: −7.60 ÷ 9.10 = −83.52%, not −80.00%
    bad = package(
        _comparison_table(("-18.17", "-7.6", "-10.57"), "较上年增减情况", ("-57.39%", "-80.00%", "-46.85%"))
    )
    assert codes(bad) == ["RAT004"]


def test_a_change_column_that_holds_rates_is_no_wrong_amount() -> None:
    # a lone "增减" column whose cells are rates without their % sign: −18.17 ÷ 31.66 = −57.39%,
    # −7.60 ÷ 9.10 = −83.52%, −10.57 ÷ 22.56 = −46.85% — the rows fit the rate reading, not the amount one
    text = "\n".join(
        [
            "2020年某局“三公”经费决算数对比情况表",
            "单位:万元",
            "项目 | 上年决算数 | 本年决算数 | 同比增减",
            "合计 | 31.66 | 13.49 | -57.39",
            "1、因公出国(境)费 | 0 | 0 | 0",
            "2、公务接待费 | 9.10 | 1.50 | -83.52",
            "3、公务用车费 | 22.56 | 11.99 | -46.85",
        ]
    )
    assert codes(package(text)) == []
    # an amount column read as amounts still speaks: 13.49 − 31.66 = −18.17, not −15.00
    wrong = (
        text.replace("| -57.39", "| -15.00").replace("| -83.52", "| -7.60").replace("| -46.85", "| -10.57")
    )
    assert codes(package(wrong)) == ["RAT003"]


def test_a_table_of_one_cell_per_line_with_spending_and_decrease_headers() -> None:
    # 重庆 云阳 wording: 经费项目 | 2020年度支出 (万元) | 支出减少情况(万元) | 支出减少率, one cell a line
    rows = [
        ("经费项目", "2020年度支出 (万元)", "支出减少情况(万元)", "支出减少率"),
        ("因公出国(境)费", "0", "0", "0%"),
        ("公务接待费", "71.53", "-", "-"),
        ("公务用车购置及运行维护费", "1857.23", "-", "-"),
        ("公务用车购置费", "423.81", "-", "-"),
        ("公务用车运行维护费", "1433.42", "-", "-"),
        ("总“三公”经费支出", "{total}", "-", "-"),
    ]
    text = "2020年度全区“三公”经费决算情况\n" + "\n".join(f"{c} |" for row in rows for c in row)
    p = package(text.format(total="1928.76"))
    assert value(p, C.RECEPTION, "actual") == Decimal("71.53")
    assert value(p, C.VEHICLE_PURCHASE, "actual") == Decimal("423.81")
    assert value(p, C.VEHICLE_OPERATION, "actual") == Decimal("1433.42")
    assert value(p, C.TOTAL, "actual") == Decimal("1928.76")
    assert value(p, C.OVERSEAS_TRAVEL, "stated_change_rate") == Decimal("0")  # "支出减少率" 0%
    # 423.81 + 1433.42 = 1857.23; 0 + 71.53 + 1857.23 = 1928.76
    assert codes(p) == []
    # printed 1920.76: 0 + 71.53 + 1857.23 = 1928.76 ≠ 1920.76
    assert codes(package(text.format(total="1920.76"))) == ["SUM007"]


def test_a_change_said_without_its_figures_against_the_table() -> None:
    # 云南 昆明 wording: the text gives the change alone, the table after it 上年 and 本年
    text = "\n".join(
        [
            "2020年某局“三公”经费决算情况说明",
            "2020年度一般公共预算财政拨款“三公”经费支出决算数比2019年减少18.17万元,下降{total}%。"
            "其中:公务接待费支出决算数比上年减7.60万元,减{reception}%。",
            "2020年某局“三公”经费",
            "决算数对比情况表",
            "单位:万元 | |||||",
            "项 目 | 上年 决算数 | 本年 决算数 | 较上年增减情况 | ||",
            "增、减额 | 增、减幅度 | ||||",
            "合 计 | 31.66 | 13.49 | -18.17 | -57.39% | |",
            "1、因公出国(境)费 | 0 | 0 | 0 | 0 | |",
            "2、公务接待费 | 9.10 | 1.50 | -7.6 | -83.52% | |",
            "3、公务用车费 | 22.56 | 11.99 | -10.57 | -46.85% | |",
        ]
    )
    narrative = frozenset({"RAT007", "SUM020"})
    # 18.17 ÷ 31.66 = 57.39%; 7.60 ÷ 9.10 = 83.52%: the words agree with the table
    assert codes(package(text.format(total="57.39", reception="83.52")), narrative) == []
    # 昆明's printed 57.41% and 83.55%: 18.17 ÷ 31.66 = 57.39%, 7.60 ÷ 9.10 = 83.52%
    assert codes(package(text.format(total="57.41", reception="83.55")), narrative) == ["RAT007", "RAT007"]


def test_a_second_header_row_in_the_headers_own_columns() -> None:
    # the merged 项目 / 上年决算数 / 本年决算数 cells leave the second header row blank in front
    T = "\t"
    text = "\n".join(
        [
            "2020年某局“三公”经费决算数对比情况表",
            "单位:万元",
            T.join(["项目", "上年决算数", "本年决算数", "较上年增减情况", ""]),
            T.join(["", "", "", "增、减额", "增、减幅度"]),
            T.join(["合计", "31.66", "13.49", "-18.17", "-57.39%"]),
            T.join(["因公出国(境)费", "0", "0", "0", "0"]),
            T.join(["公务接待费", "9.10", "1.50", "-7.60", "-83.52%"]),
            T.join(["公务用车费", "22.56", "11.99", "-10.57", "-46.85%"]),
        ]
    )
    p = package(text)
    assert value(p, C.RECEPTION, "stated_change_amount") == Decimal("-7.60")
    assert value(p, C.RECEPTION, "stated_change_rate") == Decimal("-83.52")  # −7.60 ÷ 9.10 = −83.52%
    assert codes(p) == []
    titles = [t.title for t in p.three_public_tables]
    assert "单位:万元" not in titles


def test_a_one_column_table_under_a_three_public_title_broken_over_two_lines() -> None:
    # 安徽 宁国 wording as a PDF gives it: the title cut in two, one value column (决算数)
    T = "\t"
    rows = [("项目", "决算数"), ("合计", "60.6"), ("因公出国(境)费", "0"), ("公务接待费", "28.1")]
    rows += [("公务用车购置及运行费", "32.5")]
    text = "2013年“三公”经费财政拨款支出决\n算表\n(单位:万元)\n" + "\n".join(T.join(r) for r in rows)
    p = package(text)
    assert value(p, C.TOTAL, "actual") == Decimal("60.6")
    assert value(p, C.VEHICLE, "actual") == Decimal("32.5")
    assert [t.title for t in p.three_public_tables] == ["2013年“三公”经费财政拨款支出决算表"]
    assert codes(p) == []  # 0 + 28.1 + 32.5 = 60.6
    # the same column under a title that names no 三公 table is not taken for one
    other = package("2013年某项目资金表\n" + "\n".join(T.join(r) for r in rows))
    assert other.three_public_tables == []


def test_a_three_public_statement_whose_printed_title_names_another_year() -> None:
    # yn-diqing: the page is 2021's and its figures are 2021's; the title printed above the text says 2020
    text = (
        "迪庆州州本级2021年度“三公”经费决算支出情况说明\n"
        "迪庆州州本级2020年度“三公”经费决支出情况说明\n"
        "迪庆州财政局对州本级2021年度“三公”经费决算数进行统计汇总，2021年“三公”经费决算汇总数为1134万元，"
        "其中：因公出国(境)费0万元，公务接待费122万元，公务用车购置及运行维护费1012万元。"
    )
    p = package(text)
    assert p.year == 2021
    assert [(f.code, f.stated) for f in check_package(p) if f.code == "YRS101"] == [("YRS101", "2020")]
    # the same page with its title right: nothing (0 + 122 + 1012 = 1134)
    right = check_package(package(text.replace("2020年度", "2021年度")))
    assert [f.code for f in right if f.code == "YRS101"] == []


def test_a_three_public_budget_recalling_last_years_outturn_names_that_year_rightly() -> None:
    # nm-ordos style: the 2022 budget and, below it, 2021's outturn (11.8 + 10 = 21.8; 12.39 + 7.73 = 20.12)
    text = (
        "2022年度“三公”经费预算情况说明\n"
        "一、2022年“三公”经费预算安排情况\n"
        "2022年度“三公”经费预算总计21.8万元，其中：因公出国(境)经费0万元，公务接待11.8万元，公务用车运行费用10万元。\n"
        "二、2021年“三公”经费决算情况\n"
        "2021年度“三公”经费合计支出20.12万元，其中：因公出国(境)经费0万元，公务接待12.39万元，公务用车运行费用7.73万元。"
    )
    assert [f.code for f in check_package(package(text)) if f.code == "YRS101"] == []


def test_components_named_together_take_the_figures_of_respectively_in_order() -> None:
    # 四川 省本级 wording (figures kept): "A与B分别为x亿元和y亿元" — 0.34 is A's, 4.23 is B's;
    # 0.98 + 0.34 + 4.23 = 5.55
    p = package(
        "2015年“三公”经费预算总额为5.55亿元。其中,公务接待费0.98亿元;"
        "因公出国(境)经费与公务用车购置及运行维护费分别为0.34亿元和4.23亿元,均与去年持平。"
    )
    assert value(p, C.OVERSEAS_TRAVEL, "budget") == Decimal("3400")  # 0.34 亿元 in 万元
    assert value(p, C.VEHICLE, "budget") == Decimal("42300")
    assert value(p, C.RECEPTION, "budget") == Decimal("9800")
    assert codes(p, frozenset({"SUM007"})) == []


def test_an_allocation_without_an_outturn_word_is_the_budget() -> None:
    # 广东 wording: "财政拨款安排“三公”经费502.4万元" is the year's budget; "安排的…支出" is an outturn
    p = package(
        "2022年本部门财政拨款安排“三公”经费502.4万元,比上年减少14.6万元,下降2.82%。"
        "其中:因公出国(境)费0万元;公务用车购置及运行费500.00万元;公务接待费2.4万元,比上年减少14.6万元,下降85.88%。"
    )
    assert value(p, C.TOTAL, "budget") == Decimal("502.4")
    assert value(p, C.RECEPTION, "budget") == Decimal("2.4")
    assert value(p, C.TOTAL, "actual") is None
    q = package("2022年本部门一般公共预算财政拨款安排的“三公”经费支出决算为8.77万元。")
    assert value(q, C.TOTAL, "actual") == Decimal("8.77")


def test_a_change_leading_a_sentence_is_of_the_figure_said_before_it() -> None:
    # "…运行维护费400.00万元。)比上年增加0万元…;公务接待费2.4万元,比上年减少14.6万元": the leading
    # change is not the 接待费's; its own is −14.6 (14.6 ÷ (2.4 + 14.6 = 17.0) = 85.88%)
    p = package(
        "2022年本部门财政拨款安排“三公”经费502.4万元。其中:公务用车购置及运行费500.00万元(公务用车运行维护费400.00万元。)"
        "比上年增加0万元,增长0%;公务接待费2.4万元,比上年减少14.6万元,下降85.88%。"
    )
    assert value(p, C.RECEPTION, "stated_change_amount") == Decimal("-14.6")


YEAR_ROWS = "\n|\n".join(
    [
        "年度",
        "合计",
        "因公出国(境)经费",
        "公务接待费",
        "公车购置及运行维护费",
        "合计",
        "车辆购置",
        "车辆运行",
        "2015年",
        "2840",
        "90",
        "1400",
        "1350",
        "73",
        "1277",
        "2016年",
        "2364",
        "12",
        "1356",
        "996",
        "37",
        "959",
        "2016年比2015年增减%",
        "-16.77",
        "-86.62",
        "-3.14",
        "-26.24",
        "{purchase_rate}",
        "-24.90",
    ]
)


def year_rows(purchase_rate: str = "-49.32", text: str = "") -> EvaluationPackage:
    # 浙江 衢江 wording (one cell a line, a lone pipe after each); the figures are the page's
    return package(
        text + "2016年决算数与2015年决算数对比情况\n" + YEAR_ROWS.format(purchase_rate=purchase_rate) + "\n|"
    )


def test_a_table_with_the_years_as_rows_and_a_spanning_vehicle_header() -> None:
    # 7 header cells over 6 figure columns: 公车购置及运行维护费 spans its 合计 / 车辆购置 / 车辆运行
    p = year_rows()
    assert value(p, C.TOTAL, "last_year_actual") == Decimal("2840")
    assert value(p, C.TOTAL, "actual") == Decimal("2364")
    assert value(p, C.VEHICLE, "actual") == Decimal("996")
    assert value(p, C.VEHICLE_PURCHASE, "last_year_actual") == Decimal("73")
    assert value(p, C.VEHICLE_OPERATION, "stated_change_rate") == Decimal("-24.90")
    # 12 + 1356 + 996 = 2364; 37 + 959 = 996; (2364 − 2840) ÷ 2840 = −16.76 %, printed −16.77: whole
    # 万元 allow −16.74 … −16.79; (12 − 90) ÷ 90 = −86.67 %, printed −86.62: range −86.03 … −87.29
    assert codes(p) == []


def test_a_rate_outside_what_the_rounding_of_its_amounts_allows() -> None:
    # (37 − 73) ÷ 73 = −49.32 %; with ±0.5 万元 −48.28 … −50.34, so −47.95 (from 38) is wrong
    assert codes(year_rows("-47.95")) == ["RAT004"]


def test_the_text_against_a_table_with_other_figures() -> None:
    # the text prints 38 and 958 where the table prints 37 and 959, and 995 where 38 + 958 = 996
    text = "公车购置及运行费995万元(其中公务用车购置费38万元,公务用车运行费958万元)。\n"
    found = codes(year_rows(text=text), frozenset({"SUM007", "XRF007"}))
    assert found.count("XRF007") == 3 and "SUM007" in found


def test_a_table_with_the_components_as_columns_under_a_two_level_header() -> None:
    # 安徽 寿县 预算 template: 公务用车购置及运行费 spans 小计 / 购置费 / 运行费, printed after the first
    # header row; the figures follow in the leaf columns' order: 79 = 0 + 75 + 4, 75 = 50 + 25
    lines = [
        "某某局2022年一般公共预算“三公”经费支出预算表",
        "单位:万元",
        "“三公”经费合计 |",
        "因公出国(境)费 |",
        "公务用车购置及运行费 |",
        "公务 接待费 |",
        "||",
        "小计 |",
        "公务用车购置费 |",
        "公务用车运行费 |",
        "|||",
        *[f"{v} |" for v in ("79", "0", "75", "50", "25", "4")],
        "二、说明",
        "2022年公务用车运行费预算25万元,公务用车购置费预算50万元。",
    ]
    p = package("\n".join(lines))
    assert value(p, C.TOTAL, "budget") == Decimal("79")
    assert value(p, C.VEHICLE, "budget") == Decimal("75")
    assert value(p, C.VEHICLE_PURCHASE, "budget") == Decimal("50")
    assert value(p, C.VEHICLE_OPERATION, "budget") == Decimal("25")
    assert value(p, C.RECEPTION, "budget") == Decimal("4")
    assert codes(p, frozenset({"SUM007", "XRF007"})) == []
    # the 说明 with the two figures the other way round than the table
    swapped = "\n".join([*lines[:-1], "2022年公务用车运行费预算50万元,公务用车购置费预算25万元。"])
    assert codes(package(swapped), frozenset({"XRF007"})) == ["XRF007", "XRF007"]


def test_column_figures_that_do_not_fill_the_leaf_columns_are_not_placed() -> None:
    # five figures under six leaf columns (a 小计 left out): no column is guessed
    lines = [
        "某某局2022年一般公共预算“三公”经费支出预算表",
        "“三公”经费合计 |",
        "因公出国(境)费 |",
        "公务用车购置及运行费 |",
        "公务接待费 |",
        "小计 |",
        "公务用车购置费 |",
        "公务用车运行费 |",
        *[f"{v} |" for v in ("79", "0", "50", "25", "4")],
    ]
    p = package("\n".join(lines))
    assert value(p, C.VEHICLE_PURCHASE, "budget") is None


def test_a_vehicle_part_the_text_does_not_name_is_unknown_not_zero() -> None:
    # 杜集区 2021: 公务用车购置及运行维护费 2.48万元, "其中，公务用车购置费…0万元" and the 运行维护费 not said in
    # words: 0 + (unknown) is no sum to hold against 2.48 — no SUM007; with 运行维护费 2.00 said, 0 + 2.00 ≠ 2.48
    from jixiao.audit import check_package
    from jixiao.importers.api import import_bytes

    text = (
        "2021年度部门决算情况说明\n（七）“三公”经费支出情况说明\n"
        "2021年度“三公”经费支出决算为7.69万元。公务用车购置及运行维护费支出决算2.48万元，完成预算的16.53%。"
        "其中，公务用车购置费支出决算0万元。公务接待费支出决算5.21万元。\n"
    )
    (p,) = import_bytes(text.encode(), "说明.txt")
    assert "SUM007" not in [f.code for f in check_package(p)]
    said = text.replace(
        "公务用车购置费支出决算0万元。", "公务用车购置费支出决算0万元，公务用车运行维护费支出决算2.00万元。"
    )
    (q,) = import_bytes(said.encode(), "说明.txt")
    assert [f.code for f in check_package(q) if f.code == "SUM007"] == ["SUM007"]
