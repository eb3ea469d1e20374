"""The dashboards in Debian's Chromium (Playwright, live server): every chart draws a canvas, no console error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser import chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser() -> Any:
    with chromium() as b:
        yield b


def test_dashboard_charts_render(
    browser: Any, live_server: Any, world: dict[str, Any], no_checker: None, tmp_path: Path
) -> None:
    from django.conf import settings
    from django.test import Client

    from jixiao_web.dashboards.tally import rebuild

    rebuild(check=True)  # the world was written straight into the tables: count it for the dashboards
    client = Client()
    client.force_login(world["users"]["admin"])
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    page = context.new_page()
    problems: list[str] = []

    def on_console(message: Any) -> None:
        # the browser asks for /favicon.ico by itself (the site has none): not a page error
        if message.type == "error" and not str(message.location.get("url", "")).endswith("favicon.ico"):
            problems.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda e: problems.append(str(e)))
    external: list[str] = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(live_server.url) else None)

    page.goto(f"{live_server.url}/dashboards/?year=2024")
    page.wait_for_selector("#chart-progress canvas", timeout=15000)
    for key in (
        "progress",
        "scores",
        "grades",
        "ranking",
        "execution",
        "three_public",
        "three_public_years",
        "findings_unit",
    ):
        assert page.locator(f"#chart-{key} canvas").count() >= 1, key
    # a drawn canvas has pixels that are not blank
    painted = page.evaluate(
        """() => { const c = document.querySelector('#chart-progress canvas');
                   const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                   let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; } return n; }"""
    )
    assert painted > 1000
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)

    unit = world["units"]["U1"]
    page.goto(f"{live_server.url}/dashboards/units/{unit.pk}/")
    page.wait_for_selector("#chart-unit_scores canvas", timeout=15000)
    assert problems == []
    assert external == []  # everything (ECharts included) is served by this server
    context.close()
