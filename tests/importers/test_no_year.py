"""A document that prints no year is still read and checked (issue 16, part 5: "a document that
cannot be placed still gets its tables and sentences checked"); only the checks that compare with
the evaluation year are left out, and the import report says so."""

from __future__ import annotations

from datetime import date

from jixiao.audit import check_package
from jixiao.importers.api import import_bytes

# no "20XX年" anywhere, not in the file name either; a 三公 sentence whose parts do not add up:
# 0.5 + 1.2 + 0.8 = 2.5, printed 3.5
TEXT = (
    "“三公”经费支出情况说明\n"
    "“三公”经费支出合计3.5万元，其中：因公出国（境）费0.5万元，公务用车购置及运行费1.2万元，公务接待费0.8万元。\n"
    "填报日期：3月1日\n"
)


def test_a_document_without_a_year_is_read_and_its_sentences_checked() -> None:
    (package,) = import_bytes(TEXT.encode(), "说明.txt")
    assert package.year_stated is False
    assert package.year == date.today().year - 1  # provisional, and said to be
    reasons = [issue.reason for issue in package.import_report]
    assert any("没有识别出评价年度" in r and "暂按" in r and "未做" in r for r in reasons)
    findings = check_package(package)
    sums = [f for f in findings if f.code.startswith("SUM")]
    assert sums, [f.code for f in findings]  # 0.5 + 1.2 + 0.8 = 2.5 ≠ 3.5
    assert not [f for f in findings if f.code in {"YRS001", "YRS002", "YRS101", "DAT001"}]


def test_a_stated_year_keeps_the_year_checks() -> None:
    (package,) = import_bytes(("2023年度" + TEXT).encode(), "说明.txt")
    assert package.year_stated is True and package.year == 2023
