"""Number, date and grade formatting as the documents print them."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from jixiao.renderers.numbers import chinese_date, money, national_grade, percent, plain, rate


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("444.37"), "444.37"),
        (D("4"), "4.00"),
        (D("0.4"), "0.40"),
        (D("2.345"), "2.35"),  # half-up, not banker's rounding (which gives 2.34)
        (D("-4.105"), "-4.11"),
        (None, ""),
    ],
)
def test_money_two_decimals(value: D | None, expected: str) -> None:
    assert money(value) == expected


def test_rate_is_a_rounded_percentage_and_undefined_for_zero() -> None:
    # 444.24 / 444.37 = 0.9997074… -> 99.97
    assert rate(D("444.24"), D("444.37")) == D("99.97")
    # 27 / 32 = 0.84375 -> 84.38 (half-up at the third decimal)
    assert rate(D(27), D(32)) == D("84.38")
    assert rate(D(1), D(0)) is None
    assert rate(None, D(1)) is None
    assert percent(D("69")) == "69.00%"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-04-17", "2025年4月17日"),
        ("2025 年 5 月 20 日", "2025年5月20日"),
        ("2022/05/17", "2022年5月17日"),
        ("年 月 日", "年 月 日"),
        (None, ""),
    ],
)
def test_chinese_date(text: str | None, expected: str) -> None:
    assert chinese_date(text) == expected


def test_plain_and_grades() -> None:
    assert plain(D("97.980")) == "97.98"
    assert plain(D("10")) == "10"
    assert plain(D("10.0")) == "10"
    # 财预〔2020〕10号 bands: 90 is 优, 89.99 is 良, 60 is 中, 59.9 is 差
    assert [national_grade(D(x)) for x in ("90", "89.99", "80", "60", "59.9")] == [
        "优",
        "良",
        "良",
        "中",
        "差",
    ]
