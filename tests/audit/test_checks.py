"""Unit tests of the checks on small packages built in the test (expected values worked out by hand)."""

from __future__ import annotations

import json
from decimal import Decimal as D
from functools import partial
from typing import Any

import pytest

from jixiao.audit import CheckContext, Finding, FindingLocation, Severity, check_package, exit_status, render
from jixiao.audit.registry import CHECKS, Check, declare
from jixiao.model import (
    EvaluationPackage,
    ExpenditureByNature,
    FinalAccounts,
    FinalAccountsTable,
    FormFooter,
    Funds,
    FundsRow,
    FundsRowKind,
    IncomeBySource,
    Level1,
    Level2,
    LineItem,
    Report,
    ReportSection,
    Scope,
    SelfEvaluation,
    SourceLocation,
    StatedSubtotal,
    ThreePublicComponent,
    ThreePublicRow,
    ThreePublicTable,
    Unit,
)
from tests.factories import indicator, package

# the package of a 2024 某县社会保险服务中心 with the parts a test gives
pkg = package

# an indicator read at line 5 of document "t" (the checker reports its location)
ind = partial(indicator, source=SourceLocation(document="t", line=5))


def codes(p: EvaluationPackage) -> list[tuple[str, str | None]]:
    return sorted((f.code, f.location.path) for f in check_package(p))


def only(p: EvaluationPackage, code: str) -> list[Finding]:
    return [f for f in check_package(p) if f.code == code]


def report(text: str, number: str = "一", heading: str = "情况说明", line: int = 10) -> Report:
    return Report(
        kind="self_evaluation_report",
        title="绩效报告",
        sections=[ReportSection(number=number, heading=heading, text=text, line=line)],
    )


# --- sums and identities -------------------------------------------------------------------


def test_income_and_expenditure_identities() -> None:
    p = pkg(
        # 0 + 736.89 + 6.54 = 743.43 (right); 565.76 + 82.83 = 648.59 (right); 648.59 + 93.31 = 741.90 ≠ 742.90
        income=IncomeBySource(
            total=D("743.43"), carried_over=D(0), general_public=D("736.89"), other=D("6.54")
        ),
        expenditure=ExpenditureByNature(
            total=D("742.90"),
            basic=D("648.59"),
            personnel=D("565.76"),
            public_operation=D("82.83"),
            project=D("93.31"),
            balance_current=D("1.53"),
        ),
    )
    # 743.43 − 742.90 = 0.53 ≠ 当年结余 1.53
    assert codes(p) == [("SUM003", "expenditure.total"), ("SUM004", "expenditure.balance_current")]


def test_a_split_into_personnel_public_and_project_has_its_basic_from_the_first_two() -> None:
    """支出 printed as 人员经费 + 公用经费 + 项目支出 (no 基本支出): 基本支出 = 人员 + 公用, so the
    split is checked whole — 565.76 + 82.83 + 93.31 = 741.90 adds up; with 项目 alone it was
    'missing' 648.59 and SUM003 fired on a right report; 742.90 is then 1.00 off and is flagged."""
    right = ExpenditureByNature(
        total=D("741.90"), personnel=D("565.76"), public_operation=D("82.83"), project=D("93.31")
    )
    assert [c for c in codes(pkg(expenditure=right)) if c[0] == "SUM003"] == []
    wrong = right.model_copy(update={"total": D("742.90")})
    assert [c for c in codes(pkg(expenditure=wrong)) if c[0] == "SUM003"] == [("SUM003", "expenditure.total")]


