"""Every 年度指标值 / 实际完成值 cell of the four seed documents, with the expected parse and outcome.

The strings were copied by hand from ``src/jixiao/data/seeds/*.txt`` (the line numbers are given per
block). Where a seed prints the indicator name inside the cell (seed 000's 绩效目标 column), the
whole cell is used. Expected ratios are worked out by hand in the comments.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from jixiao.targets import Direction, Outcome, assess, parse_actual, parse_target
from tests.targets.expect import GE, GT, LE, C, D, N, P, Q, U, spec_of

MET, PARTLY, MISSED, UNKNOWN = Outcome.MET, Outcome.PARTLY_MET, Outcome.MISSED, Outcome.UNKNOWN

# (seed, indicator name, 年度指标值, 实际完成值, expected target, expected actual, outcome, completion ratio)
# fmt: off
SEED_ROWS: list[tuple[str, str, str, str, tuple[Any, ...], tuple[Any, ...], Outcome, str | None]] = [
    # --- 000 湘西州, 整体支出绩效定量目标 (lines 176–396) -----------------------------------------
    ("000", "指标1", "开展党政廉政学习，防范基金风险。", "已开展党政廉政学习。", Q("task"), Q("achieved"), MET, None),
    ("000", "养老保险待遇社会化发放率", "养老保险待遇社会化发放率≥100%", "养老保险待遇发放率达100%，无拖欠。",
     N(GE, "100", "%"), N(None, "100", "%"), MET, "1"),
    # a numeric target answered in words: cannot be verified
    ("000", "社保基金安全完整率", "社保基金安全完整率≥100%", "全年基金安全完整。", N(GE, "100", "%"), Q("safe"), UNKNOWN, None),
    # 4.37 / 3 = 1.4567 ≥ 1 → met (bare number = at least)
    ("000", "社会保险实际缴费人数", "社会保险实际缴费人数 3万人", "社会保险实际缴费人数 4.37万人",
     N(GE, "3", "万人"), N(None, "4.37", "万人"), MET, "1"),
    ("000", "机关事业养老保险参保人数", "机关事业养老保险参保人数 1.2万人", "机关事业养老保险参保人数1.25 万人",
     N(GE, "1.2", "万人"), N(None, "1.25", "万人"), MET, "1"),
    ("000", "指标6", "落实党风廉政建设责任分解意见，推进“清廉人社”建设，筑牢廉洁自律防线。", "党风廉政建设工作完成较好。",
     Q("task"), Q("achieved"), MET, None),
    ("000", "养老保险基金规范运作率", "养老保险基金规范运作率≥100%", "养老保险基金规范运作率达到 100%",
     N(GE, "100", "%"), N(None, "100", "%"), MET, "1"),
    ("000", "指标8", "2024 年 12 月 31日前完成", "2024年12月31日前已完成", D(2024, 12, 31), D(2024, 12, 31), MET, "1"),
    ("000", "效益指标1", "实施全民参保计划，做好参保扩面宣传工作，推动实现养老保险法定人群全覆盖。",
     "参保扩面宣传工作开展较好，目标任务已完成。", Q("task"), Q("achieved"), MET, None),
    ("000", "效益指标2", "落实专项整治巩固社会保险基金管理，确保社会保险基金安全。", "社保基金安全完整。",
     Q("task"), Q("safe"), MET, None),
    ("000", "效益指标3", "做好优化营商环境服务工作，落实各项社保惠企政策，提升服务质量，服务好企业和群众。",
     "优化营商环境工作开展较好。", Q("task"), Q("good"), MET, None),
    ("000", "效益指标4", "规范基金管理，有序推进企业养老保险全国统筹各项工作，确保养老金按时足额发放，提高服务水平。",
     "基金管理规范，企业全国统筹工作开展较好，养老金按时足额发放。", Q("task"), Q("compliant"), MET, None),
    ("000", "人民群众满意度", "人民群众满意度≥90%", "人民群众满意度≥90%", N(GE, "90", "%"), N(GE, "90", "%"), MET, "1"),
    ("000", "干部职工满意度", "干部职工满意度≥90%", "干部职工满意度≥90%", N(GE, "90", "%"), N(GE, "90", "%"), MET, "1"),
    # --- 001 桃江县, 整体支出绩效自评表 (lines 196–398) --------------------------------------------
    # 45.99 takes 万人 from the target: 45.99 / 45 = 1.022 → met
    ("001", "参保扩面任务", "居保参保人数大于等于45万人", "45.99", N(GE, "45", "万人"), N(None, "45.99", "万人"), MET, "1"),
    ("001", "职业年金归集次数", "12", "12", N(GE, "12"), N(None, "12"), MET, "1"),
    ("001", "虚报冒领资金追缴率", "95%以上", "100%", N(GE, "95", "%"), N(None, "100", "%"), MET, "1"),
    ("001", "缴费人数", "大于15万人", "20.15万人", N(GT, "15", "万人"), N(None, "20.15", "万人"), MET, "1"),
    # 94 / 98 = 0.959183… → 0.9592 ≥ 0.6 → partly met
    ("001", "实际发放人数", "大于等于98%", "94%", N(GE, "98", "%"), N(None, "94", "%"), PARTLY, "0.9592"),
    ("001", "按时发放养老金", "每月28日前发放", "每月25号左右", D(None, None, 28, "monthly"), D(None, None, 25, "monthly"),
     MET, "1"),
    # 37.78 takes 万元; 37.78 ≤ 50 → met
    ("001", "公用经费控制额", "小于等于50万元", "37.78", N(LE, "50", "万元"), N(None, "37.78", "万元"), MET, "1"),
    ("001", "三公经费", "比上年度下降10%", "下降59.82%", C("decrease", "10"), C("decrease", "59.82"), MET, "1"),
    ("001", "退休人员工资增加", "按政策进行调整", "严格按政策及时进行了调整", Q("as_policy"), Q("as_policy"), MET, None),
    ("001", "基金静态可支付月数", "大于等于6个月", "45个月", N(GE, "6", "个月"), N(None, "45", "个月"), MET, "1"),
    ("001", "参保人员满意度", "大于等于90%", "90%", N(GE, "90", "%"), N(None, "90", "%"), MET, "1"),
    # --- 001 项目支出绩效自评表 稽核管理工作经费 (lines 541–771) -----------------------------------
    ("001", "全年认证人数", "大于等于11.19万人", "16.49万人", N(GE, "11.19", "万人"), N(None, "16.49", "万人"), MET, "1"),
    ("001", "实际发放人数", "大于等于98%", "94%", N(GE, "98", "%"), N(None, "94", "%"), PARTLY, "0.9592"),
    ("001", "虚报冒领资金追缴率", "98%", "100%", N(GE, "98", "%"), N(None, "100", "%"), MET, "1"),
    ("001", "按时发放养老金", "每月28号左右", "每月25号左右", D(None, None, 28, "monthly"), D(None, None, 25, "monthly"),
     MET, "1"),
    # "46万": the bare 万 is applied to the number (460000); the name says 不超 → at most
    ("001", "不超年初预算指标", "46万", "46万", N(LE, "460000"), N(None, "460000"), MET, "1"),
    # compared with a benchmark rate that is not given as a number
    ("001", "基金收益率", "大于三个月整存整取利率", "1.1%", U, N(None, "1.1", "%"), UNKNOWN, None),
    ("001", "退休人员工资增加", "按政策调整", "严格按政策调整到位", Q("as_policy"), Q("as_policy"), MET, None),
    ("001", "基金静态可支付月数", "大于等于6个月", "45个月", N(GE, "6", "个月"), N(None, "45", "个月"), MET, "1"),
    ("001", "参保人员满意度", "大于等于90%", "90%", N(GE, "90", "%"), N(None, "90", "%"), MET, "1"),
    # --- 003 岳阳楼区, 整体支出绩效定量目标 (lines 146–215): descriptions, no target values ---------
    ("003", "目标", "目标1：维护中心网络正常运行\n目标2：做好个人账户工作\n目标3：维持中心工作正常运行",
     "部门年度整体绩效目标完成100%", U, N(None, "100", "%"), UNKNOWN, None),
    ("003", "质量指标", "达到质量标准（绩效标准值）的实际工作数与计划工作数的比", "100%", U, N(None, "100", "%"), UNKNOWN, None),
    ("003", "数量指标", "实际完成工作数与计划工作数的比", "100%", U, N(None, "100", "%"), UNKNOWN, None),
    ("003", "时效指标", "在规定时限内及时完成的实际工作数与计划工作数的比", "100%", U, N(None, "100", "%"), UNKNOWN, None),
    ("003", "成本指标", "实际成本与计划成本的比", "\n100%\n", U, N(None, "100", "%"), UNKNOWN, None),
    ("003", "社会效益", "部门履行职责对社会发展所带来的直接或间接影响", "100%", U, N(None, "100", "%"), UNKNOWN, None),
    ("003", "经济效益", "部门履行职责对经济发展所带来的直接或间接影响", "100%", U, N(None, "100", "%"), UNKNOWN, None),
    ("003", "生态效益", "部门履行职责对生态环境所带来的直接或间接影响", "100%", U, N(None, "100", "%"), UNKNOWN, None),
    ("003", "社会公众或服务对象满意度", "[bookmark: _GoBack]社会公众或部门的服务对象对部门履职效果的满意程度", "100%",
     U, N(None, "100", "%"), UNKNOWN, None),
    # --- 004 石峰区, 整体支出绩效自评表 (lines 577–587) ------------------------------------------
    ("004", "参保人数", "8.34 万", "8.34 万", N(GE, "83400"), N(None, "83400"), MET, "1"),
    ("004", "参保人员 参保率", "应保尽保", "应保尽保", Q("full_coverage"), Q("full_coverage"), MET, None),
    ("004", "支付时限", "2022 年底", "2022 年底", D(2022), D(2022), MET, "1"),
    # the actual only repeats the indicator name
    ("004", "社会保障水 平", "不断提升", "社会保障水 平", Q("improving"), U, UNKNOWN, None),
    ("004", "可持续影 响指标", "稳步提升", "稳步提升", Q("improving"), Q("improving"), MET, None),
    ("004", "受众办理 满意度", "≥95%", "95%", N(GE, "95", "%"), N(None, "95", "%"), MET, "1"),
    # --- 004 附件2-1 建国初期及企业退休军转干部生活补贴 (lines 603–612) ---------------------------
    ("004", "补助人数", "2名建国初期老干部", "2名建国初期老干部", N(GE, "2", "名"), N(None, "2", "名"), MET, "1"),
    ("004", "补助人数", "13名企业退休军转干部", "13名企业退休军转干", N(GE, "13", "名"), N(None, "13", "名"), MET, "1"),
    ("004", "补贴到位率", "100%", "100%", N(GE, "100", "%"), N(None, "100", "%"), MET, "1"),
    ("004", "拨付时限", "2022年底前", "2022年底前", D(2022), D(2022), MET, "1"),
    # 人均 … 元/ → 元/人 (the trailing "/" is dropped)
    ("004", "补贴标准", "建国: 平均1942.5元/人", "人均1942.5元/", N(GE, "1942.5", "元/人"), N(None, "1942.5", "元/人"), MET, "1"),
    ("004", "补贴标准", "企业: 人均1200元/月", "人均1368.57元/月", N(GE, "1200", "元/人/月"), N(None, "1368.57", "元/人/月"),
     MET, "1"),
    ("004", "长效管理制度健全性", "≥90%", "≥90%", N(GE, "90", "%"), N(GE, "90", "%"), MET, "1"),
    ("004", "满意度", "≥95%", "≥95%", N(GE, "95", "%"), N(GE, "95", "%"), MET, "1"),
    # --- 附件2-2 机关事业单位养老保险财政补助 (lines 629–638) --------------------------------------
    ("004", "补助人数", "基础养老金补助人数 1921人以上", "年末基础养老金补助人数 1926人", N(GE, "1921", "人"),
     N(None, "1926", "人"), MET, "1"),
    ("004", "补贴到位率", "100%", "100%", N(GE, "100", "%"), N(None, "100", "%"), MET, "1"),
    ("004", "拨付时限", "2022年底 前", "2022年底", D(2022), D(2022), MET, "1"),
    # 元/月 against 元/人: different units, not comparable
    ("004", "补贴标准", "平均 2932 元/月", "平均 2924 元/人", N(GE, "2932", "元/月"), N(None, "2924", "元/人"), UNKNOWN, None),
    ("004", "机关养老保险参保群众的待遇水平", "进一步提高", "进一步提高", Q("improving"), Q("improving"), MET, None),
    ("004", "长效管理制度健全性", "≥90%", "≥90%", N(GE, "90", "%"), N(GE, "90", "%"), MET, "1"),
    ("004", "满意度", "≥95%", "≥95%", N(GE, "95", "%"), N(GE, "95", "%"), MET, "1"),
    # --- 附件2-3 职业年金个人账户记实 (lines 655–664) ---------------------------------------------
    ("004", "记实人员", "80", "105", N(GE, "80"), N(None, "105"), MET, "1"),
    ("004", "记实准确率", "100%", "100%", N(GE, "100", "%"), N(None, "100", "%"), MET, "1"),
    ("004", "拨付时限", "2022 年底前", "2022 年底", D(2022), D(2022), MET, "1"),
    ("004", "补贴标准", "平均 2.5 万元/人/年", "平均 4.02 万元/人/年", N(GE, "2.5", "万元/人/年"),
     N(None, "4.02", "万元/人/年"), MET, "1"),
    ("004", "退休人员保障率", "100%", "100%", N(GE, "100", "%"), N(None, "100", "%"), MET, "1"),
    ("004", "长效管理制度健全性", "≥90%", "≥90%", N(GE, "90", "%"), N(GE, "90", "%"), MET, "1"),
    ("004", "满意度", "≥95%", "≥95%", N(GE, "95", "%"), N(GE, "95", "%"), MET, "1"),
    # --- 附件2-4 财政对城乡居民养老保险基金的补助 (lines 681–690) ---------------------------------
    # 800/900 = 0.8889, 1855/4000 = 0.46375 → 0.4638; mean (0.8889 + 0.4638)/2 = 0.67635 → 0.6764 → partly
    ("004", "补贴人数", "基础养老金补助人数 900 人, 缴费补贴人数 4000 人", "基础养老金补助人数 800 人, 缴费补贴人数 1855 人",
     P(N(GE, "900", "人"), N(GE, "4000", "人")), P(N(None, "800", "人"), N(None, "1855", "人")), PARTLY, "0.6764"),
    ("004", "补贴到位率", "100%", "100%", N(GE, "100", "%"), N(None, "100", "%"), MET, "1"),
    ("004", "拨付时限", "2022 年底前", "2022 年底", D(2022), D(2022), MET, "1"),
    # "11.25 元/2000 人": a standard of 11.25 元/人 for 2000 people
    ("004", "补贴标准",
     "基础养老金补助标准 41 元/人/月; 缴费补贴标准 11.25 元/2000 人, 缴费补贴标准 15 元/1200 人, 缴费补贴标准 22.5 元/800 人",
     "基础养老金补助标准 41 元/人/月; 缴费补贴标准 11.25 元/1276 人, 缴费补贴标准 15 元/15 人, 缴费补贴标准 22.5 元/564 人",
     P(N(GE, "41", "元/人/月"), N(GE, "11.25", "元/人"), N(GE, "15", "元/人"), N(GE, "22.5", "元/人")),
     P(N(None, "41", "元/人/月"), N(None, "11.25", "元/人"), N(None, "15", "元/人"), N(None, "22.5", "元/人")), MET, "1"),
    ("004", "满意度", "≥95%", "≥95%", N(GE, "95", "%"), N(GE, "95", "%"), MET, "1"),
    # --- 附件2-5 财政代缴城乡居民养老保险费支出 (lines 707–716) -----------------------------------
    # 1158 / 1200 = 0.965 → partly
    ("004", "政府代缴人数", "1200 人", "1158 人", N(GE, "1200", "人"), N(None, "1158", "人"), PARTLY, "0.965"),
    ("004", "补贴到位率", "100%", "100%", N(GE, "100", "%"), N(None, "100", "%"), MET, "1"),
    ("004", "拨付时限", "2022 年底前", "2022 年底", D(2022), D(2022), MET, "1"),
    # 元/人/年 against % → unit mismatch
    ("004", "补贴标准", "困难群体代缴 100 元/人/年", "100%", N(GE, "100", "元/人/年"), N(None, "100", "%"), UNKNOWN, None),
    ("004", "满意度", "≥95%", "≥95%", N(GE, "95", "%"), N(GE, "95", "%"), MET, "1"),
]
# fmt: on

_IDS = [f"{seed}-{i}-{name}" for i, (seed, name, *_rest) in enumerate(SEED_ROWS)]


@pytest.mark.parametrize(
    ("seed", "name", "target_raw", "actual_raw", "t_spec", "a_spec", "outcome", "ratio"), SEED_ROWS, ids=_IDS
)
def test_seed_pair(
    seed: str,
    name: str,
    target_raw: str,
    actual_raw: str,
    t_spec: tuple[Any, ...],
    a_spec: tuple[Any, ...],
    outcome: Outcome,
    ratio: str | None,
) -> None:
    target = parse_target(target_raw, indicator_name=name)
    actual = parse_actual(actual_raw, target)
    assert spec_of(target) == t_spec, target
    assert spec_of(actual) == a_spec, actual
    if t_spec[0] == "U":
        assert target.note, "an UNKNOWN target must say why in Chinese"
    result = assess(target, actual, indicator_name=name)
    assert result.outcome is outcome, result.explanation
    assert result.explanation
    if ratio is None:
        assert result.completion_ratio is None
    else:
        assert result.completion_ratio == Decimal(ratio)


def test_seed_strings_count() -> None:
    # 000: 14, 001: 11 + 9, 003: 9, 004: 6 + 8 + 7 + 7 + 5 + 5 → 81 pairs = 162 cells
    assert len(SEED_ROWS) == 81


def test_unit_taken_from_target() -> None:
    target = parse_target("居保参保人数大于等于45万人")
    actual = parse_actual("45.99", target)
    assert actual.unit == "万人" and actual.unit_inferred
    assert actual.normalized_value() == Decimal("459900")
    assert parse_actual("45.99").unit is None


def test_unit_conversion_between_wan_ren_and_ren() -> None:
    # 001: 16.49万人 in the form, 164976人 in the text; target 11.19万人 = 111900人
    target = parse_target("大于等于11.19万人")
    result = assess(target, parse_actual("164976人", target))
    assert result.outcome is Outcome.MET
    assert not result.unit_mismatch
    # 164976 / 111900 = 1.474316… ; overshoot 0.474316…
    assert result.raw_ratio == Decimal("1.4743")
    assert result.overachievement == Decimal("0.4743")


def test_overshoot_figures_from_the_lead() -> None:
    # 001: 缴费人数 >15万 → 20.15万: (20.15 − 15)/15 = 0.34333 → 34 %
    r = assess(parse_target("大于15万人"), parse_actual("20.15万人"))
    assert r.overachievement == Decimal("0.3433")
    # 001: 基金静态可支付月数 ≥6 → 45: (45 − 6)/6 = 6.5 → 650 %
    r = assess(parse_target("大于等于6个月"), parse_actual("45个月"))
    assert r.overachievement == Decimal("6.5")
    # 001: 全年认证人数 ≥11.19万 → 16.49万: 5.30/11.19 = 0.473637… → 47 %
    r = assess(parse_target("大于等于11.19万人"), parse_actual("16.49万人"))
    assert r.overachievement == Decimal("0.4736")
    # 000: 3万人 → 4.37万人: 1.37/3 = 0.456666… → 45.7 %
    r = assess(parse_target("社会保险实际缴费人数 3万人"), parse_actual("社会保险实际缴费人数 4.37万人"))
    assert r.overachievement == Decimal("0.4567")
    # 004 2-3: 记实人员 80 → 105: 25/80 = 0.3125 → 31 %
    r = assess(parse_target("80", indicator_name="记实人员"), parse_actual("105"))
    assert r.overachievement == Decimal("0.3125")


def test_cost_standard_as_lower_better_when_the_caller_says_so() -> None:
    # 004 2-3 补贴标准 sits under 成本指标; with LOWER_BETTER: 2.5/4.02 = 0.621890… → partly
    target = parse_target("平均 2.5 万元/人/年", indicator_name="补贴标准")
    actual = parse_actual("平均 4.02 万元/人/年", target)
    default = assess(target, actual, indicator_name="补贴标准")
    assert default.outcome is Outcome.MET
    assert default.overachievement == Decimal("0.608")  # 1.52 / 2.5
    as_cost = assess(target, actual, indicator_name="补贴标准", direction=Direction.LOWER_BETTER)
    assert as_cost.outcome is Outcome.PARTLY_MET
    assert as_cost.completion_ratio == Decimal("0.6219")


def test_unit_mismatch_flag() -> None:
    target = parse_target("困难群体代缴 100 元/人/年")
    result = assess(target, parse_actual("100%", target))
    assert result.unit_mismatch
    assert "单位" in result.explanation


def test_change_ratio() -> None:
    # 59.82 / 10 = 5.982; overshoot 4.982
    result = assess(parse_target("比上年度下降10%"), parse_actual("下降59.82%"))
    assert result.raw_ratio == Decimal("5.982")
    assert result.overachievement == Decimal("4.982")


def test_cost_ceiling_ratio() -> None:
    # 50 / 37.78 = 1.323451… ; (50 − 37.78)/50 = 0.2444
    target = parse_target("小于等于50万元", indicator_name="公用经费控制额")
    result = assess(target, parse_actual("37.78", target), indicator_name="公用经费控制额")
    assert result.raw_ratio == Decimal("1.3235")
    assert result.overachievement == Decimal("0.2444")
    assert result.completion_ratio == Decimal(1)
