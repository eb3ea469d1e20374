"""``/api/v1/``: the ninja API, its docs assets, and a JSON 404 for any other path under it."""

from django.http import HttpRequest, JsonResponse
from django.urls import path, re_path

from .docs import asset
from .endpoints import api
from .errors import error_response


def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    return error_response(404, "not_found", "没有这个接口，请查看 /api/v1/docs")


urlpatterns = [
    path("docs/assets/<str:name>", asset, name="api-docs-asset"),
    path("", api.urls),
    re_path(r"^(?P<rest>.*)$", not_found),
]
