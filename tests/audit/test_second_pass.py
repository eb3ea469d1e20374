"""Second pass of the checker: verdicts from jixiao.scoring, and the checks found by the transcribers.

Small packages built here; every expected value is worked out by hand in the comment beside it.
"""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

from jixiao.audit import check_package
from jixiao.model import (
    BaseDataTable,
    ExpenditureByNature,
    ExpenseControlRow,
    FinalAccounts,
    FinalAccountsTable,
    Funds,
    FundsRow,
    FundsRowKind,
    Indicator,
    Level1,
    Level2,
    LineItem,
    Report,
    ReportSection,
    Scope,
    ScoringRow,
    ScoringTable,
    SelfEvaluation,
    StatedSubtotal,
)
from jixiao.scoring import score_package
from tests.factories import form

from .test_checks import codes, ind, only, pkg


def overall(*indicators: Indicator, **kw: Any) -> SelfEvaluation:
    return form(Scope.OVERALL, *indicators, **kw)


def project(*indicators: Indicator, name: str = "稽核管理工作经费", **kw: Any) -> SelfEvaluation:
    return form(Scope.PROJECT, *indicators, name=name, **kw)


def narrative(
    text: str, kind: str = "self_evaluation_report", attachments: list[str] | None = None
) -> Report:
    return Report(
        kind=kind,
        title="绩效报告",
        sections=[ReportSection(number="一", heading="评价结论", text=text, line=40)],
        attachments=attachments or [],
    )


# --- one scoring rule: the checker and `jixiao score` agree --------------------------------------


def test_cost_indicator_is_lower_better_as_in_the_scoring_engine() -> None:
    # 成本指标 "平均 2.5 万元/人/年" → "平均 4.02 万元/人/年": lower is better, 10 × 2.5 ÷ 4.02 = 6.2189 → 6.22;
    # printed full marks 10 → SVT002 with 6.22.
    cost = ind("补贴标准", "平均 2.5 万元/人/年", "平均 4.02 万元/人/年", "10", "10", level2=Level2.COST)
    p = pkg(projects=[project(cost)])
    [svt] = only(p, "SVT002")
    assert svt.location.path == "projects[0].indicators[0].score"
    assert svt.computed == "6.22"
    # the score sheet says the same
    [sheet] = score_package(p)
    assert sheet.rows[0].score == D("6.22")


def test_every_score_finding_agrees_with_the_score_sheet() -> None:
    inds = [
        ind("实际发放人数", "大于等于98%", "94%", "10", "6", note="x"),  # 10 × 94 ÷ 98 = 9.59 → SVR001
        ind("政府代缴人数", "1200 人", "1158 人", "20", "20"),  # 20 × 1158 ÷ 1200 = 19.30 → SVT002
        ind("补贴标准", "人均1200元/月", "人均1368.57元/月", "20", "17", level2=Level2.COST, note="x"),
        # lower-better: 20 × 1200 ÷ 1368.57 = 17.54, unit 17: 0.54 < 1 point → no finding (rounding noise)
    ]
    p = pkg(projects=[project(*inds)])
    [sheet] = score_package(p)
    found = {f.location.path: f for f in check_package(p) if f.code in ("SVR001", "SVR002", "SVT002")}
    assert set(found) == {"projects[0].indicators[0].score", "projects[0].indicators[1].score"}
    for i in (0, 1):
        assert D(found[f"projects[0].indicators[{i}].score"].computed or "") == sheet.rows[i].score
    assert sheet.rows[2].score == D("17.54")


def test_overshoot_flag_comes_from_the_engine_even_without_scores() -> None:
    # seed 000 prints no 分值: 3万人 → 4.37万人, 4.37 ÷ 3 − 1 = 45.67% > 30% → LOW001 all the same
    row = ind("社会保险实际缴费人数", "3万人", "4.37万人", "1", "1").model_copy(
        update={"max_score": None, "score": None}
    )
    p = pkg(overall=overall(row))
    [low] = only(p, "LOW001")
    assert low.location.path == "overall.indicators[0].target_raw"
    assert "45.67%" in (low.computed or "")
    # no scores → no DEV002 (nothing lost, no deviation cell to fill)
    assert only(p, "DEV002") == []


