"""Who may see and do what. Services call these; views never decide on their own.

- 单位填报人 / 单位负责人: their own unit's evaluations.
- 财政归口科室审核员: the units assigned to their desk.
- 财政绩效科管理员: every unit of their bureau.
- 系统管理员: sees everything and administers (accounts, organisation, tokens) but does not act in a
  unit's or a reviewer's place: no saving, submitting, reviewing, approving, publishing or adjusting,
  except through an explicit emergency override that names its reason and is logged
  (:func:`require_role` with ``override``).
- Anonymous public: published evaluations only (see the portal selectors).

Separation of duties (issue 10, F8): the person who submitted a package cannot approve it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from .models import Membership, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from jixiao_web.evaluations.models import Evaluation

    AnyUser = AbstractBaseUser | AnonymousUser

log = logging.getLogger("jixiao_web.audit")
OVERRIDE_MIN_LENGTH = 10  # an emergency override states why, in a sentence


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


def require_role(
    user: AnyUser, evaluation: Evaluation, *roles: str, action: str, override: str = ""
) -> Membership:
    """The user's membership when their role may take ``action``; else ``PermissionDenied``.

    The system administrator passes only with ``override``: the reason of an emergency override
    (at least :data:`OVERRIDE_MIN_LENGTH` characters), which is logged here and which the caller
    records in the evaluation's log (see :func:`override_note`).
    """
    m = membership(user)
    require(m is not None and can_view(user, evaluation), f"无权访问该自评（{action}）")
    assert m is not None
    if m.role in roles:
        return m
    if m.role == Role.SYSTEM_ADMIN and Role.SYSTEM_ADMIN not in roles:
        require(
            len(override.strip()) >= OVERRIDE_MIN_LENGTH,
            f"系统管理员负责系统管理，不代替单位或审核人员{action}；"
            f"确需紧急代办时须写明理由（不少于{OVERRIDE_MIN_LENGTH}个字），并将被记录",
        )
        log.warning(
            "emergency override: %s %s evaluation %s: %s",
            user.get_username(),
            action,
            evaluation.pk,
            override,
        )
        return m
    require(False, f"当前角色“{m.get_role_display()}”不能{action}")
    raise AssertionError  # unreachable


def override_note(m: Membership, override: str, comment: str = "") -> str:
    """The log comment of a transition made by an emergency override (empty marker otherwise)."""
    if m.role != Role.SYSTEM_ADMIN or not override.strip():
        return comment
    note = f"【系统管理员紧急代办】{override.strip()}"
    return f"{note}\n{comment}" if comment else note


def addressed_to(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    """What a bureau issues to units (notices, target rounds — a ``bureau`` and a ``units`` M2M) that
    ``user`` may see: the system administrator all; bureau staff their bureau's; a reviewer those of
    the bureau of their desk; a unit's staff those addressed to their unit; anyone else nothing."""
    m = membership(user)
    if m is None:
        return qs.none()
    if m.role == Role.SYSTEM_ADMIN:
        return qs
    if m.role == Role.BUREAU_ADMIN:
        return qs.filter(bureau_id=m.bureau_id) if m.bureau_id else qs.none()
    if m.role == Role.REVIEWER:
        return qs.filter(bureau__desks__id=m.desk_id).distinct() if m.desk_id else qs.none()
    if m.role in (Role.PREPARER, Role.UNIT_HEAD):
        return qs.filter(units__id=m.unit_id).distinct() if m.unit_id else qs.none()
    return qs.none()