def test_a_part_printed_in_yuan_among_wan_is_the_units_slip_not_the_sums() -> None:
    """天水市妇幼保健院 2017: "支出为8425.84万元 … 基本支出8396.48万元 … 项目支出29.36元". Read as printed,
    29.36元 = 0.002936万元 and 8396.48 + 0.002936 ≠ 8425.84; read in 万元, 8396.48 + 29.36 = 8425.84: the
    slip is the unit's (UNT001 names it), so SUM003 stays quiet. Had the total been 8426.84, neither
    reading would add up and SUM003 reports it."""
    from jixiao.model import SourceLocation

    def exp(total: str) -> ExpenditureByNature:
        e = ExpenditureByNature(total=D(total), basic=D("8396.48"), project=D("0.002936"))
        e.sources["project"] = SourceLocation(document="d", line=17, text="项目支出29.36元")
        return e

    assert [c for c in codes(pkg(expenditure=exp("8425.84"))) if c[0] == "SUM003"] == []
    assert [c for c in codes(pkg(expenditure=exp("8426.84"))) if c[0] == "SUM003"] == [
        ("SUM003", "expenditure.total")
    ]


def test_amount_tolerance_is_one_cent() -> None:
    # 565.76 + 82.83 = 648.59; stated 648.60 differs by 0.01 → tolerated; 648.61 (0.02) → error
    ok = pkg(
        expenditure=ExpenditureByNature(basic=D("648.60"), personnel=D("565.76"), public_operation=D("82.83"))
    )
    bad = pkg(
        expenditure=ExpenditureByNature(basic=D("648.61"), personnel=D("565.76"), public_operation=D("82.83"))
    )
    assert only(ok, "SUM002") == []
    assert [f.computed for f in only(bad, "SUM002")] == ["648.59"]


def three_public(rate: str, change: str, change_rate: str) -> ThreePublicTable:
    return ThreePublicTable(
        title="报告表",
        rows=[
            ThreePublicRow(
                component=ThreePublicComponent.RECEPTION,
                last_year_actual=D("2.77"),
                budget=D(4),
                actual=D("0.4"),
                stated_control_rate=D(rate),
                stated_change_amount=D(change),
                stated_change_rate=D(change_rate),
            ),
            ThreePublicRow(
                component=ThreePublicComponent.TOTAL, last_year_actual=D("2.77"), budget=D(4), actual=D("0.4")
            ),
        ],
    )


def test_three_public_rates() -> None:
    # 0.4 ÷ 4 = 10%; 0.4 − 2.77 = −2.37; −2.37 ÷ 2.77 = −85.56%
    assert codes(pkg(three_public_tables=[three_public("10", "-2.37", "-85.56")])) == []
    found = codes(pkg(three_public_tables=[three_public("0.1", "-2.73", "-58.56")]))
    assert found == [
        ("RAT002", "three_public_tables[0].rows[0].stated_control_rate"),
        ("RAT003", "three_public_tables[0].rows[0].stated_change_amount"),
        ("RAT004", "three_public_tables[0].rows[0].stated_change_rate"),
    ]


def test_funds_block_execution_and_adjustment() -> None:
    funds = Funds(
        rows=[
            FundsRow(
                kind=FundsRowKind.TOTAL,
                initial_budget=D(200),
                annual_budget=D("422.75"),
                executed=D("422.75"),
            ),
            FundsRow(kind=FundsRowKind.APPROPRIATION, initial_budget=D(200), annual_budget=D("422.75")),
        ],
        max_score=D(10),
        stated_execution_rate=D(100),
        stated_score=D(100),
    )
    p = pkg(projects=[SelfEvaluation(scope=Scope.PROJECT, name="职业年金", funds=funds)])
    # 422.75 ÷ 422.75 = 100% (right); (422.75 − 200) ÷ 200 = 111.38% > 10%; 得分100 > 分值10
    assert codes(p) == [
        ("ADJ001", "projects[0].funds.rows[0].annual_budget"),
        ("SCO002", "projects[0].funds.stated_score"),
    ]
    [adj] = only(p, "ADJ001")
    assert adj.computed == "111.38%" and adj.severity == Severity.WARNING