def test_change_target_overshoot_is_flagged() -> None:
    # 比上年度下降10% → 下降59.82%: 59.82 ÷ 10 − 1 = 498.2% > 30% → LOW001 and, with no note, DEV002
    p = pkg(overall=overall(ind("三公经费", "比上年度下降10%", "下降59.82%", "5", "5", level2=Level2.COST)))
    assert ("LOW001", "overall.indicators[0].target_raw") in codes(p)
    assert ("DEV002", "overall.indicators[0].deviation_note") in codes(p)


def test_bound_actual_that_differs_from_target_is_ind008_not_ind009() -> None:
    p = pkg(
        projects=[
            project(ind("满意度", "≥90%", "≥92%", "10", "10", Level1.SATISFACTION, Level2.SATISFACTION))
        ]
    )
    got = codes(p)
    assert ("IND008", "projects[0].indicators[0].actual_raw") in got
    assert not any(c == "IND009" for c, _ in got)


# --- narrative claims ----------------------------------------------------------------------


def test_claim_that_all_targets_were_met_against_a_missed_indicator() -> None:
    missed = ind("实际发放人数", "大于等于98%", "94%", "10", "6", note="督促认证")  # 94 < 98
    met = ind("参保人数", "大于等于45万人", "45.99万人", "10", "10")  # 45.99 ≥ 45
    claim = narrative("2024年度圆满完成了各项工作任务，年初预算绩效目标均已达成，综合评分96分。")
    assert ("NAR001", "reports[0].sections[0].text") in codes(
        pkg(overall=overall(met, missed), reports=[claim])
    )
    assert only(pkg(overall=overall(met), reports=[claim]), "NAR001") == []


def test_no_deviation_claim_against_a_large_budget_change() -> None:
    # all indicators met, but 年初 200 → 全年 422.75: 222.75 ÷ 200 = 111.38% > 10% → NAR001
    funds = Funds(rows=[FundsRow(kind=FundsRowKind.TOTAL, initial_budget=D(200), annual_budget=D("422.75"))])
    form = project(ind("记实准确率", "100%", "100%", "10", "10"), name="职业年金", funds=funds)
    claim = narrative("项目支出均补贴到位，没有执行偏离绩效目标及指标的情况")
    [f] = only(pkg(projects=[form], reports=[claim]), "NAR001")
    assert "111.38%" in f.message


# --- attachments ---------------------------------------------------------------------------


def test_listed_attachments_missing_and_full_marks_for_them() -> None:
    report = narrative(
        "正文", attachments=["1. 州级预算部门整体支出绩效评价基础数据表", "2. 州级预算部门整体支出绩效自评表"]
    )
    assessment = ScoringTable(
        title="考核评分表",
        rows=[
            ScoringRow(
                level1="自评报告",
                name="自评报告的完整性",
                criterion="1、绩效自评报告正文部分内容齐全的，得8分；否则每少一个部分扣2分，最多扣8分。"
                "2、绩效自评报告附件部分内容齐全的，得7分；否则每少一个部分扣2分，最多扣7分。",
                max_score=D(15),
                self_score=D(15),
            )
        ],
    )
    p = pkg(overall=overall(), reports=[report], work_assessment=assessment)
    got = codes(p)
    assert ("ATT001", "reports[0].attachments[0]") in got  # no 基础数据表 in the package
    assert ("ATT001", "reports[0].attachments[1]") not in got  # the overall form is there
    [att] = only(p, "ATT002")
    assert att.computed == "13"  # one missing × 2 = 2 ≤ 7 → 15 − 2 = 13


# --- part scores, repeated targets -----------------------------------------------------------


def test_part_score_for_a_group_the_form_does_not_have() -> None:
    stated = [StatedSubtotal(label="成本指标得分", level1=Level1.COST, score=D(20), where="报告正文")]
    without = overall(ind("参保人数", "1.2万人", "1.25万人", "10", "10"), subtotals=stated)
    with_cost = overall(
        ind("公用经费控制额", "≤50万元", "37.78万元", "10", "10", level2=Level2.COST), subtotals=stated
    )
    assert ("SCO007", "overall.subtotals[0].score") in codes(pkg(overall=without))
    assert only(pkg(overall=with_cost), "SCO007") == []


