"""Services of 整改 and 评价结果应用: everything that writes; permissions are checked here.

整改 (rectification):
- a desk's reviewer (its units) or the bureau's 绩效科 issues a notice to one unit, with items — typed,
  or the findings of the unit's self-evaluation or monitoring report attached one item each;
- the unit's preparer or head answers an item with its measures and evidence (open → answered);
- the reviewer or the 绩效科 closes it (answered → closed) or reopens it with a reason (→ open).
Only :data:`TRANSITIONS` moves an item; every move is logged (:class:`ItemEvent`).

评价结果应用: the 绩效科 computes the suggestions for the bureau's projects of a year with the core's
results-application rule set, then accepts each or overrides it with a reason.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jixiao.model import EvaluationPackage
from jixiao.monitoring.results import outcomes, results_rule_set, suggest
from jixiao.rules import RuleSetError
from jixiao_web.evaluations.models import Evaluation, column_value
from jixiao_web.orgs.models import BudgetUnit, Membership, Role
from jixiao_web.orgs.permissions import membership, require

from .models import (
    BudgetAction,
    BudgetSuggestion,
    Evidence,
    ItemAnswer,
    ItemEvent,
    ItemState,
    RectificationItem,
    RectificationNotice,
    Source,
)

TRANSITIONS: dict[str, set[str]] = {
    ItemState.OPEN: {ItemState.ANSWERED},
    ItemState.ANSWERED: {ItemState.CLOSED, ItemState.OPEN},
    ItemState.CLOSED: {ItemState.OPEN},
}
MAX_EVIDENCE = 20 * 1024 * 1024
EVIDENCE_SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx", ".txt", ".ofd", ".zip")
REASON_MIN_LENGTH = 4


class WorkflowError(ValidationError):
    """A move the item's state machine does not allow (Chinese message)."""


# ---------------------------------------------------------------- permissions


def can_supervise(user: Any, unit: BudgetUnit) -> Membership | None:
    """The membership when the user may issue, close and reopen for ``unit`` (its desk's reviewer or
    its bureau's 绩效科); None otherwise. The system administrator does not act in their place."""
    m = membership(user)
    if m is None:
        return None
    if m.role == Role.REVIEWER and m.desk_id is not None and unit.desk_id == m.desk_id:
        return m
    if m.role == Role.BUREAU_ADMIN and m.bureau_id is not None and unit.bureau_id == m.bureau_id:
        return m
    return None


def is_unit_staff(user: Any, unit: BudgetUnit) -> bool:
    m = membership(user)
    return m is not None and m.role in (Role.PREPARER, Role.UNIT_HEAD) and m.unit_id == unit.pk


# ---------------------------------------------------------------- notices


@dataclass(frozen=True)
class ItemSpec:
    text: str
    code: str = ""
    path: str = ""
    message: str = ""


def notice_issue(
    *,
    user: Any,
    unit: BudgetUnit,
    year: int,
    title: str,
    deadline: date,
    items: list[ItemSpec],
    source: str = Source.OTHER,
    source_ref: str = "",
    note: str = "",
) -> RectificationNotice:
    require(can_supervise(user, unit) is not None, "只有该单位的归口科室审核员或财政绩效科可以下发整改通知")
    if not items:
        raise ValidationError("整改通知至少要有一个整改事项")
    if not title.strip():
        raise ValidationError("请填写整改通知标题")
    if source not in Source.values:
        raise ValidationError(f"未知的来源：{source}")
    with transaction.atomic():
        notice = RectificationNotice.objects.create(
            bureau=unit.bureau,
            unit=unit,
            year=year,
            title=title.strip(),
            source=source,
            source_ref=source_ref,
            deadline=deadline,
            note=note.strip(),
            issued_by=user,
        )
        for n, spec in enumerate(items, start=1):
            if not spec.text.strip():
                raise ValidationError(f"第{n}项整改事项没有内容")
            RectificationItem.objects.create(
                notice=notice,
                number=n,
                text=spec.text.strip(),
                finding_code=spec.code,
                finding_path=spec.path[:300],
                finding_message=spec.message,
                deadline=deadline,
            )
    assessment_refresh(unit.pk, year)
    return notice


def _finding_items(findings: list[dict[str, Any]], severities: tuple[str, ...]) -> list[ItemSpec]:
    out = []
    for f in findings:
        if f.get("severity") not in severities:
            continue
        where = (f.get("location") or {}).get("path") or ""
        out.append(
            ItemSpec(
                text=f"{f.get('message', '')}（{f.get('code', '')}）",
                code=str(f.get("code", "")),
                path=str(where),
                message=str(f.get("message", "")),
            )
        )
    return out


