"""Bulk audit: zip limits, the job run through huey (immediate mode), the pages, the .xlsx download."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from tests.web_api.support import SEED_IDS, SEED_PACKAGES, SEED_TEXTS

pytestmark = pytest.mark.django_db


def make_zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def gbk_zip(name: str, data: bytes) -> bytes:
    """A zip whose member name is GBK bytes without the UTF-8 flag, as Chinese Windows tools write it."""
    raw = name.encode("gb18030")
    placeholder = ("X" * (len(raw) - 4) + ".txt").encode("ascii")
    content = make_zip({placeholder.decode(): data})
    assert content.count(placeholder) == 2  # local header and central directory
    return content.replace(placeholder, raw)


@pytest.fixture
def immediate() -> Iterator[None]:
    from huey.contrib.djhuey import HUEY

    was = HUEY.immediate
    HUEY.immediate = True
    yield
    HUEY.immediate = was


FAKE = {
    # unit name -> the findings the fake checker reports for it
    "桃江县社会保险服务中心": [("SUM001", "error", "sum_mismatch"), ("RATE002", "warning", "rate_mismatch")],
    "湘西自治州社会保险服务中心": [("GRD001", "error", "grade_mismatch")],
}


@pytest.fixture
def fake_checker(monkeypatch: pytest.MonkeyPatch) -> None:
    from jixiao_web.evaluations import engine

    def check(package: Any, previous: Any = None) -> list[dict[str, Any]]:
        return [
            {
                "code": code,
                "category": category,
                "severity": severity,
                "severity_label": {"error": "错误", "warning": "警告"}[severity],
                "message": f"{code} 测试问题",
                "stated": "1.00",
                "computed": "2.00",
                "rule": None,
                "path": "overall",
                "document": "",
                "line": 7,
                "page": None,
                "where": "第7行",
            }
            for code, severity, category in FAKE.get(package.unit.name, [])
        ]

    monkeypatch.setattr(engine, "check", check)


def seed_yaml_zip() -> bytes:
    return make_zip(
        {f"种子/{seed}.yaml": (SEED_PACKAGES / f"{seed}.yaml").read_bytes() for seed in SEED_IDS}
        | {"说明.abc": b"not a supported document", "__MACOSX/._x.yaml": b"junk"}
    )


def test_job_end_to_end_with_huey_immediate(
    world: dict[str, Any], immediate: None, fake_checker: None, client_for: Any
) -> None:
    from jixiao_web.bulk.models import BulkItem, BulkJob

    c = client_for("admin")
    upload = SimpleUploadedFile("seeds.zip", seed_yaml_zip(), content_type="application/zip")
    response = c.post("/bulk/", {"archive": upload})
    assert response.status_code == 302
    job = BulkJob.objects.get()
    assert response["Location"] == f"/bulk/{job.pk}/"
    # 4 packages + 1 unsupported document (the __MACOSX entry is not a document)
    assert (job.status, job.total, job.done) == ("done", 5, 5)
    items = {i.filename: i for i in BulkItem.objects.filter(job=job)}
    assert items["说明.abc"].status == "skipped"
    ok = [i for i in items.values() if i.status == "ok"]
    assert sorted(i.year for i in ok) == [2021, 2022, 2024, 2024]
    taojiang = next(i for i in ok if i.unit_name == "桃江县社会保险服务中心")
    assert (taojiang.error_count, taojiang.warning_count) == (1, 1)
    assert [f["code"] for f in taojiang.findings] == ["SUM001", "RATE002"]

    status = c.get(f"/bulk/{job.pk}/status.json").json()
    assert status.pop("heartbeat_at")  # the worker's last sign of life (issue 10, F6)
    assert status == {
        "id": job.pk,
        "status": "done",
        "status_label": "已完成",
        "total": 5,
        "done": 5,
        "percent": 100,
        "finished": True,
        "message": "",
        "attempts": 1,
    }
    page = c.get(f"/bulk/{job.pk}/").content.decode()
    for code in ("SUM001", "RATE002", "GRD001"):
        assert code in page
    assert "全部问题（3）" in page

    xlsx = c.get(f"/bulk/{job.pk}/results.xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(xlsx.content))
    documents, findings = wb["文档"], wb["问题"]
    assert documents.max_row == 1 + 5
    codes = sorted(row[4] for row in findings.iter_rows(min_row=2, values_only=True))
    assert codes == ["GRD001", "RATE002", "SUM001"]


def test_seed_texts_end_with_their_findings(world: dict[str, Any], immediate: None, client_for: Any) -> None:
    """The issue's acceptance test: a zip of the four seed texts, through the real importer and checker."""
    from jixiao_web.bulk import services

    content = make_zip({f"{seed}.txt": (SEED_TEXTS / f"{seed}.txt").read_bytes() for seed in SEED_IDS})
    job = services.bulk_job_create(user=world["users"]["admin"], filename="seeds.zip", content=content)
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("done", 4, 4)
    items = list(job.items.all())
    assert all(i.status == "ok" for i in items), [(i.filename, i.message) for i in items]
    # every seed holds errors that arithmetic alone exposes (PRODUCT.md): each has findings
    assert all(i.findings for i in items)
    page = client_for("admin").get(f"/bulk/{job.pk}/").content.decode()
    for item in items:
        for f in item.findings:
            assert f["code"] in page


