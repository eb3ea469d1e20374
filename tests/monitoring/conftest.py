"""Builders of monitoring spreadsheets for the tests: the 136号 block layout and the 一体化 export."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook


def xlsx(
    rows: Sequence[Sequence[Any]], *, title: str = "Sheet1", percent_columns: Sequence[int] = ()
) -> bytes:
    """A one-sheet workbook with these rows (``None`` leaves a cell empty); columns in
    ``percent_columns`` (1-based) get Excel's "0.00%" format, as the platforms export rates."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                cell = ws.cell(row=r, column=c, value=value)
                if c in percent_columns and isinstance(value, float):
                    cell.number_format = "0.00%"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def block_form(
    executed: float = 13.8,
    *,
    likelihood: str = "完全不可能",
    cause: str | None = None,
    note: str | None = None,
    measure: str | None = None,
) -> bytes:
    """A 项目支出绩效目标执行监控表 in the layout of 财预〔2019〕136号's attachment (one project block),
    for seed 001's project 稽核管理工作经费 (全年预算数 46 万元); the 1-7月执行率 is stored as a fraction
    with Excel's percent format, as the platforms export it."""
    return xlsx(
        [
            ["项目支出绩效目标执行监控表（2024年1-7月）"],
            ["单位名称", "桃江县社会保险服务中心", None, "监控截止日期", "2024年7月31日"],
            ["项目名称", "稽核管理工作经费", None, "项目编码", "430922-24-001"],
            [
                "项目资金（万元）",
                "年初预算数",
                "全年预算数",
                "1-7月执行数",
                "1-7月执行率",
                "全年预计执行数",
                "偏差原因",
                "纠偏措施",
            ],
            ["年度资金总额", 46, 46, executed, round(executed / 46, 4), 46, cause, measure],
            ["其中：财政拨款", 46, 46, executed, None, 46],
            [
                "一级指标",
                "二级指标",
                "三级指标",
                "年度指标值",
                "1-7月实际完成值",
                "全年预计完成值",
                "偏差原因分析",
                "完成目标可能性",
                "原因说明",
                "纠偏措施",
            ],
            [
                "产出指标",
                "数量指标",
                "稽核企业数",
                "≥120户",
                "40户",
                "100户",
                cause,
                likelihood,
                note,
                measure,
            ],
            ["产出指标", "时效指标", "待遇发放及时率", "100%", "100%", "100%", None, "确定能", None, None],
        ],
        title="监控表",
        percent_columns=(5,),
    )
