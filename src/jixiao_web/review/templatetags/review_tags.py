"""``{{ value|points }}``: a score as written — no exponent, no trailing zeros (90.0000 → 90, 88.50 → 88.5)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from jixiao.rules.inputs import plain

register = template.Library()


@register.filter
def points(value: Any) -> str:
    if value is None or value == "":
        return "—"
    return plain(Decimal(value))
