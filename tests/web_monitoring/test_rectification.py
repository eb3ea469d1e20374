"""整改 walked end to end (notice with findings → answer with evidence → close / reopen → overdue) and
评价结果应用 on the seeds' projects (suggest, accept or override, export)."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jixiao_web.rectification import selectors, services
from jixiao_web.rectification.models import BudgetSuggestion, ItemEvent, RectificationItem

pytestmark = pytest.mark.django_db


def test_rectification_loop_end_to_end(world: dict[str, Any], client_for: Any) -> None:
    u = world["users"]
    today = timezone.localdate()
    notice = services.notice_from_evaluation(
        user=u["reviewer"], evaluation=world["e1"], deadline=today + timedelta(days=30)
    )
    items = list(notice.items.all())
    assert items and all(i.finding_code and i.state == "open" for i in items)
    assert notice.source == "self_evaluation" and notice.source_ref == f"evaluation:{world['e1'].pk}"
    first = items[0]
    # the unit answers with evidence
    services.item_answer(
        item=first,
        user=u["preparer"],
        text="已重新核对并更正自评表",
        files=[("更正后的自评表.pdf", b"%PDF-1.4 test")],
    )
    first.refresh_from_db()
    assert first.state == "answered"
    evidence = first.answers.get().evidence.get()
    assert (evidence.filename, evidence.size) == ("更正后的自评表.pdf", 13)
    # a second answer while answered is refused by the state machine
    with pytest.raises(services.WorkflowError):
        services.item_answer(item=first, user=u["preparer"], text="再次反馈内容")
    # the desk reopens (a reason is required), the unit answers again, the desk closes
    with pytest.raises(ValidationError):
        services.item_reopen(item=first, user=u["reviewer"], comment="")
    services.item_reopen(item=first, user=u["reviewer"], comment="佐证材料不完整")
    services.item_answer(item=first, user=u["head"], text="补充了佐证材料")
    services.item_close(item=first, user=u["reviewer"], comment="同意销号")
    first.refresh_from_db()
    assert first.state == "closed" and first.closed_at is not None
    assert [(e.from_state, e.to_state) for e in ItemEvent.objects.filter(item=first)] == [
        ("open", "answered"),
        ("answered", "open"),
        ("open", "answered"),
        ("answered", "closed"),
    ]
    # the page shows the items and the evidence download works for the unit
    page = client_for("preparer").get(f"/rectification/notices/{notice.pk}/").content.decode()
    assert "已销号" in page and "更正后的自评表.pdf" in page
    assert client_for("preparer").get(f"/rectification/evidence/{evidence.pk}/").content == b"%PDF-1.4 test"
    assert client_for("preparer_u3").get(f"/rectification/evidence/{evidence.pk}/").status_code == 403


def test_overdue_items_are_counted(world: dict[str, Any]) -> None:
    u = world["users"]
    deadline = date(2025, 6, 30)
    notice = services.notice_issue(
        user=u["admin"],
        unit=world["units"]["U1"],
        year=2024,
        title="2024年度绩效自评问题整改通知",
        deadline=deadline,
        items=[
            services.ItemSpec("更正总分"),
            services.ItemSpec("补充偏差原因"),
            services.ItemSpec("更正执行率"),
        ],
    )
    _one, two, three = notice.items.all()
    services.item_answer(item=two, user=u["preparer"], text="已补充偏差原因")
    services.item_answer(item=three, user=u["preparer"], text="已更正执行率")
    services.item_close(item=three, user=u["admin"])
    # on the deadline nothing is overdue; the day after, the open and the answered item are (not the closed one)
    assert selectors.overdue_count(world["units"]["U1"].pk, 2024, on=deadline) == 0
    assert selectors.overdue_count(world["units"]["U1"].pk, 2024, on=deadline + timedelta(days=1)) == 2
    board = selectors.dashboard(u["admin"], on=deadline + timedelta(days=1))
    assert [(b.unit, b.open, b.answered, b.closed, b.overdue) for b in board] == [
        ("桃江县社会保险服务中心", 1, 1, 1, 2)
    ]


def test_notice_from_a_monitoring_report(world: dict[str, Any], round_2024: Any) -> None:
    report = round_2024.reports.get(unit=world["units"]["U1"])
    notice = services.notice_from_monitoring(
        user=world["users"]["admin"], report=report, deadline=date(2024, 9, 30)
    )
    # MON001 (the red lag), MON005 and MON006 (no cause, no measure) are warnings: three items
    assert sorted(i.finding_code for i in notice.items.all()) == ["MON001", "MON005", "MON006"]
    assert notice.source == "monitoring"


def test_suggestions_for_the_seeds_projects_accepted_or_overridden(
    world: dict[str, Any], client_for: Any
) -> None:
    admin = world["users"]["admin"]
    rows = services.suggestions_compute(user=admin, year=2022)
    # seed 004 (U2, 2022): five projects, all stated 96–98 → 优 → 维持; the fifth has no stated score
    assert [(r.project, r.score, r.grade, r.action) for r in rows] == [
        ("建国初期及企业退休军转干部生活补贴", Decimal("97.0000"), "优", "maintain"),
        ("机关事业单位养老保险财政补助", Decimal("97.0000"), "优", "maintain"),
        ("职业年金个人账户记实", Decimal("98.0000"), "优", "maintain"),
        ("财政对城乡居民养老保险基金的补助", Decimal("96.0000"), "优", "maintain"),
        ("财政代缴城乡居民养老保险费支出", None, "", "maintain"),
    ]
    assert all(r.rule_set_id == "national/results-application/results-application-2020" for r in rows)
    first = BudgetSuggestion.objects.get(project="职业年金个人账户记实")
    assert first.rules == [
        {
            "key": "grade-excellent",
            "text": "评价等级为“优”的，下一年度预算优先保障",
            "figures": "自评得分98分，等级优",
        }
    ]
    services.suggestion_decide(suggestion=first, user=admin)  # accepted
    other = BudgetSuggestion.objects.get(project="机关事业单位养老保险财政补助")
    with pytest.raises(ValidationError):  # overriding needs a reason
        services.suggestion_decide(suggestion=other, user=admin, action="cut")
    services.suggestion_decide(suggestion=other, user=admin, action="cut", reason="缴费基数下调，需求减少")
    with pytest.raises(PermissionDenied):
        services.suggestion_decide(suggestion=other, user=world["users"]["reviewer"])
    # recomputing keeps the decisions
    services.suggestions_compute(user=admin, year=2022)
    assert BudgetSuggestion.objects.get(pk=other.pk).decided_action == "cut"
    # the list for the budget office
    response = client_for("admin").get("/rectification/suggestions/?year=2022&format=xlsx")
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(response.content))["结果应用"]
    values = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert len(values) == 5
    decided = next(v for v in values if v[1] == "机关事业单位养老保险财政补助")
    assert (decided[8], decided[12], decided[13]) == ("维持", "核减", "缴费基数下调，需求减少")
    page = client_for("admin").get("/rectification/suggestions/?year=2022").content.decode()
    assert "评价等级为“优”的，下一年度预算优先保障（本项目自评得分98分，等级优）" in page
    assert "依据《评价结果应用——下一年度预算安排建议（中发〔2018〕34号、财预〔2020〕10号）》第1版" in page
    assert "grade-excellent" not in page and "national/results-application" not in page


def test_api_loop(world: dict[str, Any], client_for: Any) -> None:
    admin = client_for("admin")
    created = admin.post(
        "/api/v1/rectification/notices",
        {
            "unit_id": world["units"]["U1"].pk,
            "year": 2024,
            "title": "整改通知",
            "deadline": "2025-06-30",
            "items": [{"text": "更正总分", "code": "SCO001", "path": "overall.stated_total_score"}],
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    item_id = created.json()["items"][0]["id"]
    answered = client_for("preparer").post(
        f"/api/v1/rectification/items/{item_id}/answer",
        {"text": "已更正总分为96分", "evidence": SimpleUploadedFile("scan.pdf", b"scan")},
    )
    assert answered.status_code == 200, answered.json()
    assert answered.json()["state"] == "answered"
    again = client_for("preparer").post(
        f"/api/v1/rectification/items/{item_id}/answer", {"text": "再次反馈内容"}
    )
    assert again.status_code == 409 and again.json()["error"]["code"] == "workflow"
    closed = client_for("reviewer").post(
        f"/api/v1/rectification/items/{item_id}/close", {"comment": "同意"}, content_type="application/json"
    )
    assert closed.json()["state"] == "closed"
    assert (
        client_for("reviewer_d2").get(f"/api/v1/rectification/notices/{created.json()['id']}").status_code
        == 403
    )
    assert RectificationItem.objects.get(pk=item_id).state == "closed"
