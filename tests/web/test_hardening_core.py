"""Issue 10, the model's side, through the pages a preparer uses: the overall form, the upload, the
page API. F1: one absurd number is refused (typed) or set aside in the import report (uploaded),
with a Chinese message naming the field; nothing is committed that the pages cannot show. F3: a
package file with YAML aliases is refused. F5: the forms .xlsx downloaded from the portal holds
formula-like text as text."""

from __future__ import annotations

import json
from io import BytesIO
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jixiao_web.evaluations.models import Evaluation, Revision

from .conftest import ROOT
from .formtools import as_post_data, form_fields

pytestmark = pytest.mark.django_db

SEED_001_TEXT = ROOT / "src" / "jixiao" / "data" / "seeds" / "001_a74d644552a354b1.txt"
TOTAL_LINE = 408  # "\t96": the 得分 of the 总分 row of the overall form


def _pages_answer(client_for: Any, e: Evaluation) -> None:
    """The pages that broke for everyone in the probe answer for every viewer."""
    for user in ("preparer", "head", "reviewer", "admin"):
        c = client_for(user)
        for url in (
            "/",
            f"/evaluations/{e.pk}/",
            f"/evaluations/{e.pk}/review/",
            "/api/evaluations/",
            "/api/v1/packages",
        ):
            response = c.get(url)
            assert response.status_code in (200, 302, 403), (user, url, response.status_code)


def _overall_form(c: Any, e: Evaluation) -> dict[str, Any]:
    html = c.get(f"/evaluations/{e.pk}/edit/overall/").content.decode()
    return as_post_data(form_fields(html.split('id="package-form"', 1)[1].split("</form>", 1)[0]))


@pytest.mark.parametrize("typed", ["100000", "1e309", "9e999999999", "NaN", "96.123456"])
def test_typed_total_score_out_of_bounds_is_refused_in_chinese(
    world: dict[str, Any], client_for: Any, typed: str
) -> None:
    c, e1 = client_for("preparer"), world["e1"]
    fields = _overall_form(c, e1)
    fields["overall.stated_total_score"] = typed
    response = c.post(f"/evaluations/{e1.pk}/edit/overall/", fields)
    html = response.content.decode()
    assert response.status_code == 400
    assert "总分（得分）" in html  # the field, named in Chinese
    assert "超出可接受的范围" in html or "不是有效的数字" in html or "最多保留 4 位小数" in html
    assert Revision.objects.filter(evaluation=e1).count() == 1  # nothing committed
    _pages_answer(client_for, e1)


def test_a_score_at_the_bound_is_saved(world: dict[str, Any], client_for: Any) -> None:
    c, e1 = client_for("preparer"), world["e1"]
    fields = _overall_form(c, e1)
    fields["overall.stated_total_score"] = "1000"
    assert c.post(f"/evaluations/{e1.pk}/edit/overall/", fields).status_code == 302
    e1.refresh_from_db()
    assert e1.current_revision is not None and e1.current_revision.number == 2
    _pages_answer(client_for, e1)


def test_uploaded_text_with_a_total_of_960000_keeps_it_in_the_import_report(
    world: dict[str, Any], client_for: Any
) -> None:
    c, e1 = client_for("preparer"), world["e1"]
    lines = SEED_001_TEXT.read_text(encoding="utf-8").split("\n")
    assert lines[TOTAL_LINE - 1] == "\t96"
    lines[TOTAL_LINE - 1] = "\t960000"
    upload = SimpleUploadedFile("001.txt", "\n".join(lines).encode("utf-8"))
    response = c.post(f"/evaluations/{e1.pk}/upload/", {"document": upload})
    html = response.content.decode()
    assert response.status_code == 200, html[:2000]
    assert "960000" in html and "总分（得分）超出可接受的范围" in html  # listed, at its place
    e1.refresh_from_db()
    assert e1.current_revision is not None and e1.current_revision.number == 2
    assert "stated_total_score" not in e1.current_revision.data["overall"]
    assert e1.self_score is None
    _pages_answer(client_for, e1)


def test_page_api_refuses_an_out_of_bounds_score(world: dict[str, Any], client_for: Any) -> None:
    c, e1 = client_for("preparer"), world["e1"]
    data = dict(e1.current_revision.data)
    data["overall"] = {**data["overall"], "stated_total_score": "100000"}
    body = json.dumps({"based_on": 1, "package": data})
    response = c.put(f"/api/evaluations/{e1.pk}/package", body, content_type="application/json")
    assert response.status_code == 400, response.content[:500]
    assert "总分（得分）" in response.content.decode()
    assert Revision.objects.filter(evaluation=e1).count() == 1
    _pages_answer(client_for, e1)


def test_uploaded_package_with_yaml_aliases_is_refused(world: dict[str, Any], client_for: Any) -> None:
    c, e1 = client_for("preparer"), world["e1"]
    bomb = (
        "year: 2024\nunit: {name: 桃江县社会保险服务中心}\n"
        "x: &i {level1: output, level2: quantity, name: 指标}\n"
        "projects: [{scope: project, indicators: [*i, *i, *i]}]\n"
    )
    upload = SimpleUploadedFile("bomb.yaml", bomb.encode("utf-8"))
    response = c.post(f"/evaluations/{e1.pk}/upload/", {"document": upload})
    assert response.status_code == 400
    assert "锚点或别名" in response.content.decode()
    assert Revision.objects.filter(evaluation=e1).count() == 1


def test_portal_forms_download_holds_formula_like_text_as_text(
    world: dict[str, Any], client_for: Any
) -> None:
    from jixiao_web.evaluations.models import State

    e1 = world["e1"]
    data = json.loads(json.dumps(e1.current_revision.data))
    data["overall"]["indicators"][0]["name"] = '=HYPERLINK("http://example.invalid","x")'
    data["overall"]["stated_grade"] = "@SUM(A1)"
    e1.current_revision.data = data
    e1.current_revision.save(update_fields=["data"])
    Evaluation.objects.filter(pk=e1.pk).update(state=State.PUBLISHED)
    response = client_for(None).get(f"/portal/{e1.pk}/download/forms/xlsx/")  # anonymous
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    book = openpyxl.load_workbook(BytesIO(content))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    risky = [c for c in cells if isinstance(c.value, str) and c.value.startswith(("=HYPERLINK", "@SUM"))]
    assert {c.value for c in risky} == {'=HYPERLINK("http://example.invalid","x")', "@SUM(A1)"}
    assert all(c.data_type == "s" for c in risky)
    assert not [c for c in cells if c.data_type == "f"]


def test_uploaded_spreadsheet_declaring_a_huge_merge_is_refused_before_the_work(
    world: dict[str, Any], client_for: Any
) -> None:
    # F4 through the door the probe used: a 4.9 KB .xlsx declaring A1:J200000 merged cost 35 s and
    # 960 MB per worker; now refused with a Chinese message naming the range, nothing written
    from tests.importers.test_readers_limits import _edit_sheet, _merges, _small_xlsx

    c, e1 = client_for("preparer"), world["e1"]
    bomb = _edit_sheet(_small_xlsx(), _merges("A1:J200000"))
    assert len(bomb) < 20_000
    response = c.post(f"/evaluations/{e1.pk}/upload/", {"document": SimpleUploadedFile("bomb.xlsx", bomb)})
    assert response.status_code == 400, response.content[:500]
    assert "A1:J200000" in response.content.decode()
    assert Revision.objects.filter(evaluation=e1).count() == 1
    _pages_answer(client_for, e1)