def test_execution_rate_printed_precision() -> None:
    def form(rate: str) -> EvaluationPackage:
        f = Funds(
            rows=[FundsRow(kind=FundsRowKind.TOTAL, annual_budget=D("444.37"), executed=D("444.24"))],
            stated_execution_rate=D(rate),
        )
        return pkg(overall=SelfEvaluation(scope=Scope.OVERALL, funds=f))

    # 444.24 ÷ 444.37 = 99.9707…%: "99.97" ok, "100" ok (printed as integer: ±0.5), "99.9" ok (truncated), "99.95" wrong
    assert only(form("99.97"), "RAT001") == []
    assert only(form("100"), "RAT001") == []
    assert only(form("99.9"), "RAT001") == []
    assert len(only(form("99.95"), "RAT001")) == 1


def test_execution_score_against_max_times_rate() -> None:
    def form(rate: str | None, score: str, cap: str = "10") -> EvaluationPackage:
        f = Funds(
            rows=[FundsRow(kind=FundsRowKind.TOTAL, annual_budget=D("32.4"), executed=D("31.69"))],
            max_score=D(cap),
            stated_execution_rate=None if rate is None else D(rate),
            stated_score=D(score),
        )
        return pkg(projects=[SelfEvaluation(scope=Scope.PROJECT, name="收容所", funds=f)])

    # 临翔 林草局 2023: 10 × 97.80% = 9.78, printed 9 — 0.78 more than the 0.5 of rounding: a warning
    [w] = only(form("97.80", "9"), "SVR004")
    assert (w.severity, w.stated, w.computed) == (Severity.WARNING, "9", "9.78")
    # 9.78 printed 10 (0.22) or 9.5 (0.28) is rounding; a rate over 100 % counts as 100 %: 10 × 100% = 10
    assert only(form("97.80", "10"), "SVR004") == only(form("97.80", "9.5"), "SVR004") == []
    assert only(form("105", "10"), "SVR004") == []
    # no printed rate: 31.69 ÷ 32.4 = 97.81 %; 9 × 97.81 % = 8.80, printed 8 → warning
    assert [f.computed for f in only(form(None, "8", cap="9"), "SVR004")] == ["8.8"]


def table06(items_301: list[str], subtotal: str, with_note: bool) -> FinalAccounts:
    rows = [LineItem(code="301", name="工资福利支出", values={"amount": D(subtotal)})]
    rows += [
        LineItem(code=f"301{i:02d}", name=f"项{i}", values={"amount": D(v)})
        for i, v in enumerate(items_301, 1)
    ]
    t = FinalAccountsTable(number="06", title="基本支出决算明细表", columns={"amount": "决算数"}, rows=rows)
    t01 = FinalAccountsTable(
        number="01",
        title="收入支出决算总表",
        note="本套报表金额单位转换时可能存在尾数误差。" if with_note else None,
    )
    return FinalAccounts(tables=[t01, t])


def test_tail_error_is_info_only_when_announced() -> None:
    # 0.8 + 0.27 = 1.07 vs 1.08: 0.01 → RND001 info with the 尾数误差 note, nothing without it
    assert [
        (f.code, f.severity)
        for f in check_package(pkg(final_accounts=table06(["0.8", "0.27"], "1.08", True)))
    ] == [("RND001", Severity.INFO)]
    assert check_package(pkg(final_accounts=table06(["0.8", "0.27"], "1.08", False))) == []
    # 40.35 + 152.18 = 192.53 vs 192.43: 0.10 → SUM009 error either way
    assert codes(pkg(final_accounts=table06(["40.35", "152.18"], "192.43", True))) == [
        ("SUM009", "final_accounts.tables[1].rows[0].values.amount")
    ]


