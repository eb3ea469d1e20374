"""The whole annual cycle in Debian's Chromium at 1366×768, driven by Playwright against a live server.

A preparer uploads seed 001's text and sees the import report and findings; fixes the 填报日期
(2024-04-30 → 2025-04-17) in the form while the live check shows the DAT001 finding beside the
field and then drops it; explains what is left; the head submits; the reviewer, on the page with
the source document, returns it with a comment on a field; the preparer sees the comment beside
that field, fixes it, and the head resubmits; the reviewer approves; the bureau administrator
publishes; an anonymous visitor reads it on the portal. Screenshots go to tests/web/screenshots/.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from jixiao_web.evaluations.models import Evaluation, Revision, State
from tests.browser import chromium

from .conftest import PASSWORD, ROOT, SEED_001

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).parent / "screenshots"


@pytest.fixture
def browser() -> Any:
    with chromium() as b:
        SHOTS.mkdir(exist_ok=True)
        yield b


def _importer_ready() -> bool:
    try:
        from jixiao.importers import import_bytes  # noqa: F401
    except ImportError:
        return False
    return True


def test_the_whole_cycle(browser: Any, live_server: Any, world: dict[str, Any]) -> None:
    """Issue 12: the whole cycle at 1366×768 with only what a person sees — labels, buttons and
    clicks; no path is typed and the 自评表 fits the window (no horizontal scrolling)."""
    from playwright.sync_api import expect

    base = live_server.url
    e1: Evaluation = world["e1"]
    # start from an empty draft, as a notice creates it
    Revision.objects.filter(evaluation=e1).update(data={"year": 2024, "unit": {"name": e1.unit.name}})
    detail_url = f"{base}/evaluations/{e1.pk}/"

    def session(username: str) -> Any:
        context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())  # 确认报送、恢复等对话框：点“确定”
        page.goto(f"{base}/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        expect(page.get_by_role("heading", name="我的工作台")).to_be_visible()
        return context, page

    def shot(page: Any, name: str, full: bool = False) -> None:
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)

    def no_horizontal_scroll(page: Any) -> None:
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")

    # 0. the bureau checks a notice before issuing it: a deadline in the past is refused
    ctx, page = session("admin")
    page.get_by_role("link", name="自评通知").first.click()
    page.get_by_role("link", name="印发自评通知").click()
    page.get_by_label("通知标题").fill("关于开展2025年度绩效自评工作的通知")
    page.get_by_label("报送截止日期").fill("2020-05-31")
    page.get_by_role("button", name="检查并印发").click()
    expect(page.locator("main")).to_contain_text("应晚于今天")
    expect(page.locator("main")).to_contain_text("通知缺少“自评范围”")
    shot(page, "00-notice-checked-before-issue")
    ctx.close()

    # 1. an empty package cannot be submitted
    ctx, page = session("head")
    page.goto(detail_url)
    page.get_by_role("button", name="审签并报送").click()
    expect(page.locator(".messages")).to_contain_text("还是空的，不能报送")
    expect(page.locator("#state")).to_have_text("草稿")
    ctx.close()

    # 2. the preparer uploads seed 001's text: import report, findings and what was read
    ctx, page = session("preparer")
    page.goto(detail_url)
    page.get_by_role("link", name="上传文档").click()
    if _importer_ready():
        document = ROOT / "src" / "jixiao" / "data" / "seeds" / f"{SEED_001}.txt"
    else:  # the importer is another helper's work; the hand-made package stands in for it
        document = ROOT / "tests" / "corpus" / "seeds" / f"{SEED_001}.yaml"
    expect(page.locator(".file-picker")).to_contain_text("未选择文件")
    page.get_by_label("文档").set_input_files(str(document))
    expect(page.locator(".file-picker")).to_contain_text(document.name)
    page.get_by_role("button", name="上传并导入").click()
    expect(page.get_by_role("heading", name="导入报告")).to_be_visible()
    expect(page.locator("main")).to_contain_text("DAT001")
    shot(page, "01-upload-import-report")

    # 3. the 整体支出绩效自评表 as on paper: fits 1366 px, computed scores beside the typed ones
    page.goto(detail_url)
    page.get_by_role("link", name="填报／修改").click()
    page.get_by_role("link", name="整体支出绩效自评表").click()
    grid = page.locator("table.grid.indicators")
    expect(grid).to_be_visible()
    no_horizontal_scroll(page)
    for header in ("一级指标", "三级指标", "分值", "得分", "系统评分", "偏差原因分析及改进措施"):
        box = grid.get_by_role("columnheader", name=header, exact=True).bounding_box()
        assert box is not None and box["x"] + box["width"] <= 1366, header
    expect(grid.locator("tbody td.computed").first).not_to_have_text("", timeout=10000)
    grid.scroll_into_view_if_needed()
    shot(page, "02-indicator-grid-1366")
    # arrows move between cells as in a spreadsheet
    names = grid.get_by_label("三级指标")
    names.nth(0).click()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.name") == page.evaluate(
        "el => el.name", names.nth(1).element_handle()
    )
    # a block copied from Excel/WPS (two rows of 偏差原因) is pasted into the first row
    notes = grid.get_by_label("偏差原因分析及改进措施")
    notes.nth(0).click()
    notes.nth(0).evaluate(
        """el => { const dt = new DataTransfer(); dt.setData("text/plain", "参保人数增加\\r\\n按时完成\\r\\n");
                   el.dispatchEvent(new ClipboardEvent("paste", {clipboardData: dt, bubbles: true, cancelable: true})); }"""
    )
    expect(notes.nth(0)).to_have_value("参保人数增加")
    expect(notes.nth(1)).to_have_value("按时完成")
    # 填报日期: the live check shows DAT001 in the panel, named as printed, then drops it
    expect(page.locator("#live-findings")).to_contain_text("DAT001")
    expect(page.locator("#live-findings")).to_contain_text("部门整体支出绩效自评表 · 填报日期")
    page.get_by_label("填报日期").fill("2025-04-17")
    expect(page.locator("#live-findings")).not_to_contain_text("DAT001", timeout=10000)
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("已保存为第")
    e1.refresh_from_db()
    assert e1.current_revision.data["overall"]["footer"]["fill_date"] == "2025-04-17"
    assert e1.current_revision.data["overall"]["indicators"][1]["deviation_note"] == "按时完成"
    assert len(e1.current_revision.changes) == 3  # 2 pasted notes and the date: untouched texts unchanged

    # 4. explains every error-level finding that is left (keeps the figures as printed)
    page.goto(detail_url)
    while page.locator("details.explain").count():
        box = page.locator("details.explain").first
        box.locator("summary").click()
        box.locator("textarea").fill("与原始凭证核对无误，按单位公开文本保留")
        with page.expect_navigation():
            box.get_by_role("button", name="提交说明").click()
        expect(page.locator(".messages")).to_contain_text("已说明问题")
    shot(page, "03-findings-explained", full=True)
    ctx.close()

    # 5. the head submits (and confirms)
    ctx, page = session("head")
    page.goto(detail_url)
    page.get_by_role("button", name="审签并报送").click()
    expect(page.locator("#state")).to_have_text("已报送")
    ctx.close()

    # 6. the reviewer reads the source, the scope of the audit, and returns it with a comment on a
    # field chosen by its name (no path typed)
    ctx, page = session("reviewer")
    page.goto(detail_url)
    page.get_by_role("link", name="对照原文审核").click()
    expect(page.locator("ol.source")).to_be_visible()
    if _importer_ready():
        expect(page.locator(".coverage")).to_contain_text("审核范围")
    expect(page.locator("ol.source li.cited").first).to_be_visible()
    page.locator(".finding .where a").first.click()
    expect(page.locator("ol.source li.current mark")).to_be_visible()
    shot(page, "04-review-source-highlighted")
    page.get_by_role("button", name="就此问题提意见").first.click()
    expect(page.locator("details.return")).to_have_attribute("open", "")
    page.get_by_label("退回意见").fill("请补充退休人员数")
    page.get_by_label("针对的字段（点击页面上的问题或表格行，或在此选择）").select_option(label="退休人数")
    page.get_by_label("对该字段的意见").fill("基础数据中退休人数未填")
    shot(page, "05-return-with-comment-on-a-named-field")
    page.get_by_role("button", name="退回").click()
    expect(page.locator("#state")).to_have_text("已退回")
    expect(page.locator("#comments")).to_contain_text("针对：单位基本情况 · 退休人数")
    ctx.close()

    # 7. the preparer sees the comment beside the field, fixes it, and sees old → new in the revisions
    ctx, page = session("preparer")
    page.goto(f"{detail_url}edit/unit/")
    expect(page.get_by_text("审核意见：基础数据中退休人数未填")).to_be_visible()
    page.get_by_label("退休人数", exact=True).fill("15")
    shot(page, "06-preparer-sees-comment")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("（1处修改）")
    page.goto(detail_url)
    page.get_by_role("link", name="版本记录").click()
    page.get_by_role("link", name="1 处（查看修改前后）").first.click()
    row = page.locator("table.changes tbody tr").first
    expect(row).to_contain_text("单位基本情况 · 退休人数")
    expect(row.locator("td.new")).to_have_text("15")
    shot(page, "07-revision-old-new")
    ctx.close()

    # 8. the head resubmits; the reviewer approves; the bureau publishes after seeing what is unfilled
    ctx, page = session("head")
    page.goto(detail_url)
    page.get_by_role("button", name="审签并报送").click()
    expect(page.locator("#state")).to_have_text("已报送")
    ctx.close()
    ctx, page = session("reviewer")
    page.goto(detail_url)
    page.get_by_role("button", name="审核通过").click()
    expect(page.locator("#state")).to_have_text("已通过")
    ctx.close()
    ctx, page = session("admin")
    page.goto(detail_url)
    page.get_by_role("link", name="公开", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("公开前确认")
    shot(page, "08-publish-asks-what-is-unfilled")
    page.get_by_role("button", name=re.compile("公开")).click()
    expect(page.locator("#state")).to_have_text("已公开")
    expect(page.locator("#assessment tfoot")).to_contain_text("/ 100")
    expect(page.locator("#final-score")).to_contain_text("满分")
    shot(page, "09-published-with-assessment", full=True)
    ctx.close()

    # 9. an anonymous visitor reads it on the portal, with the same score and grade
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = ctx.new_page()
    page.goto(f"{base}/portal/")
    page.get_by_role("link", name=e1.unit.name).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2024年度绩效自评")
    expect(page.locator("main")).to_contain_text("稽核管理工作经费")
    e1.refresh_from_db()
    expect(page.locator("#final-score .grade")).to_have_text(e1.grade or "—")
    expect(page.get_by_role("navigation", name="公开报告导航")).to_be_visible()
    no_horizontal_scroll(page)
    shot(page, "10-portal", full=True)
    ctx.close()

    assert e1.state == State.PUBLISHED
    assert e1.current_revision.data["unit"]["retired_staff"] == 15
    assert [t.to_state for t in e1.transitions.all()] == [
        "submitted",
        "under_review",
        "returned",
        "submitted",
        "under_review",
        "approved",
        "published",
    ]
    assert re.search(r"\d", str(e1.assessment_score))
    # ORM calls made beside Playwright's event loop get their own connection: close it, or
    # PostgreSQL refuses to drop the test database at the end of the run
    from django.db import connections

    connections.close_all()
