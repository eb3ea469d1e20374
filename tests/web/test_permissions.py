"""The permission matrix: every role against every object and action, by URL and by API.

Allowed → 2xx/3xx and the action happened; forbidden → 403 (or, for the anonymous public on a
page, a redirect to the login page), nothing changed, and nothing of the package in the body.

World (conftest): bureau A with desks D1, D2 and units U1 (D1), U2 (D2); bureau B with U3.
e1 = U1's evaluation (the seed 001 package), e2 = U2's, e3 = U3's.

Separation of duties (issue 10, F8): the system administrator sees everything but acts for no one —
no submitting, reviewing, approving, publishing, adjusting or commenting, by page or by API — unless
through the services' explicit, logged emergency override; the submitter never approves; the 考核
score is adjusted only in the states the page offers it (approved, published).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from jixiao_web.evaluations.models import Evaluation, Revision, State

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "preparer",
    "head",
    "reviewer",
    "reviewer_other_desk",
    "admin",
    "admin_other_bureau",
    "sysadmin",
]
# Who may see each evaluation (by scope): e1 is U1 in desk D1 of bureau A.
VIEWERS = {
    "e1": {"preparer", "head", "reviewer", "admin", "sysadmin"},
    "e2": {"reviewer_other_desk", "admin", "sysadmin"},
    "e3": {"admin_other_bureau", "sysadmin"},
}
SECRETS = ["刘巧玲", "稽核管理工作经费"]  # in e1's package only (its 填表人 and its project)

# action: (state the evaluation must be in, roles allowed on e1)
ACTIONS: dict[str, tuple[str, set[str]]] = {
    "edit_get": (State.DRAFT, {"preparer", "head"}),
    "edit_post": (State.DRAFT, {"preparer", "head"}),
    "check": (State.DRAFT, VIEWERS["e1"]),
    "upload_get": (State.DRAFT, {"preparer", "head"}),
    "upload_post": (State.DRAFT, {"preparer", "head"}),
    "explain": (State.DRAFT, {"preparer", "head"}),
    "restore": (State.DRAFT, {"preparer", "head"}),
    "comment": (State.SUBMITTED, VIEWERS["e1"] - {"sysadmin"}),
    "submit": (State.DRAFT, {"head"}),
    "start_review": (State.SUBMITTED, {"reviewer", "admin"}),
    "return": (State.UNDER_REVIEW, {"reviewer", "admin"}),
    "approve": (State.UNDER_REVIEW, {"reviewer", "admin"}),
    "publish": (State.APPROVED, {"admin"}),
    "adjust": (State.APPROVED, {"admin"}),
    "adjust_draft": (State.DRAFT, set()),  # the page offers no adjustment before approval
    "adjust_published": (State.PUBLISHED, {"admin"}),
    "api_save": (State.DRAFT, {"preparer", "head"}),
    "api_check": (State.DRAFT, VIEWERS["e1"]),
    "api_submit": (State.DRAFT, {"head"}),
    "api_start_review": (State.SUBMITTED, {"reviewer", "admin"}),
    "api_return": (State.UNDER_REVIEW, {"reviewer", "admin"}),
    "api_approve": (State.UNDER_REVIEW, {"reviewer", "admin"}),
    "api_publish": (State.APPROVED, {"admin"}),
    "v1_submit": (State.DRAFT, {"head"}),
    "v1_start_review": (State.SUBMITTED, {"reviewer", "admin"}),
    "v1_return": (State.UNDER_REVIEW, {"reviewer", "admin"}),
    "v1_approve": (State.UNDER_REVIEW, {"reviewer", "admin"}),
    "v1_publish": (State.APPROVED, {"admin"}),
}
# an action the role may not take on e1 answers 403, or 404 for the documented API (no probing)
V1_HIDDEN = {"anonymous": 401, "reviewer_other_desk": 404, "admin_other_bureau": 404}


def _snapshot(e: Evaluation) -> tuple[Any, ...]:
    e.refresh_from_db()
    return (
        e.state,
        e.revisions.count(),
        e.comments.count(),
        e.explanations.count(),
        e.files.count(),
        e.transitions.count(),
        e.assessment_adjustment,
    )


def _do(c: Any, e: Evaluation, action: str) -> Any:
    base = f"/evaluations/{e.pk}"
    data = e.current_revision.data if e.current_revision else {}
    changed = json.loads(json.dumps(data))
    changed["unit"]["head"] = "王五"
    if action == "edit_get":
        return c.get(f"{base}/edit/unit/")
    if action == "edit_post":
        return c.post(
            f"{base}/edit/unit/",
            {"based_on": "1", "year": "2024", "unit.name": data["unit"]["name"], "unit.head": "王五"},
        )
    if action == "check":
        return c.post(f"{base}/check/unit/", {"year": "2024", "unit.name": "甲"})
    if action == "upload_get":
        return c.get(f"{base}/upload/")
    if action == "upload_post":
        from django.core.files.uploadedfile import SimpleUploadedFile

        from jixiao.model import EvaluationPackage, dumps_yaml

        package = EvaluationPackage.model_validate({"year": 2024, "unit": {"name": "上传的单位"}})
        return c.post(
            f"{base}/upload/", {"document": SimpleUploadedFile("p.yaml", dumps_yaml(package).encode())}
        )
    if action == "explain":
        return c.post(
            f"{base}/explain/",
            {"code": "DAT001", "path": "overall.footer.fill_date", "text": "理由充分的说明"},
        )
    if action == "restore":
        return c.post(f"{base}/revisions/2/restore/")
    if action == "comment":
        return c.post(f"{base}/comment/", {"text": "请补充说明"})
    if action in ("submit", "start_review", "approve", "publish"):
        return c.post(f"{base}/transition/{action}/")
    if action == "return":
        return c.post(f"{base}/transition/return/", {"comment": "请修改"})
    if action.startswith("adjust"):
        return c.post(f"{base}/assessment/", {"adjustment": "-1", "reason": "经验总结不足"})
    if action.startswith("v1_"):
        body = {"action": action.removeprefix("v1_"), "comment": "请修改"}
        return c.post(
            f"/api/v1/packages/{e.pk}/transitions", json.dumps(body), content_type="application/json"
        )
    api = f"/api/evaluations/{e.pk}"
    if action == "api_save":
        return c.put(
            f"{api}/package", json.dumps({"based_on": 1, "package": changed}), content_type="application/json"
        )
    if action == "api_check":
        return c.post(f"{api}/check", json.dumps({}), content_type="application/json")
    if action.startswith("api_"):
        body = {"action": action.removeprefix("api_"), "comment": "请修改"}
        return c.post(f"{api}/transitions", json.dumps(body), content_type="application/json")
    raise AssertionError(action)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_action_matrix_on_e1(
    world: dict[str, Any], client_for: Any, fake_checker: Any, role: str, action: str
) -> None:
    fake_checker(lambda p: [])  # no findings: this test is about who, not about what is wrong
    state, allowed = ACTIONS[action]
    e1: Evaluation = world["e1"]
    Evaluation.objects.filter(pk=e1.pk).update(state=state)
    e1.refresh_from_db()
    if action == "restore":  # a kept conflict revision to restore
        changed = json.loads(json.dumps(e1.current_revision.data))
        changed["unit"]["head"] = "王五"
        Revision.objects.create(evaluation=e1, number=2, data=changed, conflict=True, based_on=1)
    before = _snapshot(e1)
    c = client_for(None if role == "anonymous" else role)
    response = _do(c, e1, action)
    body = response.content.decode()
    if role in allowed:
        assert response.status_code in (200, 201, 302), (response.status_code, body[:500])
        if response.status_code == 302:
            assert "/login/" not in response["Location"]
        if action not in ("edit_get", "upload_get", "check", "api_check"):
            assert _snapshot(e1) != before, "an allowed action changed nothing"
    else:
        if action.startswith("v1_"):
            assert response.status_code == V1_HIDDEN.get(role, 403), (response.status_code, body[:500])
        elif role == "anonymous" and not action.startswith("api_"):
            assert response.status_code == 302 and response["Location"].startswith("/login/")
        elif action.startswith("adjust") and role in VIEWERS["e1"]:
            # the page redirects back with the refusal said in Chinese (the service refused)
            assert response.status_code in (302, 403), (response.status_code, body[:500])
        else:
            assert response.status_code in (401, 403), (response.status_code, body[:500])
        assert _snapshot(e1) == before
        for secret in SECRETS:
            assert secret not in body
        if action.startswith(("api_", "v1_")):
            assert set(json.loads(body)) == {"error"}
            assert json.loads(body)["error"]["code"] in ("not_authenticated", "forbidden", "not_found")


READ_PAGES = [
    "/evaluations/{pk}/",
    "/evaluations/{pk}/review/",
    "/evaluations/{pk}/revisions/",
    "/evaluations/{pk}/revisions/1/",
    "/api/evaluations/{pk}/",
    "/api/evaluations/{pk}/revisions",
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("target", ["e1", "e2", "e3"])
@pytest.mark.parametrize("page", READ_PAGES)
def test_read_matrix(world: dict[str, Any], client_for: Any, role: str, target: str, page: str) -> None:
    e = world[target]
    response = client_for(None if role == "anonymous" else role).get(page.format(pk=e.pk))
    if role in VIEWERS[target]:
        assert response.status_code == 200
        assert e.unit.name in response.content.decode()
    elif role == "anonymous" and not page.startswith("/api/"):
        assert response.status_code == 302 and response["Location"].startswith("/login/")
    else:
        assert response.status_code in (401, 403)
        body = response.content.decode()
        if target == "e1":
            for secret in SECRETS:
                assert secret not in body


@pytest.mark.parametrize("role", ROLES)
def test_lists_never_leak(world: dict[str, Any], client_for: Any, role: str) -> None:
    c = client_for(None if role == "anonymous" else role)
    response = c.get("/api/evaluations/")
    visible = {k for k, viewers in VIEWERS.items() if role in viewers}
    if role == "anonymous":
        assert response.status_code == 401
        assert json.loads(response.content)["error"]["code"] == "not_authenticated"
    else:
        ids = {r["id"] for r in json.loads(response.content)["results"]}
        assert ids == {world[k].pk for k in visible}
    home = c.get("/").content.decode()
    for key in ("e1", "e2", "e3"):
        unit_link = f"/evaluations/{world[key].pk}/"
        assert (unit_link in home) is (key in visible)


def test_ids_that_do_not_exist_look_like_forbidden_ones(world: dict[str, Any], client_for: Any) -> None:
    c = client_for("preparer")
    missing = c.get("/api/evaluations/999999/")
    forbidden = c.get(f"/api/evaluations/{world['e3'].pk}/")
    assert missing.status_code == forbidden.status_code == 403
    assert json.loads(missing.content) == json.loads(forbidden.content)


@pytest.mark.parametrize("role", ROLES)
def test_portal_shows_only_published_to_everyone(world: dict[str, Any], client_for: Any, role: str) -> None:
    Evaluation.objects.filter(pk=world["e3"].pk).update(state=State.PUBLISHED)
    c = client_for(None if role == "anonymous" else role)
    listing = c.get("/portal/").content.decode()
    assert world["e3"].unit.name in listing
    assert world["e1"].unit.name not in listing.split("<main", 1)[1].split("</main>")[0] or role in (
        "preparer",
        "head",
    )  # a unit's own name may appear in the navigation bar only
    assert c.get(f"/portal/{world['e3'].pk}/").status_code == 200
    assert c.get(f"/portal/{world['e1'].pk}/").status_code == 404
    assert c.get(f"/api/public/evaluations/{world['e1'].pk}/").status_code == 404
    assert [r["id"] for r in json.loads(c.get("/api/public/evaluations/").content)["results"]] == [
        world["e3"].pk
    ]


CAMPAIGN_CREATORS = {"admin", "sysadmin", "admin_other_bureau"}


@pytest.mark.parametrize("role", ROLES)
def test_campaign_matrix(world: dict[str, Any], client_for: Any, role: str) -> None:
    c = client_for(None if role == "anonymous" else role)
    campaign = world["campaign"]
    detail = c.get(f"/campaigns/{campaign.pk}/")
    create_page = c.get("/campaigns/new/")
    post = c.post(
        "/campaigns/new/",
        {
            "title": "2025年度绩效自评通知",
            "year": "2025",
            "deadline": "2099-05-31",
            "confirm_incomplete": "1",
            "scope": "全部",
            "units": [str(world["units"][0].pk)],
            "bureau": str(world["bureaus"][0].pk),
        },
    )
    from jixiao_web.campaigns.models import Campaign

    created = Campaign.objects.filter(year=2025).exists()
    if role == "anonymous":
        assert detail.status_code == create_page.status_code == post.status_code == 302
        assert not created
        return
    assert detail.status_code == (403 if role == "admin_other_bureau" else 200)
    if role in CAMPAIGN_CREATORS:
        assert create_page.status_code == 200 and post.status_code == 302 and created
        made = Campaign.objects.get(year=2025)
        if role == "admin_other_bureau":
            # posting bureau A's id and unit does not reach them: the notice is B's, to none of A's units
            assert made.bureau == world["bureaus"][1]
            assert list(made.units.all()) == []
        else:
            assert made.bureau == world["bureaus"][0]
            assert list(made.units.all()) == [world["units"][0]]
    else:
        assert create_page.status_code == post.status_code == 403 and not created


def test_adjustment_is_stored_with_its_reason(world: dict[str, Any], client_for: Any) -> None:
    Evaluation.objects.filter(pk=world["e1"].pk).update(state=State.APPROVED)
    client_for("admin").post(
        f"/evaluations/{world['e1'].pk}/assessment/", {"adjustment": "-1.5", "reason": "理由"}
    )
    e1 = Evaluation.objects.get(pk=world["e1"].pk)
    assert e1.assessment_adjustment == Decimal("-1.5") and e1.assessment_adjustment_reason == "理由"


# ---------------------------------------------------------------- separation of duties (issue 10, F8)


def test_the_system_administrator_acts_only_through_a_logged_emergency_override(
    world: dict[str, Any], fake_checker: Any, caplog: Any
) -> None:
    from django.core.exceptions import PermissionDenied

    from jixiao_web.evaluations import services

    fake_checker(lambda p: [])
    e1, sysadmin = world["e1"], world["users"]["sysadmin"]
    for too_short in ("", "紧急"):
        with pytest.raises(PermissionDenied, match="系统管理员"):
            services.evaluation_submit(evaluation=e1, user=sysadmin, override=too_short)
    reason = "单位负责人住院，经局长批准代为报送（批件2025-17号）"
    with caplog.at_level("WARNING", logger="jixiao_web.audit"):
        services.evaluation_submit(evaluation=e1, user=sysadmin, override=reason)
    e1.refresh_from_db()
    assert e1.state == State.SUBMITTED
    last = e1.transitions.last()
    assert last.actor == sysadmin and "紧急代办" in last.comment and reason in last.comment
    assert any(reason in r.getMessage() for r in caplog.records)
    # an override never lets the submitter approve what they submitted
    services.review_start(evaluation=e1, user=world["users"]["reviewer"])
    with pytest.raises(PermissionDenied, match="职责分离"):
        services.review_approve(evaluation=e1, user=sysadmin, override=reason)
    assert Evaluation.objects.get(pk=e1.pk).state == State.UNDER_REVIEW
    services.review_approve(evaluation=e1, user=world["users"]["reviewer"])
    assert Evaluation.objects.get(pk=e1.pk).state == State.APPROVED


def test_the_system_administrator_alone_cannot_take_a_package_through_the_cycle_by_api(
    world: dict[str, Any], client_for: Any, fake_checker: Any
) -> None:
    """The probe's path: submit, start, approve and publish as the system administrator."""
    fake_checker(lambda p: [])
    c, e1 = client_for("sysadmin"), world["e1"]
    for action in ("submit", "start_review", "approve", "publish"):
        response = c.post(
            f"/api/v1/packages/{e1.pk}/transitions",
            json.dumps({"action": action}),
            content_type="application/json",
        )
        assert response.status_code in (403, 409), (action, response.content[:300])
    assert Evaluation.objects.get(pk=e1.pk).state == State.DRAFT
    assert not Evaluation.objects.get(pk=e1.pk).transitions.exists()
    assert selectors_actions(world, "sysadmin") == set()