def test_functional_table_row_identity() -> None:
    t = FinalAccountsTable(
        number="03",
        title="支出决算表",
        columns={"total": "合计", "basic": "基本支出", "project": "项目支出"},
        rows=[
            LineItem(name="合计", values={"total": D("251.21"), "basic": D("214.33"), "project": D("36.88")}),
            LineItem(
                code="208", name="社会保障和就业支出", values={"total": D("244.97"), "basic": D("208.09")}
            ),
            LineItem(code="20830", name="代缴", values={"total": D("36.88"), "project": D("36.88")}),
            LineItem(code="20801", name="经办", values={"total": D("208.09"), "basic": D("208.09")}),
            LineItem(code="229", name="其他支出", values={"total": D("6.24"), "basic": D("6.24")}),
        ],
    )
    # row 208: 208.09 + blank = 208.09 ≠ 244.97 → SUM012 once; the blank cell is not reported again
    assert codes(pkg(final_accounts=FinalAccounts(tables=[t]))) == [
        ("SUM012", "final_accounts.tables[0].rows[1].values.total")
    ]


# --- scores ----------------------------------------------------------------------------------


def project_form(**kw: Any) -> SelfEvaluation:
    return SelfEvaluation(scope=Scope.PROJECT, name="项目", **kw)


def test_score_checks_against_targets() -> None:
    inds = [
        ind("政府代缴人数", "1200 人", "1158 人", "20", "20"),  # missed (1158 < 1200), full marks → SVT002
        ind(
            "满意度", "≥95%", "95%", "10", "8", Level1.SATISFACTION, Level2.SATISFACTION
        ),  # met, 8 → SVT001 + DEV001
        ind(
            "实际发放人数", "大于等于98%", "94%", "10", "6", note="督促认证"
        ),  # 10×94/98 = 9.59 vs 6 → SVR001
        ind(
            "补贴人数",
            "基础养老金补助人数 900 人, 缴费补贴人数 4000 人",
            "基础养老金补助人数 800 人, 缴费补贴人数 1855 人",
            "20",
            "18",
            note="x",
        ),  # 20×(800/900 + 1855/4000)/2 = 20×(0.8889+0.4638)/2 = 13.53 → SVR002
        ind("记实人员", "80", "105", "10", "10"),  # 105/80 − 1 = 31.25% → LOW001 + DEV002 (+ IND005 info)
    ]
    p = pkg(projects=[project_form(indicators=inds)])
    got = {(f.code, f.location.path) for f in check_package(p) if f.severity != Severity.INFO}
    assert {
        ("SVT002", "projects[0].indicators[0].score"),
        ("SVT001", "projects[0].indicators[1].score"),
        ("DEV001", "projects[0].indicators[1].deviation_note"),
        ("SVR001", "projects[0].indicators[2].score"),
        ("SVR002", "projects[0].indicators[3].score"),
        ("LOW001", "projects[0].indicators[4].target_raw"),
        ("DEV002", "projects[0].indicators[4].deviation_note"),
    } <= got
    [svr] = only(p, "SVR002")
    assert svr.computed == "13.53"
    [svr1] = only(p, "SVR001")
    assert svr1.computed == "9.59"


def test_weights_totals_and_grade() -> None:
    inds = [ind(f"产出{i}", "1", "1", "20", "20") for i in range(4)]  # 产出 80
    inds.append(ind("效益", "1", "1", "10", "10", Level1.BENEFIT, Level2.SOCIAL))
    inds.append(ind("满意度", "≥95%", "96%", "10", "7", Level1.SATISFACTION, Level2.SATISFACTION))
    form = project_form(
        indicators=inds,
        funds=Funds(max_score=D(10), stated_score=D(10)),
        subtotals=[
            StatedSubtotal(label="产出指标(50分)", level1=Level1.OUTPUT, max_score=D(50), where="表头"),
            StatedSubtotal(label="效益指标(30分)", level1=Level1.BENEFIT, max_score=D(30), where="表头"),
        ],
        stated_total_max=D(100),
        stated_total_score=D(97),
        stated_grade="良",
    )
    got = codes(pkg(projects=[form]))
    # 分值 80 + 10 + 10 = 100 (+10 = 110 ≠ 100); 得分 80 + 10 + 7 = 97 = 总分 (execution left out consistently);
    # 97 ≥ 90 → 优 not 良
    for expected in [
        ("WGT001", "projects[0].subtotals[0].max_score"),
        ("WGT001", "projects[0].subtotals[1].max_score"),
        ("WGT003", "projects[0].stated_total_max"),
        ("GRD001", "projects[0].stated_grade"),
    ]:
        assert expected in got
    assert not any(c == "SCO003" for c, _ in got)


