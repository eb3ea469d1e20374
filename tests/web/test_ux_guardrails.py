"""Issue 12 · one score, guard rails, forms as on paper: each test fails on the code before the
issue and passes after (the 考核评分 from its YAML only, submit and issue refused while required
parts are empty, an untouched text is not a change, an upload merges, the one grade is stored)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from jixiao.rules import get_rule_set
from jixiao_web.campaigns import services as campaign_services
from jixiao_web.evaluations import packageforms as pf
from jixiao_web.evaluations import services
from jixiao_web.evaluations.models import Evaluation, Revision, State
from tests.web.formtools import form_fields

pytestmark = pytest.mark.django_db


def test_work_assessment_comes_from_its_yaml_rule_set(world: dict[str, Any]) -> None:
    e1: Evaluation = world["e1"]
    services.assessment_compute(evaluation=e1)
    rule_set = get_rule_set(services.WORK_ASSESSMENT_RULE_SET)
    rows = e1.assessment_detail
    assert [(r["name"], Decimal(r["max"])) for r in rows] == [(r.name, r.max_score) for r in rule_set.rows]
    assert sum(Decimal(r["max"]) for r in rows) == rule_set.total == 100
    assert Decimal(0) <= e1.assessment_score <= rule_set.total
    # the seed's report has 6 of the 10 sections: 正文 loses 8 (2 per part, at most 8), per the YAML
    completeness = next(r for r in rows if r["name"] == "自评报告的完整性")
    assert Decimal(completeness["score"]) == 7


def test_work_assessment_counts_days_late_by_the_rule_set(world: dict[str, Any]) -> None:
    e1: Evaluation = world["e1"]
    Evaluation.objects.filter(pk=e1.pk).update(days_late=3)
    e1.refresh_from_db()
    services.assessment_compute(evaluation=e1)
    late = next(r for r in e1.assessment_detail if r["name"] == "提交报告")
    assert (Decimal(late["max"]), Decimal(late["score"])) == (10, 7)


def test_an_empty_package_cannot_be_submitted(world: dict[str, Any]) -> None:
    e2: Evaluation = world["e2"]  # a draft as the notice created it: year and unit name only
    head = world["users"]["head"]
    from jixiao_web.orgs.models import Membership

    Membership.objects.filter(user=head).update(unit=e2.unit)
    head.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        services.evaluation_submit(evaluation=e2, user=head)
    assert "整体支出绩效自评表" in " ".join(caught.value.messages)
    e2.refresh_from_db()
    assert e2.state == State.DRAFT


def test_a_notice_is_checked_before_it_is_issued(world: dict[str, Any]) -> None:
    admin = world["users"]["admin"]
    u1 = world["units"][0]
    full = {
        "scope": "本级",
        "basis": "财预〔2020〕10号",
        "content": "预算执行",
        "procedure": "自评",
        "requirements": "按时",
        "attachments": ["自评表"],
    }
    with pytest.raises(ValidationError) as caught:  # a deadline in the past: refused even when confirmed
        campaign_services.campaign_create(
            user=admin,
            title="通知",
            year=2025,
            deadline=date(2020, 5, 31),
            units=[u1],
            confirm_incomplete=True,
            **full,
        )
    assert "应晚于今天" in " ".join(caught.value.messages)
    with pytest.raises(ValidationError) as caught:  # contents missing: refused unless confirmed
        campaign_services.campaign_create(
            user=admin, title="通知", year=2025, deadline=date(2099, 5, 31), units=[u1]
        )
    assert len(caught.value.messages) == 6
    campaign = campaign_services.campaign_create(
        user=admin,
        title="通知",
        year=2025,
        deadline=date(2099, 5, 31),
        units=[u1],
        required_parts=["overall"],
        **full,
    )
    assert campaign.required_parts == ["overall"]


def test_an_untouched_text_posted_with_crlf_is_not_a_change(world: dict[str, Any]) -> None:
    e1: Evaluation = world["e1"]
    data = e1.current_revision.data
    _, roots = pf.part_roots("overall", data)
    posted = form_fields(pf.render_part(data, roots))
    for key, values in posted.items():  # what a browser posts from a <textarea>
        posted[key] = [v.replace("\n", "\r\n") for v in values]
    parsed = pf.parse_post(posted, data, roots)
    result = services.package_save(
        evaluation=e1, user=world["users"]["preparer"], data=parsed.data, based_on=1, message="无修改"
    )
    assert result.changes == []


def test_the_indicator_grid_is_laid_out_as_on_paper(world: dict[str, Any]) -> None:
    data = world["e1"].current_revision.data
    html = pf.render_part(data, ["overall"])
    head = html[html.index('class="rows grid indicators"') :]
    headers = [h.split(">")[1].split("<")[0] for h in head.split('<th scope="col"')[1:10]]
    assert headers == [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "系统评分",
        "偏差原因分析及改进措施",
    ]
    assert 'class="merged level1" rowspan="8"' in html  # 产出指标 over its eight rows, as printed
    assert 'data-computed="overall.indicators[0].score"' in html


def test_an_upload_over_hand_edits_merges_or_replaces(world: dict[str, Any], client_for: Any) -> None:
    e1: Evaluation = world["e1"]
    data = dict(e1.current_revision.data)
    data["unit"] = {**data["unit"], "retired_staff": 99}
    services.package_save(evaluation=e1, user=world["users"]["preparer"], data=data, based_on=1)
    client = client_for("preparer")
    document = json.dumps(
        {"year": 2024, "unit": {"name": e1.unit.name, "retired_staff": 5, "actual_staff": 30}}
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    preview = client.post(
        f"/evaluations/{e1.pk}/upload/", {"document": SimpleUploadedFile("材料.json", document.encode())}
    )
    html = preview.content.decode()
    assert preview.status_code == 200 and "合并：保留手工填写" in html and "替换：以文档为准" in html
    assert "部门整体支出绩效评价基础数据表" in html  # what replacing would empty, named as printed
    assert Revision.objects.filter(evaluation=e1).count() == 2  # nothing saved yet
    merged = client.post(f"/evaluations/{e1.pk}/upload/", {"choice": "merge"})
    assert merged.status_code == 200
    e1.refresh_from_db()
    unit = e1.current_revision.data["unit"]
    assert unit["retired_staff"] == 99  # the hand edit stays
    assert "overall" in e1.current_revision.data  # what the document lacks is kept too


def test_the_stored_grade_is_the_rule_sets(world: dict[str, Any], client_for: Any) -> None:
    e1: Evaluation = world["e1"]
    assert e1.grade == "优"  # 桃江县's form states no grade; the rule set gives 优 (was "—")
    assert e1.computed_score is not None and e1.computed_score <= 100
    html = client_for("preparer").get("/").content.decode()
    assert "<td>优</td>" in html


def test_validation_messages_are_chinese_only(world: dict[str, Any]) -> None:
    data = dict(world["e1"].current_revision.data)
    data["unit"] = {**data["unit"], "authorized_staff": "三十二"}
    errors = pf.validation_errors(data)
    assert errors is not None
    text = " ".join(m for ms in errors.values() for m in ms)
    assert "Input should" not in text and "应为整数" in text
