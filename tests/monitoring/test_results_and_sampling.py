"""评价结果应用 on the seeds' projects and on made-up ones; a reproducible 抽评 sample; conflicts; gaps."""

from __future__ import annotations

from decimal import Decimal

from jixiao.model import load_package
from jixiao.monitoring.results import ProjectOutcome, results_rule_set, suggest, suggest_for_packages
from jixiao.monitoring.sampling import (
    Candidate,
    Reviewer,
    conflicts,
    draw_sample,
    overstating_units,
    score_gaps,
    size_band,
)
from tests.conftest import SEED_IDS, seed_package_path

RULES = results_rule_set("national/results-application/results-application-2020")


def test_seed_projects_are_all_maintained_each_traced_to_its_rule() -> None:
    packages = [load_package(seed_package_path(s)) for s in SEED_IDS]
    rows = [
        (s.outcome.unit, s.outcome.project, s.score, s.grade, s.action_label, [m.rule.key for m in s.matches])
        for s in suggest_for_packages(packages, RULES)
    ]
    # seeds 000 and 003 hold no project forms; 001 holds one, 004 five. Stated scores 96–98 are 优
    # (national bands: 优 ≥ 90); every project spent 100 % of its budget, so no cut applies.
    assert rows == [
        ("桃江县社会保险服务中心", "稽核管理工作经费", 96, "优", "维持", ["grade-excellent"]),
        (
            "株洲市石峰区社会保险服务中心",
            "建国初期及企业退休军转干部生活补贴",
            97,
            "优",
            "维持",
            ["grade-excellent"],
        ),
        (
            "株洲市石峰区社会保险服务中心",
            "机关事业单位养老保险财政补助",
            97,
            "优",
            "维持",
            ["grade-excellent"],
        ),
        ("株洲市石峰区社会保险服务中心", "职业年金个人账户记实", 98, "优", "维持", ["grade-excellent"]),
        (
            "株洲市石峰区社会保险服务中心",
            "财政对城乡居民养老保险基金的补助",
            96,
            "优",
            "维持",
            ["grade-excellent"],
        ),
        # no stated score: the recomputed one would be used, but the scorer cannot complete this form
        ("株洲市石峰区社会保险服务中心", "财政代缴城乡居民养老保险费支出", None, None, "维持", []),
    ]
    first = suggest_for_packages(packages[1:2], RULES)[0]
    # the rule in its own words, this project's figures, the rule set by its title — no rule key, no id
    assert first.explanation() == (
        "评价等级为“优”的，下一年度预算优先保障（本项目自评得分96分，等级优）。"
        "依据《评价结果应用——下一年度预算安排建议（中发〔2018〕34号、财预〔2020〕10号）》第1版。"
    )


def outcome(score: str | None, *rates: str | None, budget: str = "200") -> ProjectOutcome:
    return ProjectOutcome(
        unit="某单位",
        project="某项目",
        year=2024,
        budget=Decimal(budget),
        executed=None,
        stated_score=None if score is None else Decimal(score),
        computed_score=None,
        execution_rates=tuple(None if r is None else Decimal(r) for r in rates),
    )


def test_poor_grade_cuts_at_least_30_percent() -> None:
    s = suggest(outcome("55", "95"), RULES)  # 55 < 60 → 差
    assert (s.grade, s.action, s.cut_at_least, s.cut_amount) == (
        "差",
        "cut",
        Decimal("0.30"),
        Decimal("60.00"),
    )


def test_low_execution_two_years_running_cuts_and_the_larger_cut_wins() -> None:
    s = suggest(outcome("85", "55", "58"), RULES)  # 良, 55 % and 58 % both below 60 %
    assert [m.rule.key for m in s.matches] == ["grade-good", "execution-low-two-years"]
    assert (s.action_label, s.cut_at_least, s.cut_amount) == ("核减", Decimal("0.20"), Decimal("40.00"))
    assert s.explanation() == (
        "评价等级为“良”的，下一年度预算合理安排（本项目自评得分85分，等级良）；"
        "预算执行率连续两年低于60%的，下一年度预算核减不少于20%（本项目执行率2024年55%、2023年58%，均低于60%）。"
        "依据《评价结果应用——下一年度预算安排建议（中发〔2018〕34号、财预〔2020〕10号）》第1版。"
    )
    s = suggest(outcome("55", "55", "58"), RULES)  # 差 (30 %) and two low years (20 %): 30 % wins
    assert (s.action, s.cut_at_least) == ("cut", Decimal("0.30"))