def notice_from_evaluation(
    *, user: Any, evaluation: Evaluation, deadline: date, severities: tuple[str, ...] = ("error", "warning")
) -> RectificationNotice:
    """A notice whose items are the findings of the unit's current self-evaluation."""
    from jixiao_web.evaluations.services import findings_for, package_of

    package = package_of(evaluation)
    if package is None:
        raise ValidationError("该自评没有可读取的评价包")
    from jixiao_web.monitoring.selectors import year_end_findings

    findings = findings_for(package) + year_end_findings(evaluation.unit_id, package)  # with MON014
    items = _finding_items(findings, severities)
    return notice_issue(
        user=user,
        unit=evaluation.unit,
        year=evaluation.year,
        title=f"{evaluation.unit.name}{evaluation.year}年度绩效自评问题整改通知",
        deadline=deadline,
        items=items,
        source=Source.SELF_EVALUATION,
        source_ref=f"evaluation:{evaluation.pk}",
    )


def notice_from_monitoring(*, user: Any, report: Any, deadline: date) -> RectificationNotice:
    """A notice whose items are the warnings and findings of a unit's monitoring report."""
    items = _finding_items(list(report.findings), ("error", "warning"))
    return notice_issue(
        user=user,
        unit=report.unit,
        year=report.round.year,
        title=f"{report.unit.name}{report.round.title}问题整改通知",
        deadline=deadline,
        items=items,
        source=Source.MONITORING,
        source_ref=f"monitoring-report:{report.pk}",
    )


def notice_from_review(*, user: Any, item: Any, deadline: date) -> RectificationNotice:
    """A notice whose items are what a 抽评 re-score took off: each row scored lower, with its reason (or
    the form as a whole, when it was re-scored as a total)."""
    from jixiao.rules.inputs import plain

    specs: list[ItemSpec] = []
    for r in item.rescores.all():
        lowered = [
            row for row in r.rows if row.get("self") is not None and Decimal(row["re"]) < Decimal(row["self"])
        ]
        for row in lowered:
            specs.append(
                ItemSpec(
                    text=f"{r.subject}“{row['label']}”：自评{row['self']}分，复评{row['re']}分（{row['reason']}）",
                    path=f"{r.path}.{row['key']}",
                    message=r.reason,
                )
            )
        if not lowered and r.gap > 0:
            specs.append(
                ItemSpec(
                    text=f"{r.subject}：自评{plain(r.self_score)}分，复评{plain(r.re_score)}分（{r.reason}）",
                    path=r.path,
                    message=r.reason,
                )
            )
    if not specs:
        raise ValidationError("复评没有低于自评的得分，无需整改")
    return notice_issue(
        user=user,
        unit=item.unit,
        year=item.round.year,
        title=f"{item.unit.name}{item.round.year}年度财政评价（抽评）问题整改通知",
        deadline=deadline,
        items=specs,
        source=Source.RE_EVALUATION,
        source_ref=f"review-item:{item.pk}",
    )


# ---------------------------------------------------------------- items


def _move(item: RectificationItem, user: Any, to_state: str, comment: str = "") -> None:
    if to_state not in TRANSITIONS.get(item.state, set()):
        raise WorkflowError(
            f"整改事项处于“{item.get_state_display()}”，不能改为“{ItemState(to_state).label}”"
        )
    ItemEvent.objects.create(item=item, from_state=item.state, to_state=to_state, actor=user, comment=comment)
    item.state = to_state
    item.closed_at = timezone.now() if to_state == ItemState.CLOSED else None
    item.save(update_fields=["state", "closed_at"])
    assessment_refresh(item.notice.unit_id, item.notice.year)


def assessment_refresh(unit_id: int, year: int) -> None:
    """Overdue items count in the 考核评分 (rule set input ``overdue_rectification_items``): recompute it
    for the unit's evaluations of the year that already have one, whenever an item moves."""
    from jixiao_web.evaluations.services import assessment_compute

    for evaluation in Evaluation.objects.filter(unit_id=unit_id, year=year, assessment_score__isnull=False):
        assessment_compute(evaluation=evaluation)


def item_answer(
    *, item: RectificationItem, user: Any, text: str, files: list[tuple[str, bytes]] | None = None
) -> ItemAnswer:
    """The unit's answer with its evidence: the item becomes 已反馈."""
    require(is_unit_staff(user, item.notice.unit), "只有被通知单位的填报人或负责人可以反馈整改情况")
    if len(text.strip()) < REASON_MIN_LENGTH:
        raise ValidationError(f"请写明整改措施及成效（不少于{REASON_MIN_LENGTH}个字）")
    for name, content in files or []:
        if not name.lower().endswith(EVIDENCE_SUFFIXES):
            raise ValidationError(f"佐证材料“{name}”的类型不允许（可上传 {'、'.join(EVIDENCE_SUFFIXES)}）")
        if len(content) > MAX_EVIDENCE:
            raise ValidationError(f"佐证材料“{name}”超过 {MAX_EVIDENCE // (1024 * 1024)} MB")
    with transaction.atomic():
        item = RectificationItem.objects.select_for_update().get(pk=item.pk)
        _move(item, user, ItemState.ANSWERED, text.strip()[:200])
        answer = ItemAnswer.objects.create(item=item, text=text.strip(), author=user)
        for name, content in files or []:
            Evidence.objects.create(
                answer=answer,
                filename=name[:255],
                content=content,
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
            )
    return answer


