"""财政重点评价 and 抽评 on the web: a reproducible sample, the registry and 回避, re-scores row by row or
as a total, the gap self − re-score, the units flagged as systematically above, the scatter and the API.

Every figure is worked out by hand beside the assertion.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from jixiao.model import load_package
from jixiao.monitoring.sampling import Candidate, draw_sample
from jixiao_web.evaluations import services as evaluations
from jixiao_web.evaluations.models import Evaluation, State
from jixiao_web.review import selectors, services
from jixiao_web.review.models import Assignee, ReviewItem

from .conftest import SEEDS

pytestmark = pytest.mark.django_db

SEED_001 = SEEDS / "001_a74d644552a354b1.yaml"


def submitted_2024(world: dict[str, Any], unit: Any, overall: Decimal, project: Decimal) -> Evaluation:
    """A submitted 2024 self-evaluation of ``unit``: seed 001 with the two forms' totals set."""
    package = load_package(SEED_001)
    assert package.overall is not None
    package.overall.stated_total_score = overall
    package.projects[0].stated_total_score = project
    e = evaluations.evaluation_create(unit=unit, year=2024, package=package, author=world["users"]["admin"])
    Evaluation.objects.filter(pk=e.pk).update(state=State.SUBMITTED)
    e.refresh_from_db()
    return e


@pytest.fixture
def sampled(world: dict[str, Any]) -> dict[str, Any]:
    """U1 (seed 001 as printed: 96 / 96), U2 (92 / 95), U3 (88 / 90), all submitted for 2024; e1 (U1) too."""
    u = world["units"]
    Evaluation.objects.filter(pk=world["e1"].pk).update(state=State.SUBMITTED)
    e2 = submitted_2024(world, u["U2"], Decimal(92), Decimal(95))
    e3 = submitted_2024(world, u["U3"], Decimal(88), Decimal(90))
    return {"e1": world["e1"], "e2": e2, "e3": e3}


def test_sample_is_drawn_by_desk_with_a_recorded_seed_and_reproducible(
    world: dict[str, Any], sampled: dict[str, Any]
) -> None:
    admin = world["users"]["admin"]
    rnd = services.round_draw(user=admin, year=2024, size=2, seed=2024, stratify_by="desk")
    # strata: 社会保障股 {U1, U2}, 农业股 {U3}; quotas 2×2/3 = 1.333 and 2×1/3 = 0.667 → 1 and 0, the one
    # left goes to the larger remainder (0.667, 农业股): 1 each
    assert rnd.population == {"农业股": 1, "社会保障股": 2}
    assert rnd.allocation == {"农业股": 1, "社会保障股": 1}
    assert rnd.seed == 2024
    assert sorted((int(c["key"]), c["stratum"]) for c in rnd.candidates) == sorted(
        (e.pk, e.unit.desk.name) for e in sampled.values()
    )
    assert selectors.redraw_matches(rnd)
    drawn = sorted(rnd.items.values_list("evaluation_id", flat=True))
    assert len(drawn) == 2 and sampled["e3"].pk in drawn
    # the same candidates, seed and size: the same sample, as the core draws it
    again = services.round_draw(user=admin, year=2024, size=2, seed=2024, stratify_by="desk")
    assert sorted(again.items.values_list("evaluation_id", flat=True)) == drawn
    core = draw_sample(
        [Candidate(f"{e.pk:010d}", e.unit.name, e.unit.desk.name) for e in sampled.values()],
        size=2,
        seed=2024,
        stratify_by="desk",
    )
    assert sorted(int(c.key) for c in core.drawn) == drawn
    assert "随机种子 2024" in rnd.description and "农业股 1/1" in rnd.description
    # a sample changed by hand afterwards no longer matches the redraw from its record
    moved = rnd.items.exclude(evaluation=sampled["e3"]).get()
    other = next(e for e in (sampled["e1"], sampled["e2"]) if e.pk != moved.evaluation_id)
    ReviewItem.objects.filter(pk=moved.pk).update(evaluation=other, unit=other.unit)
    assert not selectors.redraw_matches(rnd)
    # no seed typed: one is drawn and recorded
    recorded = services.round_draw(user=admin, year=2024, size=1)
    assert 0 <= recorded.seed < services.MAX_SEED and recorded.items.count() == 1


