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
