"""A 绩效监控表 read from .xlsx and checked: codes and places, with the figures worked out by hand."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner

from jixiao.audit.checks.monitoring import check_monitoring
from jixiao.cli import main
from jixiao.model import Unit
from jixiao.model.monitoring import (
    DeviationCause,
    Likelihood,
    MonitoringForm,
    ProjectMonitoring,
    UnitTotals,
)
from jixiao.monitoring import (
    apply_execution,
    assess,
    read_execution_export,
    read_monitoring_form,
)
from jixiao.monitoring.render import render_monitoring_xlsx

from .conftest import block_form, xlsx

AS_OF = date(2024, 7, 31)


def compact(findings: list) -> list[tuple[str, str | None]]:  # type: ignore[type-arg]
    return sorted((f.code, f.location.path) for f in findings)


def test_block_form_is_read_with_places() -> None:
    form = read_monitoring_form(block_form(), "监控表.xlsx")
    assert (form.year, form.as_of, form.unit.name) == (2024, AS_OF, "桃江县社会保险服务中心")
    [p] = form.projects
    assert (p.code, p.name, p.initial_budget, p.annual_budget) == (
        "430922-24-001",
        "稽核管理工作经费",
        46,
        46,
    )
    assert p.executed == Decimal("13.8") and p.stated_execution_rate == Decimal("30.00")
    assert p.sources["executed"].row == 5 and p.sources["executed"].column == "D"
    assert [i.name for i in p.indicators] == ["稽核企业数", "待遇发放及时率"]
    first = p.indicators[0]
    assert (first.target_raw, first.progress_raw, first.forecast_raw) == ("≥120户", "40户", "100户")
    assert first.likelihood == Likelihood.IMPOSSIBLE
    # the 其中 row is not read (only the 年度资金总额 row of a block): listed, not dropped
    assert [(i.location.row, i.reason) for i in form.import_report] == [
        (6, "项目资金栏只读取“年度资金总额”（合计）行")
    ]


def test_execution_at_30_percent_on_31_july_is_a_red_lag_and_unexplained() -> None:
    form = read_monitoring_form(block_form(), "监控表.xlsx")
    assert compact(check_monitoring(form, as_of=AS_OF)) == [
        ("MON001", "projects[0].executed"),  # 30 % ÷ 58.1967 % = 51.55 % < 60 %
        ("MON003", "projects[0].indicators[0]"),  # 完全不可能
        ("MON005", "projects[0].cause"),
        ("MON005", "projects[0].indicators[0].cause"),
        ("MON006", "projects[0].indicators[0].measure"),
        ("MON006", "projects[0].measure"),
    ]


def test_explained_deviations_leave_only_the_warnings() -> None:
    data = block_form(likelihood="有可能", cause="资金", note="上级资金7月底才到位", measure="加快稽核进度")
    form = read_monitoring_form(data, "监控表.xlsx")
    assert form.projects[0].cause == DeviationCause.FUNDING
    assert form.projects[0].indicators[0].cause_note == "上级资金7月底才到位"
    assert compact(check_monitoring(form, as_of=AS_OF)) == [
        ("MON001", "projects[0].executed"),
        ("MON004", "projects[0].indicators[0]"),  # 有可能 → yellow → info
    ]


def test_figures_that_do_not_add_up() -> None:
    form = MonitoringForm(
        year=2024,
        as_of=AS_OF,
        unit=Unit(name="某单位"),
        projects=[
            # 30 / 40 = 75 %, stated 50 %; 75 ÷ 58.1967 = 128.9 % → green
            ProjectMonitoring(
                name="甲", annual_budget=Decimal(40), executed=Decimal(30), stated_execution_rate=Decimal(50)
            ),
            # executed 60 > budget 50; forecast 55 < executed 60
            ProjectMonitoring(
                name="乙", annual_budget=Decimal(50), executed=Decimal(60), forecast_executed=Decimal(55)
            ),
        ],
        # Σ budgets 40 + 50 = 90 ≠ 100; Σ executed 30 + 60 = 90 = 90
        totals=UnitTotals(annual_budget=Decimal(100), executed=Decimal(90)),
    )
    assert compact(check_monitoring(form, as_of=AS_OF)) == [
        ("MON007", "totals.annual_budget"),
        ("MON009", "projects[0].stated_execution_rate"),
        ("MON010", "projects[1].executed"),
        ("MON011", "projects[1].forecast_executed"),
    ]


def test_a_date_outside_the_year_and_an_empty_form() -> None:
    form = MonitoringForm(year=2024, as_of=date(2023, 7, 31), unit=Unit(name="某单位"))
    assert compact(check_monitoring(form, as_of=date(2024, 7, 31))) == [
        ("MON012", "as_of"),
        ("MON012", "as_of"),
        ("MON013", "projects"),
    ]


def test_render_reads_back_and_shows_the_warning() -> None:
    form = read_monitoring_form(block_form(), "监控表.xlsx")
    data = render_monitoring_xlsx(form, assess(form))
    again = read_monitoring_form(data, "again.xlsx")
    assert [(p.code, p.name, p.annual_budget, p.executed) for p in again.projects] == [
        ("430922-24-001", "稽核管理工作经费", 46, Decimal("13.8"))
    ]
    assert [(i.name, i.likelihood) for i in again.projects[0].indicators] == [
        ("稽核企业数", Likelihood.IMPOSSIBLE),
        ("待遇发放及时率", Likelihood.CERTAIN),
    ]
    assert again.as_of == AS_OF and again.unit.name == "桃江县社会保险服务中心"


def test_formula_text_stays_text() -> None:
    form = MonitoringForm(
        year=2024,
        as_of=AS_OF,
        unit=Unit(name="=cmd|' /C calc'!A0"),
        projects=[ProjectMonitoring(name="@SUM(1)")],
    )
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(render_monitoring_xlsx(form)))
    ws = wb["项目执行"]
    assert ws["B2"].data_type == "s" and ws["B2"].value.startswith("=")
    assert ws["B7"].data_type == "s"


def test_execution_export_in_yuan_fills_the_form() -> None:
    # the 一体化 export of a bureau: amounts in 元 (header says so); 13.8万元 = 138000元
    data = xlsx(
        [
            ["预算执行情况表（截至2024年7月31日）"],
            ["单位编码", "单位名称", "项目编码", "项目名称", "全年预算数（元）", "累计支付数（元）"],
            ["430922001", "桃江县社会保险服务中心", "430922-24-001", "稽核管理工作经费", 460000, 138000],
            ["430922002", "桃江县农业农村局", "430922-24-101", "高标准农田建设", 10000000, 8000000],
        ]
    )
    export = read_execution_export(data, "导出.xlsx")
    assert export.as_of == AS_OF
    assert [(r.unit_name, r.code, r.budget, r.paid) for r in export.records] == [
        ("桃江县社会保险服务中心", "430922-24-001", Decimal(46), Decimal("13.8")),
        ("桃江县农业农村局", "430922-24-101", Decimal(1000), Decimal(800)),
    ]
    form = MonitoringForm(year=2024, as_of=AS_OF, unit=Unit(name="桃江县社会保险服务中心"))
    mine = [r for r in export.records if r.unit_name == form.unit.name]
    filled = apply_execution(form, mine, "导出")
    assert compact(check_monitoring(filled, as_of=AS_OF)) == [
        ("MON001", "projects[0].executed"),
        ("MON005", "projects[0].cause"),
        ("MON006", "projects[0].measure"),
    ]


def test_csv_export_in_wanyuan(tmp_path: Path) -> None:
    text = "项目编码,项目名称,预算数,1-7月支付数\n430922-24-001,稽核管理工作经费,46,23\n"
    export = read_execution_export(text.encode("utf-8"), "导出.csv")
    assert [(r.code, r.budget, r.paid, r.row) for r in export.records] == [
        ("430922-24-001", Decimal(46), Decimal(23), 2)
    ]


def test_cli_reports_monitoring_lag(tmp_path: Path) -> None:
    path = tmp_path / "监控表.xlsx"
    path.write_bytes(block_form())
    result = CliRunner().invoke(
        main, ["check", str(path), "--as-of", "2024-07-31", "--format", "json"], catch_exceptions=False
    )
    found = json.loads(result.output)["documents"][0]["findings"]
    lag = [f for f in found if f["code"] == "MON001"]
    assert [(f["category"], f["location"]["path"], f["stated"], f["computed"]) for f in lag] == [
        ("monitoring_lag", "projects[0].executed", "30", "51.55")
    ]
    assert result.exit_code == 0  # warnings only; --fail-on warning makes it 1
    result = CliRunner().invoke(main, ["check", str(path), "--as-of", "2024-07-31", "--fail-on", "warning"])
    assert result.exit_code == 1


def test_cli_refuses_what_is_not_a_monitoring_form(tmp_path: Path) -> None:
    path = tmp_path / "x.docx"
    path.write_bytes(b"not really")
    result = CliRunner().invoke(main, ["check", str(path), "--as-of", "2024-07-31"])
    assert result.exit_code == 2 and "只能是" in result.output
