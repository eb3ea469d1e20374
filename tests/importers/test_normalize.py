"""Reading figures as printed: full-width digits, stray spaces, units (worked out by hand)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.importers.normalize import is_placeholder, join_lines, parse_int, parse_number, squash

CASES = [
    ("251.21", Decimal("251.21")),
    ("251. 21", Decimal("251.21")),  # stray space after the point (seed 004 决算情况说明)
    ("10 0", Decimal("100")),  # "10 0" in seed 004 附件2-4 得分 cell is 100
    ("２５１．２１", Decimal("251.21")),  # full-width digits and point
    ("99.97%", Decimal("99.97")),
    ("100 %", Decimal("100")),
    ("８４．３８％", Decimal("84.38")),
    ("46万", Decimal("46")),
    ("0.4万元", Decimal("0.4")),
    ("7480.72 万元", Decimal("7480.72")),
    ("-2.37", Decimal("-2.37")),
    ("－85.56%", Decimal("-85.56")),
    ("1,234.5", Decimal("1234.5")),
    ("100分", Decimal("100")),
    ("0.40", Decimal("0.40")),
    ("", None),
    ("……", None),
    ("应保尽保", None),
    ("每月28日前发放", None),
    ("2022 年底", None),
    ("8.34 万人以上", None),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_parse_number(text: str, expected: Decimal | None) -> None:
    assert parse_number(text) == expected


def test_parse_number_keeps_printed_digits() -> None:
    # "0.40" must stay 0.40 (two decimals), not become 0.4
    value = parse_number("0.40")
    assert value is not None and str(value) == "0.40"


def test_parse_int() -> None:
    assert parse_int("32") == 32
    assert parse_int("84.38%") is None
    assert parse_int("") is None


def test_placeholder_rows() -> None:
    assert is_placeholder("……")
    assert is_placeholder("  ")
    assert not is_placeholder("10")


def test_join_and_squash() -> None:
    assert join_lines("数量\n指标") == "数量指标"
    assert join_lines("基础养老金补助人数 \n1921人以上") == "基础养老金补助人数 1921人以上"
    assert squash("投  入\n（15分）") == "投入(15分)"
