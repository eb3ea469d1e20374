"""API tokens: create (the plain token is shown once), authenticate, revoke.

A token is 32 random bytes (URL-safe base64) with the prefix ``jx_``; only its SHA-256 is stored —
a fast hash is enough for a secret of that strength, and it keeps every API request cheap.
``last_used`` is written at most once a minute per token, not on every request.

A web process remembers the user of a token it has just checked for :data:`REMEMBER_SECONDS`
(``JIXIAO_TOKEN_CACHE_SECONDS``, default 5; 0 turns it off), so a machine client's burst of requests
costs one token query, not one each. Revoking a token, or changing or deactivating its user or their
role, forgets everything remembered in the process that does it at once; other web processes follow
within those seconds.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import time
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from .models import ApiToken

PREFIX = "jx_"
TOUCH_EVERY = timedelta(seconds=60)
REMEMBER_SECONDS = float(os.environ.get("JIXIAO_TOKEN_CACHE_SECONDS", "5"))
_REMEMBERED: dict[str, tuple[float, ApiToken]] = {}  # token hash → (until, the token with its user)


def forget_tokens(*args: Any, **kwargs: Any) -> None:
    """Forget every token this process remembers (a token, a user or a role changed)."""
    _REMEMBERED.clear()


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
    digest = _hash(raw)
    moment = time.monotonic()
    remembered = _REMEMBERED.get(digest)
    if remembered is not None and remembered[0] > moment:
        token = remembered[1]
    else:
        # the user's membership (role and scope) comes in the same query: every endpoint asks for it
        found = (
            ApiToken.objects.select_related("user", "user__membership")
            .filter(token_hash=digest, revoked=False)
            .order_by()
            .first()
        )
        if found is None or not found.user.is_active:
            _REMEMBERED.pop(digest, None)
            return None
        token = found
        if REMEMBER_SECONDS > 0:
            if len(_REMEMBERED) > 10000:
                _REMEMBERED.clear()
            _REMEMBERED[digest] = (moment + REMEMBER_SECONDS, token)
    now = timezone.now()
    if token.last_used is None or now - token.last_used > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        token.last_used = now
    return token.user


def token_revoke(*, token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk).update(revoked=True)
    forget_tokens()
