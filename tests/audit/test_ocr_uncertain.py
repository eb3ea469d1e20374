"""A finding that rests on digits OCR read with low confidence is a warning naming them, never an
error (issue 15): the checker cannot tell a slip of the unit's pen from a slip of the scanner's."""

from __future__ import annotations

from decimal import Decimal

from jixiao.audit import check_package
from jixiao.audit.findings import Severity
from jixiao.model import Funds, FundsRow, FundsRowKind, Scope, SourceLocation
from tests.factories import form, package


def _funds(total_source: SourceLocation) -> Funds:
    # 年度资金总额 全年预算数 printed 100; its parts 60 + 45 = 105 → SUM005 (an error when read from text)
    top = FundsRow(kind=FundsRowKind.TOTAL, annual_budget=Decimal(100))
    top.sources["annual_budget"] = total_source
    return Funds(
        rows=[
            top,
            FundsRow(kind=FundsRowKind.APPROPRIATION, annual_budget=Decimal(60)),
            FundsRow(kind=FundsRowKind.OTHER, annual_budget=Decimal(45)),
        ]
    )


def _sum005(source: SourceLocation):  # type: ignore[no-untyped-def]
    pkg = package(projects=[form(Scope.PROJECT, name="某项目", funds=_funds(source))])
    return [f for f in check_package(pkg) if f.code == "SUM005"]


def test_a_sum_over_typed_or_text_digits_is_an_error() -> None:
    (finding,) = _sum005(SourceLocation(document="a", line=3, text="100"))
    assert finding.severity == Severity.ERROR
    assert finding.location.uncertain == []


def test_a_sum_over_a_doubtful_scanned_digit_is_a_warning_that_names_it() -> None:
    scanned = SourceLocation(
        document="a", page=1, reader="OCR", confidence=41.0, uncertain=["10[0]"], text="100"
    )
    (finding,) = _sum005(scanned)
    assert finding.severity == Severity.WARNING
    assert "10[0]" in finding.message
    assert finding.location.reader == "OCR" and finding.location.uncertain == ["10[0]"]
