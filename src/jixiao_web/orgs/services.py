"""Login with fair throttling (OWASP ASVS 2.2.1): growing delays, never a lockout a stranger can cause.

Failures are counted in a window of LOGIN_WINDOW_SECONDS (default 15 minutes) along two keys:

- **(user name, address)**: after LOGIN_MAX_FAILURES failures (default 5) that pair must wait
  LOGIN_BASE_DELAY_SECONDS (default 30 s), doubling with every further failure up to the window.
  Someone guessing from another address does not delay the account's owner at theirs.
- **address**: after LOGIN_ADDRESS_MAX_FAILURES failures on any names (default 30) the address
  waits the same growing delay — what stops one machine trying many names.

No key is the user name alone, so no one can lock a known account out from every address. While
a key waits, no password is checked at all (so a right one is refused too, and nothing is learnt).
A successful login clears the failures of its (user name, address) pair.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from .models import LoginFailure

BLOCKED_MESSAGE = "登录失败次数过多，请{wait}后再试"
FAILED_MESSAGE = "用户名或密码不正确"


class LoginRefused(Exception):
    """A login that was refused; the message is Chinese. ``wait`` is set when it was throttled."""

    def __init__(self, message: str, wait: timedelta | None = None) -> None:
        super().__init__(message)
        self.wait = wait


@dataclass(frozen=True)
class Throttle:
    free: int  # failures allowed before any delay
    base: timedelta  # the first delay; doubled with every further failure
    cap: timedelta  # the longest delay

    def delay(self, failures: int) -> timedelta:
        if failures < self.free:
            return timedelta(0)
        doublings = min(failures - self.free, 30)
        return min(self.cap, self.base * (2**doublings))


def _window() -> timedelta:
    return timedelta(seconds=settings.LOGIN_WINDOW_SECONDS)


def _throttles() -> tuple[Throttle, Throttle]:
    base = timedelta(seconds=getattr(settings, "LOGIN_BASE_DELAY_SECONDS", 30))
    pair = Throttle(settings.LOGIN_MAX_FAILURES, base, _window())
    address = Throttle(getattr(settings, "LOGIN_ADDRESS_MAX_FAILURES", 30), base, _window())
    return pair, address


def _wait(failures: QuerySet[LoginFailure], throttle: Throttle, now: datetime) -> timedelta:
    stats = failures.aggregate(n=Count("id"), last=Max("at"))
    if not stats["n"] or stats["last"] is None:
        return timedelta(0)
    until = stats["last"] + throttle.delay(stats["n"])
    return max(timedelta(0), until - now)


def login_wait(*, username: str, address: str) -> timedelta:
    """How long this (user name, address) must still wait before a password is checked (0: none)."""
    now = timezone.now()
    recent = LoginFailure.objects.filter(at__gte=now - _window())
    pair, by_address = _throttles()
    waits = [timedelta(0)]
    if username:
        waits.append(_wait(recent.filter(username=username.lower(), address=address), pair, now))
    if address:
        waits.append(_wait(recent.filter(address=address), by_address, now))
    return max(waits)


def login_blocked(*, username: str, address: str) -> bool:
    return login_wait(username=username, address=address) > timedelta(0)


def _wait_text(wait: timedelta) -> str:
    seconds = max(1, math.ceil(wait.total_seconds()))
    return f"{seconds}秒" if seconds < 120 else f"{math.ceil(seconds / 60)}分钟"


def login_attempt(*, request: Any, username: str, password: str, address: str) -> Any:
    """Return the user when the credentials are right and no delay is pending; else raise LoginRefused."""
    username = (username or "").strip()
    wait = login_wait(username=username, address=address)
    if wait > timedelta(0):
        raise LoginRefused(BLOCKED_MESSAGE.format(wait=_wait_text(wait)), wait)
    user = authenticate(request, username=username, password=password) if username and password else None
    if user is None:
        LoginFailure.objects.create(username=username.lower()[:150], address=address[:64])
        raise LoginRefused(FAILED_MESSAGE)
    LoginFailure.objects.filter(username=username.lower(), address=address).delete()
    return user


def client_address(request: Any) -> str:
    """The client's address (REMOTE_ADDR; behind a proxy set it from a trusted header there)."""
    return str(request.META.get("REMOTE_ADDR", ""))[:64]
