"""``/api/v1/rectification/``: 整改 and 评价结果应用 over HTTP — thin endpoints over the selectors and services.

Same authentication and the one JSON error shape as ``/api/v1/`` (a refused move of an item's state
machine is 409 ``workflow``); its own OpenAPI document at ``/api/v1/rectification/openapi.json``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Path, Query, Schema
from ninja.files import UploadedFile

from jixiao_web.api.endpoints import ERRORS, app_api
from jixiao_web.api.errors import error_response
from jixiao_web.evaluations.selectors import evaluation_get_for_user
from jixiao_web.monitoring.selectors import report_get_for_user
from jixiao_web.orgs.models import BudgetUnit
from jixiao_web.review.selectors import item_get_for_user as review_item_get_for_user

from . import selectors, services
from .models import BudgetSuggestion, RectificationItem, RectificationNotice

api = app_api(
    title="整改与结果应用 API",
    description="整改通知（事项附审核发现）、单位反馈与佐证材料、销号与重新打开、逾期统计；评价结果应用建议与决定。"
    '错误的形式均为 {"error": {"code": "…", "message": "中文说明"}}。',
    namespace="api-v1-rectification",
)


def _workflow(request: HttpRequest, exc: Exception) -> HttpResponse:
    assert isinstance(exc, services.WorkflowError)
    return error_response(409, "workflow", "；".join(exc.messages))


api.add_exception_handler(services.WorkflowError, _workflow)

Id = Path(..., ge=1, le=2**31 - 1)


class ItemIn(Schema):
    text: str
    code: str = ""
    path: str = ""
    message: str = ""


class NoticeIn(Schema):
    unit_id: int
    year: int
    title: str
    deadline: date
    items: list[ItemIn] = []
    note: str = ""
    from_evaluation: int | None = None  # attach this evaluation's findings instead of typed items
    from_monitoring_report: int | None = None  # or this monitoring report's
    from_review_item: int | None = None  # or what this 抽评 re-score took off


class AnswerOut(Schema):
    id: int
    text: str
    author: str | None
    created_at: str
    evidence: list[dict[str, Any]]


class ItemOut(Schema):
    id: int
    number: int
    text: str
    finding_code: str
    finding_path: str
    deadline: date
    state: str
    state_label: str
    overdue: bool
    answers: list[AnswerOut]


class NoticeOut(Schema):
    id: int
    unit: str
    year: int
    title: str
    source: str
    deadline: date
    items: list[ItemOut]


class CommentIn(Schema):
    comment: str = ""


class CountsOut(Schema):
    unit: str
    open: int
    answered: int
    closed: int
    overdue: int


class SuggestionOut(Schema):
    id: int
    unit: str
    year: int
    project: str
    budget: Decimal | None
    execution_rate: Decimal | None
    score: Decimal | None
    grade: str
    action: str
    cut_at_least: Decimal | None
    explanation: str
    rules: list[dict[str, Any]]
    rule_set_id: str
    rule_set_version: str
    decided_action: str
    decision_reason: str


class DecideIn(Schema):
    action: str | None = None
    reason: str = ""


class ComputeIn(Schema):
    year: int


def _item(i: RectificationItem) -> dict[str, Any]:
    return {
        "id": i.pk,
        "number": i.number,
        "text": i.text,
        "finding_code": i.finding_code,
        "finding_path": i.finding_path,
        "deadline": i.deadline,
        "state": i.state,
        "state_label": i.get_state_display(),
        "overdue": i.state != "closed" and i.deadline < selectors.today(),
        "answers": [
            {
                "id": a.pk,
                "text": a.text,
                "author": a.author.username if a.author else None,
                "created_at": a.created_at.isoformat(),
                "evidence": [
                    {"id": e.pk, "filename": e.filename, "size": e.size, "sha256": e.sha256}
                    for e in a.evidence.all()
                ],
            }
            for a in i.answers.all()
        ],
    }


def _notice(n: RectificationNotice) -> dict[str, Any]:
    items = n.items.prefetch_related("answers__evidence", "answers__author")
    return {
        "id": n.pk,
        "unit": n.unit.name,
        "year": n.year,
        "title": n.title,
        "source": n.source,
        "deadline": n.deadline,
        "items": [_item(i) for i in items],
    }


def _suggestion(s: BudgetSuggestion) -> dict[str, Any]:
    return {
        "id": s.pk,
        "unit": s.unit.name,
        "year": s.year,
        "project": s.project,
        "budget": s.budget,
        "execution_rate": s.execution_rate,
        "score": s.score,
        "grade": s.grade,
        "action": s.action,
        "cut_at_least": s.cut_at_least,
        "explanation": s.explanation,
        "rules": s.rules,
        "rule_set_id": s.rule_set_id,
        "rule_set_version": s.rule_set_version,
        "decided_action": s.decided_action,
        "decision_reason": s.decision_reason,
    }


@api.get("/notices", response={200: list[NoticeOut], **ERRORS}, summary="我可查看的整改通知")
def notice_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_notice(n) for n in selectors.notice_list_for_user(request.user)[:100]]


@api.post("/notices", response={201: NoticeOut, **ERRORS}, summary="下发整改通知（事项手填或附审核发现）")
def notice_create(request: HttpRequest, payload: NoticeIn) -> tuple[int, dict[str, Any]]:
    if payload.from_evaluation:
        evaluation = evaluation_get_for_user(request.user, payload.from_evaluation)
        notice = services.notice_from_evaluation(
            user=request.user, evaluation=evaluation, deadline=payload.deadline
        )
    elif payload.from_monitoring_report:
        report = report_get_for_user(request.user, payload.from_monitoring_report)
        notice = services.notice_from_monitoring(user=request.user, report=report, deadline=payload.deadline)
    elif payload.from_review_item:
        item = review_item_get_for_user(request.user, payload.from_review_item)
        notice = services.notice_from_review(user=request.user, item=item, deadline=payload.deadline)
    else:
        unit = BudgetUnit.objects.filter(pk=payload.unit_id).first()
        if unit is None:
            from django.http import Http404

            raise Http404
        notice = services.notice_issue(
            user=request.user,
            unit=unit,
            year=payload.year,
            title=payload.title,
            deadline=payload.deadline,
            items=[services.ItemSpec(i.text, i.code, i.path, i.message) for i in payload.items],
            note=payload.note,
        )
    return 201, _notice(notice)


@api.get("/notices/{pk}", response={200: NoticeOut, **ERRORS}, summary="整改通知详情")
def notice_detail(request: HttpRequest, pk: int = Id) -> dict[str, Any]:
    return _notice(selectors.notice_get_for_user(request.user, pk))


@api.post("/items/{pk}/answer", response={200: ItemOut, **ERRORS}, summary="单位反馈整改情况（可附佐证材料）")
def item_answer(
    request: HttpRequest,
    pk: int = Id,
    text: str = Form(...),
    evidence: list[UploadedFile] = File(default=[]),  # noqa: B008
) -> dict[str, Any]:
    item = selectors.item_get_for_user(request.user, pk)
    files = [(f.name or "佐证材料", f.read(services.MAX_EVIDENCE + 1)) for f in evidence]
    services.item_answer(item=item, user=request.user, text=text, files=files)
    return _item(RectificationItem.objects.get(pk=pk))


@api.post("/items/{pk}/close", response={200: ItemOut, **ERRORS}, summary="销号")
def item_close(request: HttpRequest, payload: CommentIn, pk: int = Id) -> dict[str, Any]:
    item = selectors.item_get_for_user(request.user, pk)
    return _item(services.item_close(item=item, user=request.user, comment=payload.comment))


@api.post("/items/{pk}/reopen", response={200: ItemOut, **ERRORS}, summary="重新打开（须写明理由）")
def item_reopen(request: HttpRequest, payload: CommentIn, pk: int = Id) -> dict[str, Any]:
    item = selectors.item_get_for_user(request.user, pk)
    return _item(services.item_reopen(item=item, user=request.user, comment=payload.comment))


@api.get(
    "/dashboard",
    response={200: list[CountsOut], **ERRORS},
    summary="整改事项：待整改/已反馈/已销号/逾期，按单位",
)
def dashboard(request: HttpRequest) -> list[dict[str, Any]]:
    return [r.__dict__ for r in selectors.dashboard(request.user)]


@api.get("/suggestions", response={200: list[SuggestionOut], **ERRORS}, summary="评价结果应用建议")
def suggestion_list(
    request: HttpRequest, year: int | None = Query(None, ge=1990, le=2100)
) -> list[dict[str, Any]]:
    return [_suggestion(s) for s in selectors.suggestion_list_for_user(request.user, year)[:1000]]


@api.post(
    "/suggestions/compute",
    response={200: list[SuggestionOut], **ERRORS},
    summary="按规则集生成建议（绩效科）",
)
def suggestion_compute(request: HttpRequest, payload: ComputeIn) -> list[dict[str, Any]]:
    return [_suggestion(s) for s in services.suggestions_compute(user=request.user, year=payload.year)]


@api.post(
    "/suggestions/{pk}/decide",
    response={200: SuggestionOut, **ERRORS},
    summary="采纳或改变建议（改变时写明理由）",
)
def suggestion_decide(request: HttpRequest, payload: DecideIn, pk: int = Id) -> dict[str, Any]:
    row = selectors.suggestion_list_for_user(request.user).filter(pk=pk).first()
    if row is None:
        from django.http import Http404

        raise Http404
    return _suggestion(
        services.suggestion_decide(
            suggestion=row, user=request.user, action=payload.action, reason=payload.reason
        )
    )
