"""Administration pages (thin): the selectors list, the services write and check permissions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from jixiao_web.api.models import ApiToken
from jixiao_web.orgs.models import BudgetUnit, Bureau, Desk, Jurisdiction, Role
from jixiao_web.orgs.permissions import require

from . import selectors, services


def _admin(request: HttpRequest) -> None:
    require(selectors.is_system_admin(request.user), "只有系统管理员可以进行系统管理")


def _pick(model: type[Model], value: str | None) -> Any:
    return model.objects.filter(pk=int(value)).first() if value and value.isdigit() else None  # type: ignore[attr-defined]


def _do(request: HttpRequest, action: Callable[[], Any], done: str) -> bool:
    try:
        action()
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return False
    messages.success(request, done)
    return True


def _choices() -> dict[str, Any]:
    return {
        "roles": Role.choices,
        "units": selectors.unit_list(),
        "desks": selectors.desk_list(),
        "bureaus": selectors.bureau_list(),
        "jurisdictions": selectors.jurisdiction_list(),
        "levels": Jurisdiction.Level.choices,
    }


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _admin(request)
    return render(
        request,
        "administration/index.html",
        {
            "counts": {
                "users": selectors.user_list().count(),
                "units": selectors.unit_list().count(),
                "bureaus": selectors.bureau_list().count(),
                "tokens": selectors.token_list().filter(revoked=False).count(),
            }
        },
    )


@login_required
def users(request: HttpRequest) -> HttpResponse:
    _admin(request)
    status = 200
    if request.method == "POST":
        p = request.POST
        ok = _do(
            request,
            lambda: services.user_create(
                actor=request.user,
                username=p.get("username", ""),
                password=p.get("password", ""),
                role=p.get("role", ""),
                unit=_pick(BudgetUnit, p.get("unit")),
                desk=_pick(Desk, p.get("desk")),
                bureau=_pick(Bureau, p.get("bureau")),
            ),
            f"已创建用户“{p.get('username', '').strip()}”",
        )
        if ok:
            return redirect("admin-users")
        status = 400
    q = request.GET.get("q", "").strip()[:50]
    return render(
        request,
        "administration/users.html",
        {"users": selectors.user_list(q)[:500], "q": q, **_choices()},
        status=status,
    )


@login_required
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _admin(request)
    person = get_object_or_404(get_user_model(), pk=pk)
    if request.method == "POST":
        p = request.POST
        what = p.get("what")
        if what == "role":
            _do(
                request,
                lambda: services.membership_set(
                    actor=request.user,
                    user=person,
                    role=p.get("role", ""),
                    unit=_pick(BudgetUnit, p.get("unit")),
                    desk=_pick(Desk, p.get("desk")),
                    bureau=_pick(Bureau, p.get("bureau")),
                ),
                "已修改角色与范围",
            )
        elif what == "active":
            active = p.get("active") == "1"
            _do(
                request,
                lambda: services.user_set_active(actor=request.user, user=person, active=active),
                "已启用账号" if active else "已停用账号",
            )
        elif what == "password":
            _do(
                request,
                lambda: services.password_reset(
                    actor=request.user, user=person, password=p.get("password", "")
                ),
                "已重设密码",
            )
        return redirect("admin-user", pk=person.pk)
    membership = getattr(person, "membership", None)
    return render(request, "administration/user.html", {"person": person, "m": membership, **_choices()})


@login_required
def units(request: HttpRequest) -> HttpResponse:
    _admin(request)
    if request.method == "POST":
        p = request.POST
        unit = _pick(BudgetUnit, p.get("pk"))
        _do(
            request,
            lambda: services.unit_save(
                actor=request.user,
                unit=unit,
                name=p.get("name", ""),
                budget_code=p.get("budget_code", ""),
                jurisdiction=_pick(Jurisdiction, p.get("jurisdiction")),
                bureau=_pick(Bureau, p.get("bureau")),
                desk=_pick(Desk, p.get("desk")),
            ),
            "已保存预算单位",
        )
        return redirect("admin-units")
    return render(request, "administration/units.html", _choices())


@login_required
def bureaus(request: HttpRequest) -> HttpResponse:
    _admin(request)
    if request.method == "POST":
        p = request.POST
        if p.get("what") == "desk":
            _do(
                request,
                lambda: services.desk_create(
                    actor=request.user, name=p.get("name", ""), bureau=_pick(Bureau, p.get("bureau"))
                ),
                "已添加科室",
            )
        else:
            _do(
                request,
                lambda: services.bureau_create(
                    actor=request.user,
                    name=p.get("name", ""),
                    jurisdiction=_pick(Jurisdiction, p.get("jurisdiction")),
                ),
                "已添加财政局",
            )
        return redirect("admin-bureaus")
    return render(request, "administration/bureaus.html", _choices())


@login_required
def jurisdictions(request: HttpRequest) -> HttpResponse:
    _admin(request)
    if request.method == "POST":
        p = request.POST
        _do(
            request,
            lambda: services.jurisdiction_create(
                actor=request.user,
                name=p.get("name", ""),
                level=p.get("level", ""),
                parent=_pick(Jurisdiction, p.get("parent")),
            ),
            "已添加行政区划",
        )
        return redirect("admin-jurisdictions")
    return render(request, "administration/jurisdictions.html", _choices())


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    _admin(request)
    created = ""
    if request.method == "POST":
        p = request.POST
        person = _pick(get_user_model(), p.get("user"))
        result: dict[str, str] = {}

        def make() -> None:
            if person is None:
                raise ValidationError("请选择令牌所属用户")
            _, result["raw"] = services.api_token_create(
                actor=request.user, user=person, name=p.get("name", "")
            )

        if _do(request, make, "已创建接口令牌：请立即复制保存，离开本页后不再显示"):
            created = result["raw"]
    return render(
        request,
        "administration/tokens.html",
        {
            "tokens": selectors.token_list()[:500],
            "users": selectors.user_list().filter(is_active=True),
            "created": created,
        },
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _admin(request)
    token = get_object_or_404(ApiToken, pk=pk)
    _do(
        request,
        lambda: services.api_token_revoke(actor=request.user, token=token),
        f"已作废令牌 {token.prefix}…",
    )
    return redirect("admin-tokens")


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    """Everyone changes their own password here."""
    status = 200
    if request.method == "POST":
        p = request.POST
        if p.get("new", "") != p.get("again", ""):
            messages.error(request, "两次输入的新密码不一致")
            status = 400
        elif _do(
            request,
            lambda: services.password_change(user=request.user, old=p.get("old", ""), new=p.get("new", "")),
            "密码已修改",
        ):
            update_session_auth_hash(request, request.user)
            return redirect("home")
        else:
            status = 400
    return render(request, "administration/password.html", {}, status=status)
