"""The 重庆 部门整体绩效自评表 read from a spreadsheet by its spec (data/forms/self-evaluation/chongqing-overall.yaml).

Its shape differs from the national overall form: the score is printed in the head (自评总分(分)), the
one row of budget figures is labelled by the block's cell 部门预算执行情况 merged down beside it, the
execution weight and score are 执行率权重 / 执行率得分, and the indicators are one table without levels
(指标名称 / 计量单位 / 指标性质 / 年初指标值 / 调整指标值 / 全年完成值 / 得分系数 / 指标权重 / 指标得分 /
是否核心指标). The figures below are made up; the arithmetic is beside each assertion.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from jixiao.audit import check_package
from jixiao.importers.api import import_file
from jixiao.model import EvaluationPackage, Scope


def _form(path: Path, *, with_total_row: bool) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["2022年部门整体绩效自评表"])
    ws.merge_cells("A1:J1")
    ws.append(["主管部门", "某区文化旅游委", "", "财政处室", "", "", "自评总分(分)", 96, "", ""])
    ws.append(
        [
            "部门预算执行情况",
            "",
            "年初预算数",
            "全年(调整)预算数",
            "全年执行数",
            "执行率(%)",
            "执行率权重",
            "执行率得分(分)",
        ]
    )
    ws.append([None, None, 500, 520, 494, 0.95, 10, 9.5])
    ws.merge_cells("A3:B4")
    ws["F4"].number_format = "0%"
    ws.append(
        [
            "指标名称",
            "计量单位",
            "指标性质",
            "年初指标值",
            "调整指标值",
            "全年完成值",
            "得分系数(%)",
            "指标权重(分)",
            "指标得分(分)",
            "是否核心指标",
        ]
    )
    ws.append(["预算完成率", "%", "定量指标", "90%", "", "95%", "100%", 40, 40, "是"])
    ws.append(["服务群众次数", "次", "定量指标", "100次", "", "90次", "90%", 50, 45, "否"])
    # 9.5 + 40 + 45 = 94.5, printed 96 in the head: a wrong total when the form is whole
    if with_total_row:
        ws.append(["合计", "", "", "", "", "", "", 100, 96, ""])  # 10 + 40 + 50 = 100
    out = path / "form.xlsx"
    wb.save(out)
    return out


def _package(path: Path) -> EvaluationPackage:
    return import_file(path)[0]


def test_the_head_score_the_merged_funds_label_and_the_indicator_table(tmp_path: Path) -> None:
    p = _package(_form(tmp_path, with_total_row=True))
    ev = p.overall
    assert ev is not None and ev.scope == Scope.OVERALL
    assert ev.layout == "self-evaluation/chongqing-overall"
    assert ev.stated_total_score == Decimal(96)  # 自评总分(分) in the head
    assert ev.funds is not None
    total = ev.funds.rows[0]
    assert (total.initial_budget, total.annual_budget, total.executed) == (
        Decimal(500),
        Decimal(520),
        Decimal(494),
    )
    # 494 ÷ 520 = 0.95 → 95 %, weight 10, score 10 × 0.95 = 9.5
    assert (ev.funds.stated_execution_rate, ev.funds.max_score, ev.funds.stated_score) == (
        Decimal(95),
        Decimal(10),
        Decimal("9.5"),
    )
    rows = [(i.name, i.target_raw, i.actual_raw, i.max_score, i.score) for i in ev.indicators]
    assert rows == [
        ("预算完成率", "90%", "95%", Decimal(40), Decimal(40)),
        ("服务群众次数", "100次", "90次", Decimal(50), Decimal(45)),
    ]
    assert not ev.truncated


def test_a_head_score_does_not_make_a_cut_form_whole(tmp_path: Path) -> None:
    # without its 合计 row the table may be an excerpt: its sums are not checked against the head's 96
    p = _package(_form(tmp_path, with_total_row=False))
    assert p.overall is not None and p.overall.truncated
    assert not [f for f in check_package(p) if f.code.startswith("SCO00")]


def test_the_wrong_head_total_of_a_whole_form_is_found(tmp_path: Path) -> None:
    p = _package(_form(tmp_path, with_total_row=True))
    # 9.5 + 40 + 45 = 94.5 ≠ 96
    assert any(f.code.startswith("SCO") for f in check_package(p))
