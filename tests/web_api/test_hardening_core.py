"""Issue 10, the model's side, through the HTTP API and the downloads: F2 (a tiny request may not
make a huge response), F1 (an absurd printed figure in an imported document is set aside at its
place) and F5 (dashboard exports and bulk results hold formula-like text as text)."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.web_api.support import SEED_PACKAGES, SEED_TEXTS

pytestmark = pytest.mark.django_db

EVIL_UNIT = '=HYPERLINK("http://example.invalid","点此")'


def _error(response: Any) -> dict[str, Any]:
    assert response.status_code in (400, 422), response.content[:500]
    assert len(response.content) < 20_000  # bounded: not the 1 GB of the probe
    body = response.json()
    assert set(body) == {"error"}
    return dict(body["error"])


def _token_client(username: str) -> Client:
    from jixiao_web.api.tokens import token_create_for_username

    return Client(HTTP_AUTHORIZATION=f"Bearer {token_create_for_username(username, '测试')[1]}")


@pytest.mark.parametrize(
    "raw",
    ['"9e999999999"', "9e999999999", '"1e309"', '"NaN"', '"Infinity"', '"100000"', "-9e999999999"],
)
def test_score_api_refuses_an_absurd_total_quickly_and_briefly(world: dict[str, Any], raw: str) -> None:
    body = (
        '{"package": {"year": 2024, "unit": {"name": "某单位"}, '
        f'"overall": {{"scope": "overall", "stated_total_score": {raw}}}}}}}'
    )
    response = _token_client("preparer").post("/api/v1/score", body, content_type="application/json")
    error = _error(response)
    assert "总分（得分）" in error["message"]


def test_check_api_refuses_an_absurd_amount(world: dict[str, Any]) -> None:
    package = {
        "year": 2024,
        "unit": {"name": "某单位"},
        "overall": {"scope": "overall", "funds": {"rows": [{"kind": "total", "executed": "1e15"}]}},
    }
    response = _token_client("preparer").post(
        "/api/v1/check", json.dumps({"package": package}), content_type="application/json"
    )
    assert "全年执行数" in _error(response)["message"]


def test_import_api_sets_an_absurd_total_aside_at_its_place(world: dict[str, Any]) -> None:
    lines = (SEED_TEXTS / "001_a74d644552a354b1.txt").read_text(encoding="utf-8").split("\n")
    assert lines[407] == "\t96"  # line 408: the 得分 of the 总分 row
    lines[407] = "\t960000"
    upload = SimpleUploadedFile("001.txt", "\n".join(lines).encode("utf-8"))
    response = _token_client("preparer").post("/api/v1/import", {"file": upload})
    assert response.status_code == 200, response.content[:500]
    body = response.json()
    assert "stated_total_score" not in body["packages"][0]["overall"]
    issues = [i for i in body["import_report"] if i["text"] == "960000"]
    assert len(issues) == 1
    assert "第408行" in issues[0]["where"] and "总分（得分）" in issues[0]["reason"]


def _cells(content: bytes) -> list[Any]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def test_dashboard_exports_hold_formula_like_text_as_text() -> None:
    """Every dashboard download (and the bulk results) is written by ``dashboards.xlsx.workbook_bytes``."""
    from decimal import Decimal

    from jixiao_web.dashboards.xlsx import Table, workbook_bytes

    table = Table(
        "排名", ["单位", "得分", "等级"], [[EVIL_UNIT, Decimal("96.50"), "@SUM(A1)"], ["-1+1", 3, "+2"]]
    )
    cells = _cells(workbook_bytes([table]))
    assert not [x.coordinate for x in cells if x.data_type == "f"]
    texts = {x.value: x.data_type for x in cells if isinstance(x.value, str)}
    for text in (EVIL_UNIT, "@SUM(A1)", "-1+1", "+2"):
        assert texts[text] == "s"
    numbers = [x.value for x in cells if x.data_type == "n"]
    assert numbers == [96.5, 3]  # real numbers stay numbers


@pytest.fixture
def immediate() -> Iterator[None]:
    from huey.contrib.djhuey import HUEY

    was = HUEY.immediate
    HUEY.immediate = True
    yield
    HUEY.immediate = was


def test_bulk_results_hold_a_formula_like_file_name_as_text(
    world: dict[str, Any], client_for: Any, immediate: None, no_checker: None
) -> None:
    from jixiao_web.bulk.models import BulkJob

    name = "=1+1.yaml"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, (SEED_PACKAGES / "001_a74d644552a354b1.yaml").read_bytes())
    c = client_for("admin")
    upload = SimpleUploadedFile("evil.zip", buffer.getvalue(), content_type="application/zip")
    assert c.post("/bulk/", {"archive": upload}).status_code == 302
    job = BulkJob.objects.get()
    response = c.get(f"/bulk/{job.pk}/results.xlsx")
    assert response.status_code == 200
    cells = _cells(response.content)
    assert not [x.coordinate for x in cells if x.data_type == "f"]
    named = [x for x in cells if x.value == name]
    assert named and all(x.data_type == "s" for x in named)
