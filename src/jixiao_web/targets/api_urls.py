"""``/api/v1/targets/``: the app's ninja API and a JSON 404 for any other path under it."""

from django.http import HttpRequest, JsonResponse
from django.urls import path, re_path

from jixiao_web.api.errors import error_response

from .api import api


def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    return error_response(404, "not_found", "没有这个接口，请查看 /api/v1/targets/docs")


urlpatterns = [
    path("", api.urls),
    re_path(r"^(?P<rest>.*)$", not_found),
]
