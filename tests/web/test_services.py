"""Services and selectors: saves and revisions, conflicts, failures, uploads, workflow, 考核评分,
the campaign notice check, and login rate limiting."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jixiao.model import dumps_yaml
from jixiao_web.campaigns import selectors as campaign_selectors
from jixiao_web.campaigns import services as campaign_services
from jixiao_web.evaluations import selectors, services
from jixiao_web.evaluations.models import Evaluation, Revision, State

from .conftest import FakeFinding, seed_package

pytestmark = pytest.mark.django_db


def _data(evaluation: Evaluation) -> dict[str, Any]:
    evaluation.refresh_from_db()
    assert evaluation.current_revision is not None
    return copy.deepcopy(evaluation.current_revision.data)


# ---------------------------------------------------------------- saves, conflicts, failures


def test_save_makes_a_revision_with_who_and_what_changed(world: dict[str, Any]) -> None:
    e1, preparer = world["e1"], world["users"]["preparer"]
    data = _data(e1)
    data["overall"]["footer"]["fill_date"] = "2025-04-17"
    result = services.package_save(evaluation=e1, user=preparer, data=data, based_on=1, message="改填报日期")
    assert result.revision.number == 2
    assert result.revision.author == preparer
    assert result.changes == ["overall.footer.fill_date"]
    e1.refresh_from_db()
    assert e1.current_revision == result.revision
    assert e1.current_revision.data["overall"]["footer"]["fill_date"] == "2025-04-17"


def test_two_saves_from_the_same_base_one_wins_the_other_is_kept_as_a_conflict(world: dict[str, Any]) -> None:
    e1 = world["e1"]
    preparer, head = world["users"]["preparer"], world["users"]["head"]
    mine, theirs = _data(e1), _data(e1)
    mine["unit"]["actual_staff"] = 28
    theirs["unit"]["actual_staff"] = 26
    services.package_save(evaluation=e1, user=preparer, data=mine, based_on=1)
    with pytest.raises(services.ConflictError) as caught:
        services.package_save(evaluation=e1, user=head, data=theirs, based_on=1)
    assert "冲突" in str(caught.value)
    assert (caught.value.current, caught.value.based_on, caught.value.kept) == (2, 1, 3)
    e1.refresh_from_db()
    assert e1.current_revision is not None and e1.current_revision.number == 2
    assert e1.current_revision.data["unit"]["actual_staff"] == 28  # the first save won
    kept = Revision.objects.get(evaluation=e1, number=3)
    assert kept.conflict and kept.based_on == 1 and kept.author == head
    assert kept.data["unit"]["actual_staff"] == 26  # the other's work is kept, not lost


def test_invalid_data_saves_nothing(world: dict[str, Any]) -> None:
    e1 = world["e1"]
    data = _data(e1)
    data["unit"]["authorized_staff"] = "三十二"
    with pytest.raises(ValidationError) as caught:
        services.package_save(evaluation=e1, user=world["users"]["preparer"], data=data, based_on=1)
    assert "单位基本情况 · 编制数" in " ".join(caught.value.messages)  # named as printed (issue 12)
    assert Revision.objects.filter(evaluation=e1).count() == 1


def test_restore_makes_the_old_revision_current_as_a_new_revision(world: dict[str, Any]) -> None:
    e1, preparer = world["e1"], world["users"]["preparer"]
    data = _data(e1)
    data["unit"]["head"] = "张三"
    services.package_save(evaluation=e1, user=preparer, data=data, based_on=1)
    result = services.revision_restore(evaluation=e1, user=preparer, number=1)
    assert result.revision.number == 3
    assert result.changes == ["unit.head"]
    assert _data(e1)["unit"]["head"] == "刘晶晶"
    assert Revision.objects.filter(evaluation=e1).count() == 3


def test_only_the_unit_edits_and_only_in_draft_or_returned(world: dict[str, Any]) -> None:
    e1 = world["e1"]
    with pytest.raises(PermissionDenied):
        services.package_save(evaluation=e1, user=world["users"]["reviewer"], data=_data(e1), based_on=1)
    Evaluation.objects.filter(pk=e1.pk).update(state=State.SUBMITTED)
    e1.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.package_save(evaluation=e1, user=world["users"]["preparer"], data=_data(e1), based_on=1)


# ---------------------------------------------------------------- uploads


@pytest.mark.parametrize(
    "filename", ["旧表.xls", "旧表.et", "报告.doc", "报告.wps", "报告.ofd", "扫描件.png", "表.xlsx"]
)
def test_upload_accepts_every_format_the_importers_read(world: dict[str, Any], filename: str) -> None:
    # issue 15: the web upload takes what `jixiao import` takes (settings from jixiao.importers.api.SUFFIXES)
    services.upload_validate(filename=filename, size=100)


@pytest.mark.parametrize(
    ("filename", "size", "message"),
    [
        ("report.exe", 100, "不支持的文件类型"),
        ("report.abc", 100, "不支持的文件类型"),
        ("report.txt", 0, "文件是空的"),
    ],
)
def test_upload_refuses_wrong_types_and_empty_files(
    world: dict[str, Any], filename: str, size: int, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.upload_validate(filename=filename, size=size)
    assert message in caught.value.messages[0]


def test_upload_refuses_files_over_the_limit(world: dict[str, Any], settings: Any) -> None:
    settings.MAX_UPLOAD_MB = 1
    services.upload_validate(filename="a.pdf", size=1024 * 1024)  # exactly 1 MB is allowed
    with pytest.raises(ValidationError) as caught:
        services.upload_validate(filename="a.pdf", size=1024 * 1024 + 1)
    assert "上限为 1 MB" in caught.value.messages[0]


def test_upload_of_a_package_file_fills_the_package_and_keeps_the_file(world: dict[str, Any]) -> None:
    e2 = world["e2"]
    package = seed_package()
    package.unit.name = "桃江县农业农村局"
    content = dumps_yaml(package).encode("utf-8")
    from django.contrib.auth import get_user_model

    from jixiao_web.orgs.models import Membership, Role

    preparer2 = get_user_model().objects.create_user(username="p2", password="x-very-long-pass")
    Membership.objects.create(user=preparer2, role=Role.PREPARER, unit=world["units"][1])
    result, report = services.document_upload(
        evaluation=e2, user=preparer2, filename="pkg.yaml", content=content
    )
    assert result.revision.number == 2
    assert _data(e2)["unit"]["authorized_staff"] == 32
    assert e2.files.get().filename == "pkg.yaml"
    assert report == []


def test_a_save_pulls_this_and_last_years_three_public_out_for_the_dashboards(world: dict[str, Any]) -> None:
    # seed 001's report states the 三公 total 2.76 (2024); its 上年决算数 6.87 is given here on the same row,
    # as tables that print both do — the dashboards then need no 2023 evaluation for their 上年 bar
    e1 = world["e1"]
    package = seed_package()
    table = package.three_public_tables[0]
    total = next(r for r in table.rows if r.component.value == "total")
    total.last_year_actual = Decimal("6.87")
    services.package_save(
        evaluation=e1,
        user=world["users"]["preparer"],
        data=package.model_dump(mode="json", exclude_defaults=True),
        based_on=e1.current_revision.number,
    )
    e1.refresh_from_db()
    assert (e1.three_public_actual, e1.three_public_last_year) == (Decimal("2.76"), Decimal("6.87"))


def test_upload_of_another_year_is_refused(world: dict[str, Any]) -> None:
    package = seed_package()
    package.year = 2023
    with pytest.raises(ValidationError) as caught:
        services.document_upload(
            evaluation=world["e1"],
            user=world["users"]["preparer"],
            filename="p.yaml",
            content=dumps_yaml(package).encode(),
        )
    assert "2023" in caught.value.messages[0]
    assert Revision.objects.filter(evaluation=world["e1"]).count() == 1


def test_upload_of_a_document_without_a_year_takes_the_evaluations_year(world: dict[str, Any]) -> None:
    # the importer marks a document that printed no year (year_stated False, a provisional year);
    # uploaded into an evaluation, it is that evaluation's year, not refused as "another year"
    package = seed_package()
    package.year, package.year_stated = 2023, False
    package.unit.authorized_staff = 41  # a change, so that the upload makes a revision
    e1 = world["e1"]
    result, _report = services.document_upload(
        evaluation=e1,
        user=world["users"]["preparer"],
        filename="p.yaml",
        content=dumps_yaml(package).encode(),
    )
    assert result.revision.number == 2
    data = _data(e1)
    assert (data["year"], data.get("year_stated", True)) == (e1.year, True)
    assert data["unit"]["authorized_staff"] == 41


# ---------------------------------------------------------------- workflow


def test_submit_is_refused_while_an_error_is_unexplained(world: dict[str, Any], fake_checker: Any) -> None:
    fake_checker(
        lambda p: (
            [FakeFinding("DAT001", "error", "overall.footer.fill_date", 412)]
            if p.overall and p.overall.footer and p.overall.footer.fill_date == "2024-04-30"
            else []
        )
    )
    e1, head = world["e1"], world["users"]["head"]
    with pytest.raises(services.WorkflowError) as caught:
        services.evaluation_submit(evaluation=e1, user=head)
    assert "DAT001" in caught.value.messages[0]
    # explaining it allows the submission
    services.explanation_add(
        evaluation=e1,
        user=world["users"]["preparer"],
        code="DAT001",
        path="overall.footer.fill_date",
        text="表格填报日期为笔误，以报告落款为准",
    )
    e1 = services.evaluation_submit(evaluation=e1, user=head, today=date(2025, 5, 1))
    assert e1.state == State.SUBMITTED


def test_correcting_the_figure_also_allows_the_submission(world: dict[str, Any], fake_checker: Any) -> None:
    fake_checker(
        lambda p: (
            [FakeFinding("DAT001", "error", "overall.footer.fill_date", 412)]
            if p.overall and p.overall.footer and p.overall.footer.fill_date == "2024-04-30"
            else []
        )
    )
    e1 = world["e1"]
    data = _data(e1)
    data["overall"]["footer"]["fill_date"] = "2025-04-17"
    services.package_save(evaluation=e1, user=world["users"]["preparer"], data=data, based_on=1)
    assert services.evaluation_submit(evaluation=e1, user=world["users"]["head"]).state == State.SUBMITTED


def test_the_whole_cycle_with_lateness_and_the_assessment(world: dict[str, Any], fake_checker: Any) -> None:
    fake_checker(lambda p: [])
    e1, users = world["e1"], world["users"]
    # deadline 2025-05-31; submitted 2025-06-03 → June 1, 2, 3 = 3 days late
    e1 = services.evaluation_submit(evaluation=e1, user=users["head"], today=date(2025, 6, 3))
    assert e1.days_late == 3
    e1 = services.review_start(evaluation=e1, user=users["reviewer"])
    e1 = services.review_return(
        evaluation=e1,
        user=users["reviewer"],
        comment="请核对填报日期",
        field_comments=[{"path": "overall.footer.fill_date", "text": "应为2025年"}],
    )
    assert e1.state == State.RETURNED
    assert [(c.path, c.text) for c in e1.comments.all()] == [
        ("", "请核对填报日期"),
        ("overall.footer.fill_date", "应为2025年"),
    ]
    e1 = services.evaluation_submit(evaluation=e1, user=users["head"], today=date(2025, 6, 3))
    e1 = services.review_approve(evaluation=e1, user=users["reviewer"])
    assert e1.state == State.APPROVED
    e1.refresh_from_db()
    rows = {r["name"]: Decimal(r["score"]) for r in e1.assessment_detail}
    assert rows["提交报告"] == Decimal(7)  # 10 − 3 days × 1 point
    e1 = services.assessment_adjust(
        evaluation=e1, user=users["admin"], adjustment=Decimal("-2"), reason="经验做法总结不充分"
    )
    e1.refresh_from_db()
    assert e1.assessment_score == sum(Decimal(r["score"]) for r in e1.assessment_detail) - 2
    e1 = services.evaluation_publish(evaluation=e1, user=users["admin"])
    assert e1.state == State.PUBLISHED
    assert [(t.from_state, t.to_state) for t in e1.transitions.all()] == [
        ("draft", "submitted"),
        ("submitted", "under_review"),
        ("under_review", "returned"),
        ("returned", "submitted"),
        ("submitted", "under_review"),
        ("under_review", "approved"),
        ("approved", "published"),
    ]
    assert list(selectors.published_list()) == [e1]


def test_transitions_outside_the_state_machine_are_refused(world: dict[str, Any], fake_checker: Any) -> None:
    fake_checker(lambda p: [])
    with pytest.raises(services.WorkflowError):
        services.evaluation_publish(evaluation=world["e1"], user=world["users"]["admin"])  # still a draft
    with pytest.raises(ValidationError):
        services.review_return(evaluation=world["e1"], user=world["users"]["reviewer"], comment="  ")


def test_assessment_adjustment_needs_a_reason_and_the_bureau(world: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        services.assessment_adjust(
            evaluation=world["e1"], user=world["users"]["admin"], adjustment=Decimal(1), reason=""
        )
    with pytest.raises(PermissionDenied):
        services.assessment_adjust(
            evaluation=world["e1"], user=world["users"]["reviewer"], adjustment=Decimal(1), reason="理由"
        )
    with pytest.raises(PermissionDenied):
        services.assessment_adjust(
            evaluation=world["e1"],
            user=world["users"]["admin_other_bureau"],
            adjustment=Decimal(1),
            reason="理由",
        )


# ---------------------------------------------------------------- selectors


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("preparer", {"e1"}),
        ("head", {"e1"}),
        ("reviewer", {"e1"}),
        ("reviewer_other_desk", {"e2"}),
        ("admin", {"e1", "e2"}),
        ("admin_other_bureau", {"e3"}),
        ("sysadmin", {"e1", "e2", "e3"}),
    ],
)
def test_evaluation_list_is_scoped_by_role(world: dict[str, Any], username: str, expected: set[str]) -> None:
    ids = {e.pk for e in selectors.evaluation_list_for_user(world["users"][username])}
    assert ids == {world[k].pk for k in expected}


def test_anonymous_sees_no_evaluation_and_only_published_in_the_portal(world: dict[str, Any]) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert list(selectors.evaluation_list_for_user(AnonymousUser())) == []
    assert list(selectors.published_list()) == []
    Evaluation.objects.filter(pk=world["e3"].pk).update(state=State.PUBLISHED)
    assert [e.pk for e in selectors.published_list()] == [world["e3"].pk]
    with pytest.raises(PermissionDenied):
        selectors.published_get(world["e1"].pk)


def test_available_actions_follow_role_and_state(world: dict[str, Any]) -> None:
    e1, users = world["e1"], world["users"]
    assert {"edit", "upload", "explain"} <= selectors.available_actions(users["preparer"], e1)
    assert "submit" not in selectors.available_actions(users["preparer"], e1)
    assert "submit" in selectors.available_actions(users["head"], e1)
    assert selectors.available_actions(users["reviewer_other_desk"], e1) == set()
    Evaluation.objects.filter(pk=e1.pk).update(state=State.SUBMITTED)
    e1.refresh_from_db()
    assert {"start_review", "return", "approve"} <= selectors.available_actions(users["reviewer"], e1)
    assert "edit" not in selectors.available_actions(users["preparer"], e1)


def test_source_text_prefers_the_uploaded_file_then_the_seed(world: dict[str, Any]) -> None:
    e1 = world["e1"]
    title, text = selectors.source_text(e1, "001_a74d644552a354b1")
    assert title == "001_a74d644552a354b1.txt"
    # line 412 of the seed: "填表人：刘巧玲   填报日期： 2024-04-30   联系电话：8829998 …"
    assert "2024-04-30" in text.split("\n")[411]
    assert selectors.source_text(e1, "../../etc/passwd") == ("../../etc/passwd", "")


# ---------------------------------------------------------------- campaigns


def test_notice_check_lists_each_missing_content_and_scores_it(world: dict[str, Any]) -> None:
    campaign = world["campaign"]
    assert all(i.present for i in campaign_services.notice_check(campaign))
    assert campaign_services.notice_score(campaign) == Decimal(8)  # 2 + 6
    campaign.basis = ""
    campaign.attachments = ["  "]
    missing = [i.label for i in campaign_services.notice_check(campaign) if not i.present]
    assert missing == ["自评主要依据", "附件"]
    assert campaign_services.notice_score(campaign) == Decimal(6)  # 2 + (6 − 2 missing × 1)


def test_campaign_create_by_the_bureau_creates_drafts_for_its_units(world: dict[str, Any]) -> None:
    u1, u2, u3 = world["units"]
    campaign = campaign_services.campaign_create(
        user=world["users"]["admin"],
        title="2025年度自评通知",
        year=2025,
        deadline=date(2099, 5, 31),
        units=[u1, u2],
        scope="全部单位",
        confirm_incomplete=True,  # issue 12: an incomplete notice is issued only when confirmed
    )
    assert campaign.bureau == world["bureaus"][0]
    assert set(Evaluation.objects.filter(year=2025).values_list("unit_id", flat=True)) == {u1.pk, u2.pk}
    with pytest.raises(PermissionDenied):
        campaign_services.campaign_create(
            user=world["users"]["admin"], title="越权", year=2025, deadline=date(2099, 5, 31), units=[u3]
        )
    with pytest.raises(PermissionDenied):
        campaign_services.campaign_create(
            user=world["users"]["reviewer"], title="越权", year=2025, deadline=date(2099, 5, 31)
        )


@pytest.mark.parametrize(
    ("username", "sees"),
    [
        ("preparer", True),
        ("head", True),
        ("reviewer", True),
        ("reviewer_other_desk", True),
        ("admin", True),
        ("admin_other_bureau", False),
        ("sysadmin", True),
    ],
)
def test_campaign_visibility(world: dict[str, Any], username: str, sees: bool) -> None:
    ids = list(
        campaign_selectors.campaign_list_for_user(world["users"][username]).values_list("pk", flat=True)
    )
    assert (world["campaign"].pk in ids) is sees


# ---------------------------------------------------------------- login rate limiting


def test_five_failures_block_even_the_right_password(world: dict[str, Any], rf: Any) -> None:
    """From the same address; another address is not delayed (issue 10, F7: tests/web/test_hardening_login.py)."""
    from jixiao_web.orgs import services as org_services

    request = rf.post("/login/")
    for _ in range(5):
        with pytest.raises(org_services.LoginRefused, match="用户名或密码不正确"):
            org_services.login_attempt(
                request=request, username="preparer", password="wrong", address="10.0.0.1"
            )
    with pytest.raises(org_services.LoginRefused, match="登录失败次数过多"):
        org_services.login_attempt(
            request=request, username="preparer", password="correct-horse-battery-9", address="10.0.0.1"
        )
    assert not org_services.login_blocked(username="preparer", address="10.0.0.2")


def test_failures_from_one_address_block_it_for_every_username(
    world: dict[str, Any], rf: Any, settings: Any
) -> None:
    from jixiao_web.orgs import services as org_services

    request = rf.post("/login/")
    names = [f"name{i}" for i in range(settings.LOGIN_ADDRESS_MAX_FAILURES)]
    for name in names:
        with pytest.raises(org_services.LoginRefused):
            org_services.login_attempt(request=request, username=name, password="x", address="10.0.0.9")
    assert org_services.login_blocked(username="head", address="10.0.0.9")
    assert not org_services.login_blocked(username="head", address="10.0.0.10")


def test_old_failures_expire_after_the_window(world: dict[str, Any], rf: Any) -> None:
    from django.utils import timezone

    from jixiao_web.orgs import services as org_services
    from jixiao_web.orgs.models import LoginFailure

    for _ in range(5):
        LoginFailure.objects.create(username="preparer", address="10.0.0.1")
    LoginFailure.objects.update(at=timezone.now() - timedelta(minutes=16))  # window is 15 minutes
    user = org_services.login_attempt(
        request=rf.post("/login/"),
        username="preparer",
        password="correct-horse-battery-9",
        address="10.0.0.1",
    )
    assert user == world["users"]["preparer"]


def test_typed_negative_amount_is_refused_but_a_document_figure_is_kept(world: dict[str, Any]) -> None:
    import json as _json

    from django.core.exceptions import ValidationError

    from jixiao_web.evaluations import services
    from jixiao_web.evaluations.models import Revision

    e1 = world["e1"]
    preparer = world["users"]["preparer"]
    data = _json.loads(_json.dumps(e1.current_revision.data))
    data["overall"]["funds"]["rows"][0]["executed"] = "-444.24"
    with pytest.raises(ValidationError) as info:
        services.package_save(evaluation=e1, user=preparer, data=data, based_on=1)
    assert "部门整体支出绩效自评表 · 年度资金 · 年度资金总额 · 全年执行数：不能为负数" in " ".join(
        info.value.messages
    )
    assert Revision.objects.filter(evaluation=e1).count() == 1
    # the same figure read from a document is kept as stated (the checker reports it as FMT004)
    result = services.package_save(evaluation=e1, user=preparer, data=data, based_on=1, typed=False)
    assert result.revision.data["overall"]["funds"]["rows"][0]["executed"] == "-444.24"
