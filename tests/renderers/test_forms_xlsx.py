"""The .xlsx forms: layout the importer can read back, A4 printing, blank templates with formulas."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.model import EvaluationPackage
from jixiao.renderers import render_package
from jixiao.renderers.forms import form_grids
from jixiao.renderers.xlsx import workbook_bytes

HEADER = [
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
]


def _book(package: EvaluationPackage, blank: bool = False) -> openpyxl.Workbook:
    return openpyxl.load_workbook(BytesIO(workbook_bytes(form_grids(package, blank=blank), blank=blank)))


def _header_row(ws: Worksheet) -> int:
    for row in ws.iter_rows():
        if [c.value for c in row[1:9]] == HEADER:
            return row[0].row
    raise AssertionError("no indicator header row")


def test_sheets_of_001(p001: EvaluationPackage) -> None:
    wb = _book(p001)
    assert wb.sheetnames == ["基础数据表", "整体支出自评表", "项目自评-稽核管理工作经费"]


def test_one_row_per_indicator_with_the_stated_values(p001: EvaluationPackage) -> None:
    ws = _book(p001)["整体支出自评表"]
    top = _header_row(ws)
    rows = list(ws.iter_rows(min_row=top + 1, max_row=top + len(p001.overall.indicators), values_only=True))  # type: ignore[union-attr]
    # first indicator of 001 (seed line 214-218): 参保扩面任务 | 居保参保人数大于等于45万人 | 45.99 | 10 | 10
    assert rows[0][3:8] == ("参保扩面任务", "居保参保人数大于等于45万人", "45.99", 10, 10)
    names = [r[3] for r in rows]
    assert names == [i.name for i in p001.overall.indicators]  # type: ignore[union-attr]
    # the level-1 cell is merged over its run: rows below the first are empty
    assert rows[0][1] == "产出指标" and rows[1][1] is None
    merged = [str(m) for m in ws.merged_cells.ranges]
    assert any(m.startswith(f"B{top + 1}:B") for m in merged)
    # 总分 row: 100 | 96 (seed line 789-790)
    total = next(r for r in ws.iter_rows(values_only=True) if r[0] == "总分")
    assert total[6:8] == (100, 96)


def test_funds_block_and_footer(p001: EvaluationPackage) -> None:
    ws = _book(p001)["项目自评-稽核管理工作经费"]
    values = [tuple(r) for r in ws.iter_rows(values_only=True)]
    total = next(r for r in values if r[2] == "年度资金总额")
    # 46 | 46 | 46 | 分值 10 | 执行率 100 | 得分 10 (seed 001 project form)
    assert total[3:9] == (46, 46, 46, 10, 100, 10)
    # the signature block under the form (seed 001 lines 1133-1137): 填表人, 联系电话, 填报日期 on one
    # line, 单位负责人（签章） and 单位（盖章） on the next, the date written the Chinese way
    k = next(i for i, r in enumerate(values) if r[0] == "填表人：刘巧玲")
    first = [c for c in values[k] if c]
    second = [c for c in values[k + 1] if c]
    assert first == ["填表人：刘巧玲", "联系电话：8829998", "填报日期：2025年4月17日"]
    assert second == ["单位负责人（签章）：刘晶晶", "单位（盖章）："]


def test_a4_print_setup(p001: EvaluationPackage) -> None:
    ws = _book(p001)["整体支出自评表"]
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows is not None
    assert ws.column_dimensions["D"].width >= 20  # 三级指标 column wide enough for Chinese


def test_blank_template_has_formulas_and_validation(p001: EvaluationPackage) -> None:
    wb = _book(p001, blank=True)
    ws = wb["整体支出自评表"]
    cells = {c.coordinate: c.value for row in ws.iter_rows() for c in row}
    formulas = [v for v in cells.values() if isinstance(v, str) and v.startswith("=")]
    assert any("ROUND(" in f and "*100" in f for f in formulas)  # 执行率
    assert any(f.startswith("=SUM(") for f in formulas)  # totals
    assert any('"优"' in f for f in formulas)  # grade from the total
    # actuals are cleared, the plan (names and targets) kept
    top = _header_row(ws)
    first = [c.value for c in ws[top + 1]]
    assert first[3] == "参保扩面任务" and first[4] == "居保参保人数大于等于45万人" and first[5] is None
    assert ws.data_validations.dataValidation, "number cells carry data validation"
    kinds = {dv.type for dv in ws.data_validations.dataValidation if dv.sqref}
    assert "decimal" in kinds
    base = wb["基础数据表"]
    base_formulas = [
        c.value
        for row in base.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("=")
    ]
    # staffing control rate and the 三公 total from its parts
    assert any("ROUND(" in f for f in base_formulas) and any("+N(" in f for f in base_formulas)


def test_blank_template_without_a_plan_has_the_standard_skeleton(p000: EvaluationPackage) -> None:
    wb = _book(p000, blank=True)
    ws = wb["项目支出自评表"]
    top = _header_row(ws)
    level2 = [ws.cell(row=r, column=3).value for r in range(top + 1, top + 11)]
    assert "数量指标" in level2 and "服务对象满意度指标" in level2


def test_render_package_writes_xlsx(tmp_path: Path, p003: EvaluationPackage) -> None:
    paths = render_package(p003, what="forms", fmt="xlsx", out_dir=tmp_path)
    assert len(paths) == 1 and paths[0].suffix == ".xlsx"
    wb = openpyxl.load_workbook(paths[0])
    ws = wb["评分表"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[2][:3] == ("一级指标", "二级指标", "三级指标")
    # 003 评分表: first row 投入（15分）/ 预算配置（15分）/ 财政供养人员控制率, 分值 5, 得分 5
    assert rows[3][0] == "投入（15分）" and rows[3][2] == "财政供养人员控制率" and rows[3][4:6] == (5, 5)
