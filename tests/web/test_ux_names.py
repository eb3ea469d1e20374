"""Issue 12 · names, not paths: no page a person can reach shows a JSON path, a content hash or a
rule code without its name. Every page of every role is fetched and its visible text (what a person
reads: text and option labels, not attributes, scripts or templates) is searched."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest

from jixiao_web.evaluations import services
from jixiao_web.evaluations.models import Evaluation, State

pytestmark = pytest.mark.django_db

PATH = re.compile(r"\b[a-z][a-z_]*(?:\[\d+\])?(?:\.[a-z_]+(?:\[\d+\])?)+\b")  # overall.footer.fill_date
INDEXED = re.compile(r"\b[a-z_]+\[\d+\]")  # indicators[0]
HASH = re.compile(
    r"(?<![0-9a-zA-Z])[0-9a-f]{12,}(?![0-9a-zA-Z])|(?<=_)[0-9a-f]{12,}|sha256", re.IGNORECASE
)  # a content hash or a seed's id
RULE_CODE = re.compile(r"R-[A-Z]+\d+|RULES\.md")


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("script", "style", "template"):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return "\n".join(parser.parts)


def offences(text: str) -> list[str]:
    found = []
    for pattern in (PATH, INDEXED, HASH, RULE_CODE):
        found += [m.group(0) for m in pattern.finditer(text)]
    return [f for f in found if f not in ALLOWED]


ALLOWED = {"jixiao.svg"}  # nothing else


def _pages(world: dict[str, Any]) -> dict[str, list[str]]:
    e1: Evaluation = world["e1"]
    base = f"/evaluations/{e1.pk}"
    parts = ["unit", "budget", "three_public", "overall", "project-0", "scoring", "reports", "evaluators"]
    return {
        "preparer": [
            "/",
            f"{base}/",
            f"{base}/review/",
            f"{base}/revisions/",
            f"{base}/revisions/1/",
            f"{base}/revisions/2/",
            f"{base}/upload/",
            "/campaigns/",
            f"/campaigns/{world['campaign'].pk}/",
            *(f"{base}/edit/{p}/" for p in parts),
            "/password/",
        ],
        "reviewer": ["/", f"{base}/", f"{base}/review/"],
        "admin": ["/", f"{base}/", "/dashboards/", "/campaigns/new/"],
        "sysadmin": [
            "/administration/",
            "/administration/users/",
            "/administration/units/",
            "/administration/bureaus/",
            "/administration/jurisdictions/",
        ],
    }


def test_no_page_shows_a_path_a_hash_or_a_rule_code(world: dict[str, Any], client_for: Any) -> None:
    e1: Evaluation = world["e1"]
    # a second revision (a hand edit) and a comment on a field, as after a review
    data = dict(e1.current_revision.data)
    data["unit"] = {**data["unit"], "retired_staff": 15}
    services.package_save(evaluation=e1, user=world["users"]["preparer"], data=data, based_on=1)
    e1.refresh_from_db()
    e1.comments.create(author=world["users"]["reviewer"], path="unit.retired_staff", text="退休人数请核对")
    e1.comments.create(
        author=world["users"]["reviewer"],
        path="overall.indicators[0].max_score",
        finding_code="SCR001",
        text="分值",
    )
    bad: dict[str, list[str]] = {}
    for role, urls in _pages(world).items():
        client = client_for(role)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (role, url, response.status_code)
            found = offences(visible(response.content.decode()))
            if found:
                bad[f"{role} {url}"] = sorted(set(found))[:8]
    # the bureau's confirmation before publishing, and the public pages once published
    Evaluation.objects.filter(pk=e1.pk).update(state=State.APPROVED)
    response = client_for("admin").get(f"/evaluations/{e1.pk}/publish/")
    assert response.status_code == 200
    if offences(visible(response.content.decode())):
        bad["admin publish"] = offences(visible(response.content.decode()))
    Evaluation.objects.filter(pk=e1.pk).update(state=State.PUBLISHED)
    anonymous = client_for(None)
    for url in ["/portal/", f"/portal/{e1.pk}/"]:
        response = anonymous.get(url)
        assert response.status_code == 200
        found = offences(visible(response.content.decode()))
        if found:
            bad[f"public {url}"] = sorted(set(found))[:8]
    assert bad == {}


def test_the_checker_of_this_test_sees_what_it_must() -> None:
    """The patterns catch what issue 12 saw on the pages (so the test above can fail)."""
    html = (
        "<p>001_a74d644552a354b1 “4”列 第214行 overall.indicators[0].max_score</p>"
        "<label>针对的字段（路径，如 overall.footer.fill_date）</label><p>达到指标值得满分（R-Q1）</p>"
        '<input name="overall.footer.fill_date"><script>var a = "unit.name";</script>'
    )
    found = offences(visible(html))
    assert "overall.indicators[0].max_score" in found
    assert "overall.footer.fill_date" in found
    assert "R-Q1" in found
    assert any(f.startswith("a74d6445") for f in found)
    assert "unit.name" not in found  # scripts and attributes are not read by a person
