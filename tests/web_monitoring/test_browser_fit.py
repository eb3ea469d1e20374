"""The pages of 抽评, 运行监控, 整改与结果应用 and the 指标库 as their users see them, in Debian's Chromium at
1366×768: nothing wider than the window, no English or codes in the page (Chromium's own "Choose File" included),
no empty table that only says 暂无, the scatter's axes named with their unit.

Each page is visited with data on it (a drawn and re-scored sample, a monitoring round, an overdue 整改通知 from
the re-score, the results-application suggestions, a library entry) by the 绩效科 and by the unit's 填报人.

Screenshots: tests/web_monitoring/screenshots/fit-*.png (ignored by git)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from jixiao_web.evaluations.models import Evaluation, State
from tests.browser import chromium

from .test_review import submitted_2024

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).parent / "screenshots"
WIDTH = 1366

# What a user reads in the page body: visible text of the elements people look at, with no Chinese in it and
# a Latin word of three letters or more ("Choose File", "maintain", a rule set id, a JSON path).
_READ = """(usernames) => {
  const main = document.querySelector('main');
  const out = [];
  const visible = (e) => { const r = e.getBoundingClientRect(); return r.width > 2 && r.height > 2
    && getComputedStyle(e).visibility !== 'hidden'; };
  main.querySelectorAll('button, a, label, th, td, li, p, h1, h2, h3, summary, option, span, strong, text, code')
    .forEach((e) => {
      if (e.tagName !== 'OPTION' && !visible(e)) return;
      if ([...e.children].some((c) => c.tagName !== 'BR' && c.innerText && c.innerText.trim())) return;  // leaves
      const t = (e.innerText || e.textContent || '').trim();
      if (!t || /[\\u4e00-\\u9fff]/.test(t)) return;
      const words = t.match(/[A-Za-z][A-Za-z_\\-\\/.#]{2,}/g) || [];
      if (words.some((w) => !usernames.includes(w))) out.push(e.tagName + ': ' + t.slice(0, 80));
    });
  // a native file input that shows itself (Chromium writes "Choose File" / "No file chosen" in English)
  main.querySelectorAll('input[type=file]').forEach((e) => {
    const r = e.getBoundingClientRect();
    if (r.width > 2 && r.height > 2 && getComputedStyle(e).opacity !== '0') out.push('原生文件选择框 #' + e.id);
    const label = main.querySelector('label[for="' + e.id + '"]');
    if (!label || !/[\\u4e00-\\u9fff]/.test(label.innerText)) out.push('文件选择框没有中文按钮 #' + e.id);
  });
  main.querySelectorAll('code').forEach((e) => { if (visible(e)) out.push('CODE: ' + e.innerText.slice(0, 80)); });
  return out;
}"""

_EMPTY = """() => [...document.querySelectorAll('main td')].map((td) => td.innerText.trim())
  .filter((t) => /^(暂无|没有|无)[。.]?$/.test(t))"""


@pytest.fixture
def browser() -> Any:
    with chromium() as b:
        SHOTS.mkdir(exist_ok=True)
        yield b


def _data(world: dict[str, Any]) -> dict[str, int]:
    """A sample of U1 and U2 (2024) re-scored, an overdue 整改通知 from it, a monitoring round, the suggestions,
    a library entry of bureau A and its 2025 target round (U1's filing carries its 2024 indicators)."""
    from jixiao_web.monitoring import services as monitoring
    from jixiao_web.rectification import services as rectification
    from jixiao_web.review import services as review
    from jixiao_web.targets import services as targets

    admin = world["users"]["admin"]
    Evaluation.objects.filter(pk=world["e1"].pk).update(state=State.SUBMITTED)
    submitted_2024(world, world["units"]["U2"], Decimal(92), Decimal(95))
    review.reviewer_register(user=admin, kind="agency", name="某绩效评价咨询公司")
    rnd = review.round_draw(user=admin, year=2024, size=2, seed=11)
    items = {i.unit_id: i for i in rnd.items.all()}
    item = items[world["units"]["U1"].pk]
    review.item_assign(item=item, user=admin)
    review.rescore_save(item=item, user=admin, path="overall", reason="抽查复核：佐证不足", total=Decimal(90))
    notice = rectification.notice_from_review(user=admin, item=item, deadline=date(2024, 12, 31))
    mon = monitoring.round_create(user=admin, as_of=date(2024, 7, 31), title="2024年1-7月绩效运行监控")
    report = mon.reports.get(unit=world["units"]["U1"])
    assert rectification.suggestions_compute(user=admin, year=2024)  # a row of codes would show on the page
    entry = targets.library_entry_add(
        user=admin,
        bureau=world["bureaus"][0],
        entry={
            "id": "collection-rate",
            "level1": "产出指标",
            "level2": "质量指标",
            "name": "城乡居民养老保险费征缴到账率",
            "definition": "到账保费 ÷ 应征保费 × 100%",
            "unit": "%",
        },
    )
    target_round = targets.round_open(
        user=admin, year=2025, title="2025年度绩效目标", deadline=date(2025, 1, 20)
    )
    filing = target_round.filings.get(unit=world["units"]["U1"])
    return {
        "targets": target_round.pk,
        "filing": filing.pk,
        "round": rnd.pk,
        "item": item.pk,
        "notice": notice.pk,
        "monitoring": mon.pk,
        "report": report.pk,
        "entry": entry.pk,
    }


def _context(browser: Any, live_server: Any, user: Any) -> Any:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(viewport={"width": WIDTH, "height": 768}, locale="zh-CN")
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    return context


def test_pages_fit_1366_and_speak_chinese(browser: Any, live_server: Any, world: dict[str, Any]) -> None:
    from django.contrib.auth import get_user_model

    ids = _data(world)
    usernames = list(get_user_model().objects.values_list("username", flat=True))
    pages = {
        "admin": [
            ("review", "/review/"),
            ("reviewers", "/review/reviewers/"),
            ("review-round", f"/review/rounds/{ids['round']}/"),
            ("review-item", f"/review/items/{ids['item']}/"),
            ("monitoring", "/monitoring/"),
            ("monitoring-round", f"/monitoring/rounds/{ids['monitoring']}/"),
            ("monitoring-report", f"/monitoring/reports/{ids['report']}/"),
            ("rectification", "/rectification/"),
            ("notice", f"/rectification/notices/{ids['notice']}/"),
            ("suggestions", "/rectification/suggestions/?year=2024"),
            ("suggestions-empty", "/rectification/suggestions/?year=2019"),
            ("library", "/targets/library/"),
            ("library-entry", f"/targets/library/{ids['entry']}/"),
            ("targets", "/targets/"),
            ("targets-round", f"/targets/rounds/{ids['targets']}/"),
            ("filing", f"/targets/filings/{ids['filing']}/"),
        ],
        "preparer": [
            ("review", "/review/"),
            ("monitoring-report", f"/monitoring/reports/{ids['report']}/"),
            ("rectification", "/rectification/"),
            ("notice", f"/rectification/notices/{ids['notice']}/"),
            ("library", "/targets/library/"),
            ("filing", f"/targets/filings/{ids['filing']}/"),
            ("filing-edit", f"/targets/filings/{ids['filing']}/edit/"),
        ],
    }
    failures: list[str] = []
    for who, visits in pages.items():
        context = _context(browser, live_server, world["users"][who])
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        for name, url in visits:
            response = page.goto(f"{live_server.url}{url}")
            assert response is not None and response.status == 200, (who, url)
            page.screenshot(path=str(SHOTS / f"fit-{who}-{name}.png"), full_page=True)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > WIDTH:
                failures.append(f"{who} {url}: 页面宽 {width}px，超出 {WIDTH}px")
            failures += [f"{who} {url}: {t}" for t in page.evaluate(_READ, usernames)]
            failures += [f"{who} {url}: 空表只写了“{t}”" for t in page.evaluate(_EMPTY)]
            h1 = page.locator("main h1")
            if h1.count() != 1 or not re.search(r"[\u4e00-\u9fff]", h1.inner_text()):
                failures.append(f"{who} {url}: 没有中文页面标题")
        if errors:
            failures += [f"{who}: {e}" for e in errors]
        context.close()
    assert failures == [], "\n".join(failures)


def test_scatter_axes_are_named_with_their_unit(
    browser: Any, live_server: Any, world: dict[str, Any]
) -> None:
    ids = _data(world)
    context = _context(browser, live_server, world["users"]["admin"])
    page = context.new_page()
    page.goto(f"{live_server.url}/review/rounds/{ids['round']}/")
    labels = page.locator("#scatter text").all_text_contents()
    assert "自评得分（分）" in labels and "复评得分（分）" in labels, labels
    assert "虚线" in page.inner_text("#scatter-legend")
    # the chart and its legend stay inside the window
    box = page.locator("figure.scatter-box").bounding_box()
    assert box is not None and box["x"] + box["width"] <= WIDTH
    context.close()
