"""Issue 12 · administration: only the system administrator reaches the administration pages and
services; everyone may change their own password; tokens are revoked from a page."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from jixiao_web.administration import services
from jixiao_web.api.models import ApiToken
from jixiao_web.api.tokens import token_authenticate
from jixiao_web.orgs.models import Membership, Role

pytestmark = pytest.mark.django_db

PAGES = [
    "/administration/",
    "/administration/users/",
    "/administration/units/",
    "/administration/bureaus/",
    "/administration/jurisdictions/",
    "/administration/tokens/",
]
NOT_ADMINS = ["preparer", "head", "reviewer", "admin"]


@pytest.mark.parametrize("role", [*NOT_ADMINS, "sysadmin", None])
def test_only_the_system_administrator_sees_the_pages(
    world: dict[str, Any], client_for: Any, role: Any
) -> None:
    client = client_for(role)
    for url in PAGES:
        response = client.get(url)
        if role is None:
            assert response.status_code == 302 and "/login/" in response["Location"]
        elif role == "sysadmin":
            assert response.status_code == 200, url
            assert "系统管理" in response.content.decode()
        else:
            assert response.status_code == 403, (role, url)


@pytest.mark.parametrize("role", NOT_ADMINS)
def test_others_cannot_post_to_them(world: dict[str, Any], client_for: Any, role: str) -> None:
    client = client_for(role)
    unit = world["units"][0]
    assert (
        client.post(
            "/administration/users/",
            {"username": "x", "password": "Aa-12345678", "role": "preparer", "unit": unit.pk},
        ).status_code
        == 403
    )
    assert not get_user_model().objects.filter(username="x").exists()
    token, _ = services.api_token_create(
        actor=world["users"]["sysadmin"], user=world["users"]["preparer"], name="t"
    )
    assert client.post(f"/administration/tokens/{token.pk}/revoke/").status_code == 403
    token.refresh_from_db()
    assert not token.revoked
    with pytest.raises(PermissionDenied):
        services.user_create(
            actor=world["users"][role], username="y", password="Aa-12345678", role="preparer", unit=unit
        )


def test_the_administrator_creates_a_user_with_role_and_scope(world: dict[str, Any], client_for: Any) -> None:
    client = client_for("sysadmin")
    unit = world["units"][0]
    response = client.post(
        "/administration/users/",
        {"username": "new-preparer", "password": "Qingshui-2025", "role": "preparer", "unit": str(unit.pk)},
    )
    assert response.status_code == 302
    m = Membership.objects.get(user__username="new-preparer")
    assert (m.role, m.unit) == (Role.PREPARER, unit)
    # a reviewer needs a desk: said in Chinese, nothing created
    response = client.post(
        "/administration/users/", {"username": "no-desk", "password": "Qingshui-2025", "role": "reviewer"}
    )
    assert response.status_code == 400
    assert "须指定所属归口业务科室" in response.content.decode()
    assert not get_user_model().objects.filter(username="no-desk").exists()


def test_the_administrator_changes_a_role_and_cannot_lock_himself_out(world: dict[str, Any]) -> None:
    sysadmin, preparer = world["users"]["sysadmin"], world["users"]["preparer"]
    d1 = world["desks"][0]
    services.membership_set(actor=sysadmin, user=preparer, role=Role.REVIEWER, desk=d1)
    preparer.membership.refresh_from_db()
    assert (preparer.membership.role, preparer.membership.desk, preparer.membership.unit) == (
        Role.REVIEWER,
        d1,
        None,
    )
    with pytest.raises(ValidationError):
        services.membership_set(actor=sysadmin, user=sysadmin, role=Role.PREPARER, unit=world["units"][0])
    with pytest.raises(ValidationError):
        services.user_set_active(actor=sysadmin, user=sysadmin, active=False)


def test_tokens_are_created_shown_once_and_revoked(world: dict[str, Any], client_for: Any) -> None:
    client = client_for("sysadmin")
    response = client.post(
        "/administration/tokens/", {"user": str(world["users"]["reviewer"].pk), "name": "对接"}
    )
    html = response.content.decode()
    token = ApiToken.objects.get(name="对接")
    raw = html.split('<code class="token">')[1].split("</code>")[0]
    assert token_authenticate(raw) == world["users"]["reviewer"]
    assert raw not in client.get("/administration/tokens/").content.decode()  # shown once
    assert client.post(f"/administration/tokens/{token.pk}/revoke/").status_code == 302
    assert token_authenticate(raw) is None


@pytest.mark.parametrize("role", ["preparer", "reviewer", "admin", "sysadmin"])
def test_everyone_changes_their_own_password(world: dict[str, Any], client_for: Any, role: str) -> None:
    from tests.web.conftest import PASSWORD

    client = client_for(role)
    assert client.get("/password/").status_code == 200
    wrong = client.post("/password/", {"old": "nope", "new": "Tianqing-2025x", "again": "Tianqing-2025x"})
    assert wrong.status_code == 400 and "原密码不正确" in wrong.content.decode()
    short = client.post("/password/", {"old": PASSWORD, "new": "123", "again": "123"})
    assert short.status_code == 400 and "密码" in short.content.decode()
    ok = client.post("/password/", {"old": PASSWORD, "new": "Tianqing-2025x", "again": "Tianqing-2025x"})
    assert ok.status_code == 302
    user = world["users"][role]
    user.refresh_from_db()
    assert user.check_password("Tianqing-2025x")
    assert client.get("/").status_code == 200  # still signed in
    assert client_for(None).get("/password/").status_code == 302
