"""Recomputed scores for the four seed documents, worked out by hand from the seed texts.

Each expectation is computed in the comment above it.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from jixiao.model import EvaluationPackage, load_package
from jixiao.scoring import ScoreSheet, score_package

SEEDS = Path(__file__).resolve().parents[1] / "corpus" / "seeds"


def _package(seed: str) -> EvaluationPackage:
    return load_package(SEEDS / f"{seed}.yaml")


def _sheet(sheets: list[ScoreSheet], rule_set_id: str, subject_part: str = "") -> ScoreSheet:
    found = [s for s in sheets if s.rule_set_id == rule_set_id and subject_part in s.subject]
    assert len(found) == 1, [(s.rule_set_id, s.subject) for s in sheets]
    return found[0]


def _row(sheet: ScoreSheet, name: str, target: str | None = None) -> object:
    rows = [r for r in sheet.rows if r.name == name and (target is None or target in r.explanation)]
    assert len(rows) == 1, [r.name for r in sheet.rows]
    return rows[0]


D = Decimal


# ---------------------------------------------------------------- seed 003: 岳阳楼区 评分表


def test_seed_003_scoring_table() -> None:
    package = _package("003_7518ab3a3420526e")
    sheet = _sheet(score_package(package), "hunan/yueyanglou/overall-2021")
    assert sheet.rule_set_version == "1" and len(sheet.rule_set_hash) == 64
    staffing = sheet.row("staffing_control_rate")
    assert staffing is not None
    # form: 人员编制50, 实有人数44 → 44/50 = 88% ≤ 100% → 5 (unit 5)
    assert staffing.score == D(5) and staffing.unit_score == D(5) and staffing.difference == D(0)
    assert "88.00%" in staffing.explanation
    # the narrative says 编制39人: 44/39 = 112.82%, 12.82 points over × 0.5 = 6.41 > 5 → 0
    assert staffing.disputed
    assert len(staffing.alternatives) == 1
    assert "编制39人" in staffing.alternatives[0] and "112.82%" in staffing.alternatives[0]
    assert "得0.00分" in staffing.alternatives[0]
    # 资金结余: 收入合计596.39 − 支出合计596.39 = 0 → 无结余 → 3
    balance = sheet.row("balance")
    assert balance is not None and balance.score == D(3)
    # 三公经费控制率: 三公 actual 0 → rate 0% ≤ 100% → 6
    three = sheet.row("three_public_control_rate")
    assert three is not None and three.score == D(6)
    # 固定资产利用率: 在用34.68 / 合计34.68 = 100% → no deduction → 3
    assets = sheet.row("fixed_asset_utilization_rate")
    assert assets is not None and assets.score == D(3)
    # 满意度: the overall form's satisfaction actual 100% ≥ 95% → 5
    satisfaction = sheet.row("satisfaction")
    assert satisfaction is not None and satisfaction.score == D(5), satisfaction.explanation
    # no package data: 三公经费变动率 (needs last year's budget), 重点支出安排率, 预算调整率 (no funds block) …
    for key in (
        "three_public_change_rate",
        "key_expenditure_rate",
        "budget_adjustment_rate",
        "payment_progress",
    ):
        row = sheet.row(key)
        assert row is not None and row.status == "missing" and "无法计算" in row.explanation
    # the six 产出 rows and 经济/社会/生态效益 are manual
    manual = [r.key for r in sheet.rows if r.status == "manual"]
    assert len(manual) == 7
    # computed 5+3+6+3+5 = 22 plus the unit's own scores for the other rows (78) = 100 → 优; unit 100
    assert sheet.total == D(100) and sheet.grade == "优"
    assert sheet.stated_total == D(100) and sheet.total_difference == D(0)
    assert not sheet.complete and len(sheet.adopted) == 18
    # the printed 经济效益/社会效益/生态效益 rows are one rule row; nothing left unmatched
    assert not [n for n in sheet.notes if "不在规则集中" in n or "没有找到" in n], sheet.notes
    assert [(g.label, g.max_score) for g in sheet.groups] == [
        ("投入", 15),
        ("过程", 40),
        ("产出", 25),
        ("效果", 20),
    ]
    text = sheet.to_text()
    assert "财政供养人员控制率" in text and "计算总分：100分" in text


# ---------------------------------------------------------------- seed 000: 湘西州 考核评分表


def test_seed_000_work_assessment_without_facts() -> None:
    package = _package("000_805ae84eb2841fa9")
    sheet = _sheet(score_package(package), "hunan/xiangxi/work-assessment-2024")
    # nothing in the package answers the checklists or the days late; manual rows keep the bureau's scores
    assert all(r.score is None for r in sheet.rows)
    # adopted: 8 + 2 + 20 + 10 + 15 + 15 + 13 + 12 = 95 = printed total → 优
    assert sheet.total == D(95) and sheet.grade == "优" and sheet.total_difference == D(0)


def test_seed_000_work_assessment_with_facts() -> None:
    package = _package("000_805ae84eb2841fa9")
    facts = {
        "failed_items:notice_issued": [],
        "failed_items:notice_content": ["attachments"],
        "failed_items:working_group": [],
        "failed_items:self_check": D(2),
        "days_late": D(3),
    }
    sheet = _sheet(score_package(package, facts=facts), "hunan/xiangxi/work-assessment-2024")
    # 自评通知: issued 2 + content 6 − 1×1 = 5 → 7 (bureau gave 8)
    notice = sheet.row("notice")
    assert notice is not None and notice.score == D(7) and notice.difference == D(1)
    # 工作小组 2; 单位自查 20 − 2×1 = 18; 提交报告 10 − 3×1 = 7
    assert [sheet.row(k).score for k in ("working_group", "self_check", "submission")] == [D(2), D(18), D(7)]  # type: ignore[union-attr]
    # 7 + 2 + 18 + 7 + (adopted 15 + 15 + 13 + 12) = 89 → 良
    assert sheet.total == D(89) and sheet.grade == "良"


# ---------------------------------------------------------------- seed 001: 桃江县


def test_seed_001_overall_form() -> None:
    package = _package("001_a74d644552a354b1")
    sheet = _sheet(score_package(package), "national/overall/self-evaluation-2020")
    # 执行率 444.24/444.37 = 99.9707% → 10 × 0.999707 = 9.997 → 10.00 (unit 10)
    assert sheet.execution is not None and sheet.execution.score == D("10.00")
    assert "99.97%" in sheet.execution.explanation
    # 实际发放人数: ≥98%, actual 94% → 10×94/98 = 9.5918 → 9.59; unit 6 → difference 6 − 9.5918 = −3.59
    row = _row(sheet, "实际发放人数")
    assert row.score == D("9.59") and row.unit_score == D(6) and row.difference == D("-3.59")  # type: ignore[attr-defined]
    assert "10×94/98=9.59分" in row.explanation  # type: ignore[attr-defined]
    # 基金静态可支付月数 ≥6个月, 45个月: met (10) but 45/6 − 1 = 650% beyond the target > 30 % → flagged (R-Q3)
    months = _row(sheet, "基金静态可支付月数")
    assert months.score == D(10) and months.flags  # type: ignore[attr-defined]
    # output 10+5+10+5+9.5918+10+5+5 = 59.5918 (rule 50: Σ分值 60 noted), benefit 20, satisfaction 10,
    # execution 9.9971 → 99.5889 → 99.59 → 优; unit 96
    assert sheet.total == D("99.59") and sheet.grade == "优"
    assert sheet.stated_total == D(96)
    assert any("产出指标各指标分值合计60分" in n for n in sheet.notes)


def test_seed_001_project_form() -> None:
    package = _package("001_a74d644552a354b1")
    sheet = _sheet(score_package(package), "national/project/cai-yu-2020-10", "稽核管理工作经费")
    # 执行率 46/46 = 100% → 10
    assert sheet.execution is not None and sheet.execution.score == D(10)
    # 实际发放人数 10×94/98 = 9.59 (unit 6)
    assert _row(sheet, "实际发放人数").score == D("9.59")  # type: ignore[attr-defined]
    # 全年认证人数 ≥11.19万人, 16.49万人: met → 10, overshoot 16.49/11.19 − 1 = 47.36% > 30% → flagged
    cert = _row(sheet, "全年认证人数")
    assert cert.score == D(10) and cert.flags  # type: ignore[attr-defined]
    # 10 + (10 + 9.5918 + 10 + 10 + 10) + (10 + 10 + 10) + 10 = 99.5918 → 99.59 → 优 (unit 96)
    assert sheet.total == D("99.59") and sheet.grade == "优"


# ---------------------------------------------------------------- seed 004: 石峰区


def test_seed_004_overall_form() -> None:
    package = _package("004_da89c46e97eef31b")
    sheet = _sheet(score_package(package), "national/overall/self-evaluation-2020")
    # 执行率 7486.96/7486.96 = 100% → 10
    assert sheet.execution is not None and sheet.execution.score == D(10)
    # 受众办理满意度 ≥95%, 95%: met → 10; unit 8 → difference −2
    satisfaction = _row(sheet, "受众办理 满意度")
    assert satisfaction.score == D(10) and satisfaction.difference == D(-2)  # type: ignore[attr-defined]
    # 社会保障水平: the actual only repeats the indicator name → cannot be judged, unit's 30 adopted
    level = _row(sheet, "社会保障水 平")
    assert level.status == "missing" and level.score is None  # type: ignore[attr-defined]
    # Σ分值 20+20+10+30+10+10 = 100, plus execution 10 = 110 ≠ 100 → noted;
    # total 10 + 20 + 20 + 10 + 30 (adopted) + 10 + 10 = 110
    assert any("不等于总分100分" in n for n in sheet.notes)
    assert sheet.total == D(110)


def test_seed_004_project_2_1_enterprise_subsidy_is_lower_better() -> None:
    package = _package("004_da89c46e97eef31b")
    sheet = _sheet(
        score_package(package), "national/project/cai-yu-2020-10", "建国初期及企业退休军转干部生活补贴"
    )
    # 补贴标准（成本指标）企业: 人均1200元/月, actual 1368.57元/月: lower is better →
    # 20 × 1200/1368.57 = 20 × 0.876828 = 17.5366 → 17.54; unit 17 → difference −0.54
    row = _row(sheet, "补贴标准", "1368.57")
    assert row.score == D("17.54") and row.difference == D("-0.54")  # type: ignore[attr-defined]
    # execution 25/25 → 10, but the form prints 100 in a column worth 10 → difference +90
    assert sheet.execution is not None and sheet.execution.score == D(10)
    assert sheet.execution.unit_score == D(100) and sheet.execution.difference == D(90)


def test_seed_004_project_2_5_government_paid_people() -> None:
    package = _package("004_da89c46e97eef31b")
    sheet = _sheet(
        score_package(package), "national/project/cai-yu-2020-10", "财政代缴城乡居民养老保险费支出"
    )
    # 政府代缴人数 1200 人 → 1158 人: 20 × 1158/1200 = 19.30; unit 20 → difference +0.70
    row = _row(sheet, "政府代缴人数")
    assert row.score == D("19.30") and row.difference == D("0.70")  # type: ignore[attr-defined]
    assert "20×1158/1200=19.30分" in row.explanation  # type: ignore[attr-defined]
