"""Pages of 绩效运行监控: rounds (dashboard with the time-elapsed line), a unit's report, decisions.

Views are thin: they read through the selectors, write through the services, and show a service's
Chinese message when it refuses.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jixiao.monitoring.assess import LEVEL_LABELS
from jixiao.monitoring.render import render_monitoring_xlsx
from jixiao.rules import RuleSetError, get_rule_set

from . import selectors, services


def rule_set_title(rule_set_id: str) -> str:
    """A round's warning rule set named as the review page names one: by its Chinese title, without the
    《》 the page puts around it; "" when the rule set is no longer installed (the page then says 监控规则集)."""
    try:
        return get_rule_set(rule_set_id).title.strip("《》")
    except RuleSetError:
        return ""


@login_required
def home(request: HttpRequest) -> HttpResponse:
    rounds = list(selectors.round_list_for_user(request.user))
    for r in rounds:
        r.rule_set_title = rule_set_title(r.rule_set_id)
    return render(
        request,
        "monitoring/home.html",
        {
            "rounds": rounds,
            "can_open": selectors.can_open_round(request.user),
            "today": date.today().isoformat(),
        },
    )


@login_required
@require_POST
def round_create(request: HttpRequest) -> HttpResponse:
    try:
        as_of = date.fromisoformat(request.POST.get("as_of", ""))
    except ValueError:
        messages.error(request, "请填写监控截止日期（如 2024-07-31）")
        return redirect("monitoring-home")
    try:
        rnd = services.round_create(user=request.user, as_of=as_of, title=request.POST.get("title", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("monitoring-home")
    messages.success(request, f"已开展“{rnd.title}”，共{rnd.reports.count()}个单位")
    return redirect("monitoring-round", pk=rnd.pk)


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = selectors.round_get_for_user(request.user, pk)
    board = selectors.round_dashboard(request.user, rnd)
    return render(
        request,
        "monitoring/round.html",
        {
            "round": rnd,
            "rule_set_title": rule_set_title(rnd.rule_set_id),
            "board": board,
            "can_import": selectors.can_import(request.user, rnd),
            "levels": LEVEL_LABELS,
        },
    )


@login_required
@require_POST
def round_import(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = selectors.round_get_for_user(request.user, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择预算执行导出文件（.xlsx 或 .csv）")
        return redirect("monitoring-round", pk=pk)
    try:
        result = services.execution_import(
            round=rnd, user=request.user, filename=upload.name or "", content=upload.read()
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("monitoring-round", pk=pk)
    messages.success(request, f"已导入{result.rows}行预算执行数据，更新{len(result.units)}个单位")
    for line in result.unmatched[:20]:
        messages.warning(request, f"未匹配到本轮单位：{line}")
    for line in result.issues[:20]:
        messages.warning(request, f"未能读取：{line}")
    return redirect("monitoring-round", pk=pk)


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_for_user(request.user, pk)
    form, assessment = selectors.assessment_of(report)
    by_path = {w.path: w for w in assessment.projects}
    projects = [(p, by_path.get(f"projects[{i}]")) for i, p in enumerate(form.projects)]
    return render(
        request,
        "monitoring/report.html",
        {
            "report": report,
            "form": form,
            "assessment": assessment,
            "projects": projects,
            "indicators": assessment.indicators,
            "actions": selectors.decision_actions(request.user, report),
            "can_fill": selectors.can_fill(request.user, report),
            "levels": LEVEL_LABELS,
            "decisions": report.decisions.select_related("decided_by"),
        },
    )


@login_required
@require_POST
def report_upload(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_for_user(request.user, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择绩效监控表文件（.xlsx 或 .csv）")
        return redirect("monitoring-report", pk=pk)
    try:
        services.report_upload(
            report=report, user=request.user, filename=upload.name or "", content=upload.read()
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "监控表已更新")
    return redirect("monitoring-report", pk=pk)


@login_required
@require_POST
def decision_create(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_for_user(request.user, pk)
    raw = request.POST.get("amount", "").strip()
    try:
        amount = Decimal(raw) if raw else None
    except InvalidOperation:
        messages.error(request, "金额应为数字（万元）")
        return redirect("monitoring-report", pk=pk)
    try:
        decision = services.decision_record(
            report=report,
            user=request.user,
            action=request.POST.get("action", ""),
            reason=request.POST.get("reason", ""),
            project=request.POST.get("project", ""),
            amount=amount,
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已记录处理意见：{decision.get_action_display()}")
    return redirect("monitoring-report", pk=pk)


@login_required
def report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_for_user(request.user, pk)
    form, assessment = selectors.assessment_of(report)
    response = HttpResponse(
        render_monitoring_xlsx(form, assessment),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="monitoring-{report.pk}.xlsx"'
    return response
