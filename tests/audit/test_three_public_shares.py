"""A 三公 component's share whose whole the sentence leaves unsaid: of the 三公 合计 (RAT101).

安徽's 三公 决算 说明 wording ("…“三公”经费支出决算中，公务接待费支出决算0.53万元，占31%"), the
table printed above it; each expected finding has its arithmetic beside it.
"""

from __future__ import annotations

from jixiao.audit import check_package
from jixiao.importers.structure import structure
from jixiao.importers.text_reader import read_text

TABLE = "\n".join(
    [
        "某某中心2023年度一般公共预算财政拨款“三公”经费支出决算表",
        "单位:万元",
        "项 目 |",
        "预 算 数 |",
        "决 算 数 |",
        "合 计 |",
        "3 |",
        "1.71 |",
        "公务接待费 |",
        "1 |",
        "0.53 |",
        "公务用车购置及运行维护费 |",
        "2 |",
        "1.18 |",
    ]
)


def codes(note: str) -> list[str]:
    text = TABLE + "\n\n二、2023年度一般公共预算财政拨款“三公”经费支出情况说明\n" + note
    package = structure(read_text(text, "t"), strict=True)[0]
    return sorted(f.code for f in check_package(package) if f.code == "RAT101")


def test_right_shares_of_the_table_total_are_clean() -> None:
    # 0.53 ÷ 1.71 = 30.99% → 31%; 1.18 ÷ 1.71 = 69.01% → 69%
    note = "某某中心2023年度“三公”经费支出决算中，公务接待费支出决算0.53万元，占31%；公务用车购置及运行维护费支出决算1.18万元，占69%。"
    assert codes(note) == []


def test_swapped_shares_are_found() -> None:
    # 0.53 ÷ 1.71 = 30.99%, printed 69; 1.18 ÷ 1.71 = 69.01%, printed 31
    note = "某某中心2023年度“三公”经费支出决算中，公务接待费支出决算0.53万元，占69%；公务用车购置及运行维护费支出决算1.18万元，占31%。"
    assert codes(note) == ["RAT101", "RAT101"]


def test_a_share_within_the_rounding_of_its_figures_is_clean() -> None:
    # 0.53 and 1.71 stand for 0.525…0.535 and 1.705…1.715: 30.6 % … 31.4 %, so "占31.3%" may be right
    note = "某某中心2023年度“三公”经费支出决算中，公务接待费支出决算0.53万元，占31.3%。"
    assert codes(note) == []


def test_a_share_outside_a_three_public_sentence_is_not_taken_for_one() -> None:
    # no 三公 in the sentence: the whole may be anything (公用经费 …), not checked here
    note = "公用经费支出决算中，公务接待费支出决算0.53万元，占69%。"
    assert codes(note) == []


def test_a_components_completion_rate_is_not_of_the_wholes_budget() -> None:
    # 上海 嘉定 wording: the whole's budget 22.00 is printed, the components' own are not; 8.47 ÷ 14.00
    # = 60.50 % is right, 8.47 ÷ 22.00 = 38.5 % is not what the 60.50 % is of — no RAT006
    text = (
        "某某局2017年度“三公”经费决算情况说明\n"
        "某某局2017年度“三公”经费财政拨款支出年初预算为22.00万元,支出决算为8.77万元,完成预算的39.86%,"
        "其中:公务用车购置及运行维护费支出决算为8.47万元,完成预算的60.50%;"
        "公务接待费支出决算为0.30万元,完成预算的3.75%。"
    )
    package = structure(read_text(text, "t"), strict=True)[0]
    found = [f.code for f in check_package(package) if f.code in ("RAT006", "RAT102")]
    assert found == []  # 8.77 ÷ 22.00 = 39.86 % ✓; the parts' budgets are not printed: not checked
