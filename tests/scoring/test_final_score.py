"""One score and one grade (issue 12): ``final_score`` is what every page, download and document shows.

Expected values worked out by hand from the seed figures and the rule sets' own bands
(财预〔2020〕10号: 优 ≥ 90, 良 80–90, 中 60–80, 差 < 60).
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.model import Funds, FundsRow, FundsRowKind, Level1, Level2, Scope, load_package
from jixiao.scoring import final_score, score_package
from tests.conftest import seed_package_path
from tests.factories import form, indicator, package


def test_seed_001_taojiang_has_a_grade_though_its_form_states_none() -> None:
    # 桃江县 states 总分 96 and no 评价等次 (the web showed "—"). Recomputed under the rule set:
    # 预算执行率 10 × 444.24/444.37 = 9.99707; 实际发放人数 10 × 94/98 = 9.59184; the other nine
    # indicators earn their full 80 → 99.58891 → 99.59 of 100 (the form's 分值 add up to 100), 优.
    p = load_package(seed_package_path("001_a74d644552a354b1"))
    score, maximum, grade, reasons = final_score(p)
    assert (score, maximum, grade) == (Decimal("99.59"), Decimal("100"), "优")
    assert any("单位自评96分" in r and "未写等次" in r for r in reasons)
    # its weights break the rule set (产出 60 for 50, 效益 20 for 30): said, not hidden
    assert "产出指标各指标分值合计60分，规则集为50分" in reasons


def _form_110(benefit_actual: str) -> object:
    """An overall form whose 效益 weights add up to 40 (the whole to 110), as seed 004's does."""
    funds = Funds(rows=[FundsRow(kind=FundsRowKind.TOTAL, annual_budget=Decimal(100), executed=Decimal(100))])
    return package(
        overall=form(
            Scope.OVERALL,
            indicator("参保人数", "≥10万人", "12万人", 50, 50),
            indicator("待遇按时发放率", "≥100%", benefit_actual, 40, 40, Level1.BENEFIT, Level2.SOCIAL),
            indicator("服务对象满意度", "≥90%", "95%", 10, 10, Level1.SATISFACTION, Level2.SATISFACTION),
            funds=funds,
        )
    )


def test_weights_adding_up_to_110_never_show_a_total_above_its_maximum() -> None:
    # 10 (execution 100/100) + 50 + 40 + 10 = 110 under the declared weights, out of 110 (the portal
    # showed 110.00 of 100); the equivalent on the rule set's scale is 110 × 100/110 = 100 → 优
    score, maximum, grade, reasons = final_score(_form_110("100%"))
    assert (score, maximum, grade) == (Decimal("110.00"), Decimal("110"), "优")
    assert score is not None and maximum is not None and score <= maximum
    assert any("合计110分" in r and "折合100分制为100分" in r for r in reasons)
    sheet = score_package(_form_110("100%"))[0]
    assert sheet.total_max == Decimal("110") and "计算总分：110分（满分110分）" in sheet.to_text()


def test_the_grade_under_declared_weights_is_taken_on_the_rule_sets_scale() -> None:
    # 待遇按时发放率 50% of a ≥100% target: 40 × 0.5 = 20 → 10 + 50 + 20 + 10 = 90 of 110. Raw, 90 would
    # be 优; on the rule set's scale it is 90 × 100/110 = 81.818… → 81.82 → 良
    score, maximum, grade, reasons = final_score(_form_110("50%"))
    assert (score, maximum, grade) == (Decimal("90.00"), Decimal("110"), "良")
    assert any("折合100分制为81.82分" in r for r in reasons)


def test_a_unit_score_above_its_column_is_counted_at_the_column_s_maximum() -> None:
    # "a score of 100 in a column worth 10": an indicator that cannot be scored (no 实际完成值) keeps
    # the unit's own score, but never more than its 分值 — 10, not 100
    funds = Funds(rows=[FundsRow(kind=FundsRowKind.TOTAL, annual_budget=Decimal(50), executed=Decimal(50))])
    p = package(
        overall=form(
            Scope.OVERALL,
            indicator("参保人数", "≥10万人", "12万人", 80, 80),
            indicator("满意度", "≥90%", "", 10, 100, Level1.SATISFACTION, Level2.SATISFACTION),
            funds=funds,
        )
    )
    sheet = score_package(p)[0]
    assert sheet.total == Decimal("100.00")  # 10 (50/50 executed) + 80 + 10, not 190
    assert any("单位自评100分，超过分值10分" in n for n in sheet.notes)
    assert final_score(p, sheets=[sheet])[:3] == (Decimal("100.00"), Decimal("100"), "优")


def test_seed_003_takes_the_district_scoring_table_and_000_the_stated_total() -> None:
    # 003's 自评表 has no indicators of its own; the district 评分表 (附件3-2) gives 100 of 100, 优
    p003 = load_package(seed_package_path("003_7518ab3a3420526e"))
    assert final_score(p003)[:3] == (Decimal("100.00"), Decimal("100"), "优")
    # 000's form cannot be recomputed (its rows are not scorable): the unit's 97.98, graded by the
    # same rule set (≥ 90 → 优), with the reason
    p000 = load_package(seed_package_path("000_805ae84eb2841fa9"))
    score, maximum, grade, reasons = final_score(p000)
    assert (score, maximum, grade) == (Decimal("97.98"), Decimal("100"), "优")
    assert any("采用单位自评得分97.98分" in r for r in reasons)