def test_drafts_are_not_sampled_and_an_empty_year_is_refused(world: dict[str, Any]) -> None:
    admin = world["users"]["admin"]
    # e1 is still a draft and is the only 2024 evaluation
    with pytest.raises(ValidationError) as caught:
        services.round_draw(user=admin, year=2024, size=1)
    assert "没有已报送的绩效自评" in caught.value.messages[0]


def test_size_strata_use_the_overall_budget(world: dict[str, Any], sampled: dict[str, Any]) -> None:
    admin = world["users"]["admin"]
    budget = services._budget(sampled["e1"])
    assert budget is not None
    # all three carry seed 001's budget, so they fall in one band; the bound just above it splits nothing
    rnd = services.round_draw(
        user=admin, year=2024, size=1, seed=7, stratify_by="size", size_bounds=[budget + 1]
    )
    assert list(rnd.population.values()) == [3]
    with pytest.raises(ValidationError):
        services.round_draw(user=admin, year=2024, size=1, stratify_by="size")


def _item(rnd: Any, unit: Any) -> ReviewItem:
    return rnd.items.get(unit=unit)


def test_conflicts_of_interest_are_refused_in_chinese(world: dict[str, Any], sampled: dict[str, Any]) -> None:
    admin = world["users"]["admin"]
    u1 = world["units"]["U1"]
    rnd = services.round_draw(user=admin, year=2024, size=3, seed=1)
    item = _item(rnd, u1)
    works_there = services.reviewer_register(
        user=admin, kind="expert", name="王专家", organisation="桃江县社会保险服务中心"
    )
    served = services.reviewer_register(
        user=admin, kind="agency", name="某会计师事务所", related_units=[u1.pk]
    )
    on_panel = services.reviewer_register(user=admin, kind="expert", name="刘晶晶", organisation="某大学")
    clean = services.reviewer_register(user=admin, kind="agency", name="某绩效评价咨询公司")
    for reviewer, why in [
        (works_there, "专家在被评价单位任职"),
        (served, "近年为被评价单位提供过服务"),
        (on_panel, "参加过被评价单位本年度的自评"),
    ]:
        with pytest.raises(ValidationError) as caught:
            services.item_assign(item=item, user=admin, reviewer=reviewer)
        assert why in caught.value.messages[0] and "须回避" in caught.value.messages[0]
        item.refresh_from_db()
        assert item.assignee == "" and item.reviewer is None
    # the related agency may still evaluate another unit
    services.item_assign(item=_item(rnd, world["units"]["U3"]), user=admin, reviewer=served)
    services.item_assign(item=item, user=admin, reviewer=clean)
    item.refresh_from_db()
    assert (item.assignee, item.reviewer) == (Assignee.REVIEWER, clean)
    choices = {c.reviewer.name: c.conflicts for c in selectors.assignment_choices(item)}
    assert choices["某绩效评价咨询公司"] == [] and len(choices["某会计师事务所"]) == 1


