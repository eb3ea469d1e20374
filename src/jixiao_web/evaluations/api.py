"""A small JSON API for the same operations as the pages (issue 7 extends it).

``/api/evaluations/`` (list, scoped by role), ``/api/evaluations/<id>/`` (detail),
``/api/evaluations/<id>/package`` (save, with conflict detection), ``/api/evaluations/<id>/check``,
``/api/evaluations/<id>/transitions`` (submit, start_review, return, approve, publish),
``/api/evaluations/<id>/revisions`` and ``/api/public/evaluations/`` (published, anonymous).
Session authentication (CSRF applies to writes). Every error has one shape:
``{"error": {"code": "...", "message": "中文"}}``.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, JsonResponse

from jixiao.model.bounds import decimal_text

from . import engine, selectors, services
from .models import Evaluation

STATUS = {
    "not_authenticated": 401,
    "forbidden": 403,
    "not_found": 404,
    "method_not_allowed": 405,
    "invalid": 400,
    "bad_json": 400,
    "conflict": 409,
    "workflow": 409,
}


def error(code: str, message: str, **extra: Any) -> JsonResponse:
    body: dict[str, Any] = {"code": code, "message": message}
    body.update(extra)
    response = JsonResponse(
        {"error": body}, status=STATUS.get(code, 400), json_dumps_params={"ensure_ascii": False}
    )
    return response


def ok(data: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(
        data, status=status, safe=False, json_dumps_params={"ensure_ascii": False}, encoder=_Encoder
    )


class _Encoder(json.JSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, Decimal):
            return format(o, "f")
        if hasattr(o, "isoformat"):
            return o.isoformat()
        return super().default(o)


def api_view(methods: list[str], *, public: bool = False) -> Callable[..., Any]:
    def decorate(view: Callable[..., JsonResponse]) -> Callable[..., JsonResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
            if request.method not in methods:
                return error("method_not_allowed", f"不支持 {request.method} 方法")
            if not public and not request.user.is_authenticated:
                return error("not_authenticated", "请先登录")
            try:
                return view(request, *args, **kwargs)
            except services.ConflictError as exc:
                return error("conflict", str(exc), current=exc.current, based_on=exc.based_on, kept=exc.kept)
            except PermissionDenied as exc:
                return error("forbidden", str(exc) or "无权进行该操作")
            except services.WorkflowError as exc:
                return error("workflow", "；".join(exc.messages))
            except ValidationError as exc:
                return error("invalid", "；".join(exc.messages), problems=exc.messages)
            except Evaluation.DoesNotExist:
                return error("not_found", "不存在")

        return wrapper

    return decorate


def _body(request: HttpRequest) -> dict[str, Any]:
    try:
        data = json.loads(request.body.decode("utf-8") or "{}", parse_float=Decimal)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError("请求体不是合法的 JSON") from exc
    if not isinstance(data, dict):
        raise ValidationError("请求体应为 JSON 对象")
    return data


def summary(evaluation: Evaluation) -> dict[str, Any]:
    return {
        "id": evaluation.pk,
        "unit": evaluation.unit.name,
        "year": evaluation.year,
        "state": evaluation.state,
        "state_label": evaluation.get_state_display(),
        "revision": _revision_number(evaluation),
        "self_score": evaluation.self_score,
        "computed_score": evaluation.computed_score,
        "grade": evaluation.grade,
        "error_count": evaluation.error_count,
        "warning_count": evaluation.warning_count,
        "days_late": evaluation.days_late,
        "assessment_score": evaluation.assessment_score,
    }


def _revision_number(evaluation: Evaluation) -> int | None:
    if hasattr(evaluation, "revision_number"):  # lists annotate it instead of loading the revision's JSON
        number: int | None = evaluation.revision_number
        return number
    return evaluation.current_revision.number if evaluation.current_revision else None


def _listing(request: HttpRequest, qs: Any) -> dict[str, Any]:
    """A page of a list (``?page=``, ``?page_size=`` up to 200, or ``?cursor=`` the ``next_cursor`` of the
    page before), read id first — a deep page costs what the first does and no package JSON is loaded."""
    from django.db.models import F

    page, size, cursor = (
        request.GET.get("page", "1"),
        request.GET.get("page_size", ""),
        request.GET.get("cursor", ""),
    )
    if cursor and selectors.parse_cursor(cursor) is None:
        raise ValidationError("cursor 参数无效：应为上一页返回的 next_cursor")
    listing = selectors.page_of(
        qs,
        page=int(page) if page.isdigit() and len(page) < 7 else 1,
        size=int(size) if size.isdigit() and len(size) < 4 else selectors.PAGE_SIZE,
        cursor=cursor,
        annotations={"revision_number": F("current_revision__number")},
    )
    return {
        "results": [summary(e) for e in listing.rows],
        "page": listing.number or None,
        "page_size": listing.size,
        "has_next": listing.has_next,
        "next_cursor": listing.next_cursor,
    }


@api_view(["GET"])
def evaluation_list(request: HttpRequest) -> JsonResponse:
    return ok(_listing(request, selectors.evaluation_list_for_user(request.user)))


@api_view(["GET"])
def evaluation_detail(request: HttpRequest, pk: int) -> JsonResponse:
    evaluation = selectors.evaluation_get_for_user(request.user, pk)
    data = evaluation.current_revision.data if evaluation.current_revision else None
    package = services.package_of(evaluation)
    return ok(
        {
            **summary(evaluation),
            "package": data,
            "findings": engine.check(package) if package is not None else [],
            "actions": sorted(selectors.available_actions(request.user, evaluation)),
            "transitions": [
                {
                    "from": t.from_state,
                    "to": t.to_state,
                    "at": t.at,
                    "actor": str(t.actor or ""),
                    "comment": t.comment,
                }
                for t in evaluation.transitions.select_related("actor")
            ],
            "comments": [
                {
                    "text": c.text,
                    "path": c.path,
                    "code": c.finding_code,
                    "author": str(c.author or ""),
                    "at": c.created_at,
                    "revision": c.revision_number,
                }
                for c in evaluation.comments.select_related("author")
            ],
        }
    )


@api_view(["GET"])
def revision_list(request: HttpRequest, pk: int) -> JsonResponse:
    evaluation = selectors.evaluation_get_for_user(request.user, pk)
    return ok(
        {
            "evaluation": summary(evaluation),
            "results": [
                {
                    "number": r.number,
                    "author": str(r.author or ""),
                    "at": r.created_at,
                    "message": r.message,
                    "changes": r.changes,
                    "based_on": r.based_on,
                    "conflict": r.conflict,
                }
                for r in selectors.revision_list(evaluation)
            ],
        }
    )


@api_view(["PUT", "POST"])
def package_save(request: HttpRequest, pk: int) -> JsonResponse:
    """Body ``{"based_on": n, "package": {...}, "message": "..."}`` → the new revision, or 409 conflict."""
    evaluation = selectors.evaluation_get_for_user(request.user, pk)
    body = _body(request)
    try:
        based_on = int(body.get("based_on"))  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        raise ValidationError("请给出 based_on（所依据的版本号）") from exc
    result = services.package_save(
        evaluation=evaluation,
        user=request.user,
        data=_jsonable(body.get("package")),
        based_on=based_on,
        message=str(body.get("message", ""))[:300],
    )
    return ok({"revision": result.revision.number, "changes": result.changes})


def _jsonable(data: Any) -> Any:
    """Decimals parsed from the request back to strings (the model reads them exactly)."""
    if isinstance(data, dict):
        return {k: _jsonable(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_jsonable(v) for v in data]
    if isinstance(data, Decimal):
        return decimal_text(data)  # 9e999999999 stays short
    return data


@api_view(["POST"])
def package_check(request: HttpRequest, pk: int) -> JsonResponse:
    """Body ``{"package": {...}}`` (or empty: the current revision) → findings and computed fields."""
    evaluation = selectors.evaluation_get_for_user(request.user, pk)
    body = _body(request)
    if body.get("package") is not None:
        package = services.validate_package_data(_jsonable(body["package"]))
    else:
        package = services.package_of(evaluation)
        if package is None:
            raise ValidationError("该自评还没有评价包")
    return ok({"findings": engine.check(package), "computed": engine.computed_fields(package)})


@api_view(["POST"])
def transition(request: HttpRequest, pk: int) -> JsonResponse:
    """Body ``{"action": "submit|start_review|return|approve|publish", "comment": "", "field_comments": []}``."""
    evaluation = selectors.evaluation_get_for_user(request.user, pk)
    body = _body(request)
    action = body.get("action")
    comment = str(body.get("comment", ""))
    user = request.user
    if action == "submit":
        evaluation = services.evaluation_submit(evaluation=evaluation, user=user)
    elif action == "start_review":
        evaluation = services.review_start(evaluation=evaluation, user=user)
    elif action == "return":
        field_comments = body.get("field_comments") or []
        if not isinstance(field_comments, list) or not all(
            isinstance(c, dict) and "text" in c for c in field_comments
        ):
            raise ValidationError("field_comments 应为 [{path, code, text}] 列表")
        evaluation = services.review_return(
            evaluation=evaluation, user=user, comment=comment, field_comments=field_comments
        )
    elif action == "approve":
        evaluation = services.review_approve(evaluation=evaluation, user=user, comment=comment)
    elif action == "publish":
        evaluation = services.evaluation_publish(evaluation=evaluation, user=user)
    else:
        raise ValidationError("未知操作：应为 submit、start_review、return、approve 或 publish")
    return ok(summary(evaluation))


@api_view(["GET"], public=True)
def public_list(request: HttpRequest) -> JsonResponse:
    year = request.GET.get("year", "")
    qs = selectors.published_list(
        jurisdiction=request.GET.get("jurisdiction", ""),
        year=int(year) if year.isdigit() else None,
        q=request.GET.get("q", ""),
    )
    return ok(_listing(request, qs))


@api_view(["GET"], public=True)
def public_detail(request: HttpRequest, pk: int) -> JsonResponse:
    try:
        evaluation = selectors.published_get(pk)
    except PermissionDenied:
        return error("not_found", "该报告不存在或尚未公开")
    return ok(
        {
            **summary(evaluation),
            "package": evaluation.current_revision.data if evaluation.current_revision else None,
        }
    )
