"""Response headers for every page, and the API's one error shape for what Django answers itself.

- ``Content-Security-Policy``: everything is served from this site (scripts and styles as files,
  no inline script or style attribute anywhere); the one inline ``<style>`` allowed is the HTML
  report renderer's stylesheet, by its hash. ``frame-ancestors 'none'``, no plugins, forms post here.
- ``Cache-Control: no-store`` on every response to a signed-in user that does not set its own
  caching (a shared computer's back button or a proxy must not show someone's package).
- Under ``/api/``: an error that Django itself answers (405 method not allowed, 404 of a path no
  view knows, a 500 outside the API's own handlers) in the shape of :mod:`jixiao_web.api.errors`.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from functools import cache

from django.http import HttpRequest, HttpResponse

API_PREFIX = "/api/"
API_ERRORS = {
    400: ("bad_request", "请求格式错误"),
    401: ("not_authenticated", "请先登录"),
    403: ("forbidden", "无权进行该操作"),
    404: ("not_found", "没有这个接口或对象"),
    405: ("method_not_allowed", "该接口不支持 {method} 方法"),
    413: ("too_large", "请求体过大"),
    429: ("throttled", "请求过于频繁，请稍后再试"),
    500: ("server_error", "服务器内部错误，请稍后重试或联系管理员"),
}


@cache
def _inline_style_hashes() -> tuple[str, ...]:
    """The hashes of the inline stylesheets the site itself serves (the HTML report renderer's)."""
    try:
        from jixiao.renderers.html import CSS
    except ImportError:
        return ()
    digest = base64.b64encode(hashlib.sha256(CSS.encode("utf-8")).digest()).decode("ascii")
    return (f"'sha256-{digest}'",)


@cache
def content_security_policy() -> str:
    styles = " ".join(("'self'", *_inline_style_hashes()))
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            f"style-src {styles}",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(API_PREFIX):
            response = _api_error_shape(request, response)
        response.setdefault("Content-Security-Policy", content_security_policy())
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store, private"
        return response


def _api_error_shape(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if response.status_code < 400 or response.get("Content-Type", "").startswith("application/json"):
        return response
    code, message = API_ERRORS.get(
        response.status_code, ("http_error", f"请求失败（HTTP {response.status_code}）")
    )
    body = {"error": {"code": code, "message": message.format(method=request.method)}}
    shaped = HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=response.status_code,
        content_type="application/json",
    )
    for header in ("Allow", "Retry-After", "WWW-Authenticate"):
        if response.has_header(header):
            shaped[header] = response[header]
    return shaped
