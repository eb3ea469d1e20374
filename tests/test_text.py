"""jixiao.text: what people type, normalised (every expected value worked out by hand)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.text import (
    CN_NUMERAL_CHARS,
    chinese_numeral,
    drop_thousands_separators,
    halfwidth,
    parse_decimal,
    remove_spaces,
)


def test_halfwidth_maps_the_forms_input_methods_type() -> None:
    # ２５１．２１％ is U+FF12 U+FF15 U+FF11 U+FF0E U+FF12 U+FF11 U+FF05 → 251.21%
    assert halfwidth("２５１．２１％") == "251.21%"
    # full-width minus, comma, colon and brackets; the ideographic space U+3000 becomes " "
    assert halfwidth("－１，２００（万元）：\u3000") == "-1,200(万元): "
    # ① and ≥ are left alone (NFKC would turn ① into 1)
    assert halfwidth("①≥９０") == "①≥90"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024 年 12 月 31日前", "2024年12月31日前"),
        ("251. 21", "251.21"),
        ("10 0", "100"),
        (" 投\u3000入\n", "投入"),
        ("", ""),
    ],
)
def test_remove_spaces(text: str, expected: str) -> None:
    assert remove_spaces(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a run of spaces between two digits separates two numbers: kept as one space
        ("2  3", "2 3"),
        ("2024 年 12 月", "2024年12月"),  # digit, space, 年: dropped
        ("251. 21", "251.21"),  # "." before the space is not a digit: dropped
        ("  45 万人  ", "45万人"),  # leading and trailing spaces go
        ("≥ 90 %", "≥90%"),
    ],
)
def test_remove_spaces_keeping_those_between_digits(text: str, expected: str) -> None:
    assert remove_spaces(text, keep_between_digits=True) == expected


def test_drop_thousands_separators_only_between_groups_of_three() -> None:
    assert drop_thousands_separators("共1,200人，计1,234,567元") == "共1200人，计1234567元"
    # "12,34" is not a thousands group (two digits after the comma): kept
    assert drop_thousands_separators("12,34") == "12,34"
    # "1,2345": four digits after the comma, not a group of three: kept
    assert drop_thousands_separators("1,2345") == "1,2345"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("6", 6),
        ("１２", 12),  # full-width digits are decimal digits too
        ("六", 6),
        ("两", 2),
        ("零", 0),
        ("十", 10),
        ("十二", 12),  # 10 + 2
        ("二十", 20),  # 2 × 10
        ("二十一", 21),  # 2 × 10 + 1
        ("一百零五", 105),  # 1 × 100 + 5
        ("三百二十", 320),  # 3 × 100 + 2 × 10
        ("两千", 2000),  # 2 × 1000
        ("一千零五十", 1050),  # 1 × 1000 + 5 × 10
        ("二〇二二", 2022),  # four digits: a year read digit by digit
        ("三五", None),  # "three or five": a range, not a number
        ("三五十", None),  # two digits with no place value between them
        ("十百", None),  # place values must go down
        ("百", 100),
        ("六个", None),
        ("x", None),
        ("", None),
        ("²", None),  # a superscript is a digit to str.isdigit but not a decimal digit
    ],
)
def test_chinese_numeral(text: str, value: int | None) -> None:
    assert chinese_numeral(text) == value


def test_numeral_characters_are_the_ones_read() -> None:
    for ch in CN_NUMERAL_CHARS:
        assert chinese_numeral(ch) is not None, ch
    assert set(CN_NUMERAL_CHARS) == set("零〇一二两三四五六七八九十百千")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("251.21", "251.21"),
        ("251. 21", "251.21"),  # stray space after the point
        ("10 0", "100"),  # stray space inside the digits
        ("２５１．２１", "251.21"),  # full-width digits and point
        ("－85.56", "-85.56"),  # full-width minus
        ("+5", "5"),
        ("5.", "5"),  # a trailing point is dropped
        (".5", "0.5"),
        ("1,234.5", "1234.5"),  # thousands separator in its place
        ("1，234", "1234"),  # a full-width comma is a comma
        ("0.40", "0.40"),  # the digits as written: two decimals kept
    ],
)
def test_parse_decimal(text: str, expected: str) -> None:
    value = parse_decimal(text)
    assert value is not None
    assert str(value) == expected  # str() shows the exponent: "0.40" stays "0.40"


@pytest.mark.parametrize(
    "text",
    [None, "", "  ", "12,34", "1,2,3", "46万", "99%", "1e5", "NaN", "Infinity", "约5", "-", "五"],
)
def test_parse_decimal_refuses_what_is_not_a_plain_number(text: str | None) -> None:
    assert parse_decimal(text) is None


def test_parse_decimal_value_is_a_decimal() -> None:
    assert parse_decimal("0.1") == Decimal("0.1")
    assert isinstance(parse_decimal("3"), Decimal)
