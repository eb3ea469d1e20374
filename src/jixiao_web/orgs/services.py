"""Login with rate limiting: at most LOGIN_MAX_FAILURES failures per username and per address in
LOGIN_WINDOW_SECONDS (default 5 in 15 minutes); beyond that no login is attempted at all."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.db.models import Q
from django.utils import timezone

from .models import LoginFailure

BLOCKED_MESSAGE = "登录失败次数过多，请{minutes}分钟后再试"
FAILED_MESSAGE = "用户名或密码不正确"


class LoginRefused(Exception):
    """A login that was refused; the message is Chinese."""


def login_blocked(*, username: str, address: str) -> bool:
    since = timezone.now() - timedelta(seconds=settings.LOGIN_WINDOW_SECONDS)
    recent = LoginFailure.objects.filter(at__gte=since)
    by_user = recent.filter(username=username.lower()).count() if username else 0
    by_address = recent.filter(address=address).count() if address else 0
    return max(by_user, by_address) >= settings.LOGIN_MAX_FAILURES


def login_attempt(*, request: Any, username: str, password: str, address: str) -> Any:
    """Return the user when the credentials are right and the limits allow; else raise LoginRefused."""
    username = (username or "").strip()
    if login_blocked(username=username, address=address):
        raise LoginRefused(BLOCKED_MESSAGE.format(minutes=max(1, settings.LOGIN_WINDOW_SECONDS // 60)))
    user = authenticate(request, username=username, password=password) if username and password else None
    if user is None:
        LoginFailure.objects.create(username=username.lower()[:150], address=address[:64])
        raise LoginRefused(FAILED_MESSAGE)
    LoginFailure.objects.filter(Q(username=username.lower())).delete()
    return user


def client_address(request: Any) -> str:
    """The client's address (REMOTE_ADDR; behind a proxy set it from a trusted header there)."""
    return str(request.META.get("REMOTE_ADDR", ""))[:64]
