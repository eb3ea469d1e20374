"""Template context: the current user's role and scope, for the navigation bar."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .permissions import membership


def role(request: HttpRequest) -> dict[str, Any]:
    m = membership(request.user)
    return {"membership": m, "role": m.role if m else None}
