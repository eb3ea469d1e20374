"""Selectors of the target round: everything that reads, scoped by role.

A unit sees its own filings, a desk its units', a bureau's 绩效科 its bureau's, the system administrator
all; the public sees published filings only. The findings of a filing are the core checker's (TGT… on
the declarations, YOY… against last year's self-evaluation that the system holds); the suggestions come
from the indicator library and the unit's own history; the counters are the round's dashboard.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from jixiao.audit import Finding
from jixiao.indicators import LibraryFile
from jixiao.model import EvaluationPackage, Unit
from jixiao.model.targets import TargetDeclaration
from jixiao_web.orgs.models import BudgetUnit, Bureau, Role
from jixiao_web.orgs.permissions import addressed_to, membership, require

from .models import (
    AdjustmentState,
    BureauIndicator,
    FilingState,
    IndicatorOpinion,
    LibraryEntryState,
    TargetAdjustmentRequest,
    TargetFiling,
    TargetRound,
    Verdict,
)

APPROVED_STATES = (FilingState.APPROVED, FilingState.PUBLISHED)


def can_view_unit(user: Any, unit: BudgetUnit) -> bool:
    m = membership(user)
    if m is None:
        return False
    if m.role == Role.SYSTEM_ADMIN:
        return True
    if m.role in (Role.PREPARER, Role.UNIT_HEAD):
        return m.unit_id is not None and unit.pk == m.unit_id
    if m.role == Role.REVIEWER:
        return m.desk_id is not None and unit.desk_id == m.desk_id
    if m.role == Role.BUREAU_ADMIN:
        return m.bureau_id is not None and unit.bureau_id == m.bureau_id
    return False


def filing_list_for_user(user: Any) -> QuerySet[TargetFiling]:
    qs = TargetFiling.objects.select_related("unit", "round")
    m = membership(user)
    if m is None:
        return qs.none()
    if m.role == Role.SYSTEM_ADMIN:
        return qs
    if m.role in (Role.PREPARER, Role.UNIT_HEAD):
        return qs.filter(unit_id=m.unit_id) if m.unit_id else qs.none()
    if m.role == Role.REVIEWER:
        return qs.filter(unit__desk_id=m.desk_id) if m.desk_id else qs.none()
    if m.role == Role.BUREAU_ADMIN:
        return qs.filter(unit__bureau_id=m.bureau_id) if m.bureau_id else qs.none()
    return qs.none()


def filing_get_for_user(user: Any, pk: int) -> TargetFiling:
    """One filing, or PermissionDenied (also for ids that do not exist: no probing)."""
    filing = TargetFiling.objects.select_related("unit", "round", "round__bureau").filter(pk=pk).first()
    require(filing is not None and can_view_unit(user, filing.unit), "无权访问该绩效目标申报表或其不存在")
    assert filing is not None
    return filing


def round_list_for_user(user: Any) -> QuerySet[TargetRound]:
    return addressed_to(user, TargetRound.objects.select_related("bureau"))


def round_get_for_user(user: Any, pk: int) -> TargetRound:
    found = round_list_for_user(user).filter(pk=pk).first()
    require(found is not None, "无权查看该绩效目标申报或其不存在")
    assert found is not None
    return found


def can_open_round(user: Any) -> bool:
    m = membership(user)
    return m is not None and m.role == Role.BUREAU_ADMIN and m.bureau_id is not None


def published_filings() -> QuerySet[TargetFiling]:
    return TargetFiling.objects.filter(state=FilingState.PUBLISHED).select_related("unit", "round")


def published_get(pk: int) -> TargetFiling:
    found = published_filings().filter(pk=pk).first()
    require(found is not None, "该绩效目标未公开或不存在")
    assert found is not None
    return found


def declarations_of(filing: TargetFiling) -> list[TargetDeclaration]:
    from .services import validate_declarations

    return validate_declarations(filing.data)


def evaluation_package(unit: BudgetUnit, year: int) -> EvaluationPackage | None:
    """The unit's self-evaluation package of ``year``, when the system holds a readable one."""
    from jixiao_web.evaluations.models import Evaluation
    from jixiao_web.evaluations.services import package_of

    evaluation = Evaluation.objects.select_related("current_revision").filter(unit=unit, year=year).first()
    return package_of(evaluation) if evaluation is not None else None


