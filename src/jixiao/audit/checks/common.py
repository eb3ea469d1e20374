"""Helpers shared by the checks: the forms of a package and how to name them in messages."""

from __future__ import annotations

from jixiao.model import EvaluationPackage, SelfEvaluation


def forms(package: EvaluationPackage) -> list[tuple[str, SelfEvaluation, str]]:
    """(path, form, Chinese label) for the overall form and each project form."""
    out: list[tuple[str, SelfEvaluation, str]] = []
    if package.overall is not None:
        out.append(("overall", package.overall, "部门整体支出绩效自评表"))
    for i, p in enumerate(package.projects):
        out.append((f"projects[{i}]", p, f"项目支出绩效自评表（{p.name or i + 1}）"))
    return out
