"""Figure sentences generated from the seed packages; every expected figure computed by hand."""

from __future__ import annotations

from decimal import Decimal as D

from jixiao.model import EvaluationPackage, ThreePublicComponent
from jixiao.renderers import report_sentences
from jixiao.renderers.figures import ThreePublicFigure, three_public_figures, three_public_sentence


def test_execution_sentence_of_001(p001: EvaluationPackage) -> None:
    sentences = report_sentences(p001)
    # funds row: 年初 354.83, 全年 444.37, 执行 444.24; 444.24 / 444.37 = 99.9707% -> 99.97%
    assert (
        "2024年度部门整体支出年初预算数354.83万元，全年预算数444.37万元，执行数444.24万元，执行率99.97%。"
        in sentences
    )


def test_three_public_of_001_merges_base_data_and_report_table(p001: EvaluationPackage) -> None:
    figures = {f.component: f for f in three_public_figures(p001)}
    total = figures[ThreePublicComponent.TOTAL]
    # last year only in the 基础数据表 (6.87); budget 4 and actual 2.76 in both
    assert (total.last_year, total.budget, total.actual) == (D("6.87"), D("4"), D("2.76"))
    sentences = report_sentences(p001)
    # 2.76 / 4 = 69%; 2.76 - 6.87 = -4.11; 4.11 / 6.87 = 59.825% -> 59.83%
    assert (
        "“三公经费”支出预算为4.00万元，支出决算为2.76万元，完成预算的69.00%，比上年减少4.11万元，下降59.83%。"
        in sentences
    )
    # 1.63 / 2 = 81.5%; 1.63 - 3.42 = -1.79; 1.79 / 3.42 = 52.339% -> 52.34%
    assert (
        "公务接待费支出预算为2.00万元，支出决算为1.63万元，完成预算的81.50%，比上年减少1.79万元，下降52.34%。"
        in sentences
    )
    # 1.13 / 2 = 56.5%; 1.13 - 3.45 = -2.32; 2.32 / 3.45 = 67.246% -> 67.25%
    assert (
        "公务用车运行维护费支出预算为2.00万元，支出决算为1.13万元，完成预算的56.50%，比上年减少2.32万元，下降67.25%。"
        in sentences
    )
    # the vehicle subtotal is not repeated when both of its parts are stated
    assert not any(s.startswith("公务用车购置及运行维护费") for s in sentences)


def test_three_public_of_000_computes_the_control_rate_the_document_misprints(
    p000: EvaluationPackage,
) -> None:
    sentences = report_sentences(p000)
    # the report prints 控制率 0.1%; 0.4 / 4 = 10%; 0.4 - 2.77 = -2.37; 2.37 / 2.77 = 85.559% -> 85.56%
    assert (
        "“三公经费”支出预算为4.00万元，支出决算为0.40万元，完成预算的10.00%，比上年减少2.37万元，下降85.56%。"
        in sentences
    )


def test_equal_to_last_year_and_zero_budget() -> None:
    same = ThreePublicFigure(
        ThreePublicComponent.RECEPTION, last_year=D("1.5"), budget=D("2"), actual=D("1.5")
    )
    # 1.5 / 2 = 75%; 1.5 - 1.5 = 0 -> 与上年持平
    assert (
        three_public_sentence(same)
        == "公务接待费支出预算为2.00万元，支出决算为1.50万元，完成预算的75.00%，与上年持平。"
    )
    zero = ThreePublicFigure(ThreePublicComponent.OVERSEAS_TRAVEL, last_year=D(0), budget=D(0), actual=D(0))
    assert three_public_sentence(zero) == "因公出国（境）费支出预算数和决算数均为0.00万元，与上年持平。"
    up = ThreePublicFigure(
        ThreePublicComponent.VEHICLE_OPERATION, last_year=D(0), budget=D(0), actual=D("0.8")
    )
    # no rate against a zero budget nor a zero last year
    assert (
        three_public_sentence(up)
        == "公务用车运行维护费支出预算为0.00万元，支出决算为0.80万元，预算数为0，不计算完成比例，比上年增加0.80万元。"
    )


def test_staffing_score_and_grade(p000: EvaluationPackage, p001: EvaluationPackage) -> None:
    s001 = report_sentences(p001)
    # 27 / 32 = 84.375% -> 84.38%
    assert "单位编制数32人，实有人数27人，财政供养人员控制率84.38%。" in s001
    # 001 states 96 but no grade: derived by the national bands (96 >= 90 -> 优) and said so
    assert any(
        s.startswith("部门整体支出绩效自评得分96分（满分100分），评价等次为“优”（按90分") for s in s001
    )
    s000 = report_sentences(p000)
    # 000 states 97.98 and 优; 14 indicators; 30 of 31 staff, 23 retired: 30 / 31 = 96.774% -> 96.77%
    assert any(
        s.startswith("部门整体支出绩效自评得分97.98分，评价等次为“优”。") or "97.98分" in s for s in s000
    )
    assert "单位编制数31人，实有人数30人，财政供养人员控制率96.77%，退休人员23人。" in s000


def test_project_sentences_of_004(p004: EvaluationPackage) -> None:
    sentences = report_sentences(p004)
    assert any(s.startswith("本年度开展项目支出绩效自评5个：") for s in sentences)
    # 职业年金个人账户记实: 年初 200, 全年 422.75, 执行 422.75 -> 422.75 / 422.75 = 100.00%
    assert (
        "“职业年金个人账户记实”项目年初预算数200.00万元，全年预算数422.75万元，执行数422.75万元，执行率100.00%。"
        in sentences
    )
    # a project with no stated total still names its subject
    assert (
        "“财政代缴城乡居民养老保险费支出”项目预算执行率得分100分（分值10分），共设置三级绩效指标5个，其中4个指标得满分，扣分指标为满意度（8/10分）。"
        in sentences
    )
