"""Issue 10, F7: fair login throttling (OWASP ASVS 2.2.1).

Today's probe: five wrong passwords for a known name from any address locked that account out from
every address; five failures on different names blocked an address. Now the keys are (user name,
address) and the address alone, with growing delays; the name alone never locks anyone out.
Time is moved by rewriting the failures' timestamps, never by sleeping.
"""

from __future__ import annotations

from datetime import timedelta
from itertools import pairwise
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from jixiao_web.orgs import services
from jixiao_web.orgs.models import LoginFailure

pytestmark = pytest.mark.django_db
RIGHT = "correct-horse-battery-9"


def _post(address: str, username: str, password: str) -> Any:
    return Client(REMOTE_ADDR=address).post("/login/", {"username": username, "password": password})


def _age(seconds: float) -> None:
    """Make every recorded failure ``seconds`` older."""
    for failure in LoginFailure.objects.all():
        LoginFailure.objects.filter(pk=failure.pk).update(at=failure.at - timedelta(seconds=seconds))


def test_a_stranger_cannot_lock_out_a_known_account(world: dict[str, Any]) -> None:
    for _ in range(20):
        response = _post("203.0.113.66", "preparer", "guess")
        assert response.status_code in (200, 403)
    # the stranger's address waits ...
    assert _post("203.0.113.66", "preparer", RIGHT).status_code == 403
    # ... the owner at their own address logs in at once
    response = _post("10.0.0.5", "preparer", RIGHT)
    assert response.status_code == 302 and response["Location"] == "/"


def test_the_pair_waits_longer_after_every_further_failure(world: dict[str, Any]) -> None:
    waits = []
    for n in range(1, 9):
        with pytest.raises(services.LoginRefused, match="用户名或密码不正确"):
            services.login_attempt(request=None, username="head", password="x", address="10.0.0.1")
        waits.append(services.login_wait(username="head", address="10.0.0.1"))
        if n >= 5:
            _age(waits[-1].total_seconds() + 1)  # the delay has passed: the next guess is checked
    assert waits[:4] == [timedelta(0)] * 4
    grown = [w.total_seconds() for w in waits[4:]]
    assert grown[0] > 0 and all(b > a for a, b in pairwise(grown)), grown


def test_while_waiting_even_the_right_password_is_refused_and_it_says_how_long(world: dict[str, Any]) -> None:
    for _ in range(5):
        _post("10.0.0.1", "head", "wrong")
    response = _post("10.0.0.1", "head", RIGHT)
    html = response.content.decode()
    assert response.status_code == 403 and "登录失败次数过多" in html and "秒后再试" in html
    assert int(response["Retry-After"]) > 0
    _age(3600)  # past the window
    assert _post("10.0.0.1", "head", RIGHT).status_code == 302


def test_many_names_from_one_address_are_throttled_but_a_few_are_not(world: dict[str, Any]) -> None:
    for name in ["a", "b", "c", "d", "e", "f"]:
        _post("10.0.0.9", name, "x")
    assert not services.login_blocked(username="head", address="10.0.0.9")  # five names no longer block
    for i in range(30):
        LoginFailure.objects.create(username=f"user{i}", address="10.0.0.9")
    assert services.login_blocked(username="head", address="10.0.0.9")
    assert _post("10.0.0.9", "head", RIGHT).status_code == 403
    assert not services.login_blocked(username="head", address="10.0.0.10")


def test_a_success_clears_only_its_own_pair(world: dict[str, Any]) -> None:
    LoginFailure.objects.create(username="reviewer", address="10.0.0.1")
    LoginFailure.objects.create(username="reviewer", address="10.0.0.2")
    assert _post("10.0.0.1", "reviewer", RIGHT).status_code == 302
    assert list(LoginFailure.objects.values_list("address", flat=True)) == ["10.0.0.2"]
    assert LoginFailure.objects.filter(at__gte=timezone.now() - timedelta(hours=1)).count() == 1
