"""A monitoring round in Debian's Chromium at 1366×768: the bureau opens the 2024-07-31 round on the seed
units, imports the 1–7月 execution export (.xlsx), sees the warnings and records a decision."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser import chromium

from .conftest import execution_export

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser() -> Any:
    with chromium() as b:
        yield b


def test_monitoring_round_in_chromium(
    browser: Any, live_server: Any, world: dict[str, Any], tmp_path: Path
) -> None:
    from django.conf import settings
    from django.test import Client

    from jixiao_web.monitoring.models import Decision

    client = Client()
    client.force_login(world["users"]["admin"])
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on(
        "console",
        lambda m: (
            problems.append(m.text)
            if m.type == "error" and not str(m.location.get("url", "")).endswith("favicon.ico")
            else None
        ),
    )

    page.goto(f"{live_server.url}/monitoring/")
    page.fill("#as_of", "2024-07-31")
    page.click("text=开展监控")
    page.wait_for_selector("#time-share")
    # 213 of 366 days: 58.20 %
    assert page.inner_text("#time-share") == "58.20%"

    export = tmp_path / "预算执行导出.xlsx"
    export.write_bytes(execution_export())
    page.set_input_files("#file", str(export))
    page.click("text=导入执行数据")
    page.wait_for_selector("text=已导入5行预算执行数据")
    assert page.inner_text("#count-red") == "1"  # 桃江县社会保险服务中心: 30 % of budget, 51.55 % of time
    assert page.inner_text("#count-yellow") == "1"  # 株洲市石峰区社会保险服务中心: a project at 40 %
    assert page.inner_text("#count-green") == "1"
    row = page.locator('tr[data-unit="桃江县社会保险服务中心"]')
    assert "红色预警" in row.inner_text() and "30.00%" in row.inner_text()
    assert page.locator("svg.bars line.time").count() == 2  # one time-elapsed line per desk
    page.screenshot(path=str(tmp_path / "round.png"), full_page=True)

    row.locator("a").click()
    page.wait_for_selector("#decision-form")
    assert "MON001" in page.inner_text("#findings")
    page.select_option("#action", "suspend_payment")
    page.select_option("#project", "430922-24-001")
    page.fill("#reason", "执行进度仅为时间进度的51.55%，暂缓拨付后续资金")
    page.click("text=记录处理意见")
    page.wait_for_selector("text=已记录处理意见：暂缓拨款")
    assert "暂缓拨款" in page.inner_text("#decisions")
    assert Decision.objects.get().action == "suspend_payment"
    assert problems == []
    context.close()
