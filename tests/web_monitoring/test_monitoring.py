"""Monitoring rounds through the services, the pages and the API, with the figures worked out by hand.

On 2024-07-31, 213 of 2024's 366 days have passed: time share 213/366 = 58.1967 %.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jixiao.model.monitoring import Likelihood
from jixiao_web.monitoring import services
from jixiao_web.monitoring.models import Decision, MonitoringReport

from .conftest import execution_export, xlsx

pytestmark = pytest.mark.django_db


def reports(rnd: Any) -> dict[str, MonitoringReport]:
    return {r.unit.name: r for r in rnd.reports.select_related("unit")}


def test_round_covers_every_unit_of_the_bureau_and_records_its_rule_set(world: dict[str, Any]) -> None:
    rnd = services.round_create(user=world["users"]["admin"], as_of=date(2024, 7, 31))
    assert (rnd.title, rnd.year, rnd.rule_set_id) == (
        "2024年1-7月绩效运行监控",
        2024,
        "national/monitoring/monitoring-2019",
    )
    assert len(rnd.rule_set_hash) == 64
    assert sorted(reports(rnd)) == [
        "株洲市石峰区社会保险服务中心",
        "桃江县农业农村局",
        "桃江县社会保险服务中心",
    ]
    assert {r.level for r in rnd.reports.all()} == {""}  # nothing to measure yet
    with pytest.raises(ValidationError):
        services.round_create(user=world["users"]["admin"], as_of=date(2024, 7, 31))


def test_export_import_gives_the_hand_computed_warnings(round_2024: Any) -> None:
    r = reports(round_2024)
    u1 = r["桃江县社会保险服务中心"]
    # 138000元 / 460000元 = 13.8 / 46 万元 = 30 %; 30 × 366 / 213 = 51.55 % < 60 % → red
    assert (u1.budget, u1.executed, u1.execution_rate, u1.ratio, u1.level) == (
        Decimal("46.00"),
        Decimal("13.80"),
        Decimal("30.00"),
        Decimal("51.549296"),
        "red",
    )
    assert (u1.red_count, u1.yellow_count) == (1, 0)
    assert sorted(f["code"] for f in u1.findings) == ["MON001", "MON005", "MON006"]
    u2 = r["株洲市石峰区社会保险服务中心"]
    # 4056 / 6760 = 60 % → 60 × 366 / 213 = 103.10 % green; 169.10 / 422.75 = 40 % → 68.73 % yellow
    # the unit: (4056 + 169.10) / (6760 + 422.75) = 4225.10 / 7182.75 = 58.822874 %;
    # × 366 / 213: 4225.10 × 100 × 366 / (7182.75 × 213) = 154638660 / 1529925.75 = 101.075925 %
    assert (u2.budget, u2.executed, u2.execution_rate) == (
        Decimal("7182.75"),
        Decimal("4225.10"),
        Decimal("58.822874"),
    )
    assert u2.ratio == Decimal("101.075925")
    assert (u2.level, u2.red_count, u2.yellow_count) == ("yellow", 0, 1)
    u3 = r["桃江县农业农村局"]
    # matched by name (no 单位编码 in the row): 800 / 1000 = 80 % → 137.46 % green
    assert (u3.execution_rate, u3.level) == (Decimal("80.00"), "green")


def test_import_reports_rows_of_no_unit(world: dict[str, Any]) -> None:
    admin = world["users"]["admin"]
    rnd = services.round_create(user=admin, as_of=date(2024, 7, 31))
    result = services.execution_import(
        round=rnd, user=admin, filename="导出.xlsx", content=execution_export()
    )
    assert result.rows == 5
    assert sorted(result.units) == [
        "株洲市石峰区社会保险服务中心",
        "桃江县农业农村局",
        "桃江县社会保险服务中心",
    ]
    assert result.unmatched == ["第7行 某不在本轮的单位：某项目"]


def test_unit_uploads_its_form_with_causes_and_measures(world: dict[str, Any], round_2024: Any) -> None:
    report = reports(round_2024)["桃江县社会保险服务中心"]
    data = xlsx(
        [
            ["项目编码", "项目名称", "偏差原因", "原因说明", "纠偏措施", "全年预计执行数"],
            ["430922-24-001", "稽核管理工作经费", "资金", "上级补助7月底到位", "8月集中支付稽核费用", 46],
            [],
            [
                "项目名称",
                "三级指标",
                "年度指标值",
                "1-7月实际完成值",
                "全年预计完成值",
                "完成目标可能性",
                "偏差原因",
                "纠偏措施",
            ],
            [
                "稽核管理工作经费",
                "稽核企业数",
                "≥120户",
                "40户",
                "100户",
                "完全不可能",
                "人员",
                "增派稽核人员",
            ],
        ]
    )
    services.report_upload(
        report=report, user=world["users"]["preparer"], filename="监控表.xlsx", content=data
    )
    report.refresh_from_db()
    form = services.form_of(report)
    [p] = form.projects
    assert (p.annual_budget, p.executed, p.cause_note) == (
        46,
        Decimal("13.8"),
        "上级补助7月底到位",
    )  # bureau's figures kept
    assert p.indicators[0].likelihood == Likelihood.IMPOSSIBLE
    assert sorted(f["code"] for f in report.findings) == ["MON001", "MON003"]  # explained now
    assert report.unlikely_count == 1
    with pytest.raises(PermissionDenied):
        services.report_upload(
            report=report, user=world["users"]["reviewer"], filename="x.xlsx", content=data
        )


def test_decisions_by_role(world: dict[str, Any], round_2024: Any) -> None:
    u = world["users"]
    report = reports(round_2024)["桃江县社会保险服务中心"]
    services.decision_record(report=report, user=u["reviewer"], action="urge", reason="请加快支付进度")
    with pytest.raises(PermissionDenied):
        services.decision_record(
            report=report, user=u["reviewer"], action="suspend_payment", reason="执行太慢"
        )
    with pytest.raises(ValidationError):  # 收回 needs the amount
        services.decision_record(report=report, user=u["admin"], action="recover", reason="长期沉淀")
    d = services.decision_record(
        report=report,
        user=u["admin"],
        action="adjust_budget",
        reason="执行进度仅为时间进度的51.55%",
        project="430922-24-001",
        amount=Decimal("10"),
    )
    assert (d.action, d.project, d.amount) == ("adjust_budget", "430922-24-001", Decimal("10.00"))
    with pytest.raises(ValidationError):
        services.decision_record(report=report, user=u["admin"], action="urge", reason="催", project="")
    with pytest.raises(ValidationError):
        services.decision_record(
            report=report, user=u["admin"], action="urge", reason="没有这个项目", project="不存在"
        )
    for name in ("preparer", "admin_b", "sysadmin", "reviewer_d2"):
        with pytest.raises(PermissionDenied):
            services.decision_record(report=report, user=u[name], action="urge", reason="请加快支付进度")
    assert Decision.objects.count() == 2


def test_round_page_shows_warnings_and_time_line(client_for: Any, round_2024: Any) -> None:
    page = client_for("admin").get(f"/monitoring/rounds/{round_2024.pk}/").content.decode()
    assert 'id="time-share">58.20%<' in page
    assert 'id="count-red">1<' in page and 'id="count-yellow">1<' in page and 'id="count-green">1<' in page
    assert "社会保障股" in page and "农业股" in page and "<svg" in page
    # a desk's reviewer sees only its desk
    page = client_for("reviewer").get(f"/monitoring/rounds/{round_2024.pk}/").content.decode()
    assert "桃江县社会保险服务中心" in page and "桃江县农业农村局" not in page
    assert client_for("admin_b").get(f"/monitoring/rounds/{round_2024.pk}/").status_code == 403


def test_report_page_and_xlsx(client_for: Any, round_2024: Any) -> None:
    report = reports(round_2024)["桃江县社会保险服务中心"]
    c = client_for("preparer")
    page = c.get(f"/monitoring/reports/{report.pk}/").content.decode()
    assert "红色预警" in page and "MON001" in page and 'id="decision-form"' not in page
    response = c.get(f"/monitoring/reports/{report.pk}/xlsx/")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert (
        'id="decision-form"' in client_for("admin").get(f"/monitoring/reports/{report.pk}/").content.decode()
    )


def test_api_rounds_reports_and_decisions(client_for: Any, round_2024: Any) -> None:
    c = client_for("admin")
    data = c.get(f"/api/v1/monitoring/rounds/{round_2024.pk}").json()
    assert data["counts"] == {"red": 1, "yellow": 1, "green": 1, "none": 0}
    assert data["time_share"] == "58.20" or Decimal(str(data["time_share"])) == Decimal("58.20")
    report_id = next(r["id"] for r in data["reports"] if r["unit"] == "桃江县社会保险服务中心")
    created = c.post(
        f"/api/v1/monitoring/reports/{report_id}/decisions",
        {"action": "suspend_payment", "reason": "执行严重滞后，暂缓拨付"},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["action_label"] == "暂缓拨款"
    refused = client_for("reviewer").post(
        f"/api/v1/monitoring/reports/{report_id}/decisions",
        {"action": "recover", "reason": "收回", "amount": "5"},
        content_type="application/json",
    )
    assert refused.status_code == 403 and set(refused.json()["error"]) >= {"code", "message"}
    missing = c.get("/api/v1/monitoring/reports/999999")
    assert missing.status_code == 403 or missing.status_code == 404
    assert "error" in missing.json()
    assert client_for(None).get("/api/v1/monitoring/rounds").status_code == 401
    assert c.get("/api/v1/monitoring/nothing-here").json()["error"]["code"] == "not_found"


def test_year_end_page_partial_shows_what_monitoring_foresaw(
    world: dict[str, Any], round_2024: Any, client_for: Any
) -> None:
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = world["users"]["reviewer"]
    html = Template("{% load monitoring_tags %}{% monitoring_foresight evaluation %}").render(
        Context({"request": request, "evaluation": world["e1"]})
    )
    assert "绩效运行监控所见（截至2024-07-31）" in html and "稽核管理工作经费" in html
    assert "46.00 / 13.80" in html or "46 / 13.8" in html
    # a unit's 2022 evaluation was not monitored: nothing shown
    html = Template("{% load monitoring_tags %}{% monitoring_foresight evaluation %}").render(
        Context({"request": request, "evaluation": world["e2"]})
    )
    assert html.strip() == ""


def test_year_end_finding_for_a_deviation_explained_in_august_and_unexplained_in_december() -> None:
    from jixiao.audit.checks.monitoring import check_year_end
    from jixiao.model import Unit, load_package
    from jixiao.model.monitoring import IndicatorProgress, MonitoringForm, ProjectMonitoring

    from .conftest import SEEDS

    package = load_package(SEEDS / "001_a74d644552a354b1.yaml")
    project = package.projects[0]
    missed = next(
        i
        for i in project.indicators
        if i.score is not None and i.max_score is not None and i.score < i.max_score
    )
    form = MonitoringForm(
        year=2024,
        as_of=date(2024, 7, 31),
        unit=Unit(name=package.unit.name),
        projects=[
            ProjectMonitoring(
                name=project.name or "",
                indicators=[
                    IndicatorProgress(name=missed.name, likelihood=Likelihood.POSSIBLE, cause_note="政策调整")
                ],
            )
        ],
    )
    found = check_year_end(package, [form])
    expected = [] if (missed.deviation_note or "").strip() else ["MON014"]
    assert [f.code for f in found] == expected
    missed.deviation_note = None
    assert [f.code for f in check_year_end(package, [form])] == ["MON014"]
