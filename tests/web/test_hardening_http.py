"""Issue 10, the smaller items, through the doors the probe used.

A strict Content-Security-Policy on every page (and nothing inline that it would block: checked in
the HTML here and in Chromium below); ``Cache-Control: no-store`` for signed-in users; the API's 405,
404 and CSRF failures in its one JSON error shape; full-width digits in integer fields; a saved
conflict page that saves cleanly the second time.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from jixiao_web.evaluations.models import Evaluation, State
from tests.browser import chromium
from tests.web.formtools import as_post_data, form_fields

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/evaluations/{pk}/",
    "/evaluations/{pk}/review/",
    "/evaluations/{pk}/revisions/",
    "/evaluations/{pk}/edit/unit/",
    "/evaluations/{pk}/upload/",
    "/campaigns/",
    "/dashboards/",
    "/bulk/",
    "/portal/",
    "/api/v1/docs",
    "/login/",
]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.I)


def _viewer(page: str) -> str:
    return "admin" if page in ("/dashboards/", "/bulk/") else "preparer"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_a_strict_csp_and_nothing_inline(
    world: dict[str, Any], client_for: Any, page: str
) -> None:
    response = client_for(_viewer(page)).get(page.format(pk=world["e1"].pk))
    assert response.status_code == 200, response.status_code
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp and "*" not in csp
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html), INLINE_SCRIPT.search(html)
    assert not INLINE_HANDLER.search(html), INLINE_HANDLER.search(html)
    assert not STYLE_ATTRIBUTE.search(html), STYLE_ATTRIBUTE.search(html)


def test_the_published_report_page_keeps_its_stylesheet_by_hash(
    world: dict[str, Any], client_for: Any
) -> None:
    import base64
    import hashlib

    Evaluation.objects.filter(pk=world["e1"].pk).update(state=State.PUBLISHED)
    response = client_for(None).get(f"/portal/{world['e1'].pk}/report/")
    if response.status_code == 404:
        pytest.skip("the HTML renderer is not available")
    html = response.content.decode()
    style = re.search(r"<style>(.*?)</style>", html, re.S)
    assert style is not None
    digest = base64.b64encode(hashlib.sha256(style.group(1).encode()).digest()).decode()
    assert f"'sha256-{digest}'" in response["Content-Security-Policy"]


def test_signed_in_pages_are_not_stored(world: dict[str, Any], client_for: Any) -> None:
    for page in (
        "/",
        f"/evaluations/{world['e1'].pk}/",
        f"/api/evaluations/{world['e1'].pk}/",
        "/api/v1/packages",
    ):
        response = client_for("preparer").get(page)
        assert "no-store" in response["Cache-Control"], page
    assert "no-store" not in client_for(None).get("/portal/").get("Cache-Control", "")


def _shape(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert set(body) == {"error"} and body["error"]["code"] == code
    assert re.search(r"[\u4e00-\u9fff]", body["error"]["message"])  # said in Chinese
    return body


def test_the_api_answers_405_in_its_error_shape(world: dict[str, Any], client_for: Any) -> None:
    c = client_for("preparer")
    response = c.delete("/api/v1/packages")
    _shape(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"]
    _shape(c.put(f"/api/v1/packages/{world['e1'].pk}/findings"), 405, "method_not_allowed")
    _shape(c.delete(f"/api/evaluations/{world['e1'].pk}/"), 405, "method_not_allowed")
    _shape(c.get("/api/evaluations/1/no-such-thing"), 404, "not_found")


def test_csrf_failures_are_in_the_api_error_shape(world: dict[str, Any]) -> None:
    c = Client(enforce_csrf_checks=True)
    c.force_login(world["users"]["preparer"])
    pk = world["e1"].pk
    _shape(c.post(f"/api/evaluations/{pk}/check", "{}", content_type="application/json"), 403, "csrf_failed")
    _shape(
        c.post("/api/v1/check", json.dumps({"package": {}}), content_type="application/json"),
        403,
        "csrf_failed",
    )
    page = c.post(f"/evaluations/{pk}/comment/", {"text": "x"})
    assert page.status_code == 403 and "安全校验" in page.content.decode()


def test_full_width_digits_are_accepted_in_integer_fields(world: dict[str, Any], client_for: Any) -> None:
    c, e1 = client_for("preparer"), world["e1"]
    fields = as_post_data(form_fields(c.get(f"/evaluations/{e1.pk}/edit/unit/").content.decode()))
    fields["unit.authorized_staff"] = "２０"
    fields["unit.actual_staff"] = "１，８"
    response = c.post(f"/evaluations/{e1.pk}/edit/unit/", fields)
    assert response.status_code == 302, response.content.decode()[:2000]
    e1.refresh_from_db()
    assert (
        e1.current_revision.data["unit"]["authorized_staff"],
        e1.current_revision.data["unit"]["actual_staff"],
    ) == (
        20,
        18,
    )


def test_saving_the_conflict_page_again_saves_instead_of_another_conflict(
    world: dict[str, Any], client_for: Any
) -> None:
    e1 = world["e1"]
    a, b = client_for("preparer"), client_for("head")
    url = f"/evaluations/{e1.pk}/edit/unit/"
    form_a = as_post_data(form_fields(a.get(url).content.decode()))
    form_b = as_post_data(form_fields(b.get(url).content.decode()))
    form_a["unit.head"] = "甲"
    assert a.post(url, form_a).status_code == 302  # version 2
    form_b["unit.head"] = "乙"
    conflict = b.post(url, form_b)
    assert conflict.status_code == 409  # kept as version 3, a conflict
    again = as_post_data(form_fields(conflict.content.decode()))
    assert again["based_on"] == "2" and again["unit.head"] == "乙"
    saved = b.post(url, again)
    assert saved.status_code == 302
    e1.refresh_from_db()
    assert e1.current_revision.number == 4 and not e1.current_revision.conflict
    assert e1.current_revision.data["unit"]["head"] == "乙"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_work_under_the_policy_in_chromium(live_server: Any, world: dict[str, Any]) -> None:
    """No CSP violation (Chromium reports each as a console error) on the pages with scripts."""
    from django.conf import settings as django_settings

    Evaluation.objects.filter(pk=world["e3"].pk).update(state=State.PUBLISHED)
    pages = [
        ("preparer", f"/evaluations/{world['e1'].pk}/edit/unit/"),
        ("preparer", f"/evaluations/{world['e1'].pk}/review/"),
        ("admin", "/dashboards/"),
        ("admin", "/bulk/"),
        (None, "/api/v1/docs"),
        (None, f"/portal/{world['e3'].pk}/report/"),
    ]
    with chromium() as browser:
        for user, path in pages:
            context = browser.new_context()
            if user is not None:
                c = Client()
                c.force_login(world["users"][user])
                cookie = c.cookies[django_settings.SESSION_COOKIE_NAME].value
                context.add_cookies(
                    [{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
                )
            page = context.new_page()
            problems: list[str] = []
            page.on(
                "console",
                lambda m, problems=problems: (
                    problems.append(m.text)
                    if m.type == "error" and "favicon" not in str(m.location.get("url", ""))
                    else None
                ),
            )
            page.on("pageerror", lambda e, problems=problems: problems.append(str(e)))
            response = page.goto(live_server.url + path)
            assert response is not None and response.status < 400, (path, response and response.status)
            page.wait_for_load_state("networkidle")
            if path == "/dashboards/":
                page.wait_for_selector("canvas", timeout=15000)
            if path == "/api/v1/docs":
                page.wait_for_selector(".swagger-ui .info", timeout=15000)
            assert problems == [], (path, problems)
            context.close()