def test_one_low_year_or_an_unknown_year_does_not_cut() -> None:
    assert suggest(outcome("85", "55", "75"), RULES).action == "maintain"
    # no score and no low years: no rule holds, the rule set's default is said, with its title
    assert suggest(outcome(None, "95"), RULES).explanation() == (
        "未触发核减、暂停或取消的条件：维持。"
        "依据《评价结果应用——下一年度预算安排建议（中发〔2018〕34号、财预〔2020〕10号）》第1版。"
    )
    assert suggest(outcome("85", "55"), RULES).action == "maintain"  # no earlier year known
    assert suggest(outcome("85", "55", None), RULES).action == "maintain"


UNITS = [
    Candidate(f"U{i:02d}", f"单位{i}", stratum="社会保障股" if i <= 6 else "农业股", size=Decimal(i * 100))
    for i in range(1, 11)
]


def test_sample_is_reproducible_and_stratified_by_largest_remainder() -> None:
    a = draw_sample(UNITS, size=3, seed=20240801, stratify_by="desk")
    b = draw_sample(list(reversed(UNITS)), size=3, seed=20240801, stratify_by="desk")
    assert a.drawn == b.drawn  # the order of the list does not matter, the seed does
    # 社会保障股 6 of 10, 农业股 4 of 10: quotas 1.8 and 1.2 → 1 + 1, the larger remainder (0.8) gets the third
    assert a.allocation == {"农业股": 1, "社会保障股": 2}
    assert [c.stratum for c in a.drawn].count("社会保障股") == 2
    assert "随机种子 20240801" in a.describe()
    assert draw_sample(UNITS, size=10, seed=7).drawn == sorted(UNITS, key=lambda c: c.key)


def test_size_bands() -> None:
    bounds = [Decimal(300), Decimal(700)]
    assert [size_band(c.size, bounds) for c in UNITS[:4]] == [
        "300万元以下",
        "300万元以下",
        "300–700万元",
        "300–700万元",
    ]
    assert size_band(Decimal(700), bounds) == "700万元以上"


def test_conflicts_of_interest() -> None:
    agency = Reviewer("某会计师事务所", "agency", clients=("桃江县社会保险服务中心",))
    expert = Reviewer("李某", "expert", employer="桃江县农业农村局")
    assert [c.reason for c in conflicts(agency, "桃江县社会保险服务中心")] == [
        "近年为被评价单位提供过服务（咨询、代编、审计等）"
    ]
    assert [c.reason for c in conflicts(expert, "桃江县农业农村局", panel=["李某", "王某"])] == [
        "专家在被评价单位任职",
        "参加过被评价单位本年度的自评（评价人员）",
    ]
    assert conflicts(expert, "桃江县社会保险服务中心") == []


def test_units_whose_self_scores_are_systematically_above() -> None:
    gaps = score_gaps(
        [
            ("甲", "项目1", Decimal(96), Decimal(88)),  # +8
            ("甲", "项目2", Decimal(95), Decimal(91)),  # +4 → mean 6 > 5
            ("乙", "项目1", Decimal(92), Decimal(80)),  # +12, but only one re-scored item
            ("丙", "项目1", Decimal(90), Decimal(86)),  # +4
            ("丙", "项目2", Decimal(90), Decimal(84)),  # +6 → mean 5, not above 5
            ("丁", "项目1", Decimal(90), None),
        ]
    )
    assert len(gaps) == 5
    flagged = overstating_units(gaps, points=Decimal(5), min_samples=2)
    assert [(u.unit, u.mean) for u in flagged] == [("甲", Decimal(6))]
