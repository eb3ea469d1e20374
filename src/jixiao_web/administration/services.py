"""Services of the administration pages. Every function checks that the acting user is the system
administrator (permissions live here, not in the views); messages are Chinese."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from jixiao_web.api.models import ApiToken
from jixiao_web.api.tokens import token_create, token_revoke
from jixiao_web.orgs.models import BudgetUnit, Bureau, Desk, Jurisdiction, Membership, Role

from .selectors import is_system_admin

SCOPE_OF_ROLE = {
    Role.PREPARER: "unit",
    Role.UNIT_HEAD: "unit",
    Role.REVIEWER: "desk",
    Role.BUREAU_ADMIN: "bureau",
    Role.SYSTEM_ADMIN: "",
}
SCOPE_LABELS = {"unit": "预算单位", "desk": "归口业务科室", "bureau": "财政局"}


def _require_admin(user: Any) -> None:
    if not is_system_admin(user):
        raise PermissionDenied("只有系统管理员可以进行系统管理")


def _scope(role: str, unit: BudgetUnit | None, desk: Desk | None, bureau: Bureau | None) -> dict[str, Any]:
    if role not in SCOPE_OF_ROLE:
        raise ValidationError("请选择角色")
    needed = SCOPE_OF_ROLE[Role(role)]
    scope: dict[str, Any] = {"unit": None, "desk": None, "bureau": None}
    if needed:
        chosen = {"unit": unit, "desk": desk, "bureau": bureau}[needed]
        if chosen is None:
            raise ValidationError(f"“{Role(role).label}”须指定所属{SCOPE_LABELS[needed]}")
        scope[needed] = chosen
    return scope


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    password: str,
    role: str,
    unit: BudgetUnit | None = None,
    desk: Desk | None = None,
    bureau: Bureau | None = None,
) -> Any:
    _require_admin(actor)
    username = username.strip()
    if not username:
        raise ValidationError("请填写用户名")
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise ValidationError(f"用户名“{username}”已被使用")
    scope = _scope(role, unit, desk, bureau)
    user = User(username=username)
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save()
    Membership.objects.create(user=user, role=role, **scope)
    return user


@transaction.atomic
def membership_set(
    *,
    actor: Any,
    user: Any,
    role: str,
    unit: BudgetUnit | None = None,
    desk: Desk | None = None,
    bureau: Bureau | None = None,
) -> Membership:
    _require_admin(actor)
    if user.pk == actor.pk and role != Role.SYSTEM_ADMIN:
        raise ValidationError("不能取消自己的系统管理员角色（以免无人管理系统）")
    scope = _scope(role, unit, desk, bureau)
    m, _ = Membership.objects.update_or_create(user=user, defaults={"role": role, **scope})
    return m


def user_set_active(*, actor: Any, user: Any, active: bool) -> None:
    _require_admin(actor)
    if user.pk == actor.pk and not active:
        raise ValidationError("不能停用自己的账号")
    user.is_active = active
    user.save(update_fields=["is_active"])


def password_reset(*, actor: Any, user: Any, password: str) -> None:
    """The administrator sets a new password for someone who forgot theirs."""
    _require_admin(actor)
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])


def password_change(*, user: Any, old: str, new: str) -> None:
    """Anyone changes their own password, knowing the old one."""
    if not user.is_authenticated or not user.check_password(old):
        raise ValidationError("原密码不正确")
    if old == new:
        raise ValidationError("新密码不能与原密码相同")
    password_validation.validate_password(new, user)
    user.set_password(new)
    user.save(update_fields=["password"])


def jurisdiction_create(*, actor: Any, name: str, level: str, parent: Jurisdiction | None) -> Jurisdiction:
    _require_admin(actor)
    if not name.strip():
        raise ValidationError("请填写行政区划名称")
    if level not in Jurisdiction.Level.values:
        raise ValidationError("请选择层级")
    if Jurisdiction.objects.filter(parent=parent, name=name.strip()).exists():
        raise ValidationError(f"“{name.strip()}”已存在")
    return Jurisdiction.objects.create(name=name.strip(), level=level, parent=parent)


def bureau_create(*, actor: Any, name: str, jurisdiction: Jurisdiction | None) -> Bureau:
    _require_admin(actor)
    if not name.strip() or jurisdiction is None:
        raise ValidationError("请填写财政局名称并选择行政区划")
    return Bureau.objects.create(name=name.strip(), jurisdiction=jurisdiction)


def desk_create(*, actor: Any, name: str, bureau: Bureau | None) -> Desk:
    _require_admin(actor)
    if not name.strip() or bureau is None:
        raise ValidationError("请填写科室名称并选择财政局")
    return Desk.objects.create(name=name.strip(), bureau=bureau)


def unit_save(
    *,
    actor: Any,
    name: str,
    budget_code: str,
    jurisdiction: Jurisdiction | None,
    bureau: Bureau | None,
    desk: Desk | None,
    unit: BudgetUnit | None = None,
) -> BudgetUnit:
    """Create a budget unit, or change one (its desk when the bureau reassigns it)."""
    _require_admin(actor)
    if not name.strip() or jurisdiction is None or bureau is None:
        raise ValidationError("请填写单位名称，并选择行政区划和财政局")
    if desk is not None and desk.bureau_id != bureau.pk:
        raise ValidationError("归口业务科室应属于该单位的财政局")
    clash = BudgetUnit.objects.filter(bureau=bureau, name=name.strip())
    if unit is not None:
        clash = clash.exclude(pk=unit.pk)
    if clash.exists():
        raise ValidationError(f"该财政局已有名为“{name.strip()}”的单位")
    unit = unit or BudgetUnit()
    unit.name, unit.budget_code = name.strip(), budget_code.strip()
    unit.jurisdiction, unit.bureau, unit.desk = jurisdiction, bureau, desk
    unit.save()
    return unit


def api_token_create(*, actor: Any, user: Any, name: str) -> tuple[ApiToken, str]:
    _require_admin(actor)
    return token_create(user=user, name=name)


def api_token_revoke(*, actor: Any, token: ApiToken) -> None:
    _require_admin(actor)
    token_revoke(token=token)