def test_rescores_gaps_and_the_flagged_unit_by_hand(world: dict[str, Any], sampled: dict[str, Any]) -> None:
    admin = world["users"]["admin"]
    u = world["units"]
    rnd = services.round_draw(user=admin, year=2024, size=3, seed=1)
    i1, i2 = _item(rnd, u["U1"]), _item(rnd, u["U2"])
    with pytest.raises(ValidationError) as caught:
        services.rescore_save(item=i1, user=admin, path="overall", reason="抽查复核", total=Decimal(90))
    assert "请先委派评价方" in caught.value.messages[0]
    services.item_assign(item=i1, user=admin)
    services.item_assign(item=i2, user=admin)
    row = services.RowScore
    # a row above its 分值 (实际发放人数: 10), and a row changed without a reason, are refused
    with pytest.raises(ValidationError):
        services.rescore_save(
            item=i1,
            user=admin,
            path="overall",
            reason="抽查复核",
            rows={"indicators[4]": row(Decimal(11), "x")},
        )
    with pytest.raises(ValidationError) as caught:
        services.rescore_save(
            item=i1, user=admin, path="overall", reason="抽查复核", rows={"indicators[4]": row(Decimal(2))}
        )
    assert "请写明理由" in caught.value.messages[0]
    # U1 overall, row by row: 实际发放人数 6 → 2, 预算执行率 10 → 8; 96 − (6 − 2) − (10 − 8) = 90, gap 6
    overall = services.rescore_save(
        item=i1,
        user=admin,
        path="overall",
        reason="实际发放人数未达目标且执行率偏低",
        rows={
            "indicators[4]": row(Decimal(2), "完成率仅为目标的80%"),
            "execution": row(Decimal(8), "执行率80%"),
        },
    )
    assert (overall.self_score, overall.re_score, overall.gap) == (96, 90, 6)
    assert [r["key"] for r in overall.rows] == ["indicators[4]", "execution"]
    # U1 project as a total: 96 − 89 = 7
    project = services.rescore_save(
        item=i1, user=admin, path="projects[0]", reason="绩效目标设置不细化", total=Decimal(89)
    )
    assert project.gap == 7
    # U2 overall as a total: 92 − 90 = 2
    services.rescore_save(item=i2, user=admin, path="overall", reason="个别指标佐证不足", total=Decimal(90))
    board = selectors.round_board(admin, rnd)
    # the rule set (results-application-2020): mean gap above 5 over at least 2 forms
    assert (board.threshold, board.min_samples) == (5, 2)
    # U1: (6 + 7) / 2 = 6.5 > 5 over 2 forms → flagged; U2: 1 form (gap 2) → not
    assert [(f.unit, f.mean) for f in board.flagged] == [("桃江县社会保险服务中心", Decimal("6.5"))]
    # all forms: (6 + 7 + 2) / 3 = 5.00
    assert board.mean_gap == Decimal("5.00")
    # axes from 70 (lowest score 89 → 80 − 10) to 100 over 300 units: self 96 → x = 40 + 26 × 10 = 300,
    # re 90 → y = 340 − 20 × 10 = 140
    assert board.low == 70
    point = next(p for p in board.points if p.rescore == overall)
    assert (point.x, point.y, point.flagged) == (Decimal(300), Decimal(140), True)
    # entering it again replaces, it does not add
    services.rescore_save(item=i2, user=admin, path="overall", reason="个别指标佐证不足", total=Decimal(91))
    assert i2.rescores.get().gap == 1
    # once a form is re-scored the assignment is fixed; once published nothing moves
    with pytest.raises(ValidationError):
        services.item_assign(item=i1, user=admin)
    services.round_publish(round=rnd, user=admin)
    with pytest.raises(ValidationError):
        services.rescore_save(item=i2, user=admin, path="overall", reason="再改一次", total=Decimal(80))


def test_units_see_their_own_result_only_once_published(
    world: dict[str, Any], sampled: dict[str, Any], client_for: Any
) -> None:
    admin = world["users"]["admin"]
    rnd = services.round_draw(user=admin, year=2024, size=3, seed=1)
    i1 = _item(rnd, world["units"]["U1"])
    services.item_assign(item=i1, user=admin)
    services.rescore_save(item=i1, user=admin, path="overall", reason="抽查复核", total=Decimal(90))
    preparer = client_for("preparer")
    assert preparer.get(f"/review/items/{i1.pk}/").status_code == 403
    assert preparer.get(f"/review/rounds/{rnd.pk}/").status_code == 403
    services.round_publish(round=rnd, user=admin)
    page = preparer.get(f"/review/items/{i1.pk}/").content.decode()
    assert "复评得分" in page and "90" in page and "保存复评" not in page
    board = preparer.get(f"/review/rounds/{rnd.pk}/").content.decode()
    assert "桃江县社会保险服务中心" in board and "桃江县农业农村局" not in board and "委派" not in board
    assert client_for("preparer_u3").get(f"/review/items/{i1.pk}/").status_code == 403


