"""Each seed text imported and compared, field by field, with its hand-made package.

The bar (issue 4): at least 98 % of the figures and every indicator row. The shares are printed
(run with ``-s`` to see them).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.importers import import_file
from jixiao.importers.accuracy import compare
from jixiao.model import EvaluationPackage, FundsRowKind

from .conftest import SEED_IDS, SEED_TEXT_DIR, expected_package

_CACHE: dict[str, EvaluationPackage] = {}


def imported(seed_id: str) -> EvaluationPackage:
    if seed_id not in _CACHE:
        packages = import_file(SEED_TEXT_DIR / f"{seed_id}.txt")
        assert len(packages) == 1
        _CACHE[seed_id] = packages[0]
    return _CACHE[seed_id]


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_seed_matches_hand_made_package(seed_id: str) -> None:
    expected = expected_package(seed_id)
    report = compare(imported(seed_id), expected)
    print(f"\n{seed_id}: {report.describe()}")
    assert report.figures_expected > 50
    assert report.figure_share >= 0.98, report.describe()
    assert report.indicators_expected > 0
    assert report.indicators_matched == report.indicators_expected, report.describe()


def test_001_funds_block_with_provenance() -> None:
    # seed 001 lines 153-159: 年度资金总额 354.83 / 444.37 / 444.24, 分值 10, 执行率 99.97%, 得分 10
    package = imported("001_a74d644552a354b1")
    assert package.overall is not None and package.overall.funds is not None
    funds = package.overall.funds
    total = funds.row(FundsRowKind.TOTAL)
    assert total is not None
    assert (total.initial_budget, total.annual_budget, total.executed) == (
        Decimal("354.83"),
        Decimal("444.37"),
        Decimal("444.24"),
    )
    assert funds.stated_execution_rate == Decimal("99.97")
    assert total.sources["initial_budget"].line == 154
    assert total.sources["executed"].line == 156
    assert funds.sources["stated_execution_rate"].line == 158
    # 按收入性质分 / 按支出性质分 (lines 166-171)
    assert funds.by_source["一般公共预算"] == Decimal("444.24")
    assert funds.by_nature == {"基本支出": Decimal("373.59"), "项目支出": Decimal("70.65")}


def test_004_final_accounts_totals_and_empty_tables() -> None:
    package = imported("004_da89c46e97eef31b")
    fa = package.final_accounts
    assert fa is not None
    assert [t.number for t in fa.tables] == ["01", "02", "03", "04", "05", "06", "07", "08", "09"]
    t01 = fa.table("01")
    assert t01 is not None
    income = t01.find(name="本年收入合计", side="income")
    assert income is not None and income.values == {"amount": Decimal("251.21")}
    assert income.sources["values"].line == 133
    # 公开07 prints no figure and says so (line 314)
    t07 = fa.table("07")
    assert t07 is not None and t07.rows == [] and t07.empty_statement is not None
    assert t07.sources["empty_statement"].line == 314


def test_000_flow_text_forms() -> None:
    package = imported("000_805ae84eb2841fa9")
    assert package.overall is not None
    # line 402: "评分：97.98 等级：优"
    assert package.overall.stated_total_score == Decimal("97.98")
    assert package.overall.stated_grade == "优"
    assert package.overall.sources["stated_total_score"].line == 402
    # 附件9 考核评分表: 8 + 2 + 20 + 10 + 15 + 15 + 13 + 12 = 95 (line 902 "合计 100 分 95")
    wa = package.work_assessment
    assert wa is not None
    assert [r.self_score for r in wa.rows] == [Decimal(x) for x in (8, 2, 20, 10, 15, 15, 13, 12)]
    assert wa.stated_total_score == Decimal("95")
    # 人员编制 31 实有人数 30 (line 8), stated on one line
    assert (package.unit.authorized_staff, package.unit.actual_staff) == (31, 30)
    assert package.unit.sources["authorized_staff"].line == 8


def test_003_scoring_table_across_page_break() -> None:
    package = imported("003_7518ab3a3420526e")
    table = package.scoring_table
    assert table is not None
    # the header is printed again after the page break (lines 462-468): no row may come from it
    assert all(r.name not in ("三级指标", "二级指标") for r in table.rows)
    row = next(r for r in table.rows if r.name == "资产管理安全性")
    assert (row.level1, row.level1_max, row.level2, row.level2_max) == (
        "过程",
        Decimal(40),
        "资产管理",
        Decimal(10),
    )
    assert (row.max_score, row.self_score) == (Decimal(4), Decimal(4))
    assert table.stated_total_score == Decimal(100)


def test_import_report_lists_what_was_not_placed() -> None:
    # nothing is silently dropped: an unknown table with figures lands in the import report
    from jixiao.importers import import_bytes

    text = (SEED_TEXT_DIR / "003_7518ab3a3420526e.txt").read_text(encoding="utf-8")
    text += "\n奇怪的表\n\t甲\t乙\n\t123.45\t67\n"
    package = import_bytes(text.encode("utf-8"), "extra.txt")[0]
    texts = [i.text for i in package.import_report]
    assert "123.45" in texts and "67" in texts
    issue = next(i for i in package.import_report if i.text == "123.45")
    # the text ends with a newline, so the last line's number is the count of newlines
    assert issue.location.line == text.count("\n")
    assert "未能归入" in issue.reason
