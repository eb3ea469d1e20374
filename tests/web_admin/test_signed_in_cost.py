"""A signed-in request reads its user and the user's membership (role and scope) in one query (the
authentication backend, issue 11); a user without a membership is signed in and sees no one's data."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_the_user_comes_with_the_membership(world: dict[str, Any], client_for: Any) -> None:
    c = client_for("admin")
    with CaptureQueriesContext(connection) as captured:
        assert c.get("/").status_code == 200
    sql = [q["sql"] for q in captured.captured_queries]
    users = [s for s in sql if 'FROM "auth_user"' in s]
    assert len(users) == 1 and '"orgs_membership"' in users[0]
    assert not any('FROM "orgs_membership"' in s for s in sql)


def test_a_user_without_a_membership_signs_in_and_sees_nothing(world: dict[str, Any]) -> None:
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user(username="nobody", password="一个足够长的密码abc123")
    c = Client()
    response = c.post("/login/", {"username": "nobody", "password": "一个足够长的密码abc123"})
    assert response.status_code == 302
    assert c.get("/").status_code == 200
    assert c.get("/api/v1/packages").json()["count"] == 0
