"""A self-evaluation form whose web-archive text breaks header cells over lines.

An archive renders each table row as "cell | cell | … |"; a header cell printed on two lines ("年度
指标值" / "实际 完成值") ends up alone on its line, which ends the text table there. The funds block
is then one table, the first header cells loose lines, and the indicator rows another table without a
header. The form below is made up in that shape (figures changed from a real 2023 overall form); the
reading must give one form: its head (部门), its funds and its indicator rows under the loose header.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.importers.structure import structure
from jixiao.importers.text_reader import read_text
from jixiao.model import EvaluationPackage, Scope

FORM = """部门整体支出绩效自评表 | |||||
(2023年度) | |||||
部门 | 某县乡村建设服务中心 | ||||
预算资金 (万元) |
年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 | ||
年度资金总额 | 200 | 250 | 240 | 10 | 96.00% | 9.6 ||
其中:当年财政拨款 | 200 | 250 | 240 | — | 96.00% | — ||
其他资金 | — | — | ||||
绩 效 指 标 |
一级指标 | 二级指标 | 三级指标 | 年度 指标值 |
实际 完成值 |
分值 | 得分 | 偏差原因分析及改进措施 | |||
产出指标 | 数量指标 | 指标1:改造户厕数量 | ≥100 | 120 | 20 | 20 | ||
指标2:整治村庄数量 | ≥10 | 9 | 20 | 18 | 未完成 ||
质量指标 | 指标1:验收通过率 | ≥95% | 100% | 10 | 10 | ||
"""


def package(text: str) -> EvaluationPackage:
    return structure(read_text(text, "t"), strict=True)[0]


def test_the_loose_header_heads_the_indicator_rows_of_the_one_form() -> None:
    p = package(FORM)
    forms = list(p.evaluations())
    assert len(forms) == 1
    ev = forms[0]
    assert ev.scope == Scope.OVERALL
    assert ev.department == "某县乡村建设服务中心"  # the title block's 部门 cell
    assert ev.funds is not None and ev.funds.max_score == Decimal("10")
    # 240 ÷ 250 = 0.96 → 96.00 % as printed
    assert ev.funds.stated_execution_rate == Decimal("96.00")
    rows = [(i.name, i.target_raw, i.actual_raw, i.max_score, i.score) for i in ev.indicators]
    assert rows == [
        ("指标1:改造户厕数量", "≥100", "120", Decimal(20), Decimal(20)),
        ("指标2:整治村庄数量", "≥10", "9", Decimal(20), Decimal(18)),
        ("指标1:验收通过率", "≥95%", "100%", Decimal(10), Decimal(10)),
    ]
    assert [i.level2_raw for i in ev.indicators] == ["数量指标", "数量指标", "质量指标"]
    assert ev.truncated  # the text ends inside the form: no 效益 rows, no 总分


def test_an_annotation_is_not_glued_to_the_next_header_word() -> None:
    # "(2023年度)" normalises to nothing; gluing it to "部门" would hide the 部门 cell
    p = package(FORM)
    assert p.unit.name == "某县乡村建设服务中心"