def test_unreadable_document_fails_alone(world: dict[str, Any], immediate: None) -> None:
    from jixiao_web.bulk import services

    content = make_zip(
        {"good.yaml": (SEED_PACKAGES / f"{SEED_IDS[1]}.yaml").read_bytes(), "bad.yaml": b"year: ["}
    )
    job = services.bulk_job_create(user=world["users"]["admin"], filename="mixed.zip", content=content)
    items = {i.filename: i for i in job.items.all()}
    assert job.status == "done"
    assert items["good.yaml"].status == "ok"
    assert items["bad.yaml"].status == "failed" and "YAML" in items["bad.yaml"].message


def test_gbk_names_are_decoded(world: dict[str, Any]) -> None:
    from jixiao_web.bulk import archive

    members = archive.list_members(gbk_zip("桃江县自评.txt", "文本".encode()))
    assert [m.name for m in members] == ["桃江县自评.txt"]


def test_zip_bomb_is_refused(world: dict[str, Any]) -> None:
    from jixiao_web.bulk import services

    # 20 MB of zeros deflates to about 20 KB: a ratio near 1000, far above the limit of 200
    bomb = make_zip({"a.txt": b"0" * (20 * 1024 * 1024)})
    with pytest.raises(ValidationError, match="压缩炸弹"):
        services.bulk_job_create(
            user=world["users"]["admin"], filename="bomb.zip", content=bomb, enqueue=False
        )


def test_limits(world: dict[str, Any], settings: Any) -> None:
    from jixiao_web.bulk import services

    admin = world["users"]["admin"]
    settings.BULK_MAX_MEMBERS = 3
    four = make_zip({f"{i}.txt": b"x" for i in range(4)})
    with pytest.raises(ValidationError, match="上限为 3"):
        services.bulk_job_create(user=admin, filename="four.zip", content=four, enqueue=False)
    settings.BULK_MAX_MEMBERS = 500
    settings.BULK_MAX_ZIP_MB = 0
    with pytest.raises(ValidationError, match="压缩包过大"):
        services.bulk_job_create(
            user=admin, filename="one.zip", content=make_zip({"a.txt": b"x"}), enqueue=False
        )
    settings.BULK_MAX_ZIP_MB = 50
    settings.BULK_MAX_UNCOMPRESSED_MB = 1
    # two members of 0.6 MB each (text that does not compress much): 1.2 MB > 1 MB in total
    import random

    rnd = random.Random(7)
    text = "".join(rnd.choice("预算绩效自评0123456789") for _ in range(400_000)).encode()[: 600 * 1024]
    with pytest.raises(ValidationError, match="总大小"):
        services.bulk_job_create(
            user=admin, filename="big.zip", content=make_zip({"a.txt": text, "b.txt": text}), enqueue=False
        )
    with pytest.raises(ValidationError, match="zip"):
        services.bulk_job_create(user=admin, filename="x.zip", content=b"not a zip", enqueue=False)
    with pytest.raises(ValidationError, match=r"\.zip"):
        services.bulk_job_create(user=admin, filename="x.rar", content=b"x", enqueue=False)
    with pytest.raises(ValidationError, match="没有可识别的文档"):
        services.bulk_job_create(
            user=admin, filename="x.zip", content=make_zip({"a.exe": b"x"}), enqueue=False
        )


def test_upload_errors_show_on_the_page(world: dict[str, Any], client_for: Any) -> None:
    response = client_for("admin").post("/bulk/", {"archive": SimpleUploadedFile("x.zip", b"nope")})
    assert response.status_code == 400
    assert "不是有效的 zip 压缩包" in response.content.decode()


def test_only_bureau_staff(
    world: dict[str, Any], client_for: Any, immediate: None, fake_checker: None
) -> None:
    from jixiao_web.bulk import services

    job = services.bulk_job_create(user=world["users"]["admin"], filename="s.zip", content=seed_yaml_zip())
    for username in ("preparer", "head", "reviewer"):
        c = client_for(username)
        assert c.get("/bulk/").status_code == 403
        assert c.get(f"/bulk/{job.pk}/").status_code == 403
        assert c.get(f"/bulk/{job.pk}/results.xlsx").status_code == 403
    anonymous = client_for(None).get(f"/bulk/{job.pk}/status.json")
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    # another bureau's administrator does not see this bureau's job; the system administrator does
    assert client_for("admin_b").get(f"/bulk/{job.pk}/").status_code == 403
    assert job.filename not in client_for("admin_b").get("/bulk/").content.decode()
    assert client_for("sysadmin").get(f"/bulk/{job.pk}/").status_code == 200


def test_results_show_the_rule_sets_score_and_grade_and_what_was_read(
    world: dict[str, Any], immediate: None, client_for: Any
) -> None:
    """Issue 12: bulk audit shows 复核得分 and the grade, computed once by the rule set as on every other
    page (jixiao.scoring.final_score); issue 16: with the scope of what was read, never a bare 未发现问题."""
    from jixiao.importers.api import import_file
    from jixiao.scoring import final_score
    from jixiao_web.bulk import services

    seed = "001_a74d644552a354b1"  # 桃江县 2024: scored 99.59 of 100 by the national overall rule set, 优
    content = make_zip({f"{seed}.txt": (SEED_TEXTS / f"{seed}.txt").read_bytes()})
    job = services.bulk_job_create(user=world["users"]["admin"], filename="one.zip", content=content)
    (item,) = list(job.items.all())
    expected = final_score(import_file(SEED_TEXTS / f"{seed}.txt")[0])
    assert expected.score is not None and expected.grade == "优"
    assert item.computed_score == expected.score and item.computed_grade == "优"
    assert item.scope.startswith("已识别：") and "整体支出绩效自评表" in item.scope
    page = client_for("admin").get(f"/bulk/{job.pk}/").content.decode()
    assert "复核等级" in page and item.scope in page
