"""The API docs page at ``/api/v1/docs``: Swagger UI served from this server, never from a CDN.

The Swagger UI files are the ones django-ninja ships in its package (``ninja/static/ninja``); a
small view serves the few that the page needs, so ``ninja`` need not be an installed app.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import ninja
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from ninja.openapi.docs import DocsBase

ASSETS_DIR = Path(ninja.__file__).parent / "static" / "ninja"
ASSETS = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "swagger-ui-init.js": "text/javascript",
    "favicon.png": "image/png",
}


class LocalSwagger(DocsBase):
    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        settings = {"layout": "BaseLayout", "deepLinking": True, "url": self.get_openapi_url(api, kwargs)}
        return render(
            request,
            "api/docs.html",
            {
                "swagger_settings": json.dumps(settings),
                "api": api,
                "bundle": reverse("api-docs-asset", args=["swagger-ui-bundle.js"]),
                "init": reverse("api-docs-asset", args=["swagger-ui-init.js"]),
                "css": reverse("api-docs-asset", args=["swagger-ui.css"]),
                "icon": reverse("api-docs-asset", args=["favicon.png"]),
            },
        )


@cache_control(max_age=86400, public=True)
def asset(request: HttpRequest, name: str) -> FileResponse:
    if name not in ASSETS:
        raise Http404("没有这个文件")
    return FileResponse((ASSETS_DIR / name).open("rb"), content_type=ASSETS[name])
