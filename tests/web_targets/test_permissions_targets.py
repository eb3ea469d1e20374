"""The permission matrix of the target round: every role against U1's filing, by page and by API.

Allowed → 2xx/3xx and the action happened; forbidden → 403 (the API: 404 for a filing outside the
user's scope, 401 for the anonymous public; a page: the login page for the anonymous), nothing changed.
The system administrator sees everything and acts for no one; the bureau's 绩效科 publishes.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from jixiao_web.targets import services
from jixiao_web.targets.models import FilingState, IndicatorOpinion, TargetFiling

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
VIEWERS = {"preparer", "head", "reviewer", "admin", "sysadmin"}
HIDDEN = {"anonymous": 401, "reviewer_other_desk": 404, "admin_other_bureau": 404}

# action: (state the filing is put in, roles allowed)
ACTIONS: dict[str, tuple[str, set[str]]] = {
    "save": (FilingState.DRAFT, {"preparer", "head"}),
    "submit": (FilingState.DRAFT, {"head"}),
    "start_review": (FilingState.SUBMITTED, {"reviewer", "admin"}),
    "opinion": (FilingState.UNDER_REVIEW, {"reviewer", "admin"}),
    "return": (FilingState.UNDER_REVIEW, {"reviewer", "admin"}),
    "approve": (FilingState.UNDER_REVIEW, {"reviewer", "admin"}),
    "publish": (FilingState.APPROVED, {"admin"}),
    "adjust": (FilingState.APPROVED, {"preparer", "head"}),
    "carry": (FilingState.APPROVED, {"preparer", "head"}),
    "page_submit": (FilingState.DRAFT, {"head"}),
    "page_approve": (FilingState.UNDER_REVIEW, {"reviewer", "admin"}),
}


def _snapshot(f: TargetFiling) -> tuple[Any, ...]:
    f.refresh_from_db()
    return (f.state, f.revision, f.opinions.count(), f.adjustments.count())


def _prepare(world: dict[str, Any], filing: TargetFiling, state: str) -> None:
    TargetFiling.objects.filter(pk=filing.pk).update(state=state)
    filing.refresh_from_db()
    if state == FilingState.UNDER_REVIEW:  # every indicator already has an opinion: approve can proceed
        for i, d in enumerate(filing.data):
            for j, ind in enumerate(d["indicators"]):
                IndicatorOpinion.objects.create(
                    filing=filing,
                    revision_number=filing.revision,
                    declaration=i,
                    indicator=j,
                    indicator_name=ind["name"],
                    verdict="pass",
                    reviewer=world["users"]["reviewer"],
                )


def _do(client: Any, action: str, filing: TargetFiling) -> Any:
    api = f"/api/v1/targets/filings/{filing.pk}"
    body = {
        "save": (f"{api}/declarations", "put", {"declarations": filing.data, "based_on": filing.revision}),
        "submit": (f"{api}/transitions", "post", {"action": "submit"}),
        "start_review": (f"{api}/transitions", "post", {"action": "start_review"}),
        "opinion": (
            f"{api}/opinions",
            "post",
            {"declaration": 0, "indicator": 0, "verdict": "reject", "reason": "偏低"},
        ),
        "return": (f"{api}/transitions", "post", {"action": "return", "comment": "请补充依据"}),
        "approve": (f"{api}/transitions", "post", {"action": "approve", "reference": "桃财预〔2025〕3号"}),
        "publish": (f"{api}/transitions", "post", {"action": "publish"}),
        "adjust": (
            f"{api}/adjustments",
            "post",
            {"declaration": 1, "indicator": 0, "new_target": "≥17万人", "reason": "新增任务"},
        ),
        "carry": (f"{api}/carry", "post", {}),
    }
    if action.startswith("page_"):
        return client.post(f"/targets/filings/{filing.pk}/transition/{action[5:]}/", {"reference": "x"})
    url, method, data = body[action]
    return getattr(client, method)(url, data=json.dumps(data), content_type="application/json")


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_the_filing(world: dict[str, Any], client_for: Any, filing: TargetFiling, role: str) -> None:
    client = client_for(None if role == "anonymous" else role)
    page = client.get(f"/targets/filings/{filing.pk}/")
    api = client.get(f"/api/v1/targets/filings/{filing.pk}")
    if role in VIEWERS:
        assert page.status_code == 200 and "全年认证人数" in page.content.decode()
        assert api.status_code == 200 and api.json()["unit"] == "桃江县社会保险服务中心"
    else:
        assert page.status_code == (302 if role == "anonymous" else 403)
        assert "全年认证人数" not in page.content.decode()
        assert api.status_code == HIDDEN[role]
        assert api.json()["error"]["code"] in ("not_found", "not_authenticated")


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_the_matrix(
    world: dict[str, Any], client_for: Any, filing: TargetFiling, action: str, role: str
) -> None:
    state, allowed = ACTIONS[action]
    _prepare(world, filing, state)
    before = _snapshot(filing)
    response = _do(client_for(None if role == "anonymous" else role), action, filing)
    after = _snapshot(filing)
    if role in allowed:
        assert response.status_code in (200, 201, 302), (response.status_code, response.content[:300])
        if not action.startswith("page_"):
            assert after != before or action == "carry", "the action changed nothing"
        else:
            assert after != before
    else:
        if action.startswith("page_"):
            assert response.status_code in (302, 403) and after == before
            if response.status_code == 302:
                assert role == "anonymous" and "/login" in response["Location"]
        else:
            expected = HIDDEN.get(role, 403)
            assert response.status_code == expected, (response.status_code, response.content[:300])
            assert response.json()["error"]["code"]
        assert after == before


@pytest.mark.parametrize("role", ROLES)
def test_who_opens_a_round(world: dict[str, Any], client_for: Any, role: str) -> None:
    response = client_for(None if role == "anonymous" else role).post(
        "/api/v1/targets/rounds",
        data=json.dumps({"year": 2026, "title": "2026年度绩效目标", "deadline": "2026-01-20"}),
        content_type="application/json",
    )
    expected = {"admin": 201, "admin_other_bureau": 201, "anonymous": 401}.get(role, 403)
    assert response.status_code == expected, response.content[:300]


def test_the_public_sees_published_filings_only(
    world: dict[str, Any], client_for: Any, filing: TargetFiling
) -> None:
    anonymous = client_for(None)
    assert anonymous.get(f"/api/v1/targets/public/filings/{filing.pk}").status_code == 404
    assert anonymous.get(f"/targets/public/{filing.pk}/").status_code == 403
    TargetFiling.objects.filter(pk=filing.pk).update(state=FilingState.PUBLISHED)
    body = anonymous.get(f"/api/v1/targets/public/filings/{filing.pk}").json()
    assert body["unit"] == "桃江县社会保险服务中心" and body["findings"] == [] and body["opinions"] == []
    assert "全年认证人数" in anonymous.get(f"/targets/public/{filing.pk}/").content.decode()
    assert [f["id"] for f in anonymous.get("/api/v1/targets/public/filings").json()] == [filing.pk]


def test_the_submitter_never_approves(world: dict[str, Any], filing: TargetFiling) -> None:
    _prepare(world, filing, FilingState.UNDER_REVIEW)
    TargetFiling.objects.filter(pk=filing.pk).update(submitted_by=world["users"]["admin"])
    filing.refresh_from_db()
    with pytest.raises(Exception, match="报送人不能批复"):
        services.filing_approve(filing=filing, user=world["users"]["admin"])


# ---------------------------------------------------------------- the bureau's indicator library

LIBRARY_ENTRY = {
    "id": "fund-months",
    "level1": "效益指标",
    "level2": "可持续影响指标",
    "name": "基金累计结余可支付月数",
    "definition": "累计结余 ÷ 月均支出",
    "unit": "月",
}
BUREAU_A_STAFF = {"reviewer", "reviewer_other_desk", "admin"}
BUREAU_A = {"preparer", "head", *BUREAU_A_STAFF}
# action: roles whose request changes the library (everyone else: 403, or the login page)
LIBRARY_WRITES: dict[str, set[str]] = {
    "add": {*BUREAU_A_STAFF, "admin_other_bureau"},  # into their own bureau's library
    "retire": BUREAU_A_STAFF,  # bureau A's entry
    "import": {*BUREAU_A_STAFF, "admin_other_bureau"},
}


@pytest.fixture
def library_entry(world: dict[str, Any]) -> Any:
    return services.library_entry_add(
        user=world["users"]["admin"], bureau=world["bureaus"][0], entry=LIBRARY_ENTRY
    )


def _library_snapshot() -> tuple[int, int, int]:
    from jixiao_web.targets.models import BureauIndicator, BureauIndicatorChange

    return (
        BureauIndicator.objects.count(),
        BureauIndicator.objects.filter(state="retired").count(),
        BureauIndicatorChange.objects.count(),
    )


def _library_do(client: Any, action: str, entry: Any) -> Any:
    import io

    import yaml

    if action == "add":
        return client.post(
            "/targets/library/add/",
            {
                "key": "new-entry",
                "level1": "产出指标",
                "level2": "数量指标",
                "name": "新增指标",
                "definition": "说明",
                "nature": "quantitative",
                "unit": "人",
                "direction": "higher_better",
            },
        )
    if action == "retire":
        return client.post(f"/targets/library/{entry.pk}/retire/", {"reason": "不再使用"})
    upload = io.BytesIO(
        yaml.safe_dump(
            {
                "id": "x/y",
                "title": "导入",
                "source": {"title": "导入"},
                "scope": "any",
                "entries": [{**LIBRARY_ENTRY, "id": "imported-one"}],
            },
            allow_unicode=True,
        ).encode("utf-8")
    )
    upload.name = "导入.yaml"
    return client.post("/targets/library/import/", {"file": upload})


@pytest.mark.parametrize("action", sorted(LIBRARY_WRITES))
@pytest.mark.parametrize("role", ROLES)
def test_the_library_matrix(
    world: dict[str, Any], client_for: Any, library_entry: Any, action: str, role: str
) -> None:
    before = _library_snapshot()
    response = _library_do(client_for(None if role == "anonymous" else role), action, library_entry)
    after = _library_snapshot()
    if role in LIBRARY_WRITES[action]:
        assert response.status_code == 302 and "/login" not in response["Location"], response.status_code
        assert after != before
    else:
        assert response.status_code in (302, 403) and after == before, (response.status_code, after, before)
        if response.status_code == 302:
            assert role == "anonymous" and "/login" in response["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_who_reads_the_librarys_entries(
    world: dict[str, Any], client_for: Any, library_entry: Any, role: str
) -> None:
    client = client_for(None if role == "anonymous" else role)
    entry_page = client.get(f"/targets/library/{library_entry.pk}/")
    listing = client.get("/targets/library/")
    export = client.get("/targets/library/export.yaml")
    if role == "anonymous":
        assert {entry_page.status_code, listing.status_code, export.status_code} == {302}
        return
    if role in BUREAU_A or role == "sysadmin":
        assert entry_page.status_code == 200 and "基金累计结余可支付月数" in entry_page.content.decode()
    else:
        assert entry_page.status_code == 403
    assert listing.status_code == 200
    assert ("基金累计结余可支付月数" in listing.content.decode()) == (role in BUREAU_A or role == "sysadmin")
    if role in BUREAU_A:  # the bureau's file, for its staff and its units
        assert export.status_code == 200 and "fund-months" in export.content.decode()
    elif role == "admin_other_bureau":  # bureau B has no entry yet: back to the page
        assert export.status_code == 302 and "fund-months" not in export.content.decode()
    else:  # the system administrator belongs to no bureau
        assert export.status_code == 403