def selectors_actions(world: dict[str, Any], username: str) -> set[str]:
    from jixiao_web.evaluations import selectors

    return selectors.available_actions(world["users"][username], world["e1"])


@pytest.mark.parametrize("state", [State.DRAFT, State.SUBMITTED, State.UNDER_REVIEW, State.RETURNED])
def test_no_assessment_adjustment_before_approval(world: dict[str, Any], state: str) -> None:
    from jixiao_web.evaluations import services

    e1 = world["e1"]
    Evaluation.objects.filter(pk=e1.pk).update(state=state)
    e1.refresh_from_db()
    assert "adjust" not in selectors_actions(world, "admin")
    with pytest.raises(services.WorkflowError, match="不能调整考核得分"):
        services.assessment_adjust(
            evaluation=e1, user=world["users"]["admin"], adjustment=Decimal(-1), reason="理由"
        )
    assert Evaluation.objects.get(pk=e1.pk).assessment_adjustment == 0


@pytest.mark.parametrize("typed", ["NaN", "sNaN", "Infinity", "-inf", "1e999999", "0.001", "100.01"])
def test_odd_adjustments_are_refused_in_chinese_not_a_500(
    world: dict[str, Any], client_for: Any, typed: str
) -> None:
    Evaluation.objects.filter(pk=world["e1"].pk).update(state=State.APPROVED)
    c = client_for("admin")
    response = c.post(
        f"/evaluations/{world['e1'].pk}/assessment/", {"adjustment": typed, "reason": "理由"}, follow=True
    )
    assert response.status_code == 200
    assert "调整" in response.content.decode()
    assert Evaluation.objects.get(pk=world["e1"].pk).assessment_adjustment == 0
