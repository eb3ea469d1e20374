"""HTTP tests: never lose work on the pages and the API, the live check, uploads, login limits, the
JSON error shape, the notice check page."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jixiao.model import dumps_yaml
from jixiao_web.evaluations.models import Evaluation, Revision

from .conftest import FakeFinding, seed_package
from .formtools import as_post_data, form_fields

pytestmark = pytest.mark.django_db


def _edit_fields(c: Any, e: Evaluation, part: str) -> Any:
    html = c.get(f"/evaluations/{e.pk}/edit/{part}/").content.decode()
    return form_fields(html.split('id="package-form"', 1)[1].split("</form>", 1)[0])


def test_a_failed_save_keeps_what_was_typed_and_saves_nothing(world: dict[str, Any], client_for: Any) -> None:
    c, e1 = client_for("preparer"), world["e1"]
    fields = _edit_fields(c, e1, "unit")
    fields["unit.authorized_staff"] = ["三十二人"]  # not a number
    fields["unit.head"] = ["新负责人甲"]  # a valid change typed in the same form
    response = c.post(f"/evaluations/{e1.pk}/edit/unit/", as_post_data(fields))
    html = response.content.decode()
    assert response.status_code == 400
    assert "保存失败" in html and "应为整数" in html
    assert 'value="三十二人"' in html and 'value="新负责人甲"' in html  # what was typed is still there
    assert Revision.objects.filter(evaluation=e1).count() == 1


def test_a_negative_amount_is_refused_in_chinese_and_saves_nothing(
    world: dict[str, Any], client_for: Any
) -> None:
    c, e1 = client_for("preparer"), world["e1"]
    fields = _edit_fields(c, e1, "overall")
    key = next(k for k in fields if k.startswith("overall.funds.rows") and k.endswith(".executed"))
    fields[key] = ["-444.24"]
    response = c.post(f"/evaluations/{e1.pk}/edit/overall/", as_post_data(fields))
    html = response.content.decode()
    assert response.status_code == 400
    assert "不能为负数" in html and 'value="-444.24"' in html
    assert Revision.objects.filter(evaluation=e1).count() == 1


def test_a_good_save_redirects_and_makes_revision_2(world: dict[str, Any], client_for: Any) -> None:
    c, e1 = client_for("preparer"), world["e1"]
    fields = _edit_fields(c, e1, "overall")
    assert fields["overall.footer.fill_date"] == ["2024-04-30"]
    fields["overall.footer.fill_date"] = ["2025-04-17"]
    response = c.post(f"/evaluations/{e1.pk}/edit/overall/", as_post_data(fields))
    assert response.status_code == 302
    e1.refresh_from_db()
    assert e1.current_revision.number == 2
    assert e1.current_revision.changes == ["overall.footer.fill_date"]


def test_two_people_editing_the_same_page_both_versions_are_kept(
    world: dict[str, Any], client_for: Any
) -> None:
    e1 = world["e1"]
    preparer, head = client_for("preparer"), client_for("head")
    mine, theirs = _edit_fields(preparer, e1, "unit"), _edit_fields(head, e1, "unit")
    mine["unit.actual_staff"] = ["28"]
    theirs["unit.actual_staff"] = ["26"]
    assert preparer.post(f"/evaluations/{e1.pk}/edit/unit/", as_post_data(mine)).status_code == 302
    response = head.post(f"/evaluations/{e1.pk}/edit/unit/", as_post_data(theirs))
    html = response.content.decode()
    assert response.status_code == 409
    assert "保存冲突" in html and "第3版（冲突版本）" in html
    assert 'value="26"' in html  # the loser still sees what they typed
    e1.refresh_from_db()
    assert e1.current_revision.data["unit"]["actual_staff"] == 28
    assert Revision.objects.get(evaluation=e1, number=3).data["unit"]["actual_staff"] == 26


def test_api_conflict_and_error_shape(world: dict[str, Any], client_for: Any) -> None:
    c, e1 = client_for("preparer"), world["e1"]
    data = e1.current_revision.data
    ok = c.put(
        f"/api/evaluations/{e1.pk}/package",
        json.dumps({"based_on": 1, "package": data | {"year": 2024}}),
        content_type="application/json",
    )
    assert ok.status_code == 200 and json.loads(ok.content)["changes"] == []  # nothing changed: no revision
    changed = json.loads(json.dumps(data))
    changed["unit"]["retired_staff"] = 10
    first = c.put(
        f"/api/evaluations/{e1.pk}/package",
        json.dumps({"based_on": 1, "package": changed}),
        content_type="application/json",
    )
    assert json.loads(first.content) == {"revision": 2, "changes": ["unit.retired_staff"]}
    changed["unit"]["retired_staff"] = 11
    second = c.put(
        f"/api/evaluations/{e1.pk}/package",
        json.dumps({"based_on": 1, "package": changed}),
        content_type="application/json",
    )
    assert second.status_code == 409
    error = json.loads(second.content)["error"]
    assert error["code"] == "conflict" and error["kept"] == 3 and "冲突" in error["message"]
    bad = c.put(
        f"/api/evaluations/{e1.pk}/package",
        json.dumps({"based_on": 2, "package": {"year": "x"}}),
        content_type="application/json",
    )
    assert bad.status_code == 400 and json.loads(bad.content)["error"]["code"] == "invalid"
    not_json = c.post(f"/api/evaluations/{e1.pk}/check", "{", content_type="application/json")
    assert json.loads(not_json.content)["error"]["code"] == "invalid"
    wrong_method = c.delete(f"/api/evaluations/{e1.pk}/package")
    assert (
        wrong_method.status_code == 405
        and json.loads(wrong_method.content)["error"]["code"] == "method_not_allowed"
    )
    assert Revision.objects.filter(evaluation=e1).count() == 3


def test_api_refused_transition_is_a_workflow_error(
    world: dict[str, Any], client_for: Any, fake_checker: Any
) -> None:
    fake_checker(lambda p: [FakeFinding("DAT001", "error", "overall.footer.fill_date", 412)])
    response = client_for("head").post(
        f"/api/evaluations/{world['e1'].pk}/transitions",
        json.dumps({"action": "submit"}),
        content_type="application/json",
    )
    assert response.status_code == 409
    assert json.loads(response.content)["error"]["code"] == "workflow"
    assert "DAT001" in json.loads(response.content)["error"]["message"]


def test_live_check_maps_findings_and_computed_fields_to_the_inputs(
    world: dict[str, Any], client_for: Any, fake_checker: Any
) -> None:
    fake_checker(lambda p: [FakeFinding("SCO001", "warning", "overall.indicators[1].score")])
    c, e1 = client_for("preparer"), world["e1"]
    fields = _edit_fields(c, e1, "overall")
    # the user removed the first indicator row and typed a new row with index 40
    for key in [k for k in fields if k.startswith("overall.indicators[0].")]:
        del fields[key]
    fields.update(
        {
            "overall.indicators[40].level1": ["output"],
            "overall.indicators[40].level2": ["quantity"],
            "overall.indicators[40].name": ["新指标"],
            "overall.indicators[40].score": ["5"],
        }
    )
    data = json.loads(c.post(f"/evaluations/{e1.pk}/check/overall/", as_post_data(fields)).content)
    assert data["valid"] is True
    # package row 1 is the second row still on the page, which is named [2] there
    assert [f["form_path"] for f in data["findings"]] == ["overall.indicators[2].score"]
    funds = seed_package().overall.funds.rows[0]
    # 执行率 = 全年执行数 ÷ 全年预算数 = 444.24 ÷ 444.37 = 99.9707…% → 99.97
    assert (funds.executed, funds.annual_budget) == (Decimal("444.24"), Decimal("444.37"))
    assert data["computed"]["overall.funds.stated_execution_rate"] == "99.97"


def test_upload_page_refuses_a_wrong_type_in_chinese(world: dict[str, Any], client_for: Any) -> None:
    c, e1 = client_for("preparer"), world["e1"]
    response = c.post(f"/evaluations/{e1.pk}/upload/", {"document": SimpleUploadedFile("x.exe", b"MZ...")})
    assert response.status_code == 400
    assert "不支持的文件类型" in response.content.decode()
    assert Revision.objects.filter(evaluation=e1).count() == 1


def test_upload_page_refuses_a_file_over_the_limit(
    world: dict[str, Any], client_for: Any, settings: Any
) -> None:
    settings.MAX_UPLOAD_MB = 1
    c, e1 = client_for("preparer"), world["e1"]
    big = SimpleUploadedFile("big.txt", b"a" * (1024 * 1024 + 1))
    response = c.post(f"/evaluations/{e1.pk}/upload/", {"document": big})
    assert response.status_code == 400 and "文件过大" in response.content.decode()


def test_upload_page_imports_and_shows_the_report(world: dict[str, Any], client_for: Any) -> None:
    c, e1 = client_for("preparer"), world["e1"]
    package = seed_package()
    package.unit.head = "上传后的负责人"
    response = c.post(
        f"/evaluations/{e1.pk}/upload/",
        {"document": SimpleUploadedFile("seed.yaml", dumps_yaml(package).encode())},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "导入报告" in html
    e1.refresh_from_db()
    assert e1.current_revision.number == 2 and e1.current_revision.data["unit"]["head"] == "上传后的负责人"


def test_login_page_rate_limit(world: dict[str, Any], client: Any) -> None:
    for _ in range(5):
        response = client.post("/login/", {"username": "preparer", "password": "wrong"})
        assert "用户名或密码不正确" in response.content.decode()
    response = client.post("/login/", {"username": "preparer", "password": "correct-horse-battery-9"})
    assert response.status_code == 403 and "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_and_logout(world: dict[str, Any], client: Any) -> None:
    response = client.post(
        "/login/",
        {"username": "reviewer", "password": "correct-horse-battery-9", "next": "https://evil.example/"},
    )
    assert response.status_code == 302 and response["Location"] == "/"  # no open redirect
    assert client.get("/logout/").status_code == 405  # logout only by POST (CSRF-protected)
    assert client.post("/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_campaign_page_shows_each_missing_content(world: dict[str, Any], client_for: Any) -> None:
    c = client_for("admin")
    response = c.post(
        "/campaigns/new/",
        {
            "title": "不完整的通知",
            "year": "2025",
            "deadline": "2099-05-31",
            "confirm_incomplete": "1",
            "scope": "全部单位",
            "content": "预算执行",
            "units": [],
        },
    )
    assert response.status_code == 302
    html = c.get(response["Location"]).content.decode()
    for label in ("自评主要依据", "自评程序和步骤", "有关要求", "附件"):
        assert f"✘ 缺少：{label}" in html
    assert "✔ 已有：自评范围" in html
    assert "<strong>4</strong> / 8" in html  # 2 + (6 − 4 missing)


def test_review_page_highlights_the_cited_line(world: dict[str, Any], client_for: Any) -> None:
    html = (
        client_for("reviewer")
        .get(f"/evaluations/{world['e1'].pk}/review/?doc=001_a74d644552a354b1&line=412")
        .content.decode()
    )
    assert '<li id="L412" value="412" class="current' in html
    assert "<mark>填表人：刘巧玲   填报日期： 2024-04-30" in html