def test_rows_that_add_to_less_than_half_the_total_are_a_form_read_in_part() -> None:
    # 稷山 翟店 2021 (a flattened form whose cells the reader placed for one row only): 分值 10 against
    # 总分 100 is a reading that stopped, not the unit's slip — no WGT003 / SCO003; with 分值 40 + 10 = 50 of
    # 100 (half), the sums are held against the total as before
    def form_of(points: str) -> SelfEvaluation:
        return project_form(
            indicators=[ind("适龄儿童疫苗接种率", "≥90%", "95%", points, points)],
            stated_total_max=D(100),
            stated_total_score=D(100),
        )

    assert [c for c, _ in codes(pkg(projects=[form_of("10")])) if c in ("WGT003", "SCO003")] == []
    assert sorted(c for c, _ in codes(pkg(projects=[form_of("50")])) if c in ("WGT003", "SCO003")) == [
        "SCO003",  # 50 ≠ 100
        "WGT003",  # 50 ≠ 100
    ]


def test_score_sum_mismatch() -> None:
    inds = [
        ind("a", "1", "1", "50", "50"),
        ind("b", "1", "1", "30", "30", Level1.BENEFIT, Level2.SOCIAL),
        ind("c", "≥90%", "90%", "10", "10", Level1.SATISFACTION, Level2.SATISFACTION),
    ]
    form = project_form(
        indicators=inds,
        funds=Funds(max_score=D(10), stated_score=D(9)),
        stated_total_max=D(100),
        stated_total_score=D(100),
    )
    # 50 + 30 + 10 + 9 = 99 ≠ 100
    [f] = only(pkg(projects=[form]), "SCO003")
    assert (f.stated, f.computed) == ("100", "99")


def test_part_scores_over_weight_and_grade_note() -> None:
    form = SelfEvaluation(
        scope=Scope.OVERALL,
        subtotals=[
            StatedSubtotal(label="产出指标得分", level1=Level1.OUTPUT, score=D(40), where="报告正文"),
            StatedSubtotal(label="成本指标得分", level1=Level1.COST, score=D(20), where="报告正文"),
        ],
        stated_total_score=D(60),
        grade_note="90（含）---100 分为优；80（含）---90 分为良；60（含）---80 分为较差；60 分以下为差。",
    )
    # 40 + 20 = 60 > 产出 50; 60–80 is 中 not 较差
    assert codes(pkg(overall=form)) == [
        ("GRD002", "overall.grade_note"),
        ("WGT004", "overall.subtotals[0].score"),
    ]


# --- narrative ---------------------------------------------------------------------------------


