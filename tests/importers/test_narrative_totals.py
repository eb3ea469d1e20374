"""收入 and 支出 totals stated in a report's running text (importers.narrative._stated_totals)."""

from __future__ import annotations

from decimal import Decimal

from jixiao.importers import import_bytes

# A 决算 说明 whose numbered sentences are broken at the line's end: the section heading holds the
# start of the sentence ("（一）…其中本年收") and the text its rest ("入390.55万元…").
_NOTES = """某某市军休服务中心2021年度单位决算说明
（一）本单位2021年度总收入581.45万元,其中本年收
入390.55万元,较2020年度决算数减少175.26万元,下降31%。
收入具体情况如下。
（二）本单位2021年度总支出581.45万元,其中本年支
出480.71万元,较2020年度决算数减少90.49万元,下降15.8%。
"""


def test_totals_read_from_a_sentence_broken_between_heading_and_text() -> None:
    [pkg] = import_bytes(_NOTES.encode(), "说明.txt")
    # 本年收入 390.55, not 总收入 581.45 (this year's 390.55 plus 190.90 carried over from before)
    assert pkg.income is not None and pkg.income.total == Decimal("390.55")
    assert pkg.expenditure is not None and pkg.expenditure.total == Decimal("480.71")


def test_a_total_alone_is_taken_even_when_it_says_总() -> None:
    [pkg] = import_bytes(
        "某某局2021年度部门整体支出绩效自评报告\n一、基本情况\n本单位2021年度总收入581.45万元。\n".encode(),
        "r.txt",
    )
    assert pkg.income is not None and pkg.income.total == Decimal("581.45")


def test_numbered_label_and_colon_then_the_split_in_the_next_sentence() -> None:
    # "1、收入：" is taken for a heading by the section builder; its figure is still the 收入 total.
    # 300 + 80.2 + 100 = 480.2: 人员经费 + 公用经费 + 项目支出 is the whole 支出, in the sentence after it
    text = (
        "某某县农业局2021年度部门整体支出绩效自评报告\n一、部门基本情况\n"
        "1、收入:500.5万元。2、支出:480.2万元。其中:人员经费支出300万元，公用经费支出80.2万元，项目支出100万元。\n"
    )
    [pkg] = import_bytes(text.encode(), "r.txt")
    assert pkg.income is not None and pkg.income.total == Decimal("500.5")
    exp = pkg.expenditure
    assert exp is not None
    assert (exp.total, exp.personnel, exp.public_operation, exp.project) == (
        Decimal("480.2"),
        Decimal("300"),
        Decimal("80.2"),
        Decimal("100"),
    )


def test_a_split_that_is_not_the_whole_is_not_taken() -> None:
    # 人员经费 300 + 项目支出 100 = 400 leaves 公用经费 out: not a complete split, no parts placed
    text = "某某局2021年度部门整体支出绩效自评报告\n一、基本情况\n全年支出480.2万元，其中：人员经费300万元，项目支出100万元。\n"
    [pkg] = import_bytes(text.encode(), "r.txt")
    exp = pkg.expenditure
    assert exp is not None and exp.total == Decimal("480.2")
    assert (exp.personnel, exp.project) == (None, None)


def test_parts_in_the_sentence_after_the_total_when_they_add_up_to_it() -> None:
    # 基本支出 300.2 + 项目支出 180 = 480.2 = 本年支出合计: the split, though no 其中 ties it to the total
    text = "某某局2021年度部门整体支出绩效自评报告\n一、基本情况\n本年支出合计480.2万元。基本支出300.2万元，项目支出180万元。\n"
    [pkg] = import_bytes(text.encode(), "r.txt")
    exp = pkg.expenditure
    assert exp is not None
    assert (exp.total, exp.basic, exp.project) == (Decimal("480.2"), Decimal("300.2"), Decimal("180"))
    # 300 + 180 = 480 ≠ 480.2: two figures that happen to be named so, not the split — nothing placed
    other = text.replace("300.2万元", "300万元")
    [pkg] = import_bytes(other.encode(), "r.txt")
    assert pkg.expenditure is not None and (pkg.expenditure.basic, pkg.expenditure.project) == (None, None)
