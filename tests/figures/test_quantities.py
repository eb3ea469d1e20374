"""The figures the engine finds in a sentence: value, unit as printed, label; and what is not a figure.

Sentences from the seeds and the dev corpus; each expected ``(value, unit, label)`` is read off the
sentence by hand.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.figures import Amount, read_text

QUANTITIES: list[tuple[str, list[tuple[str, str, str]]]] = [
    (  # seed 001 line 441
        "完成基金征缴114288.83万元，确保203415名退休人员待遇及时足额发放，整改均达到100%。",
        [
            ("114288.83", "万元", "完成基金征缴"),
            ("203415", "名", "确保"),
            ("100", "%", "整改"),
        ],  # 均 before a verb is no name
    ),
    ("全年共追缴服刑人员、重复领待、疑似死亡人员合计107.45万元。", [("107.45", "万元", "疑似死亡人员")]),
    ("基础养老金补助标准 41 元/人/月", [("41", "元/人", "基础养老金补助标准")]),
    ("平均 2932 元/月", [("2932", "元/月", "平均")]),
    ("参保单位共 89 家 4123 人已基本完成清理", [("89", "家", "参保单位"), ("4123", "人", "")]),
    (
        "发展高效节水灌溉1.2万亩，下达资金1785万元",
        [("1.2", "万亩", "发展高效节水灌溉"), ("1785", "万元", "下达资金")],
    ),
    (
        "全区一般公共预算收入326.7亿元，增长6.3%",
        [("326.7", "亿元", "全区一般公共预算收入"), ("6.3", "%", "")],
    ),
    ("收入合计5,133,189万元", [("5133189", "万元", "收入")]),
    ("实有人数２０人，编制１４人", [("20", "人", "实有人数"), ("14", "人", "编制")]),
    ("全镇本级一般公共预算支出1,867.48万元", [("1867.48", "万元", "全镇本级一般公共预算支出")]),
    (
        "设六个内设机构，在职人员共十二人，编制两名",
        [("6", "个", "设"), ("12", "人", "在职人员"), ("2", "名", "编制")],
    ),
    (  # seed 000 line 698
        "本单位部门整体支出绩效评价得分是：预算执行情况得分 9.98 分，产出指标得分 40 分",
        [("9.98", "分", "预算执行情况得分"), ("40", "分", "产出指标得分")],
    ),
    ("全年部门整体支出综合评分自评为96分。", [("96", "分", "全年部门整体支出综合评分自评")]),
    ("项目总金额46万元。", [("46", "万元", "项目总金额")]),
    ("金额 53 万，实际支出 53 万元", [("53", "万元", "金额"), ("53", "万元", "实际支出")]),
    ("用于发放离休干部14个月工资", [("14", "个月", "发放离休干部")]),
    ("2022年度收入合计251. 21万元", [("251.21", "万元", "收入")]),
    (
        "3.公务接待费 2.77 0.4 4 0.1% -2.37 -85.56%",
        [
            ("2.77", "", "公务接待费"),
            ("0.4", "", ""),
            ("4", "", ""),
            ("0.1", "%", ""),
            ("-2.37", "", ""),
            ("-85.56", "%", ""),
        ],
    ),
    ("单位价值50万元以上通用设备0台（套）", [("50", "万元", "单位价值"), ("0", "台", "以上通用设备")]),
    (
        "已完成政府代缴人数 1200 人，完成率 100%。",
        [("1200", "人", "已完成政府代缴人数"), ("100", "%", "完成率")],
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), QUANTITIES, ids=[q[0][:20] for q in QUANTITIES])
def test_quantities(sentence: str, expected: list[tuple[str, str, str]]) -> None:
    got = [(q.value, q.unit, q.label) for s in read_text(sentence) for q in s.quantities]
    assert got == [(Decimal(v), u, label) for v, u, label in expected]


NOTHING = [
    "根据《财政部关于印发〈项目支出绩效评价管理办法〉的通知》（财预〔2020〕10号）",
    "填报日期：2024年4月30日",
    "联系电话：0743-8221234",
    "手机：13807431234",
    "（三）部门整体支出绩效目标",
    "（1）部门概况",
    "2024年度部门整体支出绩效自评报告",
    "统一社会信用代码：12433100MB1E8478XE",
    "单位住所：吉首市人民路北门街 3 号",
    "《湘西自治州财政局关于开展 2024 年度州直预算部门（单位）整体支出绩效自评工作的通知》（州财绩[2025]2 号）",
    "本单位于 2025 年 5 月，组织力量对本单位的部门预算整体支出进行了绩效评价",
    "1、部门预算中的基本支出应进一步细化、完善、充实。",
    "附件2：部门整体支出绩效评价基础数据表",
    "截至2022年12月31日",
    "第三部分 2022年度部门决算公开表",
    "2021-2023年三年行动计划",
    "每月28日前发放",
    "2024-04-30",
    "统一规划、同一标准、一次性补助",
]


@pytest.mark.parametrize("sentence", NOTHING)
def test_nothing(sentence: str) -> None:
    assert [q.raw for s in read_text(sentence) for q in s.quantities] == []
    assert [r for s in read_text(sentence) for r in s.relations] == []


def test_years_and_their_role() -> None:
    (s,) = read_text("2024 年决算数比 2023 年决算数减少 2.37 万元")
    assert [(y.year, y.comparative) for y in s.years] == [(2024, False), (2023, True)]
    (q,) = s.quantities
    assert q.year is not None and q.year.year == 2024
    (s,) = read_text("上年决算数11.86万元")
    assert s.quantities[0].year is not None and s.quantities[0].year.relative == -1


def test_amounts_normalise_once_to_wan_exactly() -> None:
    # 1,234,500元 = 123.45万元; 1.2亿元 = 12000万元; 3千元 = 0.3万元
    assert Amount(Decimal("1234500"), "元").wan() == Decimal("123.45")
    assert Amount(Decimal("1.2"), "亿元").wan() == Decimal("12000")
    assert Amount(Decimal("3"), "千元").wan() == Decimal("0.3")
    assert Amount(Decimal("0.40"), "万元").wan() == Decimal("0.40")


def test_a_stray_space_is_kept_in_the_raw_figure() -> None:
    (s,) = read_text("总计251. 21万元，其中43 .97万元")
    assert [(q.value, q.raw, q.spaced) for q in s.quantities] == [
        (Decimal("251.21"), "251. 21万元", True),
        (Decimal("43.97"), "43 .97万元", True),
    ]
