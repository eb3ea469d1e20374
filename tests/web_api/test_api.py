"""The HTTP API /api/v1/: scoping by role, pagination, tokens, the one error shape, public data."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db


def _error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert isinstance(body["error"]["code"], str) and body["error"]["code"]
    message = body["error"]["message"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message), message  # a Chinese message
    if code is not None:
        assert body["error"]["code"] == code
    return body["error"]


def _token(username: str) -> str:
    from jixiao_web.api.tokens import token_create_for_username

    return token_create_for_username(username, "测试")[1]


def _bearer(token: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def test_anonymous_gets_401_in_the_error_shape(world: dict[str, Any]) -> None:
    _error(Client().get("/api/v1/packages"), 401, "not_authenticated")


def test_scoping_by_role(world: dict[str, Any], client_for: Any) -> None:
    # world: U1 2024, U1 2023, U2 2024, U2 2023, U4 2024 (bureau A); U3 2024 (bureau B)
    def units(username: str) -> list[tuple[str, int]]:
        body = client_for(username).get("/api/v1/packages").json()
        return sorted((i["unit"], i["year"]) for i in body["items"])

    u1, u2, u3, u4 = (
        "桃江县社会保险服务中心",
        "桃江县农业农村局",
        "株洲市石峰区社会保险服务中心",
        "桃江县医疗保障局",
    )
    assert units("preparer") == [(u1, 2023), (u1, 2024)]
    assert units("reviewer") == sorted([(u1, 2023), (u1, 2024), (u4, 2024)])  # desk D1: U1 and U4
    assert units("admin") == sorted([(u1, 2023), (u1, 2024), (u2, 2023), (u2, 2024), (u4, 2024)])
    assert units("admin_b") == [(u3, 2024)]
    assert len(units("sysadmin")) == 6


def test_reviewer_cannot_open_another_desks_package(world: dict[str, Any], client_for: Any) -> None:
    other = world["evaluations"][("U2", 2024)]  # desk D2
    _error(client_for("reviewer").get(f"/api/v1/packages/{other.pk}"), 404, "not_found")
    mine = world["evaluations"][("U4", 2024)]
    assert client_for("reviewer").get(f"/api/v1/packages/{mine.pk}").status_code == 200


def test_pagination(world: dict[str, Any], client_for: Any) -> None:
    c = client_for("sysadmin")
    # 6 evaluations, 4 a page: page 1 holds 4, page 2 holds 2; ceil(6/4) = 2 pages
    first = c.get("/api/v1/packages?page_size=4").json()
    assert (first["count"], first["pages"], len(first["items"])) == (6, 2, 4)
    assert first["previous"] is None and first["next"].endswith("page=2")
    second = c.get(first["next"]).json()
    assert len(second["items"]) == 2 and second["next"] is None and second["previous"] is not None
    ids = [i["id"] for i in first["items"] + second["items"]]
    assert len(set(ids)) == 6
    beyond = c.get("/api/v1/packages?page=5&page_size=4").json()
    assert beyond["items"] == []
    # ordered by year descending: the 2024 evaluations (4) come before the 2023 ones (2)
    assert [i["year"] for i in first["items"]] == [2024] * 4
    _error(c.get("/api/v1/packages?page_size=1000"), 422, "invalid_parameters")
    _error(c.get("/api/v1/packages?page=0"), 422, "invalid_parameters")
    _error(c.get("/api/v1/packages?year=abc"), 422, "invalid_parameters")


def test_filters(world: dict[str, Any], client_for: Any) -> None:
    c = client_for("admin")
    body = c.get("/api/v1/packages?year=2023").json()
    assert body["count"] == 2
    body = c.get("/api/v1/packages?state=draft").json()
    assert [i["unit"] for i in body["items"]] == ["桃江县医疗保障局"]
    body = c.get("/api/v1/packages", {"q": "农业"}).json()
    assert body["count"] == 2
    assert c.get("/api/v1/packages", {"q": "a\x00b"}).status_code == 200  # NUL is dropped, not a 500


def test_decimals_are_exact_strings(world: dict[str, Any], client_for: Any) -> None:
    e = world["evaluations"][("U2", 2023)]
    body = client_for("admin").get(f"/api/v1/packages/{e.pk}").json()
    assert body["execution_rate"] == "59.99"
    assert body["three_public_actual"] == "2.50"
    assert body["package"]["unit"]["name"] == "桃江县农业农村局"


def test_token_authentication(world: dict[str, Any]) -> None:
    from jixiao_web.api.models import ApiToken

    raw = _token("admin")
    stored = ApiToken.objects.get()
    assert stored.token_hash != raw and raw not in stored.token_hash and stored.last_used is None
    response = _bearer(raw).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["role"] == "bureau_admin"
    stored.refresh_from_db()
    assert stored.last_used is not None
    _error(_bearer(raw + "x").get("/api/v1/me"), 401, "not_authenticated")
    _error(_bearer("not-a-token").get("/api/v1/packages"), 401)
    stored.revoked = True
    stored.save()
    _error(_bearer(raw).get("/api/v1/me"), 401)


def test_create_api_token_command(world: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    call_command("create_api_token", "reviewer", "--name", "平台对接")
    raw = capsys.readouterr().out.strip()
    assert raw.startswith("jx_")
    body = _bearer(raw).get("/api/v1/packages").json()
    assert body["count"] == 3  # desk D1: U1 (2 years) and U4


def test_token_writes_need_no_csrf_but_sessions_do(world: dict[str, Any]) -> None:
    e = world["evaluations"][("U2", 2024)]  # submitted
    raw = _token("admin")
    response = _bearer(raw).post(
        f"/api/v1/packages/{e.pk}/transitions", {"action": "start_review"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "under_review"
    session = Client(enforce_csrf_checks=True)
    session.force_login(world["users"]["admin"])
    response = session.post(
        f"/api/v1/packages/{e.pk}/transitions", {"action": "approve"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_workflow_errors_are_409(world: dict[str, Any]) -> None:
    e = world["evaluations"][("U1", 2024)]  # published: no transition leaves it
    raw = _token("admin")
    err = _error(
        _bearer(raw).post(
            f"/api/v1/packages/{e.pk}/transitions", {"action": "publish"}, content_type="application/json"
        ),
        409,
        "workflow",
    )
    assert "已公开" in err["message"]


def test_role_errors_are_403(world: dict[str, Any]) -> None:
    e = world["evaluations"][("U1", 2024)]
    raw = _token("preparer")  # a preparer may not approve
    _error(
        _bearer(raw).post(
            f"/api/v1/packages/{e.pk}/transitions", {"action": "approve"}, content_type="application/json"
        ),
        403,
        "forbidden",
    )


def test_bad_bodies(world: dict[str, Any]) -> None:
    e = world["evaluations"][("U2", 2024)]
    c = _bearer(_token("admin"))
    url = f"/api/v1/packages/{e.pk}/transitions"
    _error(c.post(url, "{not json", content_type="application/json"), 400, "bad_request")
    _error(c.post(url, {"action": "fly"}, content_type="application/json"), 422, "invalid_parameters")
    _error(
        c.post("/api/v1/check", {"package": {"year": 2024}}, content_type="application/json"), 400, "invalid"
    )


def test_unknown_paths_and_ids(world: dict[str, Any], client_for: Any) -> None:
    c = client_for("sysadmin")
    _error(c.get("/api/v1/nothing/here"), 404, "not_found")
    _error(c.get("/api/v1/packages/999999"), 404, "not_found")
    _error(c.get("/api/v1/packages/99999999999999999999"), 422, "invalid_parameters")


def test_server_errors_have_the_shape(
    world: dict[str, Any], client_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jixiao_web.evaluations import selectors

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(selectors, "evaluation_list_for_user", boom)
    _error(client_for("sysadmin").get("/api/v1/packages"), 500, "server_error")


def test_check_and_score_a_posted_package(world: dict[str, Any]) -> None:
    from jixiao_web.evaluations import engine

    seen: list[Any] = []

    def fake_check(package: Any) -> list[dict[str, Any]]:
        seen.append(package)
        return [
            {
                "code": "SUM001",
                "category": "sum_mismatch",
                "severity": "error",
                "severity_label": "错误",
                "message": "合计不符",
                "stated": "10.00",
                "computed": "10.50",
                "rule": None,
                "path": "income.total",
                "document": "",
                "line": 3,
                "page": None,
                "where": "第3行",
            }
        ]

    c = _bearer(_token("preparer"))
    package = {"year": 2024, "unit": {"name": "某单位"}, "income": {"total": 10.00}}
    original = engine.check
    engine.check = fake_check  # type: ignore[assignment]
    try:
        body = c.post(
            "/api/v1/check", json.dumps({"package": package}), content_type="application/json"
        ).json()
    finally:
        engine.check = original  # type: ignore[assignment]
    assert body["counts"] == {"error": 1, "warning": 0, "info": 0}
    assert body["findings"][0]["code"] == "SUM001"
    from decimal import Decimal

    assert seen[0].income.total == Decimal("10.00")  # read exactly, never through a float
    response = c.post("/api/v1/score", json.dumps({"package": package}), content_type="application/json")
    assert response.status_code == 200 and "sheets" in response.json()


def test_campaigns_scoped(world: dict[str, Any], client_for: Any) -> None:
    body = client_for("admin").get("/api/v1/campaigns").json()
    assert [(c["year"], c["unit_count"]) for c in body["items"]] == [(2024, 4), (2023, 2)]
    assert client_for("admin_b").get("/api/v1/campaigns").json()["count"] == 0
    campaign = world["campaigns"][2024]
    _error(client_for("admin_b").get(f"/api/v1/campaigns/{campaign.pk}"), 404)


def test_public_data_shows_only_published(world: dict[str, Any]) -> None:
    c = Client()
    body = c.get("/api/v1/public/packages").json()
    # published: U1 2024, U1 2023, U2 2023 — not the submitted, draft or approved ones
    assert sorted((i["unit"], i["year"]) for i in body["items"]) == sorted(
        [("桃江县社会保险服务中心", 2024), ("桃江县社会保险服务中心", 2023), ("桃江县农业农村局", 2023)]
    )
    assert all("state" not in i for i in body["items"])
    assert c.get("/api/v1/public/packages?year=2023").json()["count"] == 2
    assert c.get("/api/v1/public/packages", {"jurisdiction": "桃江"}).json()["count"] == 3
    published = world["evaluations"][("U1", 2024)]
    assert c.get(f"/api/v1/public/packages/{published.pk}").json()["package"]["year"] == 2024
    approved = world["evaluations"][("U3", 2024)]
    _error(c.get(f"/api/v1/public/packages/{approved.pk}"), 404, "not_found")
    _error(c.get(f"/api/v1/packages/{published.pk}"), 401)


def test_openapi_and_local_docs(world: dict[str, Any]) -> None:
    c = Client()
    schema = c.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "预算绩效自评系统 API"
    for p in [
        "/api/v1/packages",
        "/api/v1/packages/{pk}/transitions",
        "/api/v1/import",
        "/api/v1/check",
        "/api/v1/score",
        "/api/v1/campaigns",
        "/api/v1/public/packages",
        "/api/v1/packages/{pk}/render/{what}/{fmt}",
    ]:
        assert p in schema["paths"], p
    page = c.get("/api/v1/docs").content.decode()
    assert "cdn" not in page.lower() and "https://" not in page
    assert "/api/v1/docs/assets/swagger-ui-bundle.js" in page
    asset = c.get("/api/v1/docs/assets/swagger-ui-bundle.js")
    assert asset.status_code == 200 and asset["Content-Type"].startswith("text/javascript")
    assert c.get("/api/v1/docs/assets/..%2Fsettings.py").status_code == 404


def test_import_refuses_wrong_types(world: dict[str, Any]) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = _bearer(_token("preparer"))
    upload = SimpleUploadedFile("virus.exe", b"MZ...", content_type="application/octet-stream")
    _error(c.post("/api/v1/import", {"file": upload}), 400, "invalid")
    yaml_doc = "year: 2024\nunit:\n  name: 测试单位\n".encode()
    ok = c.post("/api/v1/import", {"file": SimpleUploadedFile("p.yaml", yaml_doc)})
    assert ok.status_code == 200, ok.content
    assert ok.json()["packages"][0]["unit"]["name"] == "测试单位"
    bad = c.post("/api/v1/import", {"file": SimpleUploadedFile("p.yaml", b"year: [")})
    _error(bad, 422, "unreadable_document")


def test_rendering_a_package_with_nothing_to_render_is_422_not_500(
    world: dict[str, Any], client_for: Any
) -> None:
    # the world's packages hold figures but no 自评表 / 基础数据表: forms cannot be rendered
    evaluation = world["evaluations"][("U1", 2024)]
    response = client_for("sysadmin").get(f"/api/v1/packages/{evaluation.pk}/render/forms/pdf")
    _error(response, 422, "not_renderable")
    assert "没有可生成的表格" in response.json()["error"]["message"]


def test_a_rendered_download_keeps_its_chinese_name(world: dict[str, Any], client_for: Any) -> None:
    """Issue 12: downloads have Chinese file names; the API sent them with the Chinese stripped."""
    from urllib.parse import quote

    from jixiao.model.io import load_package
    from jixiao_web.evaluations.models import Revision
    from tests.web_api.support import SEED_PACKAGES

    evaluation = world["evaluations"][("U1", 2024)]
    package = load_package(SEED_PACKAGES / "001_a74d644552a354b1.yaml")
    package.unit.name = evaluation.unit.name
    revision = Revision.objects.create(
        evaluation=evaluation, number=2, data=package.model_dump(mode="json", exclude_defaults=True)
    )
    evaluation.current_revision = revision
    evaluation.save(update_fields=["current_revision"])
    response = client_for("sysadmin").get(f"/api/v1/packages/{evaluation.pk}/render/forms/xlsx")
    assert response.status_code == 200, response.content[:300]
    header = response["Content-Disposition"]
    assert header.startswith("attachment") and "filename*=utf-8''" in header
    assert quote(f"2024年度{evaluation.unit.name}") in header