def filing_findings(
    filing: TargetFiling, declarations: list[TargetDeclaration] | None = None
) -> list[Finding]:
    """The declaration checks (TGT…) and, against last year's package the system holds, the YOY… checks."""
    from jixiao.audit import CheckContext, check_package
    from jixiao.audit.checks.previous import context_with_previous

    decls = declarations if declarations is not None else declarations_of(filing)
    package = EvaluationPackage(year=filing.year, unit=Unit(name=filing.unit.name), targets=decls)
    previous = evaluation_package(filing.unit, filing.year - 1)
    context = context_with_previous(previous) if previous is not None else CheckContext()
    return [f for f in check_package(package, context=context) if f.code.startswith(("TGT", "YOY", "INT"))]


def current_opinions(filing: TargetFiling) -> dict[tuple[int, int], IndicatorOpinion]:
    """The latest opinion per indicator on the revision under review (after approval: the one approved)."""
    revision = filing.revision
    if filing.state in APPROVED_STATES and filing.reviewed_revision is not None:
        revision = filing.reviewed_revision
    out: dict[tuple[int, int], IndicatorOpinion] = {}
    for o in filing.opinions.filter(revision_number=revision).order_by("created_at", "id"):
        out[(o.declaration, o.indicator)] = o
    return out


def adjustments_of(filing: TargetFiling) -> QuerySet[TargetAdjustmentRequest]:
    return filing.adjustments.select_related("requested_by", "decided_by")


def pending_adjustments(filing: TargetFiling) -> QuerySet[TargetAdjustmentRequest]:
    return adjustments_of(filing).filter(state=AdjustmentState.REQUESTED)


# ---------------------------------------------------------------- suggestions while typing


def suggestions(
    user: Any, text: str, *, unit: BudgetUnit | None = None, limit: int = 8
) -> list[dict[str, Any]]:
    """Library entries matching ``text``, with their typical values and the unit's own last values."""
    from jixiao.indicators import load_library, suggest
    from jixiao.indicators.history import history

    libraries = dict(load_library())
    bureau = unit.bureau if unit is not None else library_bureau_of(user)
    own_library = bureau_library(bureau, with_retired=False) if bureau is not None else None
    if own_library is not None:
        libraries[own_library.id] = own_library
    hits = suggest(text, limit=limit, libraries=libraries)
    own: dict[str, list[dict[str, Any]]] = {}
    if unit is not None and can_view_unit(user, unit):
        from jixiao_web.evaluations.models import Evaluation
        from jixiao_web.evaluations.services import package_of

        packages = []
        for evaluation in (
            Evaluation.objects.select_related("current_revision").filter(unit=unit).order_by("-year")[:3]
        ):
            package = package_of(evaluation)
            if package is not None:
                packages.append(package)
        for point in history(packages, libraries=libraries):  # the bureau's entries get the unit's values too
            if point.entry is not None:
                own.setdefault(point.entry, []).append(
                    {"year": point.year, "name": point.name, "target": point.target, "actual": point.actual}
                )
    return [
        {
            "key": h.key,
            "score": h.score,
            "name": h.entry.name,
            "level1": h.entry.level1,
            "level2": h.entry.level2,
            "maps_to": [h.entry.maps_to[0].value, h.entry.maps_to[1].value] if h.entry.maps_to else None,
            "definition": h.entry.definition,
            "unit": h.entry.unit,
            "direction": h.entry.direction,
            "basis": [b.value for b in h.entry.basis],
            "typical_values": h.entry.typical_values,
            "data_source": h.entry.data_source,
            "source": (h.entry.source or h.library.source).document
            or (h.entry.source or h.library.source).title,
            "history": sorted(own.get(h.key, []), key=lambda p: -int(p["year"])),
        }
        for h in hits
    ]


# ---------------------------------------------------------------- the round's dashboard


@dataclass
class UnitRow:
    filing: TargetFiling
    opinions: int
    passed: int
    rejected: int


