"""Issue 10, F1: one number never poisons the site.

The probe typed 100000 (and 1e309) as the overall form's stated total score, uploaded a text whose
总分 is 960000, and PUT such a package through the page API. Each save either succeeds and is
stored whole, or is refused (400, in Chinese) with nothing committed; afterwards every page and list
answers for every user. A record whose stored figures cannot be read any more (written before the
columns were widened, or by hand) shows as a marked row, never as a 500.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from jixiao_web.evaluations import services
from jixiao_web.evaluations.models import Evaluation, State
from tests.web.conftest import ROOT
from tests.web.formtools import as_post_data, form_fields

pytestmark = pytest.mark.django_db

SEED_TEXT = ROOT / "src" / "jixiao" / "data" / "seeds" / "001_a74d644552a354b1.txt"
PAGES = [
    "/",
    "/evaluations/{pk}/",
    "/evaluations/{pk}/review/",
    "/evaluations/{pk}/revisions/",
    "/evaluations/{pk}/revisions/1/",
    "/api/evaluations/",
    "/api/evaluations/{pk}/",
    "/api/v1/packages",
    "/api/v1/packages/{pk}",
    "/dashboards/",
]
VIEWERS = ["preparer", "head", "reviewer", "admin", "sysadmin"]


def _all_pages_answer(client_for: Any, e: Evaluation) -> None:
    for user in VIEWERS:
        c = client_for(user)
        for page in PAGES:
            url = page.format(pk=e.pk)
            response = c.get(url)
            assert response.status_code in (200, 302, 403), (user, url, response.status_code)
    public = client_for(None)
    for url in ("/portal/", "/api/v1/public/packages", "/api/public/evaluations/"):
        assert public.get(url).status_code == 200, url


def _overall_form(c: Any, e: Evaluation) -> dict[str, Any]:
    html = c.get(f"/evaluations/{e.pk}/edit/overall/").content.decode()
    return as_post_data(form_fields(html))


@pytest.mark.parametrize(
    "typed", ["100000", "1e309", "9e999999999", "99999999999999999999.5", "96.123456789"]
)
def test_typed_total_score_through_the_form(world: dict[str, Any], client_for: Any, typed: str) -> None:
    c, e1 = client_for("preparer"), world["e1"]
    fields = _overall_form(c, e1)
    fields["overall.stated_total_score"] = typed
    response = c.post(f"/evaluations/{e1.pk}/edit/overall/", fields)
    assert response.status_code in (302, 400), response.status_code
    e1.refresh_from_db()
    if response.status_code == 400:
        assert "总得分" in response.content.decode() or "stated_total_score" in response.content.decode()
        assert e1.revisions.count() == 1  # nothing committed
    else:
        stored = e1.current_revision.data["overall"]["stated_total_score"]
        assert Decimal(stored) == Decimal(typed)
        assert e1.self_score == Decimal(typed)
    _all_pages_answer(client_for, e1)


def test_uploaded_text_with_a_huge_total(world: dict[str, Any], client_for: Any) -> None:
    text = SEED_TEXT.read_text(encoding="utf-8")
    marker = "\t总分\n\t100\n\t96\n"
    assert marker in text
    poisoned = text.replace(marker, "\t总分\n\t100\n\t960000\n", 1)
    c, e1 = client_for("preparer"), world["e1"]
    response = c.post(
        f"/evaluations/{e1.pk}/upload/",
        {"document": SimpleUploadedFile("001.txt", poisoned.encode("utf-8"))},
    )
    assert response.status_code in (200, 400), response.status_code
    e1.refresh_from_db()
    if e1.revisions.count() > 1:
        assert e1.self_score in (Decimal(960000), None)
    _all_pages_answer(client_for, e1)


@pytest.mark.parametrize("value", ["960000", "1e309", "-1e20", "NaN", "Infinity", "0.0000000001"])
def test_put_through_the_page_api(world: dict[str, Any], client_for: Any, value: str) -> None:
    c, e1 = client_for("preparer"), world["e1"]
    data = json.loads(json.dumps(e1.current_revision.data))
    data["overall"]["stated_total_score"] = value
    response = c.put(
        f"/api/evaluations/{e1.pk}/package",
        json.dumps({"based_on": 1, "package": data}),
        content_type="application/json",
    )
    assert response.status_code in (200, 400), response.content[:300]
    body = json.loads(response.content)
    if response.status_code == 400:
        assert body["error"]["code"] == "invalid"
        assert Evaluation.objects.get(pk=e1.pk).revisions.count() == 1
    _all_pages_answer(client_for, e1)


def test_a_save_is_atomic_when_a_derived_figure_cannot_be_stored(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever the engine derives (here a computed score beyond any column) is stored or nothing is."""
    e1 = world["e1"]
    monkeypatch.setattr(services, "_computed_score", lambda package: Decimal("1e30"))
    data = json.loads(json.dumps(e1.current_revision.data))
    data["unit"]["head"] = "王五"
    with pytest.raises(services.ValidationError) as refused:
        services.package_save(evaluation=e1, user=world["users"]["preparer"], data=data, based_on=1)
    assert "复核得分" in str(refused.value)
    e1.refresh_from_db()
    assert e1.revisions.count() == 1 and e1.current_revision.number == 1


def _poison(e: Evaluation) -> None:
    """Write figures the columns cannot hold, behind the ORM's back (as old data or a hand edit would)."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's numeric columns refuse such values themselves")
    table = Evaluation._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET self_score = %s, execution_rate = %s, three_public_actual = %s WHERE id = %s",
            ["1e309", "9" * 40, "abc", e.pk],
        )


def test_an_unreadable_stored_figure_reads_as_blank(world: dict[str, Any], client_for: Any) -> None:
    e1 = world["e1"]
    _poison(e1)
    e1 = Evaluation.objects.get(pk=e1.pk)
    assert (e1.self_score, e1.execution_rate, e1.three_public_actual) == (None, None, None)
    _all_pages_answer(client_for, e1)


def test_a_revision_that_no_longer_validates_is_marked_not_a_500(
    world: dict[str, Any], client_for: Any
) -> None:
    """A revision written under older rules (here: a year the model refuses) shows as marked."""
    e1 = world["e1"]
    revision = e1.current_revision
    revision.data = {**revision.data, "year": 1066}
    revision.save(update_fields=["data"])
    _all_pages_answer(client_for, e1)
    for page in ("/evaluations/{pk}/", "/evaluations/{pk}/review/"):
        html = client_for("reviewer").get(page.format(pk=e1.pk)).content.decode()
        assert "评价包数据不合规" in html
    assert "1066" in services.package_problem(e1)
    response = client_for("head").post(f"/evaluations/{e1.pk}/transition/submit/")
    assert Evaluation.objects.get(pk=e1.pk).state == State.DRAFT and response.status_code == 302


@pytest.mark.parametrize("based_on", [-1, 2**31, 10**30])
def test_a_base_revision_out_of_range_is_refused_not_a_500(
    world: dict[str, Any], client_for: Any, based_on: int
) -> None:
    """Found by the robustness suite: a negative base made a conflict revision the column refused."""
    e1 = world["e1"]
    response = client_for("preparer").put(
        f"/api/evaluations/{e1.pk}/package",
        json.dumps({"based_on": based_on, "package": e1.current_revision.data}),
        content_type="application/json",
    )
    assert response.status_code == 400 and json.loads(response.content)["error"]["code"] == "invalid"
    assert e1.revisions.count() == 1
