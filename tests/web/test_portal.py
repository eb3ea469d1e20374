"""The public portal: an anonymous visitor reads, downloads and audits what was published — and
reaches nothing that was not."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def _publish(evaluation: Any) -> None:
    from django.utils import timezone

    from jixiao_web.evaluations.models import State

    evaluation.state = State.PUBLISHED
    evaluation.published_at = timezone.now()
    evaluation.save()


def test_anonymous_reads_a_published_seed_report_with_its_findings(
    world: dict[str, Any], client: Any
) -> None:
    e1 = world["e1"]  # seed 001, 桃江县社会保险服务中心 2024
    _publish(e1)
    listing = client.get("/portal/?q=桃江").content.decode()
    assert f"/portal/{e1.pk}/" in listing
    page = client.get(f"/portal/{e1.pk}/").content.decode()
    assert "桃江县社会保险服务中心 2024年度绩效自评" in page
    # the public audit shows the real errors of seed 001, e.g. the 填报日期 2024-04-30 (DAT001)
    assert "DAT001" in page and "2024-04-30" in page
    report = client.get(f"/portal/{e1.pk}/report/")
    assert report.status_code == 200
    html = report.content.decode()
    assert 'lang="zh-CN"' in html
    # the generated figure sentence: 444.24 / 444.37 = 99.97 %
    assert "444.24" in html and "99.97%" in html


def test_anonymous_downloads_pdf_docx_xlsx(world: dict[str, Any], client: Any) -> None:
    e1 = world["e1"]
    _publish(e1)
    pdf = client.get(f"/portal/{e1.pk}/download/report/pdf/")
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    docx = client.get(f"/portal/{e1.pk}/download/report/docx/")
    assert docx.status_code == 200
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(docx.content)).namelist()
    xlsx = client.get(f"/portal/{e1.pk}/download/forms/xlsx/")
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.content))
    cells = {
        str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None
    }
    assert "实际发放人数" in cells  # an indicator row of seed 001's overall form


@pytest.mark.parametrize(
    "suffix", ["", "report/", "download/report/pdf/", "download/report/docx/", "download/forms/xlsx/"]
)
def test_nothing_unpublished_is_reachable(world: dict[str, Any], client: Any, suffix: str) -> None:
    e1 = world["e1"]  # a draft
    response = client.get(f"/portal/{e1.pk}/{suffix}")
    assert response.status_code == 404
    assert "桃江县社会保险服务中心" not in response.content.decode(errors="ignore")
    assert f"/portal/{e1.pk}/" not in client.get("/portal/").content.decode()


def test_unknown_download_kind_is_404(world: dict[str, Any], client: Any) -> None:
    e1 = world["e1"]
    _publish(e1)
    assert client.get(f"/portal/{e1.pk}/download/report/exe/").status_code == 404