def test_same_indicator_with_different_targets_in_overall_and_project_forms() -> None:
    p = pkg(
        overall=overall(
            ind("虚报冒领资金追缴率", "95%以上", "100%", "10", "10"),
            ind("按时发放养老金", "每月28日前发放", "每月25号左右", "10", "10", level2=Level2.TIMELINESS),
            ind("退休人员工资增加", "按政策进行调整", "严格按政策及时进行了调整", "10", "10", Level1.BENEFIT),
        ),
        projects=[
            project(
                ind("虚报冒领资金追缴率", "98%", "100%", "10", "10"),  # ≥95 vs ≥98 → XRF009
                ind("按时发放养老金", "每月28号左右", "每月25号左右", "10", "10", level2=Level2.TIMELINESS),
                # by the 28th vs around the 28th → XRF009
                ind("退休人员工资增加", "按政策调整", "严格按政策调整到位", "10", "10", Level1.BENEFIT),
                # the same level (按政策) in other words → no finding
            )
        ],
    )
    found = [path for code, path in codes(p) if code == "XRF009"]
    assert found == ["projects[0].indicators[0].target_raw", "projects[0].indicators[1].target_raw"]


# --- base data -----------------------------------------------------------------------------


def test_base_data_items_short_of_total_and_blank_adjustment_row() -> None:
    bd = BaseDataTable(
        expense_rows=[
            ExpenseControlRow(label="项目支出：", key="project", budget=D("70.65"), actual=D("70.65")),
            ExpenseControlRow(
                label="1、业务工作经费", key="project_item", parent="project", budget=D(46), actual=D(46)
            ),
            ExpenseControlRow(label="2、运行维护经费", key="project_item", parent="project"),
            ExpenseControlRow(label="部门基本支出预算调整", key="basic_adjustment"),
        ],
        note="项目支出下有一行“……”占位行",
    )
    funds = Funds(
        rows=[FundsRow(kind=FundsRowKind.TOTAL, initial_budget=D("354.83"), annual_budget=D("444.37"))]
    )
    got = codes(pkg(base_data=bd, overall=overall(funds=funds)))
    # 70.65 − 46 = 24.65 not itemised (info); 444.37 − 354.83 = 89.54 adjusted, row blank (warning)
    assert ("SUM018", "base_data.expense_rows[0].actual") in got
    assert ("ADJ003", "base_data.expense_rows[3].actual") in got
    no_change = Funds(rows=[FundsRow(kind=FundsRowKind.TOTAL, initial_budget=D(46), annual_budget=D(46))])
    assert only(pkg(base_data=bd, overall=overall(funds=no_change)), "ADJ003") == []


# --- 评分表 ----------------------------------------------------------------------------------


def test_scoring_table_rows_with_nothing_to_measure_and_stale_years() -> None:
    table = ScoringTable(
        title="评分表",
        rows=[
            ScoringRow(level1="投入", name="重点支出安排率", max_score=D(5), self_score=D(5)),
            ScoringRow(
                level1="过程", name="支付进度", max_score=D(3), self_score=D(2)
            ),  # not full: no finding
            ScoringRow(
                level1="产出",
                name="工作实绩",
                criterion="按2018年考核分数折算",
                max_score=D(5),
                self_score=D(5),
            ),
        ],
    )
    # 支出合计 596.39 = 基本支出 596.39 → 项目支出 0
    e = ExpenditureByNature(
        total=D("596.39"), basic=D("596.39"), personnel=D("486.52"), public_operation=D("109.87")
    )
    got = codes(pkg(scoring_table=table, expenditure=e).model_copy(update={"year": 2021}))
    assert ("SVR003", "scoring_table.rows[0].self_score") in got
    assert ("SVR003", "scoring_table.rows[1].self_score") not in got
    assert ("YRS002", "scoring_table.rows[2].criterion") in got  # 2018 ≠ 2021


