"""Issue 10, the robustness suite: numbers at and beyond their limits through every door, and the
property that no sequence of accepted requests leads any page or list to answer 500, for anyone.

Property-based (hypothesis). The doors are the probe's: the part forms, the page API (PUT of a
package), a package file uploaded on the upload page, the documented API's tools, the workflow and
the 考核 adjustment. After each request the pages and lists are read as every role; at the end the
whole site is swept once more. Marked ``slow``; part of the suite.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from jixiao.model import EvaluationPackage, dumps_yaml
from jixiao_web.evaluations.models import Evaluation

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def u4_people(world: dict[str, Any]) -> None:
    """U4's preparer and head (U4 2024 is the world's draft): "preparer" and "head" act on it here."""
    from jixiao_web.orgs.models import Membership, Role

    for name, role in (("preparer", Role.PREPARER), ("head", Role.UNIT_HEAD)):
        Membership.objects.filter(user=world["users"][name]).update(role=role, unit=world["units"]["U4"])
    revision = world["evaluations"][("U4", 2024)].current_revision
    revision.data = {**revision.data, "overall": {"scope": "overall", "stated_total_score": "90"}}
    revision.save(update_fields=["data"])


# numbers at the model's limits (jixiao.model.bounds), just past them, and what is not a number
EDGES = [
    "0",
    "-0",
    "0.0001",
    "0.00001",
    "1000",
    "1000.0001",
    "9999.9999",
    "10000",
    "100000",
    "999999.999999",
    "1000000",
    "1000000.000001",
    "999999999999.999999",
    "1000000000000",
    "-999999999999.999999",
    "1e309",
    "-1e309",
    "9e999999999",
    "1E-400",
    "NaN",
    "sNaN",
    "Infinity",
    "-inf",
    "1" * 60,
    "０.５",
    "１２",
    "12,345.6",
    "",
]
numbers = st.one_of(
    st.sampled_from(EDGES),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
)
# where a number goes: (part form, input name, package path)
NUMERIC_FIELDS = [
    ("overall", "overall.stated_total_score", ("overall", "stated_total_score")),
    ("overall", "overall.stated_total_max", ("overall", "stated_total_max")),
    ("unit", "unit.authorized_staff", ("unit", "authorized_staff")),
    ("unit", "unit.actual_staff", ("unit", "actual_staff")),
]
GETS = [
    "/",
    "/evaluations/{pk}/",
    "/evaluations/{pk}/review/",
    "/evaluations/{pk}/revisions/",
    "/evaluations/{pk}/revisions/1/",
    "/api/evaluations/",
    "/api/evaluations/{pk}/",
    "/api/evaluations/{pk}/revisions",
    "/api/v1/packages",
    "/api/v1/packages/{pk}",
    "/api/v1/packages/{pk}/findings",
    "/api/v1/packages/{pk}/score",
]
ADMIN_GETS = ["/dashboards/", "/dashboards/xlsx/", "/bulk/"]
PUBLIC_GETS = ["/portal/", "/api/public/evaluations/", "/api/v1/public/packages"]
ROLES = ["preparer", "head", "reviewer", "admin", "sysadmin"]


def _set(data: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    data = json.loads(json.dumps(data))
    node = data
    for key in path[:-1]:
        node = node.setdefault(key, {})
    node[path[-1]] = value
    return data


def _sweep(client_for: Any, evaluation: Evaluation, roles: list[str] = ROLES) -> None:
    for role in roles:
        c = client_for(role)
        for url in GETS + (ADMIN_GETS if role in ("admin", "sysadmin") else []):
            response = c.get(url.format(pk=evaluation.pk))
            assert response.status_code < 500, (role, url, response.status_code, response.content[:300])
    anonymous = client_for(None)
    for url in [*PUBLIC_GETS, f"/portal/{evaluation.pk}/"]:
        response = anonymous.get(url)
        assert response.status_code < 500, (url, response.status_code)


def _e(world: dict[str, Any]) -> Evaluation:
    return next(iter(world["evaluations"].values()))


# ---------------------------------------------------------------- one number, every door


def test_a_number_through_the_page_api_never_breaks_a_page(
    world: dict[str, Any], client_for: Any, no_checker: None
) -> None:
    statuses: list[int] = []

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(value=numbers, where=st.sampled_from(NUMERIC_FIELDS), as_number=st.booleans())
    def put(value: str, where: Any, as_number: bool) -> None:
        e = Evaluation.objects.get(pk=world["evaluations"][("U4", 2024)].pk)
        data = _set(e.current_revision.data, where[2], value)
        body = json.dumps({"based_on": e.current_revision.number, "package": data})
        if as_number and value and value.lstrip("-").replace(".", "", 1).isdigit():  # a JSON number
            body = body.replace(json.dumps(value), value)
        response = client_for("preparer").put(
            f"/api/evaluations/{e.pk}/package", body, content_type="application/json"
        )
        assert response.status_code in (200, 400), (value, response.status_code, response.content[:300])
        if response.status_code == 400:
            assert json.loads(response.content)["error"]["code"] == "invalid"
        statuses.append(response.status_code)
        _sweep(client_for, e, roles=["preparer", "admin"])

    put()
    assert {200, 400} <= set(statuses)  # numbers were both stored and refused


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(value=numbers, where=st.sampled_from(NUMERIC_FIELDS))
def test_a_number_typed_in_a_form_never_breaks_a_page(
    world: dict[str, Any], client_for: Any, no_checker: None, value: str, where: Any
) -> None:
    from tests.web.formtools import as_post_data, form_fields

    e = Evaluation.objects.get(pk=world["evaluations"][("U4", 2024)].pk)
    c = client_for("preparer")
    url = f"/evaluations/{e.pk}/edit/{where[0]}/"
    fields = as_post_data(form_fields(c.get(url).content.decode()))
    fields[where[1]] = value
    response = c.post(url, fields)
    assert response.status_code in (302, 400), (value, response.status_code)
    live = c.post(f"/evaluations/{e.pk}/check/{where[0]}/", fields)
    assert live.status_code == 200
    _sweep(client_for, e, roles=["preparer", "admin"])


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(value=numbers)
def test_a_number_in_an_uploaded_package_file_and_in_the_api_tools(
    world: dict[str, Any], client_for: Any, no_checker: None, value: str
) -> None:
    e = Evaluation.objects.get(pk=world["evaluations"][("U4", 2024)].pk)
    data = _set(e.current_revision.data, ("overall", "stated_total_score"), value)
    data["overall"].setdefault("scope", "overall")
    upload = client_for("preparer").post(
        f"/evaluations/{e.pk}/upload/",
        {"document": SimpleUploadedFile("p.json", json.dumps(data, ensure_ascii=False).encode())},
    )
    assert upload.status_code in (200, 400), (value, upload.status_code)
    for tool in ("/api/v1/check", "/api/v1/score"):
        response = client_for("preparer").post(
            tool, json.dumps({"package": data}), content_type="application/json"
        )
        assert response.status_code in (200, 400, 422), (tool, value, response.status_code)
    _sweep(client_for, e, roles=["preparer", "admin"])


# ---------------------------------------------------------------- any sequence of accepted requests


class Site(RuleBasedStateMachine):
    """Requests by every role in any order; after each, nothing anyone reads answers 500."""

    world: dict[str, Any]
    client_for: Any

    def __init__(self) -> None:
        super().__init__()
        self.e = Evaluation.objects.get(pk=self.world["evaluations"][("U4", 2024)].pk)

    def _current(self) -> Evaluation:
        return Evaluation.objects.select_related("current_revision").get(pk=self.e.pk)

    @rule(value=numbers, where=st.sampled_from(NUMERIC_FIELDS))
    def save(self, value: str, where: Any) -> None:
        e = self._current()
        data = _set(e.current_revision.data, where[2], value)
        body = json.dumps({"based_on": e.current_revision.number, "package": data})
        response = self.client_for("preparer").put(
            f"/api/evaluations/{e.pk}/package", body, content_type="application/json"
        )
        assert response.status_code in (200, 400, 403, 409), response.status_code

    @rule(based_on=st.integers(min_value=-5, max_value=50))
    def stale_save(self, based_on: int) -> None:
        e = self._current()
        data = _set(e.current_revision.data, ("unit", "head"), f"负责人{based_on}")
        response = self.client_for("head").put(
            f"/api/evaluations/{e.pk}/package",
            json.dumps({"based_on": based_on, "package": data}),
            content_type="application/json",
        )
        assert response.status_code in (200, 400, 403, 409), response.status_code

    @rule(
        who=st.sampled_from(ROLES),
        action=st.sampled_from(["submit", "start_review", "return", "approve", "publish"]),
    )
    def transition(self, who: str, action: str) -> None:
        response = self.client_for(who).post(
            f"/api/v1/packages/{self.e.pk}/transitions",
            json.dumps({"action": action, "comment": "请修改"}),
            content_type="application/json",
        )
        assert response.status_code in (200, 403, 404, 409, 422), response.status_code

    @rule(who=st.sampled_from(["admin", "sysadmin", "reviewer"]), value=numbers)
    def adjust(self, who: str, value: str) -> None:
        response = self.client_for(who).post(
            f"/evaluations/{self.e.pk}/assessment/", {"adjustment": value, "reason": "理由"}
        )
        assert response.status_code in (302, 403), response.status_code

    @rule(number=st.integers(min_value=0, max_value=30))
    def restore(self, number: int) -> None:
        response = self.client_for("preparer").post(f"/evaluations/{self.e.pk}/revisions/{number}/restore/")
        assert response.status_code in (302, 403, 404), response.status_code

    @rule(value=numbers)
    def upload(self, value: str) -> None:
        package = EvaluationPackage.model_validate({"year": 2024, "unit": {"name": self.e.unit.name}})
        text = dumps_yaml(package) + f"overall:\n  scope: overall\n  stated_total_score: '{value}'\n"
        response = self.client_for("preparer").post(
            f"/evaluations/{self.e.pk}/upload/", {"document": SimpleUploadedFile("p.yaml", text.encode())}
        )
        assert response.status_code in (200, 400, 403, 409), response.status_code

    @invariant()
    def pages_answer(self) -> None:
        e = self._current()
        for role in ("head", "admin"):
            c = self.client_for(role)
            for url in ("/", f"/evaluations/{e.pk}/", "/api/v1/packages", f"/api/v1/packages/{e.pk}"):
                response = c.get(url)
                assert response.status_code < 500, (role, url, response.status_code)

    def teardown(self) -> None:
        _sweep(self.client_for, self._current())


def test_no_sequence_of_accepted_requests_breaks_a_page(
    world: dict[str, Any], client_for: Any, no_checker: None
) -> None:
    Site.world, Site.client_for = world, staticmethod(client_for)
    run_state_machine_as_test(
        Site,
        settings=settings(
            max_examples=8,
            stateful_step_count=10,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        ),
    )
    assert Evaluation.objects.get(pk=world["evaluations"][("U4", 2024)].pk).revisions.exists()
