"""抽评 in Debian's Chromium at 1366×768: the bureau registers an expert and an agency, draws a sample with
a typed seed, is refused the expert who works at the unit (回避), assigns the agency, re-scores one row of
the unit's overall form and sees the point on the self vs re-score scatter.

Screenshots: tests/web_monitoring/screenshots/review-*.png (ignored by git)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from jixiao_web.evaluations.models import Evaluation, State
from tests.browser import chromium

from .test_review import submitted_2024

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).parent / "screenshots"


@pytest.fixture
def browser() -> Any:
    with chromium() as b:
        SHOTS.mkdir(exist_ok=True)
        yield b


def test_sample_assign_rescore_scatter_in_chromium(
    browser: Any, live_server: Any, world: dict[str, Any]
) -> None:
    from django.conf import settings
    from django.test import Client

    from jixiao_web.review.models import ReScore

    Evaluation.objects.filter(pk=world["e1"].pk).update(state=State.SUBMITTED)
    submitted_2024(world, world["units"]["U2"], Decimal(92), Decimal(95))
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

    # the registry
    page.goto(f"{live_server.url}/review/")
    page.click("text=评价机构和专家库")
    page.select_option("#kind", "expert")
    page.fill("#name", "王专家")
    page.fill("#organisation", "桃江县社会保险服务中心")
    page.click("text=加入库中")
    page.wait_for_selector("text=已加入评价机构和专家库：王专家")
    page.select_option("#kind", "agency")
    page.fill("#name", "某绩效评价咨询公司")
    page.click("text=加入库中")
    page.wait_for_selector("text=已加入评价机构和专家库：某绩效评价咨询公司")

    # the sample: both submitted 2024 evaluations, seed 11
    page.goto(f"{live_server.url}/review/")
    page.fill("#year", "2024")
    page.fill("#size", "2")
    page.fill("#seed", "11")
    page.click("text=抽取样本")
    page.wait_for_selector("#sample-description")
    assert "简单随机抽样（随机种子 11，共抽取2个）" in page.inner_text("#sample-description")
    assert page.inner_text("#seed") == "11"
    assert "结果与本样本一致" in page.inner_text("#redraw")

    # 回避: the expert works at the unit
    row = page.locator('#items tr[data-unit="桃江县社会保险服务中心"]')
    row.locator("select").select_option(label="王专家（专家）")
    row.get_by_role("button", name="委派").click()
    page.wait_for_selector("text=须回避")
    assert "专家在被评价单位任职" in page.inner_text(".messages")
    page.screenshot(path=str(SHOTS / "review-conflict.png"), full_page=True)
    row = page.locator('#items tr[data-unit="桃江县社会保险服务中心"]')
    row.locator("select").select_option(label="某绩效评价咨询公司（第三方机构）")
    row.get_by_role("button", name="委派").click()
    page.wait_for_selector("text=已委派某绩效评价咨询公司")
    assert (
        "某绩效评价咨询公司"
        in page.locator('#items tr[data-unit="桃江县社会保险服务中心"] .assignee').inner_text()
    )

    # re-score one row: 实际发放人数 6 → 3, so 96 − (6 − 3) = 93
    page.locator('#items tr[data-unit="桃江县社会保险服务中心"] a').click()
    form = page.locator('form[data-path="overall"]')
    form.locator('[id="re-overall-indicators[4]"]').fill("3")
    form.locator('[id="why-overall-indicators[4]"]').fill("实际发放人数完成率偏低")
    form.locator('[id="reason-overall"]').fill("抽查复核：个别指标完成值佐证不足")
    form.locator("text=保存复评").click()
    page.wait_for_selector("text=已保存复评")
    assert page.locator(".re-total").first.inner_text() == "93"
    assert page.locator(".gap").first.inner_text() == "3"
    page.screenshot(path=str(SHOTS / "review-rescore.png"), full_page=True)

    # the bureau re-scores U2 itself, as a total: 92 − 90 = 2
    page.click("text=2024年度财政重点评价抽评")
    row = page.locator('#items tr[data-unit="株洲市石峰区社会保险服务中心"]')
    row.locator("select").select_option(label="财政部门自行评价")
    row.get_by_role("button", name="委派").click()
    page.wait_for_selector("text=已委派财政部门自行评价")
    page.locator('#items tr[data-unit="株洲市石峰区社会保险服务中心"] a').click()
    form = page.locator('form[data-path="overall"]')
    form.locator('[id="total-overall"]').fill("90")
    form.locator('[id="reason-overall"]').fill("满意度调查样本不足")
    form.locator("text=保存复评").click()
    page.wait_for_selector("text=已保存复评")

    page.click("text=2024年度财政重点评价抽评")
    page.wait_for_selector("#scatter")
    assert page.locator("#scatter circle").count() == 2
    # mean gap (3 + 2) / 2 = 2.50; no unit flagged (one form each, gaps under 5)
    assert page.inner_text("#mean-gap") == "2.50"
    assert page.inner_text("#flagged") == "无"
    page.locator("#scatter").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "review-scatter.png"), full_page=True)
    assert sorted(ReScore.objects.values_list("re_score", flat=True)) == [90, 93]
    assert problems == []
    context.close()