def item_close(*, item: RectificationItem, user: Any, comment: str = "") -> RectificationItem:
    require(can_supervise(user, item.notice.unit) is not None, "只有归口科室审核员或财政绩效科可以销号")
    with transaction.atomic():
        item = RectificationItem.objects.select_for_update().get(pk=item.pk)
        _move(item, user, ItemState.CLOSED, comment.strip())
    return item


def item_reopen(*, item: RectificationItem, user: Any, comment: str) -> RectificationItem:
    require(
        can_supervise(user, item.notice.unit) is not None,
        "只有归口科室审核员或财政绩效科可以重新打开整改事项",
    )
    if len(comment.strip()) < REASON_MIN_LENGTH:
        raise ValidationError(f"重新打开须写明理由（不少于{REASON_MIN_LENGTH}个字）")
    with transaction.atomic():
        item = RectificationItem.objects.select_for_update().get(pk=item.pk)
        _move(item, user, ItemState.OPEN, comment.strip())
    return item


# ---------------------------------------------------------------- results application


def suggestions_compute(*, user: Any, year: int, rule_set_id: str | None = None) -> list[BudgetSuggestion]:
    """Suggestions for every project of the bureau's evaluations of ``year`` (earlier years' evaluations
    of the same units give the execution history). Decisions already taken are kept."""
    from jixiao_web.evaluations.services import package_of

    m = membership(user)
    require(
        m is not None and m.role == Role.BUREAU_ADMIN and m.bureau is not None,
        "只有财政绩效科管理员可以生成结果应用建议",
    )
    assert m is not None and m.bureau is not None
    try:
        rs = results_rule_set(rule_set_id, year=year)
    except RuleSetError as exc:
        raise ValidationError(str(exc)) from exc
    evaluations = Evaluation.objects.filter(
        unit__bureau=m.bureau, year__lte=year, year__gte=year - 5
    ).select_related("unit", "current_revision")
    by_unit: dict[int, list[tuple[Evaluation, EvaluationPackage]]] = {}
    for e in evaluations:
        p = package_of(e)
        if p is not None:
            by_unit.setdefault(e.unit_id, []).append((e, p))
    out: list[BudgetSuggestion] = []
    amount = BudgetSuggestion._meta.get_field("budget")
    rate_field = BudgetSuggestion._meta.get_field("execution_rate")
    score_field = BudgetSuggestion._meta.get_field("score")
    with transaction.atomic():
        for pairs in by_unit.values():
            current = [(e, p) for e, p in pairs if e.year == year]
            if not current:
                continue
            evaluation, package = current[0]
            history = [p for e, p in pairs if e.year < year]
            for o in outcomes(package, history):
                s = suggest(o, rs)
                rate = o.execution_rates[0] if o.execution_rates else None
                row, _ = BudgetSuggestion.objects.update_or_create(
                    unit=evaluation.unit,
                    year=year,
                    project=o.project[:200],
                    defaults={
                        "bureau": m.bureau,
                        "budget": column_value(amount, o.budget, exact=False),
                        "execution_rate": column_value(rate_field, rate, exact=False),
                        "score": column_value(score_field, s.score, exact=False),
                        "grade": s.grade or "",
                        "action": s.action,
                        "cut_at_least": s.cut_at_least,
                        "explanation": s.explanation(),
                        "rules": [
                            {"key": mt.rule.key, "text": mt.rule.text, "figures": mt.figures}
                            for mt in s.matches
                        ],
                        "rule_set_id": rs.id,
                        "rule_set_version": rs.version,
                        "rule_set_hash": rs.content_hash,
                    },
                )
                out.append(row)
    return out


def suggestion_decide(
    *, suggestion: BudgetSuggestion, user: Any, action: str | None = None, reason: str = ""
) -> BudgetSuggestion:
    """Accept the suggestion (``action`` None or equal to it) or override it with a reason."""
    m = membership(user)
    require(
        m is not None and m.role == Role.BUREAU_ADMIN and m.bureau_id == suggestion.bureau_id,
        "只有财政绩效科管理员可以确定结果应用",
    )
    chosen = action or suggestion.action
    if chosen not in BudgetAction.values:
        raise ValidationError(f"未知的预算安排：{chosen}")
    if chosen != suggestion.action and len(reason.strip()) < REASON_MIN_LENGTH:
        raise ValidationError(f"不采纳建议时须写明理由（不少于{REASON_MIN_LENGTH}个字）")
    suggestion.decided_action = chosen
    suggestion.decision_reason = reason.strip()
    suggestion.decided_by = user
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["decided_action", "decision_reason", "decided_by", "decided_at"])
    return suggestion
