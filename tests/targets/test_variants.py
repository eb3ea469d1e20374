"""Real-world spellings of targets and actuals, and the rules of assess().

Each table row is a string as people type it and the parse a reader would give it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from jixiao.targets import (
    Comparator,
    Direction,
    Outcome,
    TargetKind,
    assess,
    direction_from_name,
    parse_actual,
    parse_target,
)
from tests.targets.expect import APPROX, EQ, GE, GT, LE, LT, C, D, N, Q, U, spec_of

COMPARATORS: list[tuple[str, tuple[Any, ...]]] = [
    ("≥90%", N(GE, "90", "%")),
    ("≤90%", N(LE, "90", "%")),
    (">90%", N(GT, "90", "%")),
    ("<90%", N(LT, "90", "%")),
    ("=90%", N(EQ, "90", "%")),
    ("＞90%", N(GT, "90", "%")),
    ("＜90%", N(LT, "90", "%")),
    ("≧90%", N(GE, "90", "%")),
    ("≦90%", N(LE, "90", "%")),
    (">=90%", N(GE, "90", "%")),
    ("<=90%", N(LE, "90", "%")),
    ("＝90%", N(EQ, "90", "%")),
    ("﹦90%", N(EQ, "90", "%")),
    ("═90%", N(EQ, "90", "%")),
    ("≥ 90 %", N(GE, "90", "%")),
    ("大于等于90%", N(GE, "90", "%")),
    ("大于或等于90%", N(GE, "90", "%")),
    ("不低于90%", N(GE, "90", "%")),
    ("不少于1000人", N(GE, "1000", "人")),
    ("90%以上", N(GE, "90", "%")),
    ("90%及以上", N(GE, "90", "%")),
    ("高于90%", N(GT, "90", "%")),
    ("超过1000人", N(GT, "1000", "人")),
    ("大于1000人", N(GT, "1000", "人")),
    ("小于等于50万元", N(LE, "50", "万元")),
    ("不超过50万元", N(LE, "50", "万元")),
    ("不高于5%", N(LE, "5", "%")),
    ("50万元以内", N(LE, "50", "万元")),
    ("5%以下", N(LE, "5", "%")),
    ("低于5%", N(LT, "5", "%")),
    ("小于5%", N(LT, "5", "%")),
    ("达到100%", N(GE, "100", "%")),
    ("100人左右", N(APPROX, "100", "人")),
    ("约100人", N(APPROX, "100", "人")),
    ("控制在50万元以内", N(LE, "50", "万元")),
    ("控制在50万元", N(LE, "50", "万元")),
    ("发放率达100%", N(GE, "100", "%")),
    ("不超过3个工作日", N(LE, "3", "个工作日")),
    ("≥95%（含）", N(GE, "95", "%")),
]

NUMBERS: list[tuple[str, tuple[Any, ...]]] = [
    ("三个月", N(GE, "3", "个月")),
    ("十二次", N(GE, "12", "次")),
    ("不少于十二次", N(GE, "12", "次")),
    ("二十五人", N(GE, "25", "人")),
    ("一百零五户", N(GE, "105", "户")),
    ("两千人", N(GE, "2000", "人")),
    ("４５％", N(GE, "45", "%")),
    ("≥９０％", N(GE, "90", "%")),
    ("251. 21万元", N(GE, "251.21", "万元")),
    ("8.34 万", N(GE, "83400")),
    ("1.2亿元", N(GE, "1.2", "亿元")),
    ("3亿", N(GE, "300000000")),
    ("1,200人", N(GE, "1200", "人")),
    ("百分之九十五", N(GE, "95", "%")),
    ("百分之95", N(GE, "95", "%")),
    ("12", N(GE, "12")),
    ("98%", N(GE, "98", "%")),
    ("1200 人", N(GE, "1200", "人")),
    ("0", N(LE, "0")),
    ("0件", N(LE, "0", "件")),
    ("100.00%", N(GE, "100.00", "%")),
]

UNITS: list[tuple[str, tuple[Any, ...]]] = [
    ("100人次", N(GE, "100", "人次")),
    ("4.5万人次", N(GE, "4.5", "万人次")),
    ("500元", N(GE, "500", "元")),
    ("3家", N(GE, "3", "家")),
    ("6个", N(GE, "6", "个")),
    ("6月", D(None, 6)),
    ("6个月", N(GE, "6", "个月")),
    ("30天", N(GE, "30", "天")),
    ("30日内", N(LE, "30", "日")),
    ("1年", N(GE, "1", "年")),
    ("120户", N(GE, "120", "户")),
    ("15件", N(GE, "15", "件")),
    ("8条", N(GE, "8", "条")),
    ("2辆", N(GE, "2", "辆")),
    ("≥530元/人·月", N(GE, "530", "元/人/月")),
    ("≥530元/人*月", N(GE, "530", "元/人/月")),
    ("≥530元/人/月", N(GE, "530", "元/人/月")),
    ("≥530元/人×月", N(GE, "530", "元/人/月")),
    ("2.5万元/人/年", N(GE, "2.5", "万元/人/年")),
    ("200m²", N(GE, "200", "平方米")),
    ("200㎡", N(GE, "200", "平方米")),
    ("200平方米", N(GE, "200", "平方米")),
    ("5km", N(GE, "5", "公里")),
    ("20吨", N(GE, "20", "吨")),
    ("3个百分点", N(GE, "3", "个百分点")),
    ("每人每月100元", N(GE, "100", "元/人/月")),
    ("人均100元", N(GE, "100", "元/人")),
]

CHANGES: list[tuple[str, tuple[Any, ...]]] = [
    ("比上年度下降10%", C("decrease", "10")),
    ("比上年下降10%", C("decrease", "10")),
    ("同比增长5%", C("increase", "5")),
    ("较上年增长5%以上", C("increase", "5")),
    ("下降59.82%", C("decrease", "59.82")),
    ("同比减少2.37万元", C("decrease", "2.37", "万元")),
    ("比上年提高2个百分点", C("increase", "2", "个百分点")),
]

DEADLINES: list[tuple[str, tuple[Any, ...]]] = [
    ("每月28日前发放", D(None, None, 28, "monthly")),
    ("每月28号前", D(None, None, 28, "monthly")),
    ("每月25号左右", D(None, None, 25, "monthly")),
    ("每月中旬发放", D(None, None, 20, "monthly")),
    ("2022年底前", D(2022)),
    ("2022 年底", D(2022)),
    ("2022年年底前完成", D(2022)),
    ("12月31日前", D(None, 12, 31)),
    ("2024 年 12 月 31 日前完成", D(2024, 12, 31)),
    ("2024年6月30日", D(2024, 6, 30)),
    ("2023年12月前", D(2023, 12)),
    ("年底前完成", D(None, 12)),
    ("2023.12.31前", D(2023, 12, 31)),
    ("2021年1月-12月", D(2021, 12)),
    ("二〇二二年底前", D(2022)),
    ("每年3月", D(None, 3, None, "yearly")),
]

LEVELS: list[tuple[str, tuple[Any, ...]]] = [
    ("应保尽保", Q("full_coverage")),
    ("应发尽发", Q("full_coverage")),
    ("按政策进行调整", Q("as_policy")),
    ("按政策调整", Q("as_policy")),
    ("稳步提升", Q("improving")),
    ("不断提升", Q("improving")),
    ("进一步提高", Q("improving")),
    ("达成预期指标", Q("achieved")),
    ("部分达成", Q("partly")),
    ("基本完成", Q("partly")),
    ("未达成", Q("not_achieved")),
    ("未完成", Q("not_achieved")),
    ("优", Q("excellent")),
    ("良", Q("good")),
    ("中", Q("fair")),
    ("低", Q("low")),
    ("差", Q("poor")),
    ("优良中低差", Q("scale")),
    ("优、良、中、低、差", Q("scale")),
    ("效果明显", Q("significant")),
    ("明显改善", Q("significant")),
    ("较好", Q("good")),
    ("有效", Q("effective")),
    ("及时", Q("timely")),
    ("健全", Q("sound")),
    ("严格按政策及时进行了调整", Q("as_policy")),
    ("全年基金安全完整", Q("safe")),
    ("是", Q("yes")),
    ("满意", Q("satisfied")),
    ("基本满意", Q("basically_satisfied")),
]

UNKNOWNS: list[str] = [
    "",
    "   ",
    "≥**%",
    "大于三个月整存整取利率",
    "90%-95%",
    "实际完成工作数与计划工作数的比",
    "见附表",
    "10 20 30",
]


@pytest.mark.parametrize(("raw", "expected"), COMPARATORS + NUMBERS + UNITS + CHANGES + DEADLINES + LEVELS)
def test_parse_target(raw: str, expected: tuple[Any, ...]) -> None:
    target = parse_target(raw)
    assert spec_of(target) == expected, target
    assert target.raw == raw


@pytest.mark.parametrize("raw", UNKNOWNS)
def test_unknown_has_a_chinese_note(raw: str) -> None:
    target = parse_target(raw)
    assert target.kind is TargetKind.UNKNOWN
    assert target.note and any("\u4e00" <= ch <= "\u9fff" for ch in target.note)
    result = assess(target, parse_actual("100%", target))
    assert result.outcome is Outcome.UNKNOWN
    assert result.explanation


def test_comparator_implied_for_bare_numbers() -> None:
    bare = parse_target("1200 人")
    assert bare.comparator is Comparator.GE and bare.comparator_implied
    written = parse_target("≥1200人")
    assert not written.comparator_implied
    # actuals never get an implied comparator
    assert parse_actual("1200人").comparator is None
    assert parse_actual("达到100%").comparator is None


@pytest.mark.parametrize(
    ("name", "direction"),
    [
        ("公用经费控制额", Direction.LOWER_BETTER),
        ("运行成本", Direction.LOWER_BETTER),
        ("工伤预防宣传费", Direction.LOWER_BETTER),
        ("办理时限", Direction.LOWER_BETTER),
        ("投诉率", Direction.LOWER_BETTER),
        ("差错率", Direction.LOWER_BETTER),
        ("结余率(计算方法为:结余数/预算数)", Direction.LOWER_BETTER),
        ("建设项目成本控制率", Direction.LOWER_BETTER),
        ("城乡居民医保参保工作经费发放及时率", Direction.HIGHER_BETTER),
        ("利息费用保障率", Direction.HIGHER_BETTER),
        ("县级储备粮库存成本核算率", Direction.HIGHER_BETTER),
        ("参保人员满意度", Direction.HIGHER_BETTER),
        ("高血压随访控制数", None),
        ("补助人数", None),
        (None, None),
    ],
)
def test_direction_from_name(name: str | None, direction: Direction | None) -> None:
    assert direction_from_name(name) is direction


def test_bare_number_means_at_most_for_costs() -> None:
    cost = parse_target("10万元", indicator_name="项目运行成本")
    assert cost.comparator is Comparator.LE and cost.direction is Direction.LOWER_BETTER
    count = parse_target("10万元", indicator_name="项目资金投入")
    assert count.comparator is Comparator.GE and count.direction is Direction.HIGHER_BETTER
    # the name given only to assess() also turns a bare target into a ceiling: 8 ≤ 10 → met
    result = assess(parse_target("10万元"), parse_actual("8万元"), indicator_name="运行成本")
    assert result.outcome is Outcome.MET
    assert result.direction is Direction.LOWER_BETTER


def test_lower_is_better_ratio() -> None:
    # ≤ 50, actual 60: completion 50/60 = 0.833333 → partly
    r = assess(parse_target("≤50万元"), parse_actual("60万元"))
    assert r.outcome is Outcome.PARTLY_MET
    assert r.completion_ratio == Decimal("0.8333")
    # ≤ 50, actual 100: 50/100 = 0.5 → missed
    r = assess(parse_target("≤50万元"), parse_actual("100万元"))
    assert r.outcome is Outcome.MISSED
    assert r.completion_ratio == Decimal("0.5")


def test_exact_target() -> None:
    # =4个, actual 5: min/max = 4/5 = 0.8 → partly (an exact target is missed both ways)
    r = assess(parse_target("=4个"), parse_actual("5个"))
    assert r.outcome is Outcome.PARTLY_MET
    assert r.completion_ratio == Decimal("0.8")
    assert r.overachievement == Decimal("0.25")  # (5 − 4)/4
    assert assess(parse_target("=4个"), parse_actual("4个")).outcome is Outcome.MET


def test_approx_target() -> None:
    # 100人左右: within 5 % → met (97); 80 → 80/100 = 0.8 → partly
    assert assess(parse_target("100人左右"), parse_actual("97人")).outcome is Outcome.MET
    r = assess(parse_target("100人左右"), parse_actual("80人"))
    assert r.outcome is Outcome.PARTLY_MET
    assert r.completion_ratio == Decimal("0.8")


def test_partial_threshold_is_a_parameter() -> None:
    # 94 / 98 = 0.959 → partly at 0.6, missed at 0.97
    target, actual = parse_target("≥98%"), parse_actual("94%")
    assert assess(target, actual).outcome is Outcome.PARTLY_MET
    assert assess(target, actual, partial_threshold=Decimal("0.97")).outcome is Outcome.MISSED
    # 0.575 → missed at 0.6
    assert assess(parse_target("120人"), parse_actual("69人")).outcome is Outcome.MISSED


def test_strict_comparator_at_the_boundary() -> None:
    # >15万人 with exactly 15万人 is not met, but completion 1 → partly
    r = assess(parse_target("大于15万人"), parse_actual("15万人"))
    assert r.outcome is Outcome.PARTLY_MET


def test_normalized_value() -> None:
    assert parse_target("45万人").normalized_value() == Decimal("450000")
    assert parse_target("45万人").base_unit() == "人"
    assert parse_target("1.2亿元").normalized_value() == Decimal("12000")
    assert parse_target("1.2亿元").base_unit() == "万元"
    assert parse_target("500元").normalized_value() == Decimal("0.0500")
    assert parse_target("2公顷").normalized_value() == Decimal("30")  # 1 公顷 = 15 亩
    assert parse_target("1年").normalized_value() == Decimal("12")  # months


def test_units_convert_between_scales() -> None:
    # 0.5亿元 = 5000万元 ≥ 4000万元
    assert assess(parse_target("≥4000万元"), parse_actual("0.5亿元")).outcome is Outcome.MET
    # 1年 = 12个月 ≥ 6个月
    assert assess(parse_target("≥6个月"), parse_actual("1年")).outcome is Outcome.MET
    # 元/人·月 and 元/月/人 are the same unit
    r = assess(parse_target("≥530元/人·月"), parse_actual("540元/月/人"))
    assert r.outcome is Outcome.MET and not r.unit_mismatch


def test_scale_inherited_by_actual() -> None:
    target = parse_target("8.34万")
    actual = parse_actual("8.5", target)
    assert actual.value == Decimal("85000") and actual.unit_inferred
    assert assess(target, actual).outcome is Outcome.MET


def test_deadlines() -> None:
    assert assess(parse_target("2022年底前"), parse_actual("2022年11月")).outcome is Outcome.MET
    assert assess(parse_target("2022年底前"), parse_actual("2023年3月")).outcome is Outcome.MISSED
    assert assess(parse_target("12月31日前"), parse_actual("12月20日")).outcome is Outcome.MET
    assert assess(parse_target("每月28日前发放"), parse_actual("每月30日")).outcome is Outcome.MISSED
    # "左右" gives three days of slack: 28号左右 against 30号
    assert assess(parse_target("每月28号左右"), parse_actual("每月30号")).outcome is Outcome.MET
    # a monthly target against a one-off date cannot be compared
    assert assess(parse_target("每月28日前"), parse_actual("2022年底")).outcome is Outcome.UNKNOWN
    # a deadline answered without a date
    assert assess(parse_target("2022年底前"), parse_actual("按时完成")).outcome is Outcome.UNKNOWN
    deadline = parse_target("2024 年 12 月 31 日前完成")
    assert deadline.deadline_date() is not None and deadline.deadline_date().isoformat() == "2024-12-31"


def test_changes() -> None:
    target = parse_target("比上年度下降10%")
    assert assess(target, parse_actual("下降5%")).outcome is Outcome.MISSED  # 5/10 = 0.5
    assert assess(target, parse_actual("下降8%")).outcome is Outcome.PARTLY_MET  # 8/10 = 0.8
    assert assess(parse_target("比上年度下降10%"), parse_actual("增长3%")).outcome is Outcome.MISSED
    assert assess(parse_target("同比增长5%"), parse_actual("同比增长6%")).outcome is Outcome.MET
    # a bare percentage does not say which way it moved
    assert assess(parse_target("比上年度下降10%"), parse_actual("59.82%")).outcome is Outcome.UNKNOWN


@pytest.mark.parametrize(
    ("target", "actual", "outcome"),
    [
        ("应保尽保", "应保尽保", Outcome.MET),
        ("稳步提升", "稳步提升", Outcome.MET),
        ("稳步提升", "明显改善", Outcome.MET),
        ("效果明显", "有所提升", Outcome.PARTLY_MET),
        ("达成预期指标", "部分达成", Outcome.PARTLY_MET),
        ("达成预期指标", "未达成", Outcome.MISSED),
        ("优良中低差", "优", Outcome.MET),
        ("优良中低差", "良", Outcome.MET),
        ("优良中低差", "中", Outcome.PARTLY_MET),
        ("优良中低差", "差", Outcome.MISSED),
        ("优", "良", Outcome.PARTLY_MET),
        ("优", "差", Outcome.MISSED),
        ("是", "否", Outcome.MISSED),
        ("有效", "有效", Outcome.MET),
        ("健全", "制度健全", Outcome.MET),
        ("及时", "按时足额发放", Outcome.MET),
        ("按政策调整", "达成预期指标", Outcome.MET),
        ("有效", "100%", Outcome.UNKNOWN),
        ("≥90%", "达成预期指标", Outcome.UNKNOWN),
    ],
)
def test_qualitative_outcomes(target: str, actual: str, outcome: Outcome) -> None:
    t = parse_target(target)
    result = assess(t, parse_actual(actual, t))
    assert result.outcome is outcome, result.explanation


def test_actual_repeating_the_name_is_unknown() -> None:
    t = parse_target("不断提升")
    a = parse_actual("社会保障水平", t)
    assert assess(t, a, indicator_name="社会保障水平").outcome is Outcome.UNKNOWN
    assert "重复了指标名称" in assess(t, a, indicator_name="社会保障水平").explanation


def test_compound_counts_must_match() -> None:
    t = parse_target("基础养老金补助人数 900 人, 缴费补贴人数 4000 人")
    assert len(t.parts) == 2 and t.parts[0].label == "基础养老金补助人数"
    a = parse_actual("4855人", t)
    assert assess(t, a).outcome is Outcome.UNKNOWN


def test_explanation_has_the_numbers() -> None:
    r = assess(parse_target("大于等于98%"), parse_actual("94%"))
    assert "98%" in r.explanation and "94%" in r.explanation and "95.92%" in r.explanation
    assert "部分达成" in r.explanation


def test_unknown_actual() -> None:
    t = parse_target("≥90%")
    assert assess(t, parse_actual("", t)).outcome is Outcome.UNKNOWN
    assert assess(t, parse_actual("见附件", t)).outcome is Outcome.UNKNOWN
    assert spec_of(parse_actual("见附件", t)) == U
