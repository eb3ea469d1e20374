"""``/api/v1/targets/``: the round through HTTP, its one error shape, suggestions and counters."""

from __future__ import annotations

import json
from typing import Any

import pytest

from jixiao_web.targets.models import TargetFiling

pytestmark = pytest.mark.django_db


def post(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_fill_submit_review_approve_publish(
    world: dict[str, Any], client_for: Any, filing: TargetFiling
) -> None:
    api = f"/api/v1/targets/filings/{filing.pk}"
    preparer, head, reviewer, admin = (client_for(r) for r in ("preparer", "head", "reviewer", "admin"))
    detail = preparer.get(api).json()
    assert detail["revision"] == 1 and detail["below_history_count"] == 8
    assert sum(1 for f in detail["findings"] if f["code"] == "YOY001") == 8
    # a stale revision number: the edit is kept as a conflict, 409 in the one error shape
    stale = preparer.put(
        f"{api}/declarations",
        data=json.dumps({"declarations": detail["declarations"], "based_on": 0}),
        content_type="application/json",
    )
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    saved = preparer.put(
        f"{api}/declarations",
        data=json.dumps({"declarations": detail["declarations"], "based_on": 1}),
        content_type="application/json",
    )
    assert saved.status_code == 200 and saved.json()["revision"] == 3  # 2 is the kept conflict
    # an invalid body: 400 with Chinese details
    bad = preparer.put(
        f"{api}/declarations",
        data=json.dumps({"declarations": [{"scope": "nowhere"}], "based_on": 3}),
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid"
    assert post(head, f"{api}/transitions", {"action": "submit"}).json()["state"] == "submitted"
    # the state machine: submitted cannot be approved
    wrong = post(reviewer, f"{api}/transitions", {"action": "publish"})
    assert wrong.status_code == 403  # the reviewer may not publish at all
    wrong = post(reviewer, f"{api}/transitions", {"action": "approve"})
    assert wrong.status_code == 409 and wrong.json()["error"]["code"] == "workflow"
    assert post(reviewer, f"{api}/transitions", {"action": "start_review"}).json()["state"] == "under_review"
    for i, d in enumerate(detail["declarations"]):
        for j in range(len(d["indicators"])):
            r = post(reviewer, f"{api}/opinions", {"declaration": i, "indicator": j, "verdict": "pass"})
            assert r.status_code == 201
    approved = post(reviewer, f"{api}/transitions", {"action": "approve", "reference": "桃财预〔2025〕3号"})
    assert (
        approved.json()["state"] == "approved"
        and approved.json()["approval_reference"] == "桃财预〔2025〕3号"
    )
    assert post(admin, f"{api}/transitions", {"action": "publish"}).json()["state"] == "published"
    public = client_for(None).get("/api/v1/targets/public/filings?year=2025").json()
    assert [f["id"] for f in public] == [filing.pk]


def test_suggestions_with_the_units_own_history(
    world: dict[str, Any], client_for: Any, filing: TargetFiling
) -> None:
    hits = client_for("preparer").get(f"/api/v1/targets/suggest?q=认证人数&filing={filing.pk}").json()
    first = hits[0]
    assert first["key"] == "sector/social-security#certified-persons" and first["unit"] == "万人"
    # U1's 2024 self-evaluation (seed 001): 全年认证人数 ≥11.19万人, 16.49万人 achieved
    assert first["history"] == [
        {"year": 2024, "name": "全年认证人数", "target": "大于等于11.19万人", "actual": "16.49万人"}
    ]
    # another desk's reviewer cannot ask for U1's history
    assert (
        client_for("reviewer_other_desk")
        .get(f"/api/v1/targets/suggest?q=认证&filing={filing.pk}")
        .status_code
        == 404
    )
    assert client_for(None).get("/api/v1/targets/suggest?q=认证").status_code == 401


def test_counters_and_docs(world: dict[str, Any], client_for: Any, target_round: Any) -> None:
    admin = client_for("admin")
    c = admin.get(f"/api/v1/targets/rounds/{target_round.pk}/counters").json()
    assert (c["units"], c["filed"], c["approved"], c["indicators"], c["basis_share"], c["below_history"]) == (
        2,
        0,
        0,
        20,
        "0.0%",
        8,
    )
    # per unit: U2 holds an empty 2024 package (no indicators, no history), so U1 carries all
    # 20 indicators and all 8 targets below its 2024 actuals (20 − 0, 8 − 0)
    rows = {r["unit"]: r for r in c["per_unit"]}
    assert (
        rows["桃江县社会保险服务中心"]["indicators"],
        rows["桃江县社会保险服务中心"]["below_history"],
    ) == (20, 8)
    assert (rows["桃江县农业农村局"]["indicators"], rows["桃江县农业农村局"]["below_history"]) == (0, 0)
    assert sum(r["with_basis"] for r in c["per_unit"]) == c["with_basis"]
    assert (
        client_for("admin_other_bureau").get(f"/api/v1/targets/rounds/{target_round.pk}/counters").status_code
        == 404
    )
    assert admin.get("/api/v1/targets/openapi.json").status_code == 200
    assert admin.get("/api/v1/targets/nothing-here").json()["error"]["code"] == "not_found"
