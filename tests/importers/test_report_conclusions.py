"""A report's stated overall score and grade: read from its text and checked against the bands."""

from __future__ import annotations

from decimal import Decimal

from jixiao.audit import check_package
from jixiao.importers.structure import structure
from jixiao.importers.text_reader import read_text

REPORT = "\n".join(
    [
        "某县财政局2022年度部门整体支出绩效自评报告",
        "一、基本情况",
        "本局2022年度支出合计350万元，其中：基本支出228万元，项目支出122万元。",
        "二、自评结论",
        "综合评分自评为{score}分，评价等级为“{grade}”。",
    ]
)


def _read(score: str, grade: str) -> tuple[Decimal | None, str | None, list[tuple[str, int | None]]]:
    package = structure(read_text(REPORT.format(score=score, grade=grade), "t.txt"), strict=True)[0]
    report = package.reports[0]
    grades = [(f.code, f.location.line) for f in check_package(package) if f.code == "GRD001"]
    return report.stated_total_score, report.stated_grade, grades


def test_the_score_and_grade_a_report_states_are_read() -> None:
    # 228 + 122 = 350; 95 ≥ 90 is 优 in the national bands: nothing to say
    assert _read("95", "优") == (Decimal("95"), "优", [])


def test_a_grade_outside_its_score_band_is_found() -> None:
    # 85 is in 80–90, 良 (财预〔2020〕10号 bands), but the text says 优; the finding stands at the
    # conclusion's heading (line 4)
    assert _read("85", "优") == (Decimal("85"), "优", [("GRD001", 4)])


def test_the_totals_a_report_states_fill_the_package_when_nothing_else_does() -> None:
    from jixiao.importers.context import Context
    from jixiao.importers.errors import Deadline
    from jixiao.importers.narrative import _stated_totals
    from jixiao.model import EvaluationPackage, Report, ReportSection, Unit

    text = "2021年度收入总计500万元。本年支出合计480万元，其中：基本支出400万元，项目支出80万元。"
    ctx = Context.build(read_text(text, "t.txt"), Deadline.unlimited("t.txt"))
    report = Report(
        kind="document_text", title="正文", sections=[ReportSection(heading="", text=text, line=1)]
    )
    package = EvaluationPackage(year=2021, unit=Unit(name="某县交通局"), reports=[report])
    _stated_totals(ctx, package)
    assert package.income is not None and package.expenditure is not None
    # 400 + 80 = 480: the split comes from the sentence of the total
    assert (package.income.total, package.expenditure.total) == (Decimal("500"), Decimal("480"))
    assert (package.expenditure.basic, package.expenditure.project) == (Decimal("400"), Decimal("80"))


def test_an_indicators_score_listed_before_the_grade_is_not_the_reports_score() -> None:
    # yn-baoshan-changning-gengga (dev): each indicator "自评得分20分" is listed after the conclusion
    # "评价分100分,自评等级为优秀"; 100 ≥ 90 is 优: nothing to say
    text = "\n".join(
        [
            "某镇2021年中央动物防疫等补助经费项目支出绩效自评报告",
            "一、自评结论",
            "因此评价分100分,自评等级为优秀。",
            "1.免疫密度,年初目标值≥90%,实际完成值≥90%,自评得分20分;",
        ]
    )
    package = structure(read_text(text, "t.txt"), strict=True)[0]
    report = package.reports[0]
    assert (report.stated_total_score, report.stated_grade) == (Decimal("100"), "优秀")
    assert [f.code for f in check_package(package) if f.code == "GRD001"] == []
