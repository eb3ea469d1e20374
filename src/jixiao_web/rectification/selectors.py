"""Selectors of 整改 and 评价结果应用: everything that reads, scoped by role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from jixiao_web.monitoring.selectors import _unit_filter
from jixiao_web.orgs.models import Role
from jixiao_web.orgs.permissions import membership, require

from .models import BudgetSuggestion, ItemState, RectificationItem, RectificationNotice
from .services import can_supervise, is_unit_staff


def today() -> date:
    return timezone.localdate()


def notice_list_for_user(user: Any) -> QuerySet[RectificationNotice]:
    qs = RectificationNotice.objects.select_related("unit", "bureau")
    f = _unit_filter(user, "")
    return qs if f is None else qs.filter(f)


def notice_get_for_user(user: Any, pk: int) -> RectificationNotice:
    notice = notice_list_for_user(user).filter(pk=pk).first()
    require(notice is not None, "无权查看该整改通知或其不存在")
    assert notice is not None
    return notice


def item_get_for_user(user: Any, pk: int) -> RectificationItem:
    item = (
        RectificationItem.objects.select_related("notice", "notice__unit")
        .filter(notice__in=notice_list_for_user(user), pk=pk)
        .first()
    )
    require(item is not None, "无权查看该整改事项或其不存在")
    assert item is not None
    return item


def overdue_q(on: date | None = None) -> Q:
    """Items not closed by their deadline (the day after the deadline they are overdue)."""
    return ~Q(state=ItemState.CLOSED) & Q(deadline__lt=on or today())


def overdue_count(unit_id: int, year: int, on: date | None = None) -> int:
    """Overdue items of a unit's notices of ``year`` — what the 考核评分 counts."""
    return RectificationItem.objects.filter(overdue_q(on), notice__unit_id=unit_id, notice__year=year).count()


@dataclass
class UnitCounts:
    unit: str
    open: int
    answered: int
    closed: int
    overdue: int


def dashboard(user: Any, on: date | None = None) -> list[UnitCounts]:
    """Items open / answered / closed / overdue by unit, for the notices the user may see."""
    rows = (
        RectificationItem.objects.filter(notice__in=notice_list_for_user(user))
        .values("notice__unit__name")
        .annotate(
            open=Count("id", filter=Q(state=ItemState.OPEN)),
            answered=Count("id", filter=Q(state=ItemState.ANSWERED)),
            closed=Count("id", filter=Q(state=ItemState.CLOSED)),
            overdue=Count("id", filter=overdue_q(on)),
        )
        .order_by("notice__unit__name")
    )
    return [
        UnitCounts(r["notice__unit__name"], r["open"], r["answered"], r["closed"], r["overdue"]) for r in rows
    ]


def item_actions(user: Any, item: RectificationItem) -> set[str]:
    unit = item.notice.unit
    out: set[str] = set()
    if is_unit_staff(user, unit) and item.state == ItemState.OPEN:
        out.add("answer")
    if can_supervise(user, unit) is not None:
        if item.state == ItemState.ANSWERED:
            out |= {"close", "reopen"}
        elif item.state == ItemState.CLOSED:
            out.add("reopen")
    return out


def suggestion_list_for_user(user: Any, year: int | None = None) -> QuerySet[BudgetSuggestion]:
    qs = BudgetSuggestion.objects.select_related("unit", "decided_by")
    f = _unit_filter(user, "")
    qs = qs if f is None else qs.filter(f)
    return qs.filter(year=year) if year else qs


def suggestion_totals(qs: QuerySet[BudgetSuggestion]) -> list[dict[str, Any]]:
    """Results-application totals by (decided, else suggested) action: projects and budget (万元)."""
    from django.db.models import Sum
    from django.db.models.functions import Coalesce, NullIf

    return list(
        qs.annotate(final=Coalesce(NullIf("decided_action", models_empty()), "action"))
        .values("final")
        .annotate(projects=Count("id"), budget=Sum("budget"))
        .order_by("final")
    )


def models_empty() -> Any:
    from django.db.models import Value

    return Value("")


def can_compute_suggestions(user: Any) -> bool:
    m = membership(user)
    return m is not None and m.role == Role.BUREAU_ADMIN and m.bureau_id is not None


def overdue_rule() -> str:
    """How overdue items count in the 考核评分, as its rule set states it (the row whose input is
    ``overdue_rectification_items``); "" when the 考核评分 rule set has no such row."""
    from jixiao.rules import RuleSetError, get_rule_set
    from jixiao_web.evaluations.services import WORK_ASSESSMENT_RULE_SET

    try:
        rule_set = get_rule_set(WORK_ASSESSMENT_RULE_SET)
    except RuleSetError:
        return ""
    row = next((r for r in rule_set.rows if r.input == "overdue_rectification_items"), None)
    return row.criterion if row is not None else ""
