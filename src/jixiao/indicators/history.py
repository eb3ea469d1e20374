"""The history of an indicator: the values each unit set and achieved, from the packages held.

For every indicator of every package (declared targets and self-evaluation forms alike), a
:class:`HistoryPoint` records the unit, year, form, name, target and actual as printed, and the
library entry the name stands for (:func:`jixiao.indicators.library.match`). The web app calls
:func:`history` over the packages it stores; ``jixiao indicators history`` over files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from jixiao.model import EvaluationPackage

from .library import match
from .model import LibraryFile


@dataclass(frozen=True)
class HistoryPoint:
    unit: str
    year: int
    form: str  # 部门整体 / the project's name
    name: str
    target: str | None
    actual: str | None
    entry: str | None  # library key ("sector/social-security#certified-persons"), if the name matches one
    declared: bool  # from a 申报表 (True) or a self-evaluation form (False)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _plain(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def points(package: EvaluationPackage, libraries: dict[str, LibraryFile] | None = None) -> list[HistoryPoint]:
    out: list[HistoryPoint] = []
    actuals: dict[tuple[str, str], str | None] = {}
    for form in package.evaluations():
        label = "部门整体" if form.scope.value == "overall" else form.name or "项目"
        for ind in form.indicators:
            actuals[(label, _plain(ind.name))] = ind.actual_raw
            hit = match(ind.name, libraries=libraries)
            out.append(
                HistoryPoint(
                    package.unit.name,
                    package.year,
                    label,
                    ind.name,
                    ind.target_raw,
                    ind.actual_raw,
                    hit.key if hit else None,
                    False,
                )
            )
    for decl in package.targets:
        label = "部门整体" if decl.scope.value == "overall" else decl.name or "项目"
        for di in decl.indicators:
            if (label, _plain(di.name)) in actuals:
                continue  # the self-evaluation already gave this indicator with its actual
            hit = match(di.name, libraries=libraries)
            out.append(
                HistoryPoint(
                    package.unit.name,
                    package.year,
                    label,
                    di.name,
                    decl.effective_target_raw(di),
                    None,
                    hit.key if hit else None,
                    True,
                )
            )
    return out


def history(
    packages: Iterable[EvaluationPackage],
    *,
    entry: str | None = None,
    name: str | None = None,
    unit: str | None = None,
    libraries: dict[str, LibraryFile] | None = None,
) -> list[HistoryPoint]:
    """Points of the packages, for one library entry and/or indicator name and/or unit, oldest first."""
    out = []
    for package in packages:
        for p in points(package, libraries):
            if entry is not None and p.entry != entry:
                continue
            if name is not None and _plain(p.name) != _plain(name):
                continue
            if unit is not None and p.unit != unit:
                continue
            out.append(p)
    return sorted(out, key=lambda p: (p.unit, p.year, p.form, p.name))


__all__ = ["HistoryPoint", "history", "points"]
