"""Helpers shared by the target-parser tests: a compact way to state an expected parse."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from jixiao.targets import Comparator, Target, TargetKind

GE, LE, GT, LT, EQ, APPROX = (
    Comparator.GE,
    Comparator.LE,
    Comparator.GT,
    Comparator.LT,
    Comparator.EQ,
    Comparator.APPROX,
)


def N(comparator: Comparator | None, value: str, unit: str | None = None) -> tuple[Any, ...]:
    """Expected numeric parse."""
    return ("N", comparator, Decimal(value), unit)


def C(change: str, value: str, unit: str | None = "%") -> tuple[Any, ...]:
    """Expected change parse."""
    return ("C", change, Decimal(value), unit)


def D(
    year: int | None = None, month: int | None = None, day: int | None = None, recurring: str | None = None
) -> tuple[Any, ...]:
    """Expected deadline parse."""
    return ("D", year, month, day, recurring)


def Q(level: str) -> tuple[Any, ...]:
    """Expected qualitative parse."""
    return ("Q", level)


U: tuple[Any, ...] = ("U",)


def P(*parts: tuple[Any, ...]) -> tuple[Any, ...]:
    """Expected compound parse."""
    return ("P", *parts)


def spec_of(t: Target) -> tuple[Any, ...]:
    """The compact form of a parsed target, comparable with N / C / D / Q / U / P."""
    if t.parts:
        return ("P", *(spec_of(p) for p in t.parts))
    if t.kind is TargetKind.NUMERIC:
        return ("N", t.comparator, t.value, t.unit)
    if t.kind is TargetKind.CHANGE:
        return ("C", t.change, t.value, t.unit)
    if t.kind is TargetKind.DEADLINE:
        return ("D", t.year, t.month, t.day, t.recurring)
    if t.kind is TargetKind.QUALITATIVE:
        return ("Q", t.level)
    return ("U",)
