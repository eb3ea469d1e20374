"""``/api/v1/targets/``: the target round over HTTP — thin endpoints over the app's selectors and services.

Its own ninja API (docs at ``/api/v1/targets/docs``), with the same authentication (API token or session)
and the same error shape as ``/api/v1/`` (:mod:`jixiao_web.api.errors`). A filing the user may not see
answers 404, as if it did not exist; the public reads published filings only.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Path, Query, Schema
from ninja.responses import Status

from jixiao_web.api.endpoints import MAX_ID, app_api
from jixiao_web.api.schemas import ErrorOut
from jixiao_web.orgs.models import BudgetUnit

from . import selectors, services
from .models import BureauIndicator, TargetAdjustmentRequest, TargetFiling, TargetRound

ERRORS = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
    500: ErrorOut,
}

api = app_api(
    title="绩效目标管理 API",
    description=(
        "年度绩效目标的申报、逐项审核、批复、公开与调整，指标库检索，以及目标轮次的统计。"
        '认证方式与 /api/v1/ 相同；所有错误的形式均为 {"error": {"code": "…", "message": "中文说明"}}。'
    ),
    namespace="api-v1-targets",
)

IdPath = Path(..., ge=1, le=MAX_ID, description="编号")


class RoundIn(Schema):
    year: int
    title: str
    deadline: date
    unit_ids: list[int] | None = None


class RoundOut(Schema):
    id: int
    bureau: str
    year: int
    title: str
    deadline: date
    units: int


class FilingSummary(Schema):
    id: int
    round_id: int
    unit_id: int
    unit: str
    year: int
    state: str
    state_label: str
    revision: int
    indicator_count: int
    with_basis_count: int
    below_history_count: int
    error_count: int
    warning_count: int
    approval_reference: str


class FindingOut(Schema):
    code: str
    severity: str
    message: str
    stated: str | None = None
    computed: str | None = None
    path: str | None = None


class OpinionOut(Schema):
    declaration: int
    indicator: int
    indicator_name: str
    verdict: str
    verdict_label: str
    reason: str


class FilingOut(FilingSummary):
    declarations: list[dict[str, Any]]
    findings: list[FindingOut]
    opinions: list[OpinionOut]


class SaveIn(Schema):
    declarations: list[dict[str, Any]]
    based_on: int
    message: str = ""


class TransitionIn(Schema):
    action: Literal["submit", "start_review", "return", "approve", "publish"]
    comment: str = ""
    reference: str = ""


class OpinionIn(Schema):
    declaration: int
    indicator: int
    verdict: Literal["pass", "pass_after_change", "reject"]
    reason: str = ""


class AdjustmentIn(Schema):
    declaration: int
    indicator: int
    new_target: str
    reason: str


class DecisionIn(Schema):
    approve: bool
    comment: str = ""


class AdjustmentOut(Schema):
    id: int
    filing_id: int
    indicator_name: str
    old_target: str
    new_target: str
    reason: str
    state: str
    decision_comment: str


class CountersOut(Schema):
    units: int
    filed: int
    reviewed: int
    approved: int
    by_state: dict[str, int]
    indicators: int
    with_basis: int
    basis_share: str
    below_history: int
    rejected_by_reason: list[tuple[str, int]]
    per_unit: list[dict[str, Any]]


def _round(r: TargetRound) -> dict[str, Any]:
    return {
        "id": r.pk,
        "bureau": r.bureau.name,
        "year": r.year,
        "title": r.title,
        "deadline": r.deadline,
        "units": r.units.count(),
    }


def _summary(f: TargetFiling) -> dict[str, Any]:
    return {
        "id": f.pk,
        "round_id": f.round_id,
        "unit_id": f.unit_id,
        "unit": f.unit.name,
        "year": f.year,
        "state": f.state,
        "state_label": f.get_state_display(),
        "revision": f.revision,
        "indicator_count": f.indicator_count,
        "with_basis_count": f.with_basis_count,
        "below_history_count": f.below_history_count,
        "error_count": f.error_count,
        "warning_count": f.warning_count,
        "approval_reference": f.approval_reference,
    }


def _detail(f: TargetFiling, *, public: bool = False) -> dict[str, Any]:
    out = _summary(f)
    out["declarations"] = f.data
    out["findings"] = (
        []
        if public
        else [
            {
                "code": x.code,
                "severity": x.severity.value,
                "message": x.message,
                "stated": x.stated,
                "computed": x.computed,
                "path": x.location.path,
            }
            for x in selectors.filing_findings(f)
        ]
    )
    out["opinions"] = (
        []
        if public
        else [
            {
                "declaration": o.declaration,
                "indicator": o.indicator,
                "indicator_name": o.indicator_name,
                "verdict": o.verdict,
                "verdict_label": o.get_verdict_display(),
                "reason": o.reason,
            }
            for o in selectors.current_opinions(f).values()
        ]
    )
    return out


def _get(request: HttpRequest, pk: int) -> TargetFiling:
    try:
        return selectors.filing_get_for_user(request.user, pk)
    except PermissionDenied as exc:
        raise Http404 from exc  # no probing of other units' filings


def _adjustment(a: TargetAdjustmentRequest) -> dict[str, Any]:
    return {
        "id": a.pk,
        "filing_id": a.filing_id,
        "indicator_name": a.indicator_name,
        "old_target": a.old_target,
        "new_target": a.new_target,
        "reason": a.reason,
        "state": a.state,
        "decision_comment": a.decision_comment,
    }


@api.get(
    "/rounds", response={200: list[RoundOut], **ERRORS}, tags=["目标轮次"], summary="我可查看的绩效目标申报"
)
def round_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_round(r) for r in selectors.round_list_for_user(request.user)[:200]]


@api.post(
    "/rounds", response={201: RoundOut, **ERRORS}, tags=["目标轮次"], summary="绩效科发布年度绩效目标申报"
)
def round_open(request: HttpRequest, body: RoundIn) -> Status[dict[str, Any]]:
    units = None
    if body.unit_ids is not None:
        units = list(BudgetUnit.objects.filter(pk__in=body.unit_ids[:10000]))
    r = services.round_open(
        user=request.user, year=body.year, title=body.title, deadline=body.deadline, units=units
    )
    return Status(201, _round(r))


@api.get(
    "/rounds/{pk}/counters",
    response={200: CountersOut, **ERRORS},
    tags=["目标轮次"],
    summary="申报、审核、批复统计",
)
def round_counters(request: HttpRequest, pk: int = IdPath) -> dict[str, Any]:
    try:
        target_round = selectors.round_get_for_user(request.user, pk)
    except PermissionDenied as exc:
        raise Http404 from exc
    c = selectors.round_counters(request.user, target_round)
    return {
        "units": c.units,
        "filed": c.filed,
        "reviewed": c.reviewed,
        "approved": c.approved,
        "by_state": c.by_state,
        "indicators": c.indicators,
        "with_basis": c.with_basis,
        "basis_share": c.basis_share,
        "below_history": c.below_history,
        "rejected_by_reason": c.rejected_by_reason,
        "per_unit": [
            {
                "unit": row.filing.unit.name,
                "state": row.filing.state,
                "opinions": row.opinions,
                "passed": row.passed,
                "rejected": row.rejected,
                "indicators": row.filing.indicator_count,
                "with_basis": row.filing.with_basis_count,
                "below_history": row.filing.below_history_count,
            }
            for row in c.rows
        ],
    }


@api.get(
    "/filings", response={200: list[FilingSummary], **ERRORS}, tags=["申报表"], summary="我可查看的申报表"
)
def filing_list(
    request: HttpRequest, year: int | None = Query(None, ge=1990, le=2100)
) -> list[dict[str, Any]]:
    qs = selectors.filing_list_for_user(request.user)
    if year is not None:
        qs = qs.filter(year=year)
    return [_summary(f) for f in qs[:500]]


@api.get(
    "/filings/{pk}",
    response={200: FilingOut, **ERRORS},
    tags=["申报表"],
    summary="申报表、审核问题与审核意见",
)
def filing_detail(request: HttpRequest, pk: int = IdPath) -> dict[str, Any]:
    return _detail(_get(request, pk))


@api.put(
    "/filings/{pk}/declarations",
    response={200: FilingOut, **ERRORS},
    tags=["申报表"],
    summary="保存申报表（新版本）",
)
def filing_save(request: HttpRequest, body: SaveIn, pk: int = IdPath) -> dict[str, Any]:
    filing = _get(request, pk)
    services.filing_save(
        filing=filing, user=request.user, data=body.declarations, based_on=body.based_on, message=body.message
    )
    return _detail(_get(request, pk))


@api.post(
    "/filings/{pk}/transitions",
    response={200: FilingSummary, **ERRORS},
    tags=["申报表"],
    summary="报送、开始审核、退回、批复、公开",
)
def filing_transition(request: HttpRequest, body: TransitionIn, pk: int = IdPath) -> dict[str, Any]:
    filing = _get(request, pk)
    user = request.user
    if body.action == "submit":
        services.filing_submit(filing=filing, user=user)
    elif body.action == "start_review":
        services.filing_start_review(filing=filing, user=user)
    elif body.action == "return":
        services.filing_return(filing=filing, user=user, comment=body.comment)
    elif body.action == "approve":
        services.filing_approve(filing=filing, user=user, reference=body.reference)
    else:
        services.filing_publish(filing=filing, user=user)
    return _summary(_get(request, pk))


@api.post(
    "/filings/{pk}/opinions",
    response={201: OpinionOut, **ERRORS},
    tags=["申报表"],
    summary="对一项指标提出审核意见",
)
def opinion_add(request: HttpRequest, body: OpinionIn, pk: int = IdPath) -> Status[dict[str, Any]]:
    o = services.opinion_add(
        filing=_get(request, pk),
        user=request.user,
        declaration=body.declaration,
        indicator=body.indicator,
        verdict=body.verdict,
        reason=body.reason,
    )
    return Status(
        201,
        {
            "declaration": o.declaration,
            "indicator": o.indicator,
            "indicator_name": o.indicator_name,
            "verdict": o.verdict,
            "verdict_label": o.get_verdict_display(),
            "reason": o.reason,
        },
    )


@api.post(
    "/filings/{pk}/adjustments",
    response={201: AdjustmentOut, **ERRORS},
    tags=["目标调整"],
    summary="申请调整已批复的目标",
)
def adjustment_request(request: HttpRequest, body: AdjustmentIn, pk: int = IdPath) -> Status[dict[str, Any]]:
    a = services.adjustment_request(
        filing=_get(request, pk),
        user=request.user,
        declaration=body.declaration,
        indicator=body.indicator,
        new_target=body.new_target,
        reason=body.reason,
    )
    return Status(201, _adjustment(a))


@api.post(
    "/adjustments/{pk}/decision",
    response={200: AdjustmentOut, **ERRORS},
    tags=["目标调整"],
    summary="审批目标调整",
)
def adjustment_decide(request: HttpRequest, body: DecisionIn, pk: int = IdPath) -> dict[str, Any]:
    a = TargetAdjustmentRequest.objects.select_related("filing", "filing__unit").filter(pk=pk).first()
    if a is None or not selectors.can_view_unit(request.user, a.filing.unit):
        raise Http404
    return _adjustment(
        services.adjustment_decide(
            adjustment=a, user=request.user, approve=body.approve, comment=body.comment
        )
    )


@api.post(
    "/filings/{pk}/carry",
    response={200: dict[str, int], **ERRORS},
    tags=["申报表"],
    summary="以批复的目标开始年度自评",
)
def filing_carry(request: HttpRequest, pk: int = IdPath) -> dict[str, int]:
    evaluation = services.filing_carry_into_evaluation(filing=_get(request, pk), user=request.user)
    return {"evaluation_id": evaluation.pk}


@api.get(
    "/suggest",
    response={200: list[dict[str, Any]], **ERRORS},
    tags=["指标库"],
    summary="输入指标名称时的指标库提示",
)
def suggest(
    request: HttpRequest,
    q: str = Query(..., min_length=1, max_length=50),
    filing: int | None = Query(None, ge=1, le=MAX_ID),
) -> list[dict[str, Any]]:
    unit = _get(request, filing).unit if filing is not None else None
    text = "".join(ch for ch in q if ch >= " ")
    return selectors.suggestions(request.user, text, unit=unit)


@api.get(
    "/public/filings",
    response={200: list[FilingSummary], 422: ErrorOut, 500: ErrorOut},
    auth=None,
    tags=["公开"],
    summary="已公开的绩效目标",
)
def public_list(
    request: HttpRequest, year: int | None = Query(None, ge=1990, le=2100)
) -> list[dict[str, Any]]:
    qs = selectors.published_filings()
    if year is not None:
        qs = qs.filter(year=year)
    return [_summary(f) for f in qs[:500]]


@api.get(
    "/public/filings/{pk}",
    response={200: FilingOut, 404: ErrorOut, 422: ErrorOut, 500: ErrorOut},
    auth=None,
    tags=["公开"],
    summary="一份已公开的绩效目标",
)
def public_detail(request: HttpRequest, pk: int = IdPath) -> dict[str, Any]:
    try:
        return _detail(selectors.published_get(pk), public=True)
    except PermissionDenied as exc:
        raise Http404 from exc


# ---------------------------------------------------------------- the bureau's indicator library


class LibraryEntryOut(Schema):
    id: int
    bureau: str
    key: str
    name: str
    level1: str
    level2: str
    state: str
    entry: dict[str, Any]
    created_by: str | None
    created_at: str
    retired_by: str | None
    retired_at: str | None
    retire_reason: str
    history: list[dict[str, Any]]


class LibraryEntryIn(Schema):
    entry: dict[str, Any]
    note: str = ""


class RetireIn(Schema):
    reason: str


def _library_entry(e: BureauIndicator) -> dict[str, Any]:
    return {
        "id": e.pk,
        "bureau": e.bureau.name,
        "key": e.key,
        "name": e.name,
        "level1": e.level1,
        "level2": e.level2,
        "state": e.state,
        "entry": e.data,
        "created_by": e.created_by.username if e.created_by else None,
        "created_at": e.created_at.isoformat(),
        "retired_by": e.retired_by.username if e.retired_by else None,
        "retired_at": e.retired_at.isoformat() if e.retired_at else None,
        "retire_reason": e.retire_reason,
        "history": [
            {
                "action": c.action,
                "actor": c.actor.username if c.actor else None,
                "at": c.at.isoformat(),
                "note": c.note,
            }
            for c in e.changes.select_related("actor")
        ],
    }


def _library_get(request: HttpRequest, pk: int) -> BureauIndicator:
    try:
        return selectors.library_entry_get(request.user, pk)
    except PermissionDenied as exc:
        raise Http404 from exc


@api.get(
    "/library",
    response={200: list[LibraryEntryOut], **ERRORS},
    tags=["指标库"],
    summary="本局指标库（含已停用条目）",
)
def library_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_library_entry(e) for e in selectors.library_entries(request.user)[:1000]]


@api.get(
    "/library/{pk}",
    response={200: LibraryEntryOut, **ERRORS},
    tags=["指标库"],
    summary="指标库条目及其变更记录",
)
def library_detail(request: HttpRequest, pk: int = IdPath) -> dict[str, Any]:
    return _library_entry(_library_get(request, pk))


@api.post("/library", response={201: LibraryEntryOut, **ERRORS}, tags=["指标库"], summary="添加本局指标")
def library_add(request: HttpRequest, body: LibraryEntryIn) -> Status[dict[str, Any]]:
    bureau = selectors.library_bureau_of(request.user)
    if bureau is None:
        raise PermissionDenied("没有所属财政局，不能添加指标")
    entry = services.library_entry_add(user=request.user, bureau=bureau, entry=body.entry, note=body.note)
    return Status(201, _library_entry(entry))


@api.post(
    "/library/{pk}/retire",
    response={200: LibraryEntryOut, **ERRORS},
    tags=["指标库"],
    summary="停用本局指标（保留可查）",
)
def library_retire(request: HttpRequest, body: RetireIn, pk: int = IdPath) -> dict[str, Any]:
    entry = services.library_entry_retire(
        user=request.user, entry=_library_get(request, pk), reason=body.reason
    )
    return _library_entry(entry)
