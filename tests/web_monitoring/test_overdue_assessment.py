"""Overdue rectification items count in the 考核评分: the rule set hunan/xiangxi/work-assessment-2024-rectification
(附件9 + a 扣分项 row, input ``overdue_rectification_items``: 1 point per item, at most 5), computed by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from jixiao.rules import get_rule_set
from jixiao_web.evaluations import services as evaluations
from jixiao_web.rectification import services as rectification
from jixiao_web.rectification.selectors import overdue_count

pytestmark = pytest.mark.django_db

PAST = date(2025, 6, 30)  # before today: items not closed by then are overdue
FUTURE = date(2099, 12, 31)


def _row(evaluation: Any) -> dict[str, Any]:
    return next(r for r in evaluation.assessment_detail if r["name"] == "逾期未整改事项")


def test_the_rule_set_adds_one_deduction_row_to_annex_9() -> None:
    base = get_rule_set("hunan/xiangxi/work-assessment-2024")
    rs = get_rule_set(evaluations.WORK_ASSESSMENT_RULE_SET)
    assert [r.key for r in rs.rows] == [r.key for r in base.rows] + ["rectification"]
    assert rs.rows[:-1] == base.rows and rs.total == base.total == 100
    row = rs.rows[-1]
    assert (row.max_score, row.input) == (0, "overdue_rectification_items")


def test_overdue_items_are_deducted_from_the_assessment(world: dict[str, Any], client_for: Any) -> None:
    u = world["users"]
    e1 = world["e1"]
    u1 = world["units"]["U1"]
    evaluations.assessment_compute(evaluation=e1)
    e1.refresh_from_db()
    before = e1.assessment_score
    assert Decimal(_row(e1)["score"]) == 0 and before > 5
    past = rectification.notice_issue(
        user=u["admin"],
        unit=u1,
        year=2024,
        title="2024年度绩效自评问题整改通知",
        deadline=PAST,
        items=[rectification.ItemSpec(t) for t in ("指标值未细化", "偏差原因未说明", "佐证材料缺失")],
    )
    rectification.notice_issue(
        user=u["admin"],
        unit=u1,
        year=2024,
        title="尚未到期",
        deadline=FUTURE,
        items=[rectification.ItemSpec("年底前完成")],
    )
    # one of the three past items answered and closed: 2 overdue; the future one is not overdue
    first = past.items.get(number=1)
    rectification.item_answer(item=first, user=u["preparer"], text="已细化全部指标值")
    rectification.item_close(item=first, user=u["admin"])
    assert overdue_count(u1.pk, 2024) == 2
    e1.refresh_from_db()  # closing refreshed the 考核评分 already
    # 2 items × 1 point = 2 points off: the row −2, the total before − 2
    assert Decimal(_row(e1)["score"]) == -2
    assert e1.assessment_score == before - 2
    assert "2项" in _row(e1)["why"]
    page = client_for("admin").get(f"/evaluations/{e1.pk}/").content.decode()
    assert "逾期未整改事项" in page and "-2" in page
    home = client_for("admin").get("/rectification/").content.decode()
    assert "逾期事项计入绩效自评工作考核评分：" in home and "每项扣1分，最多扣5分" in home

    # reopening the closed one: 3 overdue → −3
    rectification.item_reopen(item=first, user=u["admin"], comment="佐证材料不足，重新整改")
    e1.refresh_from_db()
    assert Decimal(_row(e1)["score"]) == -3 and e1.assessment_score == before - 3

    # seven overdue: 7 × 1 = 7, capped at 5 → −5
    rectification.notice_issue(
        user=u["admin"],
        unit=u1,
        year=2024,
        title="再次整改通知",
        deadline=PAST,
        items=[rectification.ItemSpec(f"问题{i}") for i in range(4)],
    )
    e1.refresh_from_db()
    assert overdue_count(u1.pk, 2024) == 7
    assert Decimal(_row(e1)["score"]) == -5 and e1.assessment_score == before - 5


def test_a_deadline_passing_counts_after_the_daily_refresh(world: dict[str, Any]) -> None:
    from io import StringIO

    from django.core.management import call_command

    from jixiao_web.rectification.models import RectificationItem

    u = world["users"]
    e1 = world["e1"]
    evaluations.assessment_compute(evaluation=e1)
    e1.refresh_from_db()
    before = e1.assessment_score
    notice = rectification.notice_issue(
        user=u["admin"],
        unit=world["units"]["U1"],
        year=2024,
        title="整改通知",
        deadline=FUTURE,
        items=[rectification.ItemSpec("问题一")],
    )
    # the deadline passes (moved back as the calendar would): nothing moved, the score is as it was
    RectificationItem.objects.filter(notice=notice).update(deadline=PAST)
    e1.refresh_from_db()
    assert e1.assessment_score == before
    out = StringIO()
    call_command("refresh_assessments", stdout=out)
    e1.refresh_from_db()
    assert e1.assessment_score == before - 1  # 1 item × 1 point
    assert "已重新计算1个单位年度的考核评分" in out.getvalue()
