"""One JSON error shape for the whole API: ``{"error": {"code": "...", "message": "中文…"}}``.

400 invalid (bad request or invalid package), 401 not_authenticated, 403 forbidden / csrf_failed,
404 not_found, 405 method_not_allowed (also when Django answers it: jixiao_web.config.middleware),
409 conflict / workflow, 422 invalid_parameters / unreadable_document, 500 server_error.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from jixiao_web.evaluations.services import ConflictError, WorkflowError

log = logging.getLogger(__name__)


class ApiError(Exception):
    """Raised by endpoints: an HTTP status, a code and a Chinese message."""

    def __init__(self, status: int, code: str, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details or []


def error_response(
    status: int, code: str, message: str, details: list[str] | None = None, **extra: Any
) -> JsonResponse:
    body: dict[str, Any] = {"code": code, "message": message}
    if details:
        body["details"] = details
    body.update(extra)
    return JsonResponse({"error": body}, status=status, json_dumps_params={"ensure_ascii": False})


def _where(loc: Any) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "form", "file", "payload")]
    return ".".join(parts) or "请求"


def _validation(exc: NinjaValidationError) -> list[str]:
    out = []
    for err in exc.errors[:20]:
        loc = err.get("loc", ())
        kind = err.get("type", "")
        text = {
            "missing": "缺少必填项",
            "int_parsing": "应为整数",
            "greater_than_equal": "数值过小",
            "less_than_equal": "数值过大",
            "string_too_long": "文字过长",
            "literal_error": "取值不在允许范围内",
            "enum": "取值不在允许范围内",
            "json_invalid": "不是合法的 JSON",
            "dict_type": "应为 JSON 对象",
            "model_attributes_type": "应为 JSON 对象",
        }.get(kind, "取值不合规")
        out.append(f"{_where(loc)}：{text}")
    return out


def install(api: NinjaAPI) -> None:
    """Register the handlers that give every error the one shape."""

    def api_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        assert isinstance(exc, ApiError)
        return error_response(exc.status, exc.code, exc.message, exc.details)

    def not_authenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(
            401, "not_authenticated", "请先登录，或在 Authorization 头中提供有效的 API 令牌（Bearer）"
        )

    def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(403, "forbidden", str(exc) or "无权进行该操作")

    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(404, "not_found", "不存在或无权访问")

    def invalid_parameters(request: HttpRequest, exc: Exception) -> HttpResponse:
        assert isinstance(exc, NinjaValidationError)
        details = _validation(exc)
        return error_response(422, "invalid_parameters", "请求参数不合规：" + "；".join(details[:3]), details)

    def http_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        assert isinstance(exc, HttpError)
        if exc.status_code == 400:
            return error_response(400, "bad_request", "请求格式错误（请求体不是合法的 JSON 或表单）")
        if exc.status_code == 403:  # ninja's session authentication: the CSRF check failed
            from jixiao_web.config.errors import CSRF_MESSAGE

            return error_response(403, "csrf_failed", CSRF_MESSAGE)
        codes = {405: "method_not_allowed", 429: "throttled"}
        return error_response(
            exc.status_code, codes.get(exc.status_code, "http_error"), str(exc) or "请求失败"
        )

    def throttled(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(429, "throttled", "请求过于频繁，请稍后再试")

    def conflict(request: HttpRequest, exc: Exception) -> HttpResponse:
        assert isinstance(exc, ConflictError)
        return error_response(
            409, "conflict", str(exc), current=exc.current, based_on=exc.based_on, kept=exc.kept
        )

    def workflow(request: HttpRequest, exc: Exception) -> HttpResponse:
        assert isinstance(exc, WorkflowError)
        return error_response(409, "workflow", "；".join(exc.messages))

    def invalid(request: HttpRequest, exc: Exception) -> HttpResponse:
        assert isinstance(exc, DjangoValidationError)
        return error_response(400, "invalid", "；".join(exc.messages[:3]), list(exc.messages[:20]))

    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        log.exception("API error on %s", request.path, exc_info=exc)
        return error_response(500, "server_error", "服务器内部错误，请稍后重试或联系管理员")

    api.add_exception_handler(ApiError, api_error)
    api.add_exception_handler(AuthenticationError, not_authenticated)
    api.add_exception_handler(AuthorizationError, forbidden)
    api.add_exception_handler(PermissionDenied, forbidden)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(NinjaValidationError, invalid_parameters)
    api.add_exception_handler(Throttled, throttled)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(ConflictError, conflict)
    api.add_exception_handler(WorkflowError, workflow)
    api.add_exception_handler(DjangoValidationError, invalid)
    api.add_exception_handler(Exception, server_error)


ERRORS: dict[int, type] = {}  # filled in endpoints (the OpenAPI response documentation)
