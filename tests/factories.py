"""Small builders of test data, shared by the tests and the benchmarks.

Packages: :func:`package`, :func:`form` and :func:`indicator` build the evaluation packages the
checker and model tests (and ``bench/bench_check.py``) start from, with money as ``Decimal``.

Web worlds: :func:`bureaus_and_desks`, :func:`accounts` and :func:`client_maker` build the parts of
the organisation that ``tests/web/conftest.py`` and ``tests/web_api/support.py`` have in common.
They import Django only when called, so the core tests and the benchmarks can import this module
without it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from jixiao.model import (
    EvaluationPackage,
    Indicator,
    Level1,
    Level2,
    Scope,
    SelfEvaluation,
    SourceLocation,
    Unit,
)

# --- packages -------------------------------------------------------------------------------------


def package(
    *, year: int = 2024, unit: Unit | str = "某县社会保险服务中心", **parts: Any
) -> EvaluationPackage:
    """A package of ``year`` for ``unit`` (a name or a :class:`Unit`) with the given parts."""
    return EvaluationPackage(year=year, unit=Unit(name=unit) if isinstance(unit, str) else unit, **parts)


def form(scope: Scope, *indicators: Indicator, **fields: Any) -> SelfEvaluation:
    """A self-evaluation form (自评表) of ``scope`` with these indicators."""
    return SelfEvaluation(scope=scope, indicators=list(indicators), **fields)


def indicator(
    name: str,
    target: str,
    actual: str,
    max_score: str | int | Decimal,
    score: str | int | Decimal | None,
    level1: Level1 = Level1.OUTPUT,
    level2: Level2 = Level2.QUANTITY,
    note: str | None = None,
    *,
    source: SourceLocation | None = None,
) -> Indicator:
    """One indicator row: 年度指标值 ``target``, 实际完成值 ``actual``, 分值 and 得分 as printed.

    ``source``, when given, is where the indicator's name was read (each indicator gets its own copy).
    """
    return Indicator(
        level1=level1,
        level2=level2,
        name=name,
        target_raw=target,
        actual_raw=actual,
        max_score=Decimal(max_score),
        score=None if score is None else Decimal(score),
        deviation_note=note,
        **({"sources": {"name": source.model_copy()}} if source is not None else {}),
    )


# --- web worlds (Django) --------------------------------------------------------------------------


def bureaus_and_desks(county_a: Any, county_b: Any) -> tuple[Any, Any, Any, Any, Any]:
    """桃江县财政局 in ``county_a`` with desks D1 社会保障股 and D2 农业股; 石峰区财政局 in ``county_b`` with D3.

    Returns ``(bureau_a, bureau_b, d1, d2, d3)``.
    """
    from jixiao_web.orgs.models import Bureau, Desk

    bureau_a = Bureau.objects.create(name="桃江县财政局", jurisdiction=county_a)
    bureau_b = Bureau.objects.create(name="石峰区财政局", jurisdiction=county_b)
    d1 = Desk.objects.create(name="社会保障股", bureau=bureau_a)
    d2 = Desk.objects.create(name="农业股", bureau=bureau_a)
    d3 = Desk.objects.create(name="社会保障股", bureau=bureau_b)
    return bureau_a, bureau_b, d1, d2, d3


def accounts(people: Iterable[tuple[str, Any, dict[str, Any]]], password: str) -> dict[str, Any]:
    """One user per ``(username, role, scope)`` with that membership (scope: unit, desk or bureau)."""
    from django.contrib.auth import get_user_model

    from jixiao_web.orgs.models import Membership

    user_model = get_user_model()
    users: dict[str, Any] = {}
    for username, role, scope in people:
        user = user_model.objects.create_user(username=username, password=password)
        Membership.objects.create(user=user, role=role, **scope)
        users[username] = user
    return users


def client_maker(users: dict[str, Any]) -> Callable[[str | None], Any]:
    """``make(username)``: a test client logged in as that user (``None``: anonymous)."""
    from django.test import Client

    def make(username: str | None) -> Any:
        c = Client()
        if username is not None:
            c.force_login(users[username])
        return c

    return make
