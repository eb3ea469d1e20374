"""Who may use the bureau's tools (dashboards, bulk audit): 财政绩效科管理员 and 系统管理员.

A bureau administrator is scoped to their own bureau; a system administrator sees every bureau.
Everyone else (units, reviewers, the public) is refused with a Chinese message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from jixiao_web.orgs.models import Role
from jixiao_web.orgs.permissions import membership


@dataclass(frozen=True)
class BureauScope:
    """The bureau a user acts for: ``bureau_id`` None means every bureau (system administrator)."""

    bureau_id: int | None
    user_id: int

    @property
    def everything(self) -> bool:
        return self.bureau_id is None

    def units(self, prefix: str = "") -> Q:
        """A filter on the rows whose unit belongs to the scope (``prefix`` e.g. ``"unit__"``)."""
        if self.bureau_id is None:
            return Q()
        return Q(**{f"{prefix}bureau_id": self.bureau_id})


def bureau_scope(user: Any) -> BureauScope:
    """The scope of a bureau administrator or system administrator; PermissionDenied for others."""
    m = membership(user)
    if m is None:
        raise PermissionDenied("请以财政绩效科管理员身份登录")
    if m.role == Role.SYSTEM_ADMIN:
        return BureauScope(None, user.pk)
    if m.role == Role.BUREAU_ADMIN and m.bureau_id is not None:
        return BureauScope(m.bureau_id, user.pk)
    raise PermissionDenied("只有财政绩效科管理员和系统管理员可以使用该功能")


def is_bureau_staff(user: Any) -> bool:
    try:
        bureau_scope(user)
    except PermissionDenied:
        return False
    return True
