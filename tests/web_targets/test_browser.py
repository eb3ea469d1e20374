"""The target round in Debian's Chromium (Playwright, live server, 1366×768).

Seed 001's targets (桃江县, 2024) filed as declarations are reviewed indicator by indicator and approved by
the desk's reviewer, then carried by the unit into its 2024 self-evaluation; while typing an indicator
name, the unit gets the library's suggestion with its own last actual.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.browser import chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser() -> Any:
    with chromium() as b:
        yield b


def _page(browser: Any, live_server: Any, user: Any) -> tuple[Any, list[str]]:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
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
    return page, problems


def test_review_approve_and_carry_into_the_2024_self_evaluation(
    browser: Any, live_server: Any, world: dict[str, Any]
) -> None:
    from jixiao.audit import check_package
    from jixiao.model.targets import declaration_from_form
    from jixiao_web.evaluations.services import package_of
    from jixiao_web.targets import services
    from jixiao_web.targets.models import FilingState
    from tests.web.conftest import seed_package

    users = world["users"]
    target_round = services.round_open(
        user=users["admin"], year=2024, title="2024年度绩效目标", deadline=date(2024, 1, 20)
    )
    filing = target_round.filings.get(unit=world["units"][0])
    seed = seed_package()
    data = [declaration_from_form(f, year=2024).model_dump(mode="json") for f in seed.evaluations()]
    services.filing_save(filing=filing, user=users["preparer"], data=data, based_on=filing.revision)
    services.filing_submit(filing=filing, user=users["head"])

    page, problems = _page(browser, live_server, users["reviewer"])
    page.goto(f"{live_server.url}/targets/filings/{filing.pk}/")
    page.click("#btn-start")
    page.wait_for_selector("#btn-opinions")
    selects = page.locator("select[name^='v-']")
    assert selects.count() == 20  # 11 overall + 9 project indicators
    for k in range(selects.count()):
        selects.nth(k).select_option("pass")
    page.select_option("#v-1-0", "pass_after_change")
    page.fill("#r-1-0", "目标低于上年实际，批复后请调整")
    page.click("#btn-opinions")
    page.wait_for_selector("text=已保存20条审核意见")
    page.fill("#f-ref", "桃财预〔2024〕1号")
    page.click("#btn-approve")
    page.wait_for_selector("text=已批复")
    assert page.inner_text("#filing-state") == "已批复"
    assert "修改后通过：目标低于上年实际" in page.inner_text("#ind-1-0")
    filing.refresh_from_db()
    assert filing.state == FilingState.APPROVED

    unit_page, unit_problems = _page(browser, live_server, users["preparer"])
    unit_page.goto(f"{live_server.url}/targets/filings/{filing.pk}/")
    unit_page.click("#btn-carry")
    unit_page.wait_for_url(f"**/evaluations/{world['e1'].pk}/")
    package = package_of(type(world["e1"]).objects.get(pk=world["e1"].pk))
    assert (
        package is not None and [d.approval_reference for d in package.targets] == ["桃财预〔2024〕1号"] * 2
    )
    # the forms already print the approved targets: nothing to report
    assert [f for f in check_package(package) if f.code in ("TGT012", "TGT013")] == []
    assert problems == [] and unit_problems == []


def test_suggestions_while_typing(browser: Any, live_server: Any, world: dict[str, Any]) -> None:
    from jixiao_web.targets import services

    users = world["users"]
    target_round = services.round_open(
        user=users["admin"], year=2025, title="2025年度绩效目标", deadline=date(2025, 1, 20)
    )
    filing = target_round.filings.get(unit=world["units"][0])
    page, problems = _page(browser, live_server, users["preparer"])
    page.goto(f"{live_server.url}/targets/filings/{filing.pk}/edit/")
    name = page.locator("input[name='d1-i9-name']")  # the first empty row of the project form (9 indicators)
    name.fill("")
    name.type("认证", delay=50)
    option = page.locator("input[name='d1-i9-name'] + .suggestions .suggestion").first
    option.wait_for(timeout=10000)
    assert "本单位2024年实际 16.49万人" in option.inner_text()
    option.click()
    assert name.input_value() == "认证人数"
    assert page.input_value("input[name='d1-i9-unit_raw']") == "万人"
    assert page.input_value("input[name='d1-i9-basis_figure_raw']") == "16.49万人"
    assert page.input_value("select[name='d1-i9-basis']") == "history"
    assert problems == []


def test_the_bureau_keeps_its_library_and_units_get_it_while_typing(
    browser: Any, live_server: Any, world: dict[str, Any]
) -> None:
    from pathlib import Path

    from jixiao_web.targets import services
    from jixiao_web.targets.models import BureauIndicator

    users = world["users"]
    old = services.library_entry_add(
        user=users["admin"],
        bureau=world["bureaus"][0],
        entry={
            "id": "old-collection-rate",
            "level1": "产出指标",
            "level2": "数量指标",
            "name": "养老保险征缴到账旧口径",
            "definition": "旧口径",
            "unit": "%",
        },
    )
    page, problems = _page(browser, live_server, users["admin"])
    # the 绩效科 adds an entry from the library page
    page.goto(f"{live_server.url}/targets/library/")
    page.fill("#l-key", "rural-pension-collection-rate")
    page.fill("#l-level1", "产出指标")
    page.fill("#l-level2", "质量指标")
    page.fill("#l-name", "城乡居民养老保险费征缴到账率")
    page.fill("#l-definition", "到账保费 ÷ 应征保费 × 100%")
    page.fill("#l-unit", "%")
    page.check("input[name='basis'][value='history']")
    page.fill("#l-typical", "≥99%；100%")
    page.click("#library-add button[type='submit']")
    page.wait_for_url(f"{live_server.url}/targets/library/")
    row = page.locator("#library-entries tr", has_text="城乡居民养老保险费征缴到账率")
    assert "在用" in row.inner_text() and "≥99%；100%" in row.inner_text()
    # … and retires the old one, with a reason: it stays listed, readable, with who and why
    page.goto(f"{live_server.url}/targets/library/{old.pk}/")
    page.fill("#r-reason", "口径调整，改用征缴到账率")
    page.click("#library-retire button[type='submit']")
    page.wait_for_selector("text=该指标已于")
    assert "口径调整，改用征缴到账率" in page.inner_text("main")
    assert "停用" in page.inner_text("table >> nth=1")  # the history: 添加, 停用
    page.goto(f"{live_server.url}/targets/library/")
    shots = Path(__file__).parent / "screenshots"
    shots.mkdir(exist_ok=True)
    page.screenshot(path=str(shots / "library.png"), full_page=True)
    assert "已停用" in page.locator("#library-entries tr", has_text="养老保险征缴到账旧口径").inner_text()
    assert BureauIndicator.objects.get(pk=old.pk).retired_by == users["admin"]
    # a unit of the bureau types an indicator: the new entry is suggested, the retired one is not
    target_round = services.round_open(
        user=users["admin"], year=2025, title="2025年度绩效目标", deadline=date(2025, 1, 20)
    )
    filing = target_round.filings.get(unit=world["units"][0])
    unit_page, unit_problems = _page(browser, live_server, users["preparer"])
    unit_page.goto(f"{live_server.url}/targets/filings/{filing.pk}/edit/")
    name = unit_page.locator("input[name='d1-i9-name']")
    name.fill("")
    name.type("征缴到账", delay=50)
    options = unit_page.locator("input[name='d1-i9-name'] + .suggestions .suggestion")
    options.first.wait_for(timeout=10000)
    texts = options.all_inner_texts()
    assert any("城乡居民养老保险费征缴到账率" in t and "≥99%" in t and "桃江县财政局" in t for t in texts), (
        texts
    )
    assert not any("旧口径" in t for t in texts), texts
    options.last.scroll_into_view_if_needed()
    unit_page.screenshot(path=str(shots / "library-suggestion.png"))
    options.filter(has_text="城乡居民养老保险费征缴到账率").first.click()
    assert unit_page.input_value("input[name='d1-i9-target_raw']") == "≥99%"
    assert unit_page.input_value("input[name='d1-i9-unit_raw']") == "%"
    assert unit_page.input_value("select[name='d1-i9-level2']") == "quality"
    assert problems == [] and unit_problems == []
