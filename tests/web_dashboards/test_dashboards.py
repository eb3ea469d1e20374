"""Dashboards: who may see them, the figures (worked out by hand from the world's FIGURES), the .xlsx."""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.factories import client_maker

pytestmark = pytest.mark.django_db

FINDINGS = {
    # unit name -> findings of its current revision (code, severity, category)
    "桃江县社会保险服务中心": [
        ("SUM001", "error", "sum_mismatch"),
        ("SUM001", "error", "sum_mismatch"),
        ("RATE001", "warning", "rate_mismatch"),
    ],
    "桃江县农业农村局": [("RATE002", "warning", "rate_mismatch")],
}


@pytest.fixture
def checker(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    from jixiao_web.evaluations import engine

    calls: list[str] = []

    def check(package: Any, previous: Any = None) -> list[dict[str, Any]]:
        calls.append(package.unit.name)
        return [{"code": c, "severity": s, "category": k} for c, s, k in FINDINGS.get(package.unit.name, [])]

    monkeypatch.setattr(engine, "check", check)
    return calls


def chart_data(html: str) -> dict[str, dict[str, Any]]:
    match = re.search(r'<script id="chart-data" type="application/json">(.*?)</script>', html, re.S)
    assert match, "chart data missing"
    return {c["key"]: c for c in json.loads(match.group(1))}


def sheet_rows(content: bytes, title: str) -> list[tuple[Any, ...]]:
    wb = load_workbook(io.BytesIO(content))
    return list(wb[title].iter_rows(values_only=True))


def test_only_bureau_staff_see_dashboards(world: dict[str, Any], client_for: Any, checker: list[str]) -> None:
    u1 = world["units"]["U1"]
    for username in ("preparer", "head", "reviewer"):
        c = client_for(username)
        assert c.get("/dashboards/").status_code == 403
        assert c.get("/dashboards/xlsx/progress/").status_code == 403
        assert c.get(f"/dashboards/units/{u1.pk}/").status_code == 403
    anonymous = client_for(None).get("/dashboards/")
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    assert client_for("admin").get("/dashboards/").status_code == 200
    assert client_for("sysadmin").get("/dashboards/").status_code == 200
    # another bureau: not this bureau's unit, nor its jurisdiction
    assert client_for("admin_b").get(f"/dashboards/units/{u1.pk}/").status_code == 403
    county_a = world["jurisdictions"]["county_a"]
    assert client_for("admin_b").get(f"/dashboards/?jurisdiction={county_a.pk}").status_code == 403


def test_campaign_figures_by_hand(world: dict[str, Any], client_for: Any, checker: list[str]) -> None:
    html = client_for("admin").get("/dashboards/").content.decode()
    charts = chart_data(html)  # bureau A, default year = the latest, 2024: U1, U2, U4 (+ U5 addressed, none)
    # U1 sent on time; U2 sent 3 days late; U4 draft + U5 without an evaluation = 2 missing
    assert charts["progress"]["categories"] == ["按时报送", "逾期报送", "未报送"]
    assert charts["progress"]["series"][0]["data"] == [1, 1, 2]
    # own scores 96 (95–100) and 85 (80–90); reviewed score 93.50 (90–95) only for U1
    scores = dict(
        zip(
            charts["scores"]["categories"],
            zip(*[s["data"] for s in charts["scores"]["series"]], strict=True),
            strict=True,
        )
    )
    assert scores["95–100分"] == (1, 0) and scores["80–90分"] == (1, 0) and scores["90–95分"] == (0, 1)
    assert sum(sum(v) for v in scores.values()) == 3
    assert charts["grades"]["series"][0]["data"] == [1, 1, 0, 0, 1]  # 优 良 中 差, U4 ungraded
    # ranking by reviewed score else own: U1 93.50, U2 85.00 (U4 has none)
    assert charts["ranking"]["categories"] == ["桃江县社会保险服务中心", "桃江县农业农村局"]
    assert charts["ranking"]["series"][0]["data"] == [93.5, 85.0]
    # execution 98.50 → 95–100%, 75.00 → 60–80%
    execution = dict(
        zip(charts["execution"]["categories"], charts["execution"]["series"][0]["data"], strict=True)
    )
    assert execution == {
        "60%以下": 0,
        "60%–80%": 1,
        "80%–90%": 0,
        "90%–95%": 0,
        "95%–100%": 1,
        "100%及以上": 0,
    }
    # 三公: U2 5.00 (2023: 2.50), U1 3.20 (2023: 4.00)
    assert charts["three_public"]["categories"] == ["桃江县农业农村局", "桃江县社会保险服务中心"]
    assert charts["three_public"]["series"][0]["data"] == [5.0, 3.2]
    assert charts["three_public"]["series"][1]["data"] == [2.5, 4.0]
    # by year: 2023 = 4.00 + 2.50 = 6.50; 2024 = 3.20 + 5.00 = 8.20
    assert charts["three_public_years"]["categories"] == ["2023年", "2024年"]
    assert charts["three_public_years"]["series"][0]["data"] == [6.5, 8.2]
    # findings by unit (columns): U1 2 errors 1 warning; U4 1 error; U2 4 warnings — ordered by errors
    assert charts["findings_unit"]["categories"] == [
        "桃江县社会保险服务中心",
        "桃江县医疗保障局",
        "桃江县农业农村局",
    ]
    assert charts["findings_unit"]["series"][0]["data"] == [2, 1, 0]
    assert charts["findings_unit"]["series"][1]["data"] == [1, 0, 4]
    # findings by category (the checker): 比率不符 1 (U1) + 1 (U2) warnings; 合计不符 2 errors (U1)
    assert charts["findings_category"]["categories"] == ["比率不符", "合计不符"]
    assert [s["data"] for s in charts["findings_category"]["series"]] == [[0, 2], [2, 0], [0, 0]]
    assert "未报送" in html and "echarts.min.js" in html
    # the 三公 total of the summary is printed as 万元 with two decimals: 3.20 + 5.00 = 8.20
    assert "8.20 万元" in html


def test_three_public_year_on_year_in_xlsx(
    world: dict[str, Any], client_for: Any, checker: list[str]
) -> None:
    content = client_for("admin").get("/dashboards/xlsx/three_public/?year=2024").content
    rows = sheet_rows(content, "三公经费（单位）")
    assert rows[0] == ("单位", "本年（万元）", "上年（万元）", "增减（万元）", "增减率（%）")
    # U2: 5.00 − 2.50 = 2.50, 2.50 / 2.50 = 100.00%; U1: 3.20 − 4.00 = −0.80, −0.80 / 4.00 = −20.00%
    assert rows[1] == ("桃江县农业农村局", 5.0, 2.5, 2.5, 100.0)
    assert rows[2][0] == "桃江县社会保险服务中心"
    assert [round(v, 2) for v in rows[2][1:]] == [3.2, 4.0, -0.8, -20.0]
    years = sheet_rows(
        client_for("admin").get("/dashboards/xlsx/three_public_years/").content, "三公经费（年度）"
    )
    # (8.20 − 6.50) / 6.50 = 26.1538…% → 26.15
    assert years[1:] == [("2023年", 6.5, 2, None), ("2024年", 8.2, 2, 26.15)]


def test_xlsx_holds_the_charted_numbers(world: dict[str, Any], client_for: Any, checker: list[str]) -> None:
    c = client_for("admin")
    charts = chart_data(c.get("/dashboards/?year=2024").content.decode())
    content = c.get("/dashboards/xlsx/?year=2024").content
    wb = load_workbook(io.BytesIO(content))
    assert len(wb.sheetnames) == len(charts) == 10
    from jixiao_web.dashboards import selectors

    titles = {
        "progress": "报送进度",
        "scores": "得分分布",
        "grades": "等级分布",
        "ranking": "得分排名",
        "execution": "预算执行率",
        "findings_category": "问题类别",
        "findings_unit": "问题（单位）",
    }
    assert set(titles) <= set(selectors.CAMPAIGN_CHARTS)
    for key, title in titles.items():
        rows = list(wb[title].iter_rows(values_only=True))[1:]
        chart = charts[key]
        assert [str(r[0]) for r in rows] == chart["categories"], key
        for series in chart["series"]:
            column = next(iter(wb[title].iter_rows(values_only=True))).index(series["name"])
            assert [r[column] for r in rows] == series["data"], (key, series["name"])
    progress = sheet_rows(c.get("/dashboards/xlsx/progress/?year=2024").content, "报送进度")
    assert progress == [("报送情况", "单位数"), ("按时报送", 1), ("逾期报送", 1), ("未报送", 2)]


def test_filters_by_year_and_jurisdiction(world: dict[str, Any], client_for: Any, checker: list[str]) -> None:
    charts = chart_data(client_for("admin").get("/dashboards/?year=2023").content.decode())
    # 2023: U1 (on time) and U2 (1 day late), both published; campaign 2023 addressed U1, U2 only
    assert charts["progress"]["series"][0]["data"] == [1, 1, 0]
    assert charts["ranking"]["series"][0]["data"] == [88.0, 72.0]
    # U2's 59.99% is below 60%, U1's 100.00% is in "100% and above"
    execution = dict(
        zip(charts["execution"]["categories"], charts["execution"]["series"][0]["data"], strict=True)
    )
    assert execution["60%以下"] == 1 and execution["100%及以上"] == 1
    city_b = world["jurisdictions"]["county_b"].parent
    sys = chart_data(
        client_for("sysadmin").get(f"/dashboards/?year=2024&jurisdiction={city_b.pk}").content.decode()
    )
    assert sys["ranking"]["categories"] == ["株洲市石峰区社会保险服务中心"]
    everywhere = chart_data(client_for("sysadmin").get("/dashboards/?year=2024").content.decode())
    assert len(everywhere["ranking"]["categories"]) == 3  # U1, U2 and U3 have a score in 2024


def test_findings_counted_when_saved_not_when_shown(
    world: dict[str, Any], client_for: Any, checker: list[str]
) -> None:
    from jixiao_web.dashboards.models import EvaluationTally
    from jixiao_web.dashboards.tally import rebuild
    from jixiao_web.evaluations.models import Revision

    c = client_for("admin")  # the world's aggregates were rebuilt: every evaluation checked once
    counted = len(checker)
    assert counted == 6
    c.get("/dashboards/?year=2024")
    c.get("/dashboards/?year=2023")
    assert len(checker) == counted  # showing a dashboard never checks a package
    e = world["evaluations"][("U1", 2024)]
    revision = Revision.objects.create(evaluation=e, number=2, data=e.current_revision.data)
    e.current_revision = revision
    e.save(update_fields=["current_revision"])  # behind the services' back: the next rebuild sees it
    rebuild(check=True)
    assert checker[counted:] == ["桃江县社会保险服务中心"]  # only the changed revision is checked again
    assert EvaluationTally.objects.get(pk=e.pk).revision_id == revision.pk


def test_unit_history(world: dict[str, Any], client_for: Any, checker: list[str]) -> None:
    u1 = world["units"]["U1"]
    c = client_for("admin")
    charts = chart_data(c.get(f"/dashboards/units/{u1.pk}/").content.decode())
    assert charts["unit_scores"]["categories"] == ["2023年", "2024年"]
    assert charts["unit_scores"]["series"][0]["data"] == [90.0, 96.0]
    assert charts["unit_scores"]["series"][1]["data"] == [88.0, 93.5]
    assert charts["unit_execution"]["series"][0]["data"] == [100.0, 98.5]
    assert charts["unit_three_public"]["series"][0]["data"] == [4.0, 3.2]
    # staffing from the package: 编制 20; 实有 18 in 2023, 19 in 2024
    assert charts["unit_staff"]["series"][0]["data"] == [20, 20]
    assert charts["unit_staff"]["series"][1]["data"] == [18, 19]
    wb = load_workbook(io.BytesIO(c.get(f"/dashboards/units/{u1.pk}/xlsx/").content))
    assert list(wb["人员"].iter_rows(values_only=True)) == [
        ("年度", "编制数", "实有人数"),
        ("2023年", 20, 18),
        ("2024年", 20, 19),
    ]
    assert Decimal(str(list(wb["得分"].iter_rows(values_only=True))[2][2])) == Decimal("93.5")


def test_unknown_chart_is_404(world: dict[str, Any], client_for: Any) -> None:
    assert client_for("admin").get("/dashboards/xlsx/nothing/").status_code == 404


def test_last_years_three_public_comes_from_the_units_own_table_when_the_system_has_no_last_year(
    world: dict[str, Any], checker: list[str]
) -> None:
    """Issue 12: 上年 bars were empty though last year's figures are in the forms. U4 has no 2023
    evaluation, but its 2024 三公 table states 上年决算数 5.00 beside 7.00 this year:
    7.00 − 5.00 = 2.00, 2.00 ÷ 5.00 = 40.00 %."""
    from jixiao_web.evaluations.models import Evaluation

    Evaluation.objects.filter(unit=world["units"]["U4"], year=2024).update(
        three_public_actual=Decimal("7.00"), three_public_last_year=Decimal("5.00")
    )
    from jixiao_web.dashboards.tally import rebuild

    rebuild(check=False)
    client = client_maker(world["users"])("admin")
    rows = sheet_rows(client.get("/dashboards/xlsx/three_public/?year=2024").content, "三公经费（单位）")
    u4 = next(r for r in rows[1:] if r[0] == world["units"]["U4"].name)
    assert u4[1:] == (7.0, 5.0, 2.0, 40.0)
    # U1 keeps last year's evaluation (4.00) before anything its own table might state
    u1 = next(r for r in rows[1:] if r[0] == world["units"]["U1"].name)
    assert round(u1[2], 2) == 4.0
