"""The 270 real 年度指标值 strings of ``target_strings.tsv`` (13 provinces; see README.md for the source).

Rows are named by their line number in the file (line 1 is the header, data from line 2).
Expected values are read off the strings by hand; ratios are computed by hand in comments.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from jixiao.targets import Outcome, TargetKind, assess, parse_actual, parse_target
from tests.targets.expect import EQ, GE, LE, D, N, Q, spec_of

TSV = Path(__file__).with_name("target_strings.tsv")


def _rows() -> dict[int, dict[str, str]]:
    with TSV.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        return {line: row for line, row in enumerate(reader, start=2)}


ROWS = _rows()

# Targets allowed to stay UNKNOWN, with the reason. Currently none: every one of the 270 is understood.
ALLOWED_UNKNOWN: dict[int, str] = {}

# Exact parses, read off the strings by hand (bare numbers are "at least" unless the indicator
# name makes the indicator a cost or limit; a bare 万 is applied to the number).
EXACT: dict[int, tuple[Any, ...]] = {
    2: N(EQ, "100", "%"),
    3: N(LE, "10", "次"),
    5: N(LE, "5", "%"),
    7: N(LE, "101400", "元"),
    8: N(EQ, "1", "元/人"),
    11: Q("scale"),  # 优良中低差 is the grading scale, not a level
    12: N(GE, "90", "%"),
    14: N(EQ, "6", "万元"),
    21: N(GE, "21933", "人"),
    22: N(GE, "9431", "人"),
    23: N(GE, "59", "人次"),
    24: N(GE, "4754", "人"),
    25: N(GE, "7", "人"),
    26: N(GE, "530", "元/人/月"),  # 元/人*月
    27: N(GE, "570", "元/人/月"),
    28: N(LE, "5300", "元/户"),
    30: Q("improving"),  # 改善条件
    31: D(2020),
    32: N(GE, "1000000"),  # 100万
    33: Q("improving"),  # 有所提升
    35: N(GE, "2", "个"),
    40: D(2023, 12),  # 2023年12月前
    41: N(GE, "10", "万元"),
    42: N(GE, "2100"),
    45: N(GE, "95", "%"),  # 95%以上
    48: N(GE, "63", "人"),
    50: D(2021, 12),  # 2021年1月-12月: the period ends in December 2021
    51: D(None, 12),  # 12月底到位
    52: N(LE, "1000", "元/人"),  # 成本控制: 严格按照预算标准1000元/人…
    54: Q("long_term"),
    57: N(GE, "50000", "人次"),
    58: N(EQ, "72890", "元"),  # ﹦
    59: N(EQ, "100", "%"),
    63: N(GE, "20", "平方米"),
    68: N(LE, "475", "元/亩"),
    69: N(LE, "2875", "元/个"),
    70: N(LE, "3000", "元/平方米"),
    72: N(GE, "2.61", "万元"),
    79: N(GE, "286000000"),  # 28600万
    84: Q("satisfied"),
    85: N(GE, "1", "场"),
    87: N(LE, "5050000"),  # ≤505万
    88: D(2023),  # 2023年 年底前
    90: N(GE, "10", "辆"),
    91: N(GE, "80", "M"),
    92: Q("excellent_or_good"),  # 优良
    93: D(2024, 1),  # 2023.07-2024.01
    94: N(LE, "2500000"),  # 控制在预算成本内: 250万
    99: D(None, None, None, "monthly"),  # 按月安排
    100: N(LE, "100", "%"),  # 社会成本指标
    101: Q("full_coverage"),  # 应保尽保
    107: N(LE, "100", "%"),  # 建设项目成本控制率
    108: Q("improving"),  # 稳步提高
    113: Q("within_budget"),  # 不超过预算
    114: Q("compliant"),  # 专款专用
    115: N(GE, "1000", "万元"),
    116: N(GE, "1", "年"),
    117: N(GE, "5", "亿元"),
    118: N(LE, "30", "万元"),
    119: N(GE, "266", "米"),
    120: N(GE, "50", "厘米"),
    126: Q("significant"),  # 显著提升
    129: N(GE, "100.00", "%"),
    142: N(GE, "8", "例"),
    151: N(LE, "0"),  # a zero target (明显变质比例) means "not more than 0"
    160: Q("high"),
    161: N(LE, "0", "起"),
    164: Q("as_policy"),  # 参照政府采购成本控制
    166: Q("improving"),  # 巩固提高
    167: Q("improving"),  # 持续改善
    169: N(GE, "735", "人次"),  # ≧
    172: N(EQ, "100", "%"),  # ═
    173: Q("effective"),
    178: N(GE, "101", "人/次"),
    186: N(GE, "80000", "亩"),  # unit from the name "(亩)"
    189: N(GE, "30", "公里"),  # unit from the name "(公里)"
    190: N(GE, "85", "%"),  # comparator and unit from the name "(≥**%)"
    191: D(2023),
    192: N(GE, "6070", "万元"),  # "(≥**万元)"
    193: N(GE, "132", "人"),
    197: N(EQ, "6", "万立方米"),
    198: N(EQ, "320", "万亩"),
    199: N(EQ, "4900", "公顷"),
    200: N(EQ, "0.5", "万亩"),
    201: N(EQ, "1", "单"),
    204: N(EQ, "1", "年"),
    207: N(GE, "17600", "株"),
    208: N(GE, "85", "%"),  # ">=85" with "(≥**%)" in the name
    210: N(LE, "28.40", "/株"),
    216: N(GE, "20", "座"),
    219: N(GE, "1600", "元/亩"),
    220: N(GE, "3500", "公斤"),
    225: N(GE, "20", "年"),
    229: N(GE, "1", "人/年"),
    240: N(GE, "280", "人次"),
    258: N(GE, "1130", "元/月/人"),
    260: N(LE, "3800000"),  # ≦380万
    264: N(GE, "589", "元/人"),
    265: N(GE, "100", "%"),  # 补助资金及时到位100%
    266: Q("compliant"),  # 专项补助使用符合政策规定
    267: D(2019, 12),  # 2019年1月-2019年12月
    271: Q("yes"),
}

# Outcomes of the rows that have an actual; every row with an actual not listed here is MET.
NOT_MET: dict[int, tuple[Outcome, str | None]] = {
    24: (Outcome.PARTLY_MET, "0.9684"),  # 4604 / 4754 = 0.968447
    28: (Outcome.PARTLY_MET, "0.9091"),  # ≤5300, actual 5830: 5300 / 5830 = 0.909091
    35: (Outcome.MISSED, "0"),  # 0 / 2
    41: (Outcome.MISSED, "0"),  # 0 / 10
    112: (Outcome.PARTLY_MET, "0.9281"),  # 201201 / 216786 = 0.928109
    118: (Outcome.UNKNOWN, None),  # ≤30万元 answered with "完成": no figure
    129: (Outcome.PARTLY_MET, "0.973"),  # 97.30 / 100.00
    133: (Outcome.PARTLY_MET, "0.9486"),  # 203 / 214 = 0.948598
    134: (Outcome.PARTLY_MET, "0.9486"),
    135: (Outcome.MISSED, "0.575"),  # 69 / 120 = 0.575 < 0.6
    136: (Outcome.PARTLY_MET, "0.7142"),  # 4044 / 5662 = 0.714235
    137: (Outcome.PARTLY_MET, "0.8469"),  # 3224 / 3807 = 0.846861
    138: (Outcome.PARTLY_MET, "0.8458"),  # 3220 / 3807 = 0.845810 (随访控制数 is a count, higher is better)
    139: (Outcome.PARTLY_MET, "0.8053"),  # 695 / 863 = 0.805330
    140: (Outcome.PARTLY_MET, "0.7914"),  # 683 / 863 = 0.791425
    141: (Outcome.PARTLY_MET, "0.9858"),  # 209 / 212 = 0.985849
    143: (Outcome.PARTLY_MET, "0.7142"),  # 4044 / 5662
    144: (Outcome.PARTLY_MET, "0.627"),  # 770 / 1228 = 0.627036
    146: (Outcome.PARTLY_MET, "0.9146"),  # 22584 / 24694 = 0.914554
    157: (Outcome.UNKNOWN, None),  # 100% answered with "无"
    174: (Outcome.PARTLY_MET, "0.98"),  # ═100%, actual 98%: 98 / 100
}

# Qualitative pairs: met, without a completion ratio (优良中低差→优, 改善条件→明显改善, 有所提升→养老服务提升,
# 不超过预算, 专款专用, 显著提升, 高, 有效, 是 — each restated or stronger).
QUALITATIVE_MET = {19, 30, 33, 113, 114, 126, 160, 173, 271}

WITH_ACTUAL = [line for line, row in ROWS.items() if row["actual"].strip()]


def test_file_has_270_rows() -> None:
    assert len(ROWS) == 270
    assert len(WITH_ACTUAL) == 99


@pytest.mark.parametrize("line", sorted(ROWS))
def test_every_target_is_understood(line: int) -> None:
    row = ROWS[line]
    target = parse_target(row["target"], indicator_name=row["indicator"])
    if line in ALLOWED_UNKNOWN:
        assert target.kind is TargetKind.UNKNOWN
        assert target.note
    else:
        assert target.kind is not TargetKind.UNKNOWN, (row["target"], target.note)


def test_share_understood() -> None:
    understood = sum(
        parse_target(r["target"], indicator_name=r["indicator"]).kind is not TargetKind.UNKNOWN
        for r in ROWS.values()
    )
    assert understood / len(ROWS) >= 0.95


def test_enough_exact_rows() -> None:
    assert len(EXACT) >= 60


@pytest.mark.parametrize("line", sorted(EXACT))
def test_exact_parse(line: int) -> None:
    row = ROWS[line]
    target = parse_target(row["target"], indicator_name=row["indicator"])
    assert spec_of(target) == EXACT[line], (row["indicator"], row["target"], target)


@pytest.mark.parametrize("line", WITH_ACTUAL)
def test_outcome(line: int) -> None:
    row = ROWS[line]
    target = parse_target(row["target"], indicator_name=row["indicator"])
    actual = parse_actual(row["actual"], target)
    result = assess(target, actual, indicator_name=row["indicator"])
    outcome, ratio = NOT_MET.get(line, (Outcome.MET, None if line in QUALITATIVE_MET else "1"))
    assert result.outcome is outcome, (row["target"], row["actual"], result.explanation)
    if ratio is None:
        assert result.completion_ratio is None
    else:
        assert result.completion_ratio == Decimal(ratio)


def test_inferred_flags() -> None:
    # the unit of "80000" comes from "(亩)" in the name, the comparator of "85" from "(≥**%)"
    t = parse_target(ROWS[186]["target"], indicator_name=ROWS[186]["indicator"])
    assert t.unit_inferred and t.comparator_implied
    t = parse_target(ROWS[190]["target"], indicator_name=ROWS[190]["indicator"])
    assert t.unit == "%" and t.unit_inferred
    # an actual without a unit takes the target's: 110406 against ≥50000人次
    t = parse_target(ROWS[57]["target"])
    a = parse_actual(ROWS[57]["actual"], t)
    assert a.unit == "人次" and a.unit_inferred
