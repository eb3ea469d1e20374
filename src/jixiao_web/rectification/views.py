"""Pages of 整改 and 评价结果应用. Thin: selectors read, services write, refusals shown in Chinese."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jixiao.monitoring.results import SuggestionRow, render_suggestions_xlsx
from jixiao_web.evaluations.selectors import evaluation_get_for_user
from jixiao_web.monitoring.selectors import report_get_for_user
from jixiao_web.review.selectors import item_get_for_user as review_item_get_for_user

from . import selectors, services
from .models import BudgetAction, BudgetSuggestion


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, "；".join(exc.messages))


def _deadline(request: HttpRequest) -> date | None:
    try:
        return date.fromisoformat(request.POST.get("deadline", ""))
    except ValueError:
        messages.error(request, "请填写整改期限（如 2025-09-30）")
        return None


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "rectification/home.html",
        {
            "notices": selectors.notice_list_for_user(request.user).prefetch_related("items")[:200],
            "board": selectors.dashboard(request.user),
            "today": selectors.today(),
            "overdue_rule": selectors.overdue_rule(),
        },
    )


@login_required
@require_POST
def notice_from_evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = evaluation_get_for_user(request.user, pk)
    deadline = _deadline(request)
    if deadline is None:
        return redirect("rectification-home")
    try:
        notice = services.notice_from_evaluation(user=request.user, evaluation=evaluation, deadline=deadline)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("rectification-home")
    return redirect("rectification-notice", pk=notice.pk)


@login_required
@require_POST
def notice_from_monitoring(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_get_for_user(request.user, pk)
    deadline = _deadline(request)
    if deadline is None:
        return redirect("monitoring-report", pk=pk)
    try:
        notice = services.notice_from_monitoring(user=request.user, report=report, deadline=deadline)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("monitoring-report", pk=pk)
    return redirect("rectification-notice", pk=notice.pk)


@login_required
@require_POST
def notice_from_review(request: HttpRequest, pk: int) -> HttpResponse:
    item = review_item_get_for_user(request.user, pk)
    deadline = _deadline(request)
    if deadline is None:
        return redirect("review-item", pk=pk)
    try:
        notice = services.notice_from_review(user=request.user, item=item, deadline=deadline)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("review-item", pk=pk)
    return redirect("rectification-notice", pk=notice.pk)


@login_required
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = selectors.notice_get_for_user(request.user, pk)
    items = list(notice.items.prefetch_related("answers__evidence", "events"))
    today = selectors.today()
    return render(
        request,
        "rectification/notice.html",
        {
            "notice": notice,
            "rows": [
                (i, selectors.item_actions(request.user, i), i.state != "closed" and i.deadline < today)
                for i in items
            ],
        },
    )


@login_required
@require_POST
def item_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    item = selectors.item_get_for_user(request.user, pk)
    try:
        if action == "answer":
            files = [
                (f.name or "佐证材料", f.read(services.MAX_EVIDENCE + 1))
                for f in request.FILES.getlist("evidence")
            ]
            services.item_answer(item=item, user=request.user, text=request.POST.get("text", ""), files=files)
            messages.success(request, f"第{item.number}项已反馈")
        elif action == "close":
            services.item_close(item=item, user=request.user, comment=request.POST.get("comment", ""))
            messages.success(request, f"第{item.number}项已销号")
        elif action == "reopen":
            services.item_reopen(item=item, user=request.user, comment=request.POST.get("comment", ""))
            messages.success(request, f"第{item.number}项已重新打开")
        else:
            messages.error(request, "未知的操作")
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("rectification-notice", pk=item.notice_id)


@login_required
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    from .models import Evidence

    evidence = Evidence.objects.select_related("answer__item").filter(pk=pk).first()
    if evidence is None:
        from django.http import Http404

        raise Http404
    selectors.item_get_for_user(request.user, evidence.answer.item_id)  # permission
    response = HttpResponse(bytes(evidence.content), content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="evidence-{evidence.pk}"'
    return response


@login_required
def suggestions(request: HttpRequest) -> HttpResponse:
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() else date.today().year - 1
    qs = selectors.suggestion_list_for_user(request.user, year)
    if request.GET.get("format") == "xlsx":
        return _suggestions_xlsx(qs)
    return render(
        request,
        "rectification/suggestions.html",
        {
            "year": year,
            "rows": qs,
            "totals": selectors.suggestion_totals(qs),
            "actions": BudgetAction.choices,
            "can_compute": selectors.can_compute_suggestions(request.user),
        },
    )


def _suggestions_xlsx(qs: QuerySet[BudgetSuggestion]) -> HttpResponse:
    rows = [
        SuggestionRow(
            unit=r.unit.name,
            project=r.project,
            year=r.year,
            budget=r.budget,
            execution_rate=r.execution_rate,
            score=r.score,
            score_basis="",
            grade=r.grade or None,
            suggestion=r.get_action_display(),
            cut_percent=None if r.cut_at_least is None else r.cut_at_least * 100,
            cut_amount=None
            if r.cut_at_least is None or r.budget is None
            else (r.budget * r.cut_at_least).quantize(Decimal("0.01")),
            explanation=r.explanation,
            decision=r.get_decided_action_display() if r.decided_action else None,
            reason=r.decision_reason or None,
        )
        for r in qs
    ]
    response = HttpResponse(
        render_suggestions_xlsx(rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="results-application.xlsx"'
    return response


@login_required
@require_POST
def suggestions_compute(request: HttpRequest) -> HttpResponse:
    year_text = request.POST.get("year", "")
    if not year_text.isdigit():
        messages.error(request, "请填写评价年度")
        return redirect("rectification-suggestions")
    try:
        rows = services.suggestions_compute(user=request.user, year=int(year_text))
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, f"已生成{len(rows)}个项目的结果应用建议")
    return redirect(f"/rectification/suggestions/?year={year_text}")


@login_required
@require_POST
def suggestion_decide(request: HttpRequest, pk: int) -> HttpResponse:
    row = selectors.suggestion_list_for_user(request.user).filter(pk=pk).first()
    if row is None:
        messages.error(request, "无权处理该建议或其不存在")
        return redirect("rectification-suggestions")
    try:
        services.suggestion_decide(
            suggestion=row,
            user=request.user,
            action=request.POST.get("action") or None,
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, f"已确定：{row.project}")
    return redirect(f"/rectification/suggestions/?year={row.year}")
