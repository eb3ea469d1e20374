"""Pages of 财政重点评价 and 抽评: the registry, a sample round with its scatter, a sampled evaluation's
re-score. Views are thin: they read through the selectors, write through the services, and show a
service's Chinese message when it refuses."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import selectors, services
from .models import ReviewerKind, Stratification


def _refused(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, "；".join(exc.messages))


def _decimal(raw: str, what: str) -> Decimal | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation as exc:
        raise ValidationError(f"{what}应为数字") from exc
    if not value.is_finite():
        raise ValidationError(f"{what}应为数字")
    return value


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "review/home.html",
        {
            "rounds": selectors.round_list_for_user(request.user),
            "can_draw": selectors.is_bureau_admin(request.user),
            "year": timezone.localdate().year - 1,
            "stratifications": Stratification.choices,
        },
    )


@login_required
@require_POST
def round_draw(request: HttpRequest) -> HttpResponse:
    p = request.POST
    try:
        seed = int(p["seed"]) if p.get("seed", "").strip() else None
        year, size = int(p.get("year", "")), int(p.get("size", ""))
    except ValueError:
        messages.error(request, "年度、抽样数量和随机种子应为整数")
        return redirect("review-home")
    try:
        bounds = [
            b
            for b in (_decimal(x, "规模分档") for x in p.get("bounds", "").replace("，", ",").split(","))
            if b
        ]
        rnd = services.round_draw(
            user=request.user,
            year=year,
            size=size,
            seed=seed,
            stratify_by=p.get("stratify_by", ""),
            size_bounds=bounds,
            title=p.get("title", ""),
        )
    except ValidationError as exc:
        _refused(request, exc)
        return redirect("review-home")
    messages.success(request, f"已抽取：{rnd.description}")
    return redirect("review-round", pk=rnd.pk)


@login_required
def reviewers(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "review/reviewers.html",
        {
            "reviewers": selectors.reviewer_list_for_user(request.user),
            "can_edit": selectors.is_bureau_admin(request.user),
            "kinds": ReviewerKind.choices,
            "units": selectors.registry_units(request.user),
        },
    )


@login_required
@require_POST
def reviewer_create(request: HttpRequest) -> HttpResponse:
    p = request.POST
    try:
        related = [int(x) for x in p.getlist("related_units")]
        r = services.reviewer_register(
            user=request.user,
            kind=p.get("kind", ""),
            name=p.get("name", ""),
            organisation=p.get("organisation", ""),
            related_units=related,
            note=p.get("note", ""),
        )
    except ValueError:
        messages.error(request, "关联单位选择有误")
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, f"已加入评价机构和专家库：{r.name}")
    return redirect("review-reviewers")


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = selectors.round_get_for_user(request.user, pk)
    items = selectors.item_list_for_user(request.user).filter(round=rnd).prefetch_related("rescores")
    admin = selectors.is_bureau_admin(request.user, rnd.bureau_id)
    return render(
        request,
        "review/round.html",
        {
            "round": rnd,
            "items": items,
            "board": selectors.round_board(request.user, rnd),
            "redraw_matches": selectors.redraw_matches(rnd),
            "is_admin": admin,
            "reviewers": selectors.reviewer_list_for_user(request.user) if admin else [],
        },
    )


@login_required
@require_POST
def round_publish(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = selectors.round_get_for_user(request.user, pk)
    try:
        services.round_publish(round=rnd, user=request.user)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, "抽评结果已公开，各单位可查看本单位的复评结果")
    return redirect("review-round", pk=pk)


@login_required
@require_POST
def item_assign(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_get_for_user(request.user, pk)
    raw = request.POST.get("reviewer", "")
    reviewer = None
    if raw and raw != "bureau":
        reviewer = (
            selectors.reviewer_list_for_user(request.user).filter(pk=int(raw) if raw.isdigit() else 0).first()
        )
        if reviewer is None:
            messages.error(request, "库中没有该机构或专家")
            return redirect("review-round", pk=item.round_id)
    try:
        services.item_assign(item=item, user=request.user, reviewer=reviewer)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        who = reviewer.name if reviewer else "财政部门自行评价"
        messages.success(request, f"{item.unit.name}：已委派{who}")
    return redirect("review-round", pk=item.round_id)


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_get_for_user(request.user, pk)
    admin = selectors.is_bureau_admin(request.user, item.round.bureau_id)
    return render(
        request,
        "review/item.html",
        {
            "item": item,
            "forms": selectors.item_forms(item),
            "can_score": admin and item.round.published_at is None and bool(item.assignee),
            "choices": selectors.assignment_choices(item) if admin else [],
            "has_rescores": item.rescores.exists(),
            "is_admin": admin,
        },
    )


@login_required
@require_POST
def rescore_save(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_get_for_user(request.user, pk)
    p = request.POST
    path = p.get("path", "")
    try:
        rows: dict[str, services.RowScore] = {}
        for key in p.getlist("row"):
            value = _decimal(p.get(f"re:{key}", ""), "复评得分")
            if value is not None:
                rows[key] = services.RowScore(value, p.get(f"reason:{key}", ""))
        rescore = services.rescore_save(
            item=item,
            user=request.user,
            path=path,
            reason=p.get("reason", ""),
            total=_decimal(p.get("total", ""), "复评总分"),
            rows=rows,
        )
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(
            request,
            f"已保存复评：{rescore.subject} 自评{rescore.self_score.normalize():f} 复评{rescore.re_score.normalize():f}",
        )
    return redirect("review-item", pk=pk)