# --- 决算 reconciliation ---------------------------------------------------------------------


def _accounts(reception_06: D | None, seven_rows: list[LineItem], empty: str | None = None) -> FinalAccounts:
    six = FinalAccountsTable(
        number="06",
        title="一般公共预算财政拨款基本支出决算明细表",
        rows=[
            LineItem(code="302", name="商品和服务支出", values={"amount": reception_06}),
            LineItem(code="30217", name="公务接待费", values={"amount": reception_06}),
        ],
    )
    seven = FinalAccountsTable(
        number="07", title="一般公共预算财政拨款“三公”经费支出决算表", rows=seven_rows, empty_statement=empty
    )
    return FinalAccounts(tables=[six, seven])


def test_table_07_against_table_06_lines() -> None:
    row = LineItem(name="决算", values={"final_total": D("1.2"), "final_reception": D("1.2")})
    # 07 公务接待费 1.2 = 06 30217 1.2 → no finding; 06 blank (0) vs 1.2 → REC002
    assert only(pkg(final_accounts=_accounts(D("1.2"), [row])), "REC002") == []
    [rec] = only(pkg(final_accounts=_accounts(None, [row])), "REC002")
    assert rec.location.path == "final_accounts.tables[0].rows[1].values.amount"
    # a 07 table declared empty is 0 and agrees with blank 06 lines (seed 004)
    assert only(pkg(final_accounts=_accounts(None, [], "本表无数据")), "REC002") == []


def test_base_data_three_public_against_table_07() -> None:
    bd = BaseDataTable(
        expense_rows=[ExpenseControlRow(label="三公经费：", key="three_public", actual=D("2.76"))]
    )
    # 基础数据表 2.76 vs 公开07 declared empty (0) → REC003
    p = pkg(base_data=bd, final_accounts=_accounts(None, [], "本表无数据"))
    assert ("REC003", "base_data.expense_rows[0].actual") in codes(p)


def test_procurement_sentence_against_base_data() -> None:
    bd = BaseDataTable(
        expense_rows=[ExpenseControlRow(label="政府采购金额", key="procurement", actual=D("4.53"))]
    )
    bad = narrative("本部门2024年度政府采购支出总额0万元。")  # 0 ≠ 4.53
    good = narrative("本部门2024年度政府采购支出总额4.53万元。")
    assert ("XRF010", "reports[0].sections[0].text") in codes(pkg(base_data=bd, reports=[bad]))
    assert only(pkg(base_data=bd, reports=[good]), "XRF010") == []


def test_funds_figures_in_the_text_against_the_form() -> None:
    funds = Funds(
        rows=[
            FundsRow(
                kind=FundsRowKind.TOTAL,
                initial_budget=D("354.83"),
                annual_budget=D("444.37"),
                executed=D("444.24"),
            )
        ]
    )
    bad = narrative("全年预算数为440万元，全年执行数为444.24万元。")  # 440 ≠ 444.37; 444.24 = 444.24
    [f] = only(pkg(overall=overall(funds=funds), reports=[bad]), "XRF011")
    assert f.computed == "444.37"
    good = narrative("年初预算354.83万元，全年预算444.37万元。")
    assert only(pkg(overall=overall(funds=funds), reports=[good]), "XRF011") == []


def test_negative_amounts_are_reported_at_their_place() -> None:
    from decimal import Decimal

    from jixiao.audit import check_package
    from jixiao.model import Funds, FundsRow, FundsRowKind, Scope, SelfEvaluation, SourceLocation
    from tests.factories import package

    row = FundsRow(
        kind=FundsRowKind.TOTAL,
        annual_budget=Decimal("444.37"),
        executed=Decimal("-444.24"),
        sources={"executed": SourceLocation(document="d", line=155)},
    )
    pkg = package(overall=SelfEvaluation(scope=Scope.OVERALL, funds=Funds(rows=[row])))
    found = [(f.code, f.location.path, f.location.line) for f in check_package(pkg) if f.code == "FMT004"]
    assert found == [("FMT004", "overall.funds.rows[0].executed", 155)]
