"""Campaign selectors: the notices a user may see, scoped by role."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from jixiao_web.orgs.models import Role
from jixiao_web.orgs.permissions import addressed_to, membership, require

from .models import Campaign


def campaign_list_for_user(user: Any) -> QuerySet[Campaign]:
    """Bureau staff see their bureau's notices; units the notices addressed to them; the public none."""
    return addressed_to(user, Campaign.objects.select_related("bureau"))


PAGE_SIZE = 50


def campaign_page_for_user(user: Any, *, page: int = 1, size: int = PAGE_SIZE) -> Any:
    """A page of the notices this user may see, newest year first: the ids from the index, then those rows."""
    from jixiao_web.evaluations.selectors import ListPage

    page = max(1, min(page, 100000))
    start = (page - 1) * size
    ordered = campaign_list_for_user(user).select_related(None).order_by("-year", "-id")
    ids = list(ordered.values_list("pk", flat=True)[start : start + size + 1])
    has_next = len(ids) > size
    ids = ids[:size]
    by_id = Campaign.objects.select_related("bureau").in_bulk(ids) if ids else {}
    return ListPage(rows=[by_id[i] for i in ids if i in by_id], number=page, size=size, has_next=has_next)


def campaign_get_for_user(user: Any, pk: int) -> Campaign:
    campaign = campaign_list_for_user(user).filter(pk=pk).first()
    require(campaign is not None, "无权查看该通知或该通知不存在")
    assert campaign is not None
    return campaign


def can_create_campaign(user: Any) -> bool:
    m = membership(user)
    return m is not None and m.role in (Role.BUREAU_ADMIN, Role.SYSTEM_ADMIN)
