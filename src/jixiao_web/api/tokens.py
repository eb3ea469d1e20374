"""API tokens: create (the plain token is shown once), authenticate, revoke.

A token is 32 random bytes (URL-safe base64) with the prefix ``jx_``; only its SHA-256 is stored —
a fast hash is enough for a secret of that strength, and it keeps every API request cheap.
``last_used`` is written at most once a minute per token, not on every request.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from .models import ApiToken

PREFIX = "jx_"
TOUCH_EVERY = timedelta(seconds=60)


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def token_create(*, user: Any, name: str = "") -> tuple[ApiToken, str]:
    """A new token for ``user``; returns the row and the plain token (shown once, never stored)."""
    if user is None or not user.is_active:
        raise ValidationError("该用户不存在或已停用")
    raw = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name[:100], prefix=raw[:10], token_hash=_hash(raw))
    return token, raw


def token_create_for_username(username: str, name: str = "") -> tuple[ApiToken, str]:
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise ValidationError(f"用户“{username}”不存在")
    return token_create(user=user, name=name)


def token_authenticate(raw: str) -> Any | None:
    """The active user a token belongs to, or None."""
    if not raw or not raw.startswith(PREFIX) or len(raw) > 200:
        return None
    # the user's membership (role and scope) comes in the same query: every endpoint asks for it
    token = (
        ApiToken.objects.select_related("user", "user__membership")
        .filter(token_hash=_hash(raw), revoked=False)
        .order_by()
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used is None or now - token.last_used > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    return token.user


def token_revoke(*, token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk).update(revoked=True)
