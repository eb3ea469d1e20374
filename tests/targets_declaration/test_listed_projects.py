"""A 申报表 listing several projects in one table (四川 部门预算项目绩效目标申报表): one declaration per
project, its amount in the table's declared unit, the target split over 指标性质 / 指标值 / 度量单位."""

from __future__ import annotations

from decimal import Decimal

from jixiao.importers.api import import_bytes
from jixiao.model import FundsRowKind

# two projects as a web archive gives them: a project's first row carries 单位名称 (first project only),
# 项目名称, 预算数 and 年度目标; its other rows are written without their leading empty cells
TEXT = """\
| 部门预算项目绩效目标申报表(2024年度) | |||||||||||
| 金额单位:元 | |||||||||||
| 单位名称 | 项目名称 | 预算数 | 年度目标 | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 权重 | 指标方向性 |
| 901001-某县某镇人民政府 | 环境卫生保洁 | 1,250,000.00 | 保持场镇干净整洁 | 产出指标 | 数量指标 | 保洁面积 | ≥ | 12 | 万平方米 | 40 | 正向指标 |
| 效益指标 | 社会效益指标 | 场镇环境改善 | = | 100 | % | 30 | 正向指标 | ||||
| 满意度指标 | 服务对象满意度指标 | 群众满意度 | ≥ | 90 | % | 30 | 正向指标 | ||||
| 办公运转经费 | 80,500.00 | 保障机关正常运转 | 产出指标 | 时效指标 | 按时支付率 | = | 100 | % | 60 | 正向指标 | |
| 满意度指标 | 服务对象满意度指标 | 干部职工满意度 | ≥ | 95 | % | 40 | 正向指标 | ||||
"""


def test_each_listed_project_is_a_declaration_of_its_own() -> None:
    (package,) = import_bytes(TEXT.encode("utf-8"), "申报表.txt")
    assert [d.name for d in package.targets] == ["环境卫生保洁", "办公运转经费"]
    first, second = package.targets
    # 1,250,000.00 元 × 0.0001 = 125 万元; 80,500.00 元 × 0.0001 = 8.05 万元
    assert first.fund(FundsRowKind.TOTAL).amount == Decimal("125")  # type: ignore[union-attr]
    assert second.fund(FundsRowKind.TOTAL).amount == Decimal("8.05")  # type: ignore[union-attr]
    assert first.annual_goal == "保持场镇干净整洁" and second.annual_goal == "保障机关正常运转"
    assert [i.name for i in first.indicators] == ["保洁面积", "场镇环境改善", "群众满意度"]
    assert [i.name for i in second.indicators] == ["按时支付率", "干部职工满意度"]
    # the target from its three columns; the 指标方向性 word is not taken for the comparator
    assert [i.target_text() for i in first.indicators] == ["≥12万平方米", "=100%", "≥90%"]
    assert [i.weight for i in second.indicators] == [Decimal(60), Decimal(40)]  # 60 + 40 = 100
    assert package.year == 2024
    assert package.unit.name == "某县某镇人民政府"  # the 单位名称 cell without its code 901001-


def test_a_sichuan_declaration_keeps_ten_points_for_the_execution_rate() -> None:
    # 井研县 is in 四川 (data/places/sichuan.yaml): its indicators add up to 100 − 10 = 90
    text = TEXT.replace("901001-某县某镇人民政府", "820001-井研县马踏镇人民政府")
    (package,) = import_bytes(text.encode("utf-8"), "申报表.txt")
    assert package.unit.jurisdiction == ["四川省", "乐山市", "井研县"]
    assert [d.execution_weight for d in package.targets] == [Decimal(10), Decimal(10)]
    # a unit no province file names keeps the national 100
    (other,) = import_bytes(TEXT.encode("utf-8"), "申报表.txt")
    assert [d.execution_weight for d in other.targets] == [None, None]


def test_a_table_the_excerpt_cuts_off_or_that_omits_rows_is_not_whole() -> None:
    # the text ends inside the last row: its 指标方向性 cell and the closing pipe are missing
    cut = TEXT.rstrip("\n").removesuffix(" 正向指标 | ||||") + "\n"
    assert cut != TEXT.rstrip("\n") + "\n"
    (package,) = import_bytes(cut.encode("utf-8"), "申报表.txt")
    assert [d.truncated for d in package.targets] == [False, True]
    (whole,) = import_bytes(TEXT.encode("utf-8"), "申报表.txt")
    assert [d.truncated for d in whole.targets] == [False, False]
    # a row of “……” stands for rows left out
    omitted = TEXT + "| …… | ||||||||||\n"
    (package,) = import_bytes(omitted.encode("utf-8"), "申报表.txt")
    assert package.targets[-1].truncated


def test_the_comparator_is_the_column_holding_the_symbol() -> None:
    # 运算符号 and 指标方向 both name a comparator column; the row's ≥ stands under 运算符号
    text = TEXT.replace("| 指标性质 |", "| 运算符号 |").replace("| 指标方向性 |", "| 指标方向 |")
    (package,) = import_bytes(text.encode("utf-8"), "申报表.txt")
    first = package.targets[0].indicators[0]
    assert first.target_text() == "≥12万平方米"
    assert first.nature_raw == "正向指标"
