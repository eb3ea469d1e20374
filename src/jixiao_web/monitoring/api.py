"""``/api/v1/monitoring/``: 绩效运行监控 over HTTP — thin endpoints over this app's selectors and services.

Same authentication (API token or session) and the one JSON error shape of :mod:`jixiao_web.api.errors`;
its own OpenAPI document at ``/api/v1/monitoring/openapi.json`` (docs at ``/api/v1/monitoring/docs``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import File, Path, Schema
from ninja.files import UploadedFile

from jixiao_web.api.endpoints import ERRORS, app_api

from . import selectors, services
from .models import MonitoringReport, MonitoringRound

api = app_api(
    title="绩效运行监控 API",
    description="监控轮次、各单位监控表（预警与审核发现）、预算执行数据导入、财政处理意见。"
    '错误的形式均为 {"error": {"code": "…", "message": "中文说明"}}。',
    namespace="api-v1-monitoring",
)

Id = Path(..., ge=1, le=2**31 - 1)


class RoundIn(Schema):
    as_of: date
    title: str = ""


class RoundOut(Schema):
    id: int
    bureau: str
    year: int
    as_of: date
    title: str
    rule_set_id: str
    rule_set_version: str
    rule_set_hash: str


class ReportSummary(Schema):
    id: int
    unit: str
    desk: str | None
    budget: Decimal | None
    executed: Decimal | None
    execution_rate: Decimal | None
    ratio: Decimal | None
    level: str
    red_count: int
    yellow_count: int
    unlikely_count: int


class RoundDetail(RoundOut):
    time_share: Decimal
    counts: dict[str, int]
    reports: list[ReportSummary]


class ImportOut(Schema):
    rows: int
    units: list[str]
    unmatched: list[str]
    issues: list[str]


class DecisionIn(Schema):
    action: str
    reason: str
    project: str = ""
    amount: Decimal | None = None


class DecisionOut(Schema):
    id: int
    project: str
    action: str
    action_label: str
    amount: Decimal | None
    reason: str
    decided_by: str | None
    decided_at: str


class ReportDetail(ReportSummary):
    round_id: int
    as_of: date
    form: dict[str, Any]
    findings: list[dict[str, Any]]
    decisions: list[DecisionOut]


def _round(r: MonitoringRound) -> dict[str, Any]:
    return {
        "id": r.pk,
        "bureau": r.bureau.name,
        "year": r.year,
        "as_of": r.as_of,
        "title": r.title,
        "rule_set_id": r.rule_set_id,
        "rule_set_version": r.rule_set_version,
        "rule_set_hash": r.rule_set_hash,
    }


def _summary(r: MonitoringReport) -> dict[str, Any]:
    return {
        "id": r.pk,
        "unit": r.unit.name,
        "desk": r.unit.desk.name if r.unit.desk else None,
        "budget": r.budget,
        "executed": r.executed,
        "execution_rate": r.execution_rate,
        "ratio": r.ratio,
        "level": r.level,
        "red_count": r.red_count,
        "yellow_count": r.yellow_count,
        "unlikely_count": r.unlikely_count,
    }


def _decision(d: Any) -> dict[str, Any]:
    return {
        "id": d.pk,
        "project": d.project,
        "action": d.action,
        "action_label": d.get_action_display(),
        "amount": d.amount,
        "reason": d.reason,
        "decided_by": d.decided_by.username if d.decided_by else None,
        "decided_at": d.decided_at.isoformat(),
    }


@api.get("/rounds", response={200: list[RoundOut], **ERRORS}, summary="我可查看的监控轮次")
def round_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_round(r) for r in selectors.round_list_for_user(request.user)[:200]]


@api.post("/rounds", response={201: RoundOut, **ERRORS}, summary="开展一轮监控（财政绩效科）")
def round_create(request: HttpRequest, payload: RoundIn) -> tuple[int, dict[str, Any]]:
    rnd = services.round_create(user=request.user, as_of=payload.as_of, title=payload.title)
    return 201, _round(rnd)


@api.get("/rounds/{pk}", response={200: RoundDetail, **ERRORS}, summary="监控轮次：预警统计与各单位")
def round_detail(request: HttpRequest, pk: int = Id) -> dict[str, Any]:
    rnd = selectors.round_get_for_user(request.user, pk)
    board = selectors.round_dashboard(request.user, rnd)
    reports = [r for desk in board.desks for r in desk.reports]
    return {
        **_round(rnd),
        "time_share": board.share_percent,
        "counts": board.totals,
        "reports": [_summary(r) for r in reports],
    }


@api.post("/rounds/{pk}/execution", response={200: ImportOut, **ERRORS}, summary="导入一体化平台的预算执行表")
def round_import(request: HttpRequest, pk: int = Id, file: UploadedFile = File(...)) -> dict[str, Any]:  # noqa: B008
    rnd = selectors.round_get_for_user(request.user, pk)
    result = services.execution_import(
        round=rnd, user=request.user, filename=file.name or "", content=file.read(services.MAX_UPLOAD + 1)
    )
    return {
        "rows": result.rows,
        "units": result.units,
        "unmatched": result.unmatched,
        "issues": result.issues,
    }


@api.get("/reports/{pk}", response={200: ReportDetail, **ERRORS}, summary="一个单位的监控表、发现与处理意见")
def report_detail(request: HttpRequest, pk: int = Id) -> dict[str, Any]:
    r = selectors.report_get_for_user(request.user, pk)
    return {
        **_summary(r),
        "round_id": r.round_id,
        "as_of": r.round.as_of,
        "form": r.data,
        "findings": r.findings,
        "decisions": [_decision(d) for d in r.decisions.select_related("decided_by")],
    }


@api.post("/reports/{pk}/decisions", response={201: DecisionOut, **ERRORS}, summary="记录财政处理意见")
def decision_create(request: HttpRequest, payload: DecisionIn, pk: int = Id) -> tuple[int, dict[str, Any]]:
    r = selectors.report_get_for_user(request.user, pk)
    d = services.decision_record(
        report=r,
        user=request.user,
        action=payload.action,
        reason=payload.reason,
        project=payload.project,
        amount=payload.amount,
    )
    return 201, _decision(d)
