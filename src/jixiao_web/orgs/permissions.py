"""Who may see and do what. Services call these; views never decide on their own.

- 单位填报人 / 单位负责人: their own unit's evaluations.
- 财政归口科室审核员: the units assigned to their desk.
- 财政绩效科管理员: every unit of their bureau.
- 系统管理员: everything.
- Anonymous public: published evaluations only (see the portal selectors).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from .models import Membership, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from jixiao_web.evaluations.models import Evaluation

    AnyUser = AbstractBaseUser | AnonymousUser


def membership(user: AnyUser) -> Membership | None:
    if not user.is_authenticated:
        return None
    try:
        return user.membership  # type: ignore[union-attr,no-any-return]
    except Membership.DoesNotExist:
        return None


def role_of(user: AnyUser) -> str | None:
    m = membership(user)
    return m.role if m else None


def can_view(user: AnyUser, evaluation: Evaluation) -> bool:
    m = membership(user)
    if m is None:
        return False
    if m.role == Role.SYSTEM_ADMIN:
        return True
    if m.role in (Role.PREPARER, Role.UNIT_HEAD):
        return m.unit_id is not None and evaluation.unit_id == m.unit_id
    if m.role == Role.REVIEWER:
        return m.desk_id is not None and evaluation.unit.desk_id == m.desk_id
    if m.role == Role.BUREAU_ADMIN:
        return m.bureau_id is not None and evaluation.unit.bureau_id == m.bureau_id
    return False


def can_edit(user: AnyUser, evaluation: Evaluation) -> bool:
    from jixiao_web.evaluations.models import State

    m = membership(user)
    return (
        m is not None
        and m.role in (Role.PREPARER, Role.UNIT_HEAD)
        and can_view(user, evaluation)
        and evaluation.state in (State.DRAFT, State.RETURNED)
    )


def require(condition: bool, message: str) -> None:
    if not condition:
        raise PermissionDenied(message)


def require_role(user: AnyUser, evaluation: Evaluation, *roles: str, action: str) -> Membership:
    m = membership(user)
    require(m is not None and can_view(user, evaluation), f"无权访问该自评（{action}）")
    assert m is not None
    require(m.role in roles or m.role == Role.SYSTEM_ADMIN, f"当前角色“{m.get_role_display()}”不能{action}")
    return m
