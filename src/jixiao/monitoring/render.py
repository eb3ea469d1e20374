"""The 绩效运行监控表 as .xlsx: projects (money to date, forecast, cause, measure, and — when assessed —
the computed rate, time share, ratio and warning) and indicators (target, progress, forecast,
完成可能性, cause, measure). Every cell goes through :mod:`jixiao.renderers.spreadsheet` (formula-safe);
the sheet reads back with :func:`jixiao.monitoring.importer.read_monitoring_form`.
"""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from jixiao.model import LEVEL1_LABELS, LEVEL2_LABELS
from jixiao.model.monitoring import MonitoringForm
from jixiao.renderers.spreadsheet import CellValue, append_row, write_cell

from .assess import LEVEL_LABELS, Assessment

PROJECT_HEADERS = [
    "项目编码",
    "项目名称",
    "年初预算数（万元）",
    "全年预算数（万元）",
    "执行数（万元）",
    "执行率（%）",
    "全年预计执行数（万元）",
    "偏差原因",
    "原因说明",
    "纠偏措施",
]
ASSESSED_HEADERS = ["计算执行率（%）", "时间进度（%）", "执行进度/时间进度（%）", "预警"]
INDICATOR_HEADERS = [
    "项目名称",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "截至监控日实际完成值",
    "全年预计完成值",
    "完成目标可能性",
    "偏差原因",
    "原因说明",
    "纠偏措施",
]


def _q(value: Decimal | None, places: str = "0.01") -> Decimal | None:
    return None if value is None else value.quantize(Decimal(places))


def render_monitoring_xlsx(form: MonitoringForm, assessment: Assessment | None = None) -> bytes:
    """The form (and its assessment, when given) as an .xlsx workbook."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "项目执行"
    when = form.as_of.isoformat() if form.as_of else "（未填）"
    write_cell(ws, 1, 1, form.title or f"{form.year}年度绩效运行监控表")
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    write_cell(ws, 2, 1, "单位名称")
    write_cell(ws, 2, 2, form.unit.name)
    write_cell(ws, 3, 1, "监控截止日期")
    write_cell(ws, 3, 2, when)
    write_cell(ws, 4, 1, "金额单位：万元")
    headers = PROJECT_HEADERS + (ASSESSED_HEADERS if assessment is not None else [])
    for col, text in enumerate(headers, start=1):
        cell = write_cell(ws, 6, col, text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    by_path = {w.path: w for w in assessment.projects} if assessment is not None else {}
    for i, p in enumerate(form.projects):
        values: list[CellValue] = [
            p.code,
            p.name,
            p.initial_budget,
            p.annual_budget,
            p.executed,
            p.stated_execution_rate,
            p.forecast_executed,
            p.cause.value if p.cause else None,
            p.cause_note,
            p.measure,
        ]
        if assessment is not None:
            w = by_path.get(f"projects[{i}]")
            values += (
                [_q(w.lag.rate), _q(assessment.share.percent), _q(w.lag.ratio), LEVEL_LABELS[w.level]]
                if w is not None
                else [None, _q(assessment.share.percent), None, "无法计算"]
            )
        append_row(ws, values)
    t = form.totals
    if t is not None:
        append_row(
            ws,
            [None, "合计", None, t.annual_budget, t.executed, t.stated_execution_rate, t.forecast_executed],
        )
    for letter, width in zip(
        "ABCDEFGHIJKLMN", (14, 28, 12, 12, 12, 10, 14, 10, 24, 24, 12, 12, 14, 10), strict=True
    ):
        ws.column_dimensions[letter].width = width

    wi = wb.create_sheet("指标进度")
    for col, text in enumerate(INDICATOR_HEADERS, start=1):
        write_cell(wi, 1, col, text).font = Font(bold=True)
    rows = [(p.name, ind) for p in form.projects for ind in p.indicators] + [
        ("", ind) for ind in form.overall_indicators
    ]
    for project, ind in rows:
        append_row(
            wi,
            [
                project or "部门整体",
                LEVEL1_LABELS[ind.level1] if ind.level1 else None,
                LEVEL2_LABELS[ind.level2] if ind.level2 else None,
                ind.name,
                ind.target_raw,
                ind.progress_raw,
                ind.forecast_raw,
                ind.likelihood.value if ind.likelihood else None,
                ind.cause.value if ind.cause else None,
                ind.cause_note,
                ind.measure,
            ],
        )
    for letter, width in zip("ABCDEFGHIJK", (24, 10, 12, 24, 14, 14, 14, 12, 10, 24, 24), strict=True):
        wi.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
