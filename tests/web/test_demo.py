"""The demo data that `jixiao serve --demo` loads: the four seed units, imported from their texts."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_demo_loads_the_four_seed_units_once(settings: Any, tmp_path: Any) -> None:
    from django.contrib.auth import authenticate
    from django.utils import timezone

    from jixiao_web.evaluations.models import Evaluation, State
    from jixiao_web.orgs.demo import load_demo
    from jixiao_web.orgs.models import BudgetUnit, Membership

    settings.VAR_DIR = tmp_path
    accounts = load_demo()
    assert [a[0] for a in accounts] == ["preparer", "unithead", "reviewer", "bureauadmin", "sysadmin"]
    assert Membership.objects.count() == 5
    # every printed password works, and is kept (only) in var/demo-accounts.txt
    for username, password, _ in accounts:
        assert authenticate(username=username, password=password) is not None
    assert (tmp_path / "demo-accounts.txt").read_text(encoding="utf-8").count("\n") == 5

    units = {u.name: u for u in BudgetUnit.objects.select_related("jurisdiction")}
    assert set(units) == {
        "桃江县社会保险服务中心",
        "湘西自治州社会保险服务中心",
        "岳阳市岳阳楼区社会保险服务中心",
        "株洲市石峰区社会保险服务中心",
    }
    assert units["桃江县社会保险服务中心"].jurisdiction.path == "湖南省/益阳市/桃江县"
    years = dict(Evaluation.objects.values_list("unit__name", "year"))
    # the years evaluated in the seeds: 000 2024, 001 2024, 003 2021, 004 2022
    assert years == {
        "桃江县社会保险服务中心": 2024,
        "湘西自治州社会保险服务中心": 2024,
        "岳阳市岳阳楼区社会保险服务中心": 2021,
        "株洲市石峰区社会保险服务中心": 2022,
    }
    draft = Evaluation.objects.get(unit__name="桃江县社会保险服务中心")
    assert draft.state == State.DRAFT
    assert draft.campaign is not None and draft.campaign.deadline > timezone.localdate()
    # seed 001's overall form was imported: 全年执行数 444.24, 自评 96 分
    assert draft.current_revision.data["overall"]["stated_total_score"] == "96"
    assert Evaluation.objects.filter(state=State.PUBLISHED).count() == 3
    # a second call changes nothing (the database is no longer empty)
    assert load_demo() == []
    assert BudgetUnit.objects.count() == 4