def test_pages_draw_assign_rescore_and_scatter(
    world: dict[str, Any], sampled: dict[str, Any], client_for: Any
) -> None:
    c = client_for("admin")
    r = c.post(
        "/review/rounds/new/", {"year": "2024", "size": "3", "seed": "11", "stratify_by": ""}, follow=True
    )
    assert "简单随机抽样（随机种子 11，共抽取3个）" in r.content.decode()
    rnd = world["units"]["U1"].review_items.get().round
    c.post(
        "/review/reviewers/new/",
        {"kind": "expert", "name": "王专家", "organisation": "桃江县社会保险服务中心"},
    )
    expert = rnd.bureau.reviewers.get()
    i1 = _item(rnd, world["units"]["U1"])
    refused = c.post(
        f"/review/items/{i1.pk}/assign/", {"reviewer": str(expert.pk)}, follow=True
    ).content.decode()
    assert "须回避" in refused and "专家在被评价单位任职" in refused
    c.post(f"/review/items/{i1.pk}/assign/", {"reviewer": "bureau"})
    r = c.post(
        f"/review/items/{i1.pk}/rescore/",
        {
            "path": "overall",
            "row": ["execution", "indicators[4]"],
            "re:execution": "",
            "re:indicators[4]": "3",
            "reason:indicators[4]": "完成率偏低",
            "reason": "逐行复核",
        },
        follow=True,
    )
    # 96 − (6 − 3) = 93, gap 3
    assert "已保存复评：部门整体支出绩效自评表 自评96 复评93" in r.content.decode()
    page = c.get(f"/review/rounds/{rnd.pk}/").content.decode()
    assert 'id="scatter"' in page and "<circle" in page and "财政部门自行评价" in page
    # one point: both axes from 80 (93 → 90 − 10): self 96 → 40 + 16 × 15 = 280; re 93 → 340 − 13 × 15 = 145
    assert 'cx="280.0" cy="145.0"' in page


