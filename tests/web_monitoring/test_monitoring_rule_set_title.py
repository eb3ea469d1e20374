"""The monitoring pages name a round's warning rule set by its Chinese title and version, as the review page
does (《…》第1版) — not by a bare 第1版, never by its id."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db

TITLE = "《绩效运行监控预警（预算执行进度与时间进度之比，财预〔2019〕136号）》第1版"


def test_home_and_round_name_the_rule_set_by_its_title(round_2024: Any, client_for: Any) -> None:
    client = client_for("admin")
    home = client.get("/monitoring/").content.decode()
    assert '<th scope="col">预警规则</th>' in home
    assert f"<td>{TITLE}</td>" in home
    page = client.get(f"/monitoring/rounds/{round_2024.pk}/").content.decode()
    assert f"预警按执行率 ÷ 时间进度分档，依据{TITLE}。" in page
    assert "national/monitoring" not in home + page


def test_a_rule_set_no_longer_installed_is_still_named_in_chinese(round_2024: Any, client_for: Any) -> None:
    # the list of rounds does not break on a round whose rule set was since removed, nor shows its id
    round_2024.rule_set_id = "national/monitoring/removed"
    round_2024.save(update_fields=["rule_set_id"])
    home = client_for("admin").get("/monitoring/").content.decode()
    assert "<td>监控规则集第1版</td>" in home and "removed" not in home
