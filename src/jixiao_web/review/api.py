"""``/api/v1/review/``: 财政重点评价 and 抽评 over HTTP — thin endpoints over this app's selectors and services.

Same authentication (API token or session) and the one JSON error shape of :mod:`jixiao_web.api.errors`;
its own OpenAPI document at ``/api/v1/review/openapi.json`` (docs at ``/api/v1/review/docs``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Path, Schema

from jixiao_web.api.endpoints import ERRORS, app_api
from jixiao_web.orgs.permissions import require

from . import selectors, services
from .models import ReScore, Reviewer, ReviewItem, ReviewRound

api = app_api(
    title="财政重点评价与抽评 API",
    description="评价机构和专家库、抽评样本（随机种子可重现）、委派（回避审查）、复评得分、自评与复评的差额和自评偏高的单位。"
    '错误的形式均为 {"error": {"code": "…", "message": "中文说明"}}。',
    namespace="api-v1-review",
)

Id = Path(..., ge=1, le=2**31 - 1)


class ReviewerIn(Schema):
    kind: str
    name: str
    organisation: str = ""
    related_units: list[int] = []
    note: str = ""


class ReviewerOut(Schema):
    id: int
    kind: str
    kind_label: str
    name: str
    organisation: str
    related_units: list[str]


class RoundIn(Schema):
    year: int
    size: int
    seed: int | None = None
    stratify_by: str = ""
    size_bounds: list[Decimal] = []
    title: str = ""


class RoundOut(Schema):
    id: int
    bureau: str
    year: int
    title: str
    seed: int
    size: int
    stratify_by: str
    size_bounds: list[str]
    population: dict[str, int]
    allocation: dict[str, int]
    description: str
    published: bool


class ReScoreOut(Schema):
    path: str
    subject: str
    self_score: Decimal
    re_score: Decimal
    gap: Decimal
    reason: str
    rows: list[dict[str, Any]]


class ItemOut(Schema):
    id: int
    unit: str
    stratum: str
    evaluation_id: int
    assignee: str
    reviewer: str | None
    rescores: list[ReScoreOut]


class FlaggedOut(Schema):
    unit: str
    forms: int
    mean_gap: Decimal


class RoundDetail(RoundOut):
    items: list[ItemOut]
    flagged: list[FlaggedOut]
    rule: str


class AssignIn(Schema):
    reviewer_id: int | None = None  # empty: the bureau re-evaluates itself


class RowIn(Schema):
    key: str
    re_score: Decimal
    reason: str = ""


class ReScoreIn(Schema):
    path: str
    reason: str
    total: Decimal | None = None
    rows: list[RowIn] = []


def _reviewer(r: Reviewer) -> dict[str, Any]:
    return {
        "id": r.pk,
        "kind": r.kind,
        "kind_label": r.get_kind_display(),
        "name": r.name,
        "organisation": r.organisation,
        "related_units": [u.name for u in r.related_units.all()],
    }


def _round(r: ReviewRound) -> dict[str, Any]:
    return {
        "id": r.pk,
        "bureau": r.bureau.name,
        "year": r.year,
        "title": r.title,
        "seed": r.seed,
        "size": r.size,
        "stratify_by": r.stratify_by,
        "size_bounds": r.size_bounds,
        "population": r.population,
        "allocation": r.allocation,
        "description": r.description,
        "published": r.published_at is not None,
    }


def _rescore(s: ReScore) -> dict[str, Any]:
    return {
        "path": s.path,
        "subject": s.subject,
        "self_score": s.self_score,
        "re_score": s.re_score,
        "gap": s.gap,
        "reason": s.reason,
        "rows": s.rows,
    }


def _item(i: ReviewItem) -> dict[str, Any]:
    return {
        "id": i.pk,
        "unit": i.unit.name,
        "stratum": i.stratum,
        "evaluation_id": i.evaluation_id,
        "assignee": i.assignee,
        "reviewer": i.reviewer.name if i.reviewer else None,
        "rescores": [_rescore(s) for s in i.rescores.all()],
    }


@api.get("/reviewers", response={200: list[ReviewerOut], **ERRORS}, summary="评价机构和专家库")
def reviewer_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_reviewer(r) for r in selectors.reviewer_list_for_user(request.user)[:500]]


@api.post("/reviewers", response={201: ReviewerOut, **ERRORS}, summary="加入评价机构或专家（财政绩效科）")
def reviewer_create(request: HttpRequest, payload: ReviewerIn) -> tuple[int, dict[str, Any]]:
    r = services.reviewer_register(
        user=request.user,
        kind=payload.kind,
        name=payload.name,
        organisation=payload.organisation,
        related_units=payload.related_units,
        note=payload.note,
    )
    return 201, _reviewer(r)


@api.get("/rounds", response={200: list[RoundOut], **ERRORS}, summary="我可查看的抽评批次")
def round_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_round(r) for r in selectors.round_list_for_user(request.user)[:200]]


@api.post("/rounds", response={201: RoundOut, **ERRORS}, summary="抽取样本（财政绩效科；随机种子记入批次）")
def round_create(request: HttpRequest, payload: RoundIn) -> tuple[int, dict[str, Any]]:
    rnd = services.round_draw(
        user=request.user,
        year=payload.year,
        size=payload.size,
        seed=payload.seed,
        stratify_by=payload.stratify_by,
        size_bounds=payload.size_bounds,
        title=payload.title,
    )
    return 201, _round(rnd)


@api.get(
    "/rounds/{pk}",
    response={200: RoundDetail, **ERRORS},
    summary="抽评批次：样本、复评、差额、自评偏高的单位",
)
def round_detail(request: HttpRequest, pk: int = Id) -> dict[str, Any]:
    rnd = selectors.round_get_for_user(request.user, pk)
    board = selectors.round_board(request.user, rnd)
    items = selectors.item_list_for_user(request.user).filter(round=rnd).prefetch_related("rescores")
    return {
        **_round(rnd),
        "items": [_item(i) for i in items],
        "flagged": [{"unit": u.unit, "forms": len(u.gaps), "mean_gap": u.mean} for u in board.flagged],
        "rule": f"至少{board.min_samples}张表经复评且自评平均高出复评超过{board.threshold}分（{board.rule_set}）",
    }


@api.post("/rounds/{pk}/publish", response={200: RoundOut, **ERRORS}, summary="公开抽评结果")
def round_publish(request: HttpRequest, pk: int = Id) -> dict[str, Any]:
    rnd = selectors.round_get_for_user(request.user, pk)
    return _round(services.round_publish(round=rnd, user=request.user))


@api.get("/items/{pk}", response={200: ItemOut, **ERRORS}, summary="一个抽中的评价：评价方与复评得分")
def item_detail(request: HttpRequest, pk: int = Id) -> dict[str, Any]:
    return _item(selectors.item_get_for_user(request.user, pk))


@api.post("/items/{pk}/assign", response={200: ItemOut, **ERRORS}, summary="委派评价方（回避审查）")
def item_assign(request: HttpRequest, payload: AssignIn, pk: int = Id) -> dict[str, Any]:
    item = selectors.item_get_for_user(request.user, pk)
    reviewer = None
    if payload.reviewer_id is not None:
        reviewer = selectors.reviewer_list_for_user(request.user).filter(pk=payload.reviewer_id).first()
        require(reviewer is not None, "库中没有该机构或专家，或无权委派")
    return _item(services.item_assign(item=item, user=request.user, reviewer=reviewer))


@api.post(
    "/items/{pk}/rescores", response={201: ReScoreOut, **ERRORS}, summary="录入复评得分（逐行或总分，附理由）"
)
def rescore_create(request: HttpRequest, payload: ReScoreIn, pk: int = Id) -> tuple[int, dict[str, Any]]:
    item = selectors.item_get_for_user(request.user, pk)
    s = services.rescore_save(
        item=item,
        user=request.user,
        path=payload.path,
        reason=payload.reason,
        total=payload.total,
        rows={r.key: services.RowScore(r.re_score, r.reason) for r in payload.rows},
    )
    return 201, _rescore(s)
