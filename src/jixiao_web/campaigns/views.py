"""Campaign pages: list, detail (with the notice check), create — for the bureau's 绩效科."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from jixiao_web.orgs.models import BudgetUnit, Bureau, Role
from jixiao_web.orgs.permissions import membership, require

from . import selectors, services


def _page_number(request: HttpRequest) -> int:
    page = request.GET.get("page", "1")
    return int(page) if page.isdigit() and len(page) < 7 else 1


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    listing = selectors.campaign_page_for_user(request.user, page=_page_number(request))
    return render(
        request,
        "campaigns/list.html",
        {
            "campaigns": listing.rows,
            "page": listing,
            "can_create": selectors.can_create_campaign(request.user),
        },
    )


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(request.user, pk)
    from jixiao_web.evaluations.selectors import evaluation_list_for_user, page_of

    # the campaign's evaluations a page at a time, read id first (never the package JSON); the table
    # shows no jurisdiction path, so only the unit is joined
    listing = page_of(
        evaluation_list_for_user(request.user).filter(campaign=campaign),
        page=_page_number(request),
        related=("unit",),
    )

    return render(
        request,
        "campaigns/detail.html",
        {
            "campaign": campaign,
            "check": services.notice_check(campaign),
            "missing": [i for i in services.notice_check(campaign) if not i.present],
            "score": services.notice_score(campaign),
            "required_labels": [services.PART_LABELS.get(k, k) for k in campaign.required_parts or []],
            "evaluations": listing.rows,
            "page": listing,
        },
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@login_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    require(selectors.can_create_campaign(request.user), "只有财政绩效科管理员可以印发自评通知")
    m = membership(request.user)
    assert m is not None
    bureaus = Bureau.objects.all() if m.role == Role.SYSTEM_ADMIN else Bureau.objects.filter(pk=m.bureau_id)
    units = BudgetUnit.objects.filter(bureau__in=bureaus).order_by("name")
    values: dict[str, Any] = {
        "year": date.today().year - 1,
        "required_parts": list(services.DEFAULT_REQUIRED_PARTS),
        "attachments": "",
        "units": [u.pk for u in units],
    }
    status = 200
    problems: list[str] = []
    if request.method == "POST":
        values = {
            k: request.POST.get(k, "")
            for k in (
                "title",
                "document_number",
                "year",
                "deadline",
                "scope",
                "basis",
                "content",
                "procedure",
                "requirements",
                "attachments",
                "bureau",
            )
        }
        values["units"] = [int(u) for u in request.POST.getlist("units") if u.isdigit()]
        values["required_parts"] = request.POST.getlist("required_parts")
        values["confirm_incomplete"] = request.POST.get("confirm_incomplete") == "1"
        try:
            try:
                year = int(values["year"])
                deadline = date.fromisoformat(values["deadline"])
            except ValueError as exc:
                raise ValidationError("请填写正确的评价年度和报送截止日期（如 2025-05-31）") from exc
            bureau = bureaus.filter(pk=values["bureau"]).first() if values.get("bureau") else None
            campaign = services.campaign_create(
                user=request.user,
                title=values["title"],
                year=year,
                deadline=deadline,
                bureau=bureau,
                units=list(units.filter(pk__in=values["units"])),
                document_number=values["document_number"],
                scope=values["scope"],
                basis=values["basis"],
                content=values["content"],
                procedure=values["procedure"],
                requirements=values["requirements"],
                attachments=_lines(values["attachments"]),
                required_parts=values["required_parts"] or None,
                confirm_incomplete=values["confirm_incomplete"],
            )
        except ValidationError as exc:
            problems = exc.messages
            status = 400
        else:
            missing = [i.label for i in services.notice_check(campaign) if not i.present]
            if missing:
                messages.warning(request, "通知已印发，但缺少考核评分表要求的内容：" + "、".join(missing))
            else:
                messages.success(request, "通知已印发")
            return redirect("campaign-detail", pk=campaign.pk)
    return render(
        request,
        "campaigns/form.html",
        {
            "values": values,
            "bureaus": bureaus,
            "units": units,
            "items": services.NOTICE_ITEMS,
            "choose_bureau": m.role == Role.SYSTEM_ADMIN,
            "problems": problems,
            "only_contents_missing": bool(problems) and all(p.startswith("通知缺少") for p in problems),
            "parts": services.REQUIRED_PARTS,
            "required": values.get("required_parts") or services.DEFAULT_REQUIRED_PARTS,
        },
        status=status,
    )
