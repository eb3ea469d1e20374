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


def test_the_year_compared_with_is_not_the_year_of_the_paper() -> None:
    # a 决算 page whose first lines are wrapped sentences: "较2020年度决算数" twice before the
    # paper's own "本单位2021年度"; a wrapped line holding 决算 and 万元 is no title
    text = (
        "(一)收入情况\n"
        "当年拨付的资金。较2020年度决算数减少157.86万元,下降\n"
        "29.2%,主要原因是军休人员自然减员。\n"
        "本单位2021年度总收入581.45万元,较2020年度决算数减少175.26万元。\n"
    )
    (package,) = import_bytes(text.encode(), "说明.txt")
    assert package.year == 2021 and package.year_stated is not False


def test_the_year_the_text_speaks_of_most_leaves_out_the_years_compared_with() -> None:
    # 青岛 2026 三公 预算 (tests/corpus/real/dev/sd-qingdao-2026-three-public-budget): no title year, no
    # "20XX年度"; "2026年" twice, "比2025年" three times — the paper is about 2026
    text = (
        "经青岛市财政局汇总,2026年市级单位“三公”经费预算为16224.30万元,比2025年上升867.60万元。"
        "公务接待费1239.67万元,比2025年减少413.17万元;因公出国(境)费用1000.02万元,比2025年减少603.68万元。"
        "公安局即墨分局2026年上划为市直单位。\n"
    )
    (package,) = import_bytes(text.encode(), "说明.txt")
    assert package.year == 2026


def test_a_year_only_in_the_filing_date_is_the_year_before() -> None:
    # 贵州 绥阳 太白镇's 整体自评表 prints no year but "填报日期:2022年2月3日": the form is about 2021
    text = (
        "部门整体支出绩效自评表 | |||\n"
        "单位(盖章):绥阳县太白镇人民政府 | 填报日期:2022年2月3日 | ||\n"
        "部门(单位)名称 | 绥阳县太白镇人民政府 | ||\n"
    )
    (package,) = import_bytes(text.encode(), "自评表.txt")
    assert package.year == 2022 - 1