@dataclass
class RoundCounters:
    """Filed / reviewed / approved per unit, indicators rejected by reason, basis share, below history."""

    units: int = 0
    by_state: dict[str, int] = field(default_factory=dict)
    filed: int = 0  # submitted or beyond
    reviewed: int = 0  # review started or beyond
    approved: int = 0  # approved or published
    indicators: int = 0
    with_basis: int = 0
    below_history: int = 0
    rejected_by_reason: list[tuple[str, int]] = field(default_factory=list)
    rows: list[UnitRow] = field(default_factory=list)

    @property
    def basis_share(self) -> str:
        """Share of indicators with a basis, as a percentage with one decimal ("62.5%")."""
        if not self.indicators:
            return "—"
        from decimal import ROUND_HALF_UP, Decimal

        share = (Decimal(self.with_basis) * 100 / Decimal(self.indicators)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
        return f"{share}%"


FILED = (FilingState.SUBMITTED, FilingState.UNDER_REVIEW, FilingState.RETURNED, *APPROVED_STATES)
REVIEWED = (FilingState.UNDER_REVIEW, FilingState.RETURNED, *APPROVED_STATES)


def round_counters(user: Any, target_round: TargetRound) -> RoundCounters:
    filings = list(filing_list_for_user(user).filter(round=target_round).order_by("unit__name"))
    out = RoundCounters(units=len(filings))
    states = Counter(f.state for f in filings)
    out.by_state = {FilingState(s).label: states.get(s, 0) for s in FilingState.values}
    out.filed = sum(1 for f in filings if f.state in FILED)
    out.reviewed = sum(1 for f in filings if f.state in REVIEWED)
    out.approved = sum(1 for f in filings if f.state in APPROVED_STATES)
    out.indicators = sum(f.indicator_count for f in filings)
    out.with_basis = sum(f.with_basis_count for f in filings)
    out.below_history = sum(f.below_history_count for f in filings)
    reasons: Counter[str] = Counter()
    for f in filings:
        latest: dict[tuple[int, int, int], IndicatorOpinion] = {}
        for o in f.opinions.order_by("created_at", "id"):
            latest[(o.revision_number, o.declaration, o.indicator)] = o
        ops = list(latest.values())
        for o in ops:
            if o.verdict != Verdict.PASS:
                reasons[o.reason or "（未写理由）"] += 1
        out.rows.append(
            UnitRow(
                filing=f,
                opinions=len(ops),
                passed=sum(1 for o in ops if o.verdict == Verdict.PASS),
                rejected=sum(1 for o in ops if o.verdict == Verdict.REJECT),
            )
        )
    out.rejected_by_reason = sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))
    return out


# ---------------------------------------------------------------- the bureau's indicator library


def library_bureau_of(user: Any) -> Bureau | None:
    """The bureau whose library the user works with: their bureau, their desk's, their unit's."""
    m = membership(user)
    if m is None:
        return None
    if m.role == Role.BUREAU_ADMIN:
        return m.bureau
    if m.role == Role.REVIEWER and m.desk is not None:
        return m.desk.bureau
    if m.role in (Role.PREPARER, Role.UNIT_HEAD) and m.unit is not None:
        return m.unit.bureau
    return None


def can_edit_library(user: Any) -> bool:
    m = membership(user)
    return (
        m is not None and m.role in (Role.BUREAU_ADMIN, Role.REVIEWER) and library_bureau_of(user) is not None
    )


def library_entries(user: Any) -> QuerySet[BureauIndicator]:
    """The entries the user may read: their bureau's (retired ones included); all for the system administrator."""
    m = membership(user)
    qs = BureauIndicator.objects.select_related("bureau", "created_by", "retired_by")
    if m is not None and m.role == Role.SYSTEM_ADMIN:
        return qs
    bureau = library_bureau_of(user)
    return qs.filter(bureau=bureau) if bureau is not None else qs.none()


def library_entry_get(user: Any, pk: int) -> BureauIndicator:
    found = library_entries(user).filter(pk=pk).first()
    require(found is not None, "无权查看该指标库条目或其不存在")
    assert found is not None
    return found


def bureau_library(bureau: Bureau, *, with_retired: bool = True) -> LibraryFile | None:
    """The bureau's entries as one core library file (``bureau/<id>``), for suggestions and export."""
    from jixiao.indicators import LibraryEntry, LibrarySource

    rows = BureauIndicator.objects.filter(bureau=bureau).order_by("key")  # the same order on every database
    if not with_retired:
        rows = rows.filter(state=LibraryEntryState.ACTIVE)
    entries = [LibraryEntry.model_validate(r.data) for r in rows]
    if not entries:
        return None
    return LibraryFile(
        id=f"bureau/{bureau.pk}",
        title=f"{bureau.name}部门指标库",
        source=LibrarySource(title=f"{bureau.name}部门指标库", published="jixiao 财政局指标库页面"),
        scope="any",
        sector="bureau",
        entries=entries,
    )


def shipped_libraries() -> list[LibraryFile]:
    from jixiao.indicators import load_library

    return list(load_library().values())