def test_narrative_rates_units_and_parts() -> None:
    text = (
        "“三公”经费财政拨款支出预算为4万元，支出决算为2.76万元，完成预算的69%，与上年相比减少4.11万元，下降59.82%。\n"
        "机关运行经费支出14.58万元，比上年决算数增加2.72万元，增长69.2%。\n"
        "支出合计251. 21万元，其中：基本支出214. 33万元，占85. 32%；项目支出36. 88万元，占14. 68%。\n"
        "年初预算为215.94万元，支出决算为208.09元，完成年初预算的96.36%。\n"
        "政府采购支出总额0万元，其中：政府采购货物支出0.27万元。"
    )
    p = pkg(
        reports=[report(text)],
        final_accounts=FinalAccounts(
            tables=[
                FinalAccountsTable(
                    number="05",
                    title="t",
                    columns={"basic": "基本"},
                    rows=[LineItem(name="合计", values={"basic": D("208.09")})],
                )
            ]
        ),
    )
    got = [f.code for f in check_package(p)]
    # 2.76/4 = 69% ok; 4.11/(2.76+4.11) = 59.825 → 59.82 (truncated) ok; 2.72/(14.58−2.72 = 11.86) = 22.93% ≠ 69.2;
    # 214.33/251.21 = 85.32 ok; 36.88/251.21 = 14.68 ok; 208.09 元 is 万元 (in 公开05) and 208.09/215.94 = 96.36 ok;
    # 0.27 > 0; stray spaces → FMT003 info
    assert sorted(got) == ["FMT003", "RAT007", "SUM015", "UNT001"]


def test_narrative_staffing_offices_years_and_numbering() -> None:
    sections = [
        ReportSection(
            number="一",
            heading="基本情况",
            line=1,
            text="2021 年部门决算汇总公开单位构成。编制39人，实有人数44人。设6个内设机构，具体有：综合办公室、财务股、个人账户管理股、机关事业股、退休管理和稽核股。",
        ),
        ReportSection(
            number="二",
            heading="支出",
            line=2,
            text="",
            subsections=[
                ReportSection(number="（一）", heading="基本", line=3),
                ReportSection(number="（2）", heading="项目", line=4),
            ],
        ),
        ReportSection(number="二", heading="重复", line=5),
        ReportSection(number="五", heading="跳号", line=6),
    ]
    p = EvaluationPackage(
        year=2022,
        unit=Unit(name="某中心", authorized_staff=50, actual_staff=44),
        reports=[Report(kind="self_evaluation_report", title="报告", sections=sections)],
    )
    got = codes(p)
    # 编制 39 ≠ 50; 44/39 = 112.82% > 100%; 6 stated, 5 listed; 2021 ≠ 2022; （2） in a （一） list;
    # 二 repeated; after the repeat (taken as 三) 五 skips 四
    assert got == sorted(
        [
            ("CTL004", "reports[0].sections[0].text"),
            ("XRF001", "reports[0].sections[0].text"),
            ("XRF008", "reports[0].sections[0].text"),
            ("YRS001", "reports[0].sections[0].text"),
            ("FMT002", "reports[0].sections[1].subsections[1].number"),
            ("FMT001", "reports[0].sections[2].number"),
            ("FMT001", "reports[0].sections[3].number"),
        ]
    )


def test_fill_date_before_year_end() -> None:
    early = SelfEvaluation(scope=Scope.OVERALL, footer=FormFooter(fill_date="2024-04-30"))
    late = SelfEvaluation(scope=Scope.PROJECT, name="p", footer=FormFooter(fill_date="2025年4月17日"))
    assert codes(pkg(overall=early, projects=[late])) == [("DAT001", "overall.footer.fill_date")]


def test_indicator_quality() -> None:
    inds = [
        ind("实际完成工作数与计划工作数的比", "实际完成工作数与计划工作数的比", "100%", "10", "10"),
        ind("社会保障水平", "不断提升", "社会保障水平", "10", "10", Level1.BENEFIT, Level2.SOCIAL),
        ind("补贴标准", "困难群体代缴 100 元/人/年", "100%", "10", "10", level2=Level2.COST),
        ind("长效管理制度健全性", "≥90%", "≥90%", "10", "10", Level1.BENEFIT, Level2.SUSTAINABILITY),
    ]
    got = codes(pkg(projects=[project_form(indicators=inds)]))
    assert ("IND001", "projects[0].indicators[0].name") in got
    assert ("IND002", "projects[0].indicators[1].actual_raw") in got
    assert ("IND006", "projects[0].indicators[2].actual_raw") in got
    assert ("IND003", "projects[0].indicators[3].target_raw") in got
    # "≥90%" → "≥90%": the bound copied from the target is IND009 (not also IND008)
    assert ("IND009", "projects[0].indicators[3].actual_raw") in got
    assert ("IND008", "projects[0].indicators[3].actual_raw") not in got
    # a unit mismatch is not also scored against the target
    assert not any(c in ("SVT001", "SVT002") and p == "projects[0].indicators[2].score" for c, p in got)


