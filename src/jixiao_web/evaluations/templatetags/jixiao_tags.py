"""Template filters: Chinese labels for the package's enum values (一级/二级指标)."""

from __future__ import annotations

from typing import Any

from django import template

from jixiao.model import LEVEL1_LABELS, LEVEL2_LABELS

register = template.Library()


@register.filter
def level1_label(value: Any) -> str:
    return LEVEL1_LABELS.get(value, str(getattr(value, "value", value or "")))


@register.filter
def level2_label(value: Any) -> str:
    return LEVEL2_LABELS.get(value, str(getattr(value, "value", value or "")))
