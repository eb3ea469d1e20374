"""MON014 on the evaluation page: when a monitoring round of the year holds the unit's report, a deviation
the unit explained in August that is missed again at year end without a note is a finding on the page
(and an item of a rectification notice drawn from the self-evaluation)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from jixiao_web.evaluations.models import Revision
from jixiao_web.evaluations.services import package_of
from jixiao_web.monitoring import services as monitoring
from jixiao_web.monitoring.selectors import year_end_findings
from jixiao_web.rectification import services as rectification

pytestmark = pytest.mark.django_db

PROJECT = "稽核管理工作经费"
INDICATOR = "实际发放人数"  # seed 001: 6 of 10 points at year end, with a deviation note


def _explain_in_august(world: dict[str, Any], round_2024: Any) -> None:
    report = round_2024.reports.get(unit=world["units"]["U1"])
    data = dict(report.data)
    data["projects"] = [
        {
            **p,
            "indicators": [
                {"name": INDICATOR, "likelihood": "有可能", "cause_note": "部分退休人员未及时认证"}
            ],
        }
        for p in data["projects"]
        if p["name"] == PROJECT
    ]
    monitoring.report_save(report=report, user=world["users"]["preparer"], data=data)


def _clear_the_year_end_note(evaluation: Any) -> None:
    revision = evaluation.current_revision
    data = revision.data
    project = next(p for p in data["projects"] if p["name"] == PROJECT)
    indicator = next(i for i in project["indicators"] if i["name"] == INDICATOR)
    indicator.pop("deviation_note", None)
    Revision.objects.filter(pk=revision.pk).update(data=data)
    evaluation.refresh_from_db()


def _codes(client: Any, evaluation: Any) -> str:
    return client.get(f"/evaluations/{evaluation.pk}/").content.decode()


def test_mon014_on_the_page_only_when_monitored_and_unexplained(
    world: dict[str, Any], round_2024: Any, client_for: Any
) -> None:
    e1, e2 = world["e1"], world["e2"]
    reviewer = client_for("reviewer")
    _explain_in_august(world, round_2024)
    # explained in August, missed at year end (6 < 10) but the year-end form has its note: nothing
    assert [f["code"] for f in year_end_findings(e1.unit_id, package_of(e1))] == []
    assert "MON014" not in _codes(reviewer, e1)
    _clear_the_year_end_note(e1)
    found = year_end_findings(e1.unit_id, package_of(e1))
    assert [(f["code"], f["path"]) for f in found] == [("MON014", "projects[0].indicators[1]")]
    page = _codes(reviewer, e1)
    assert "MON014" in page and "部分退休人员未及时认证" in page
    # U2's 2022 evaluation: no round of 2022, the check is not run
    assert year_end_findings(e2.unit_id, package_of(e2)) == []
    # a notice drawn from the self-evaluation carries it as an item
    notice = rectification.notice_from_evaluation(
        user=world["users"]["admin"], evaluation=e1, deadline=date(2025, 6, 30)
    )
    assert "MON014" in list(notice.items.values_list("finding_code", flat=True))
