"""Django's CSRF failure, said in Chinese: the API's JSON error shape under ``/api/``, a page elsewhere."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jixiao_web.api.errors import error_response

CSRF_MESSAGE = "安全校验（CSRF）未通过：请刷新页面后重试；程序调用请使用 API 令牌（Authorization: Bearer）"


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if request.path.startswith("/api/"):
        return error_response(403, "csrf_failed", CSRF_MESSAGE)
    return render(request, "403.html", {"exception": CSRF_MESSAGE}, status=403)
