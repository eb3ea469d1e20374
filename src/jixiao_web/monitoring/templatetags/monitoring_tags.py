"""``{% load monitoring_tags %}{% monitoring_foresight evaluation %}``: the year-end self-evaluation page
shows what monitoring foresaw (a read-only partial; nothing when the unit was not monitored that year)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("monitoring/_foresight.html", takes_context=True)
def monitoring_foresight(context: template.Context, evaluation: Any) -> dict[str, Any]:
    from jixiao_web.evaluations.services import package_of

    from ..selectors import foresight_for

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or evaluation is None:
        return {"foresight": None}
    return {"foresight": foresight_for(user, evaluation.unit_id, package_of(evaluation))}