def test_unit_name_variants() -> None:
    from jixiao.model import ScoringTable

    def p(name: str) -> EvaluationPackage:
        return EvaluationPackage(
            year=2024,
            unit=Unit(name="湘西自治州社会保险服务中心"),
            work_assessment=ScoringTable(title="考核评分表", assessed_unit=name),
        )

    assert codes(p("州社会保险服务中心")) == []  # 湘西自治州… ends with 州社会保险服务中心: an abbreviation
    assert codes(p("州人社社会保险服务中心")) == [("XRF002", "work_assessment.assessed_unit")]


# --- machinery --------------------------------------------------------------------------------


def test_crashing_check_becomes_int001_and_run_goes_on() -> None:
    def boom(package: EvaluationPackage, ctx: CheckContext) -> list[Finding]:
        raise ZeroDivisionError("x")

    CHECKS.append(Check(name="boom", function=boom, codes=()))
    try:
        p = pkg(expenditure=ExpenditureByNature(basic=D(10), personnel=D(1), public_operation=D(1)))
        got = codes(p)
    finally:
        CHECKS.pop()
    assert ("INT001", "boom") in got and ("SUM002", "expenditure.basic") in got


def test_declaring_a_code_twice_with_another_meaning_fails() -> None:
    with pytest.raises(ValueError):
        declare("SUM001", "rate_mismatch", "error", "别的意思", "r", "e")


def test_sorted_by_severity_then_location() -> None:
    p = pkg(
        expenditure=ExpenditureByNature(basic=D(10), personnel=D(1), public_operation=D(1)),
        overall=SelfEvaluation(
            scope=Scope.OVERALL,
            funds=Funds(
                rows=[
                    FundsRow(
                        kind=FundsRowKind.TOTAL, initial_budget=D(100), annual_budget=D(200), executed=D(200)
                    )
                ]
            ),
        ),
    )
    sev = [f.severity.rank for f in check_package(p)]
    assert sev == sorted(sev) and sev[0] == 0


def test_render_json_table_html_and_exit_status() -> None:
    p = pkg(expenditure=ExpenditureByNature(basic=D(10), personnel=D(1), public_operation=D(1)))
    fs = check_package(p)
    data = json.loads(render([("a.yaml", fs)], "json"))
    assert list(data) == ["documents"]
    [doc] = data["documents"]
    assert doc["path"] == "a.yaml"
    assert set(doc["findings"][0]) == {
        "code",
        "category",
        "severity",
        "message",
        "stated",
        "computed",
        "location",
    }
    assert doc["findings"][0]["location"]["path"] == "expenditure.basic"
    table = render([("a.yaml", fs)], "table")
    assert "a.yaml" in table and "SUM002" in table and "错误" in table
    page = render([("a.yaml", fs)], "html")
    assert page.startswith("<!DOCTYPE html>") and 'lang="zh-CN"' in page
    assert "http" not in page and "<link" not in page and "<script" not in page
    assert exit_status(fs, "error") == 1 and exit_status(fs, "none") == 0
    warn_only = [f.model_copy(update={"severity": Severity.WARNING}) for f in fs]
    assert exit_status(warn_only, "error") == 0 and exit_status(warn_only, "warning") == 1
    assert exit_status([], "warning") == 0


