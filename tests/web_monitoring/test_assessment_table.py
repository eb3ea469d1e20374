"""The 考核评分 table on the evaluation page as the 绩效科 reads it: each number as the rule set prints it
(8 and 15, 7.5 stays 7.5 — no 8.00 beside 15), the 0-point 扣分项 row labelled 扣分项 with its deduction as
−1, 分值 and 得分 kept on one line (the 分值 header used to wrap one character a line at 1366×768)."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from jixiao_web.evaluations import services as evaluations
from jixiao_web.rectification import services as rectification
from tests.browser import chromium

pytestmark = pytest.mark.django_db

CSS = Path(__file__).parents[2] / "src" / "jixiao_web" / "static" / "jixiao" / "site.css"


class _Table(HTMLParser):
    """The cells of ``table.assessment``: rows of (tag, class, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.rows: list[list[tuple[str, str, str]]] = []
        self.cell: list[str] | None = None
        self.cell_tag = ""
        self.cell_class = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table" and "assessment" in (a.get("class") or "").split():
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("th", "td"):
            self.cell, self.cell_tag, self.cell_class = [], tag, a.get("class") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.inside = False
        elif self.inside and tag in ("th", "td") and self.cell is not None:
            self.rows[-1].append((self.cell_tag, self.cell_class, "".join(self.cell).strip()))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def _table(html: str) -> list[list[tuple[str, str, str]]]:
    parser = _Table()
    parser.feed(html)
    return parser.rows


def _scored(world: dict[str, Any]) -> Any:
    """U1's 2024 evaluation scored with one overdue 整改 item (−1) and a 财政调整 of −2."""
    admin = world["users"]["admin"]
    rectification.notice_issue(
        user=admin,
        unit=world["units"]["U1"],
        year=2024,
        title="2024年度绩效自评问题整改通知",
        deadline=date(2025, 6, 30),  # past: the item is overdue
        items=[rectification.ItemSpec("指标值未细化")],
    )
    e1 = world["e1"]
    evaluations.assessment_compute(evaluation=e1)
    e1.refresh_from_db()
    return e1


def test_numbers_as_the_rule_set_prints_them_and_the_deduction_row(
    world: dict[str, Any], client_for: Any
) -> None:
    e1 = _scored(world)
    stored = {r["name"]: (r["max"], r["score"]) for r in e1.assessment_detail}
    # what the scorer stores: two decimals on some rows, none on others; the 扣分项 row 0 and −1.00
    assert stored["自评通知"] == ("8", "6.00") and stored["绩效自评表"] == ("15", "15")
    assert stored["逾期未整改事项"] == ("0", "-1.00")
    # a rule set that prints a half point: 7.50 is shown as 7.5, not trimmed to 7 nor left as 7.50
    detail = [dict(r) for r in e1.assessment_detail]
    half = next(r for r in detail if r["name"] == "工作小组")
    half["max"], half["score"] = "7.50", "7.50"
    e1.assessment_detail = detail
    e1.assessment_adjustment = -2
    e1.assessment_adjustment_reason = "报送材料不规范"
    e1.save(update_fields=["assessment_detail", "assessment_adjustment", "assessment_adjustment_reason"])

    rows = _table(client_for("admin").get(f"/evaluations/{e1.pk}/").content.decode())
    header = rows[0]
    assert [t for _, _, t in header] == ["考核内容", "考核项目", "分值", "得分", "评分依据"]
    by_name = {r[1][2]: r for r in rows[1:] if len(r) == 5 and r[0][0] == "td"}
    shown = {name: (r[2][2], r[3][2]) for name, r in by_name.items()}
    assert shown["自评通知"] == ("8", "6")
    assert shown["工作小组"] == ("7.5", "7.5")
    assert shown["单位自查"] == ("20", "20")
    assert shown["自评报告的完整性"] == ("15", "7")
    assert shown["绩效自评表"] == ("15", "15")
    # the 0-point row is a 扣分项: no 分值 0, its deduction with a minus sign (U+2212), no "-1.00"
    assert shown["逾期未整改事项"] == ("扣分项", "−1")
    assert "deduction" not in "".join(c for _, c, _ in by_name["自评通知"])
    # the bureau's adjustment signed the same way; the total without trailing zeros
    adjustment = next(r for r in rows if r[0][2] == "财政调整")
    assert adjustment[2][2] == "−2"
    total = rows[-1]
    assert total[0][2] == "合计" and total[1][2] == "100"
    assert total[2][2] == f"{e1.assessment_score.normalize():f} / 100"
    assert not any(t.endswith(".00") or ".00 " in t for row in rows for _, _, t in row[:4] if t)


def test_figure_columns_do_not_wrap(world: dict[str, Any], client_for: Any) -> None:
    e1 = _scored(world)
    rows = _table(client_for("admin").get(f"/evaluations/{e1.pk}/").content.decode())
    # 分值 and 得分, header and cells, carry the class the stylesheet keeps on one line
    for row in rows:
        cells = row if len(row) == 5 else []
        for tag, cls, _ in cells[2:4]:
            assert "num" in cls.split(), (tag, row)
    css = CSS.read_text(encoding="utf-8")
    rule = next(line for line in css.splitlines() if line.startswith("table.assessment th.num"))
    assert "white-space:nowrap" in rule.replace(" ", "")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_figure_headers_are_one_line_at_1366(live_server: Any, world: dict[str, Any]) -> None:
    from django.conf import settings
    from django.test import Client

    e1 = _scored(world)
    # long 评分依据 (as on a unit whose rows each list what was missing) squeeze the other columns to their
    # narrowest: that is when the 分值 header broke after each character
    e1.assessment_detail = [{**r, "why": f"{r['why']}；{r['why']}；{r['why']}"} for r in e1.assessment_detail]
    e1.save(update_fields=["assessment_detail"])
    client = Client()
    client.force_login(world["users"]["admin"])
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
        page = context.new_page()
        page.goto(f"{live_server.url}/evaluations/{e1.pk}/#assessment")
        heights = page.evaluate(
            """() => [...document.querySelectorAll('table.assessment thead th')].map((th) => {
                 const s = getComputedStyle(th);
                 const line = parseFloat(s.lineHeight) || parseFloat(s.fontSize) * 1.6;
                 const inner = th.clientHeight - parseFloat(s.paddingTop) - parseFloat(s.paddingBottom);
                 return [th.innerText.trim(), Math.round(inner / line)];
               })"""
        )
        assert heights == [["考核内容", 1], ["考核项目", 1], ["分值", 1], ["得分", 1], ["评分依据", 1]]
        # however narrow the table gets, the figure headers never break between their two characters
        spaces = page.evaluate(
            "() => [...document.querySelectorAll('table.assessment thead th')]"
            ".map((th) => getComputedStyle(th).whiteSpace)"
        )
        assert spaces[2:4] == ["nowrap", "nowrap"], spaces
        cells = page.evaluate(
            """() => [...document.querySelectorAll('table.assessment td.num')].map((td) => {
                 const s = getComputedStyle(td);
                 return [td.innerText.trim(), td.scrollWidth <= td.clientWidth, s.whiteSpace];
               })"""
        )
        assert cells and all(fits and ws == "nowrap" for _, fits, ws in cells), cells
        assert page.evaluate("document.documentElement.scrollWidth") <= 1366
        context.close()
