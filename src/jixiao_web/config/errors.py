"""Django's CSRF failure, said in Chinese: the API's JSON error shape under ``/api/``, a page elsewhere."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jixiao_web.api.errors import error_response

CSRF_MESSAGE = "页面已过期或安全校验未通过：请刷新页面后重新提交（程序调用请使用接口令牌）"


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if request.path.startswith("/api/"):
        return error_response(403, "csrf_failed", CSRF_MESSAGE)
    return render(request, "403.html", {"exception": CSRF_MESSAGE}, status=403)