def test_finding_location_is_a_source_location_with_a_path() -> None:
    where = FindingLocation(
        document="000", page=2, table="表6", row=4, column="5", line=35, path="three_public_tables[1]"
    )
    assert isinstance(where, SourceLocation)
    # the JSON keys, in this order, and never the source text
    # (reader / confidence: the OCR provenance of a scanned value, issue 15; "uncertain" only when
    # a digit of it is in doubt)
    assert list(where.model_dump()) == [
        "document",
        "line",
        "page",
        "table",
        "row",
        "column",
        "reader",
        "confidence",
        "path",
    ]
    with_text = FindingLocation(document="000", line=35, text="0.1")
    assert with_text.model_dump(exclude_none=True) == {"document": "000", "line": 35}
    # a finding names the place as the paper prints it (never the path), then the page and the line
    # in the source; without a package the table is named by position (issue 12)
    assert where.describe() == "“三公”经费表第2项（第2页，原文第35行）"
    assert SourceLocation(document="000", table="表6", row=4, line=35).describe() == "000 表6 第4行"
    assert FindingLocation(document="001", line=412, path="overall.footer.fill_date").describe() == (
        "部门整体支出绩效自评表 · 填报日期（原文第412行）"
    )
    # a place without a field: the table, its row and a named column
    assert FindingLocation(table="表6", row=4, column="分值", line=35).describe() == (
        "表6，表内第4行，“分值”列，原文第35行"
    )
    assert FindingLocation().describe() == ""


def test_two_scopes_told_in_one_text_are_not_a_table_against_the_text() -> None:
    # xj-kizilsu-czj-2021 (dev): 全州 三公 4,855万元, then 州本级 1,127万元 in the same running text. The 三公
    # table the importer built from that text is the text itself: 1,127 against it is no XRF006
    from pathlib import Path

    from jixiao.importers.api import import_bytes

    dev = Path(__file__).resolve().parents[1] / "corpus/real/dev"
    (p,) = import_bytes((dev / "xj-kizilsu-czj-2021-three-public/document.txt").read_bytes(), "document.txt")
    assert any((t.title or "").startswith("文中") for t in p.three_public_tables)
    assert only(p, "XRF006") == []


def test_a_row_cut_from_a_run_together_line_with_a_one_character_name_is_uncertain() -> None:
    # nx-guyuan-yuanzhou-njzx-2022 (dev), an OCR'd run-together form: "…8工5%工5%8…" cut into a row named
    # "工" with 分值 5 and 得分 8 — 8 > 5 rests on a guessed cut: a warning that says so, not an error
    from pathlib import Path

    from jixiao.importers.api import import_bytes

    dev = Path(__file__).resolve().parents[1] / "corpus/real/dev"
    (p,) = import_bytes(
        (dev / "nx-guyuan-yuanzhou-njzx-2022-project/document.txt").read_bytes(), "document.txt"
    )
    sco = only(p, "SCO001")
    assert sco and all(f.severity == Severity.WARNING and "存疑" in f.message for f in sco)


def test_a_part_the_text_does_not_name_is_unknown_not_zero() -> None:
    # yn-kunming-zxyjhyy-2017 (dev): "總支出7778.55萬元,其中財政項目補助支出683.20萬元,基本支出7095.35萬元" — the
    # reader knows 基本支出 but not that 财政项目补助支出 is the 项目支出: 7095.35 + 空 is no SUM003 (683.20 + 7095.35
    # = 7778.55). A table's blank 项目支出 cell still is 0: 7095.35 + 0 ≠ 7778.55
    from jixiao.model import SourceLocation

    def exp(where: SourceLocation) -> EvaluationPackage:
        e = ExpenditureByNature(total=D("7778.55"), basic=D("7095.35"))
        e.sources = {"total": where, "basic": where}
        return pkg(expenditure=e)

    said = SourceLocation(document="d", line=3, text="2017年總支出7778.55萬元")
    tabled = SourceLocation(document="d", line=3, table="表1", column="金额", text="7778.55")
    assert only(exp(said), "SUM003") == []
    assert len(only(exp(tabled), "SUM003")) == 1