def test_api_sample_assign_rescore_and_flags(
    world: dict[str, Any], sampled: dict[str, Any], client_for: Any
) -> None:
    c = client_for("admin")
    made = c.post(
        "/api/v1/review/reviewers",
        {"kind": "agency", "name": "某会计师事务所", "related_units": [world["units"]["U1"].pk]},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["related_units"] == ["桃江县社会保险服务中心"]
    rnd = c.post(
        "/api/v1/review/rounds", {"year": 2024, "size": 3, "seed": 5}, content_type="application/json"
    ).json()
    assert rnd["seed"] == 5 and rnd["allocation"] == {"": 3}
    detail = c.get(f"/api/v1/review/rounds/{rnd['id']}").json()
    item = next(i for i in detail["items"] if i["unit"] == "桃江县社会保险服务中心")
    refused = c.post(
        f"/api/v1/review/items/{item['id']}/assign",
        {"reviewer_id": made.json()["id"]},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "须回避" in refused.json()["error"]["message"]
    ok = c.post(f"/api/v1/review/items/{item['id']}/assign", {}, content_type="application/json")
    assert ok.json()["assignee"] == "bureau"
    for path, total in [("overall", 88), ("projects[0]", 90)]:
        s = c.post(
            f"/api/v1/review/items/{item['id']}/rescores",
            {"path": path, "total": total, "reason": "抽查复核结果"},
            content_type="application/json",
        )
        assert s.status_code == 201
    # gaps 96 − 88 = 8 and 96 − 90 = 6: mean 7 > 5 over 2 forms
    detail = c.get(f"/api/v1/review/rounds/{rnd['id']}").json()
    assert [(f["unit"], f["forms"], Decimal(str(f["mean_gap"]))) for f in detail["flagged"]] == [
        ("桃江县社会保险服务中心", 2, Decimal(7))
    ]
    assert client_for("preparer").get(f"/api/v1/review/rounds/{rnd['id']}").status_code == 403
    assert client_for(None).get("/api/v1/review/rounds").status_code == 401
    spec = c.get("/api/v1/review/openapi.json")
    assert spec.status_code == 200 and "/api/v1/review/items/{pk}/rescores" in spec.json()["paths"]
    assert c.get("/api/v1/review/nothing-here").json()["error"]["code"] == "not_found"


def test_review_pages_show_no_path_hash_or_rule_code(
    world: dict[str, Any], sampled: dict[str, Any], client_for: Any
) -> None:
    from tests.web.test_ux_names import offences, visible

    admin = world["users"]["admin"]
    rnd = services.round_draw(user=admin, year=2024, size=3, seed=1)
    i1 = _item(rnd, world["units"]["U1"])
    services.reviewer_register(user=admin, kind="agency", name="某会计师事务所", related_units=[i1.unit_id])
    services.item_assign(item=i1, user=admin)
    services.rescore_save(
        item=i1,
        user=admin,
        path="overall",
        reason="抽查复核",
        rows={"indicators[4]": services.RowScore(Decimal(3), "完成率偏低")},
    )
    c = client_for("admin")
    bad = {}
    for url in ["/review/", "/review/reviewers/", f"/review/rounds/{rnd.pk}/", f"/review/items/{i1.pk}/"]:
        response = c.get(url)
        assert response.status_code == 200, url
        found = offences(visible(response.content.decode()))
        if found:
            bad[url] = found
    assert bad == {}


def test_a_rectification_notice_from_what_the_rescore_took_off(
    world: dict[str, Any], sampled: dict[str, Any], client_for: Any
) -> None:
    from jixiao_web.rectification import services as rectification
    from jixiao_web.rectification.models import Source

    admin = world["users"]["admin"]
    rnd = services.round_draw(user=admin, year=2024, size=3, seed=1)
    i1, i3 = _item(rnd, world["units"]["U1"]), _item(rnd, world["units"]["U3"])
    services.item_assign(item=i1, user=admin)
    services.item_assign(item=i3, user=admin)
    with pytest.raises(ValidationError):  # nothing re-scored yet
        rectification.notice_from_review(user=admin, item=i1, deadline=date(2025, 9, 30))
    row = services.RowScore
    services.rescore_save(
        item=i1,
        user=admin,
        path="overall",
        reason="逐行复核",
        rows={
            "indicators[4]": row(Decimal(2), "完成率仅为目标的80%"),
            "indicators[0]": row(Decimal(10)),  # kept at its self-score: no item
        },
    )
    services.rescore_save(item=i1, user=admin, path="projects[0]", reason="目标未细化", total=Decimal(90))
    notice = rectification.notice_from_review(user=admin, item=i1, deadline=date(2025, 9, 30))
    assert notice.source == Source.RE_EVALUATION and notice.year == 2024
    assert list(notice.items.values_list("text", flat=True)) == [
        "部门整体支出绩效自评表“实际发放人数”：自评6分，复评2分（完成率仅为目标的80%）",
        "项目“稽核管理工作经费”绩效自评表：自评96分，复评90分（目标未细化）",
    ]
    # a re-score above the self-score takes nothing off: no notice (U3: 88 → 89)
    services.rescore_save(item=i3, user=admin, path="overall", reason="佐证充分加分", total=Decimal(89))
    with pytest.raises(ValidationError):
        rectification.notice_from_review(user=admin, item=i3, deadline=date(2025, 9, 30))
    # through the page and the API
    c = client_for("admin")
    r = c.post(f"/rectification/from-review/{i1.pk}/", {"deadline": "2025-09-30"})
    assert r.status_code == 302 and "/rectification/notices/" in r["Location"]
    made = c.post(
        "/api/v1/rectification/notices",
        {
            "unit_id": i1.unit_id,
            "year": 2024,
            "title": "",
            "deadline": "2025-09-30",
            "from_review_item": i1.pk,
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert (
        client_for("preparer")
        .post(f"/rectification/from-review/{i1.pk}/", {"deadline": "2025-09-30"})
        .status_code
        == 403
    )
