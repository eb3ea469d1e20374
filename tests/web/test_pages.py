"""HTTP tests of the pages: every page renders in Chinese for the roles that may see it."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_home_anonymous_is_a_welcome_page(client: Any, world: dict[str, Any]) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="zh-CN"' in html
    assert "登录" in html


@pytest.mark.parametrize("username", ["preparer", "head", "reviewer", "admin", "sysadmin"])
def test_home_lists_what_the_role_may_see(client_for: Any, world: dict[str, Any], username: str) -> None:
    html = client_for(username).get("/").content.decode()
    assert "桃江县社会保险服务中心" in html
    assert "株洲市石峰区社会保险服务中心" not in html or username == "sysadmin"


@pytest.mark.parametrize(
    "page",
    [
        "",
        "review/",
        "edit/unit/",
        "edit/budget/",
        "edit/three_public/",
        "edit/overall/",
        "edit/project-0/",
        "edit/project-new/",
        "edit/scoring/",
        "edit/reports/",
        "edit/evaluators/",
        "edit/final_accounts/",
        "upload/",
        "revisions/",
        "revisions/1/",
    ],
)
def test_evaluation_pages_render_for_the_preparer(client_for: Any, world: dict[str, Any], page: str) -> None:
    response = client_for("preparer").get(f"/evaluations/{world['e1'].pk}/{page}")
    assert response.status_code == 200, response.content.decode()[:2000]
    assert 'lang="zh-CN"' in response.content.decode()
