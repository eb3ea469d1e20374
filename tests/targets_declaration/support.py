"""Builders for the declaration tests: declared indicators and declarations with money as Decimal."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from jixiao.model import EvaluationPackage, Level1, Level2, Scope, SourceLocation, Unit
from jixiao.model.targets import DeclaredIndicator, TargetDeclaration

DOC = "申报表"


def declared(
    name: str,
    target: str,
    level1: Level1 = Level1.OUTPUT,
    level2: Level2 = Level2.QUANTITY,
    *,
    weight: str | int | None = None,
    row: int | None = None,
    **fields: Any,
) -> DeclaredIndicator:
    """One declared indicator; ``row`` places its name and value in the test document's table."""
    sources = {}
    if row is not None:
        sources = {
            "name": SourceLocation(document=DOC, table="申报表1", row=row, column="C"),
            "target_raw": SourceLocation(document=DOC, table="申报表1", row=row, column="E"),
        }
    return DeclaredIndicator(
        level1=level1,
        level2=level2,
        name=name,
        target_raw=target,
        weight=None if weight is None else Decimal(weight),
        sources=sources,
        **fields,
    )


def declaration(
    *indicators: DeclaredIndicator, scope: Scope = Scope.PROJECT, **fields: Any
) -> TargetDeclaration:
    fields.setdefault("annual_goal", "按时足额发放养老金，完成待遇资格认证。")
    fields.setdefault("name", "稽核管理工作经费" if scope is Scope.PROJECT else None)
    return TargetDeclaration(scope=scope, indicators=list(indicators), **fields)


def package(*declarations: TargetDeclaration, year: int = 2025, **parts: Any) -> EvaluationPackage:
    return EvaluationPackage(
        year=year, unit=Unit(name="桃江县社会保险服务中心"), targets=list(declarations), **parts
    )
