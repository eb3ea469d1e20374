"""Bad input: each case gives a clear Chinese DocumentError (or a partial package), never a traceback."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from jixiao.importers import DocumentError, ImportLimits, import_bytes, import_file
from jixiao.importers.api import OLE_MAGIC

from .conftest import SAMPLE_DIR, SEED_TEXT_DIR


def _error(call: object) -> DocumentError:
    assert callable(call)
    with pytest.raises(DocumentError) as info:
        call()
    err = info.value
    assert err.where and err.what
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err.what)  # the message is Chinese
    return err


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    err = _error(lambda: import_file(path))
    assert "空" in err.what
    assert err.where == "empty.txt"


def test_whitespace_only_docx_upload() -> None:
    err = _error(lambda: import_bytes(b"   \n", "x.docx"))
    assert "空" in err.what


def test_over_the_size_limit_sparse_200mb(tmp_path: Path) -> None:
    path = tmp_path / "big.pdf"
    with path.open("wb") as f:
        f.truncate(200 * 1024 * 1024)  # sparse: no 200 MB are written to disk
    err = _error(lambda: import_file(path))
    assert "超过导入上限" in err.what and "50 MB" in err.what


def test_size_limit_is_configurable() -> None:
    data = (SEED_TEXT_DIR / "003_7518ab3a3420526e.txt").read_bytes()
    err = _error(lambda: import_bytes(data, "x.txt", limits=ImportLimits(max_bytes=1000)))
    assert "超过导入上限" in err.what


def test_corrupt_docx() -> None:
    err = _error(lambda: import_bytes(b"this is not a word file at all", "report.docx"))
    assert "不是有效的 Office 文档" in err.what


def test_truncated_docx_and_xlsx() -> None:
    for suffix in ("docx", "xlsx"):
        path = SAMPLE_DIR / f"003_7518ab3a3420526e.{suffix}"
        data = path.read_bytes()
        err = _error(lambda data=data, suffix=suffix: import_bytes(data[: len(data) // 2], f"cut.{suffix}"))
        assert "损坏" in err.what or "不完整" in err.what


def test_truncated_pdf() -> None:
    path = SAMPLE_DIR / "003_7518ab3a3420526e.pdf"
    data = path.read_bytes()
    try:
        packages = import_bytes(data[: len(data) // 3], "cut.pdf")
    except DocumentError as err:
        assert err.what
    else:  # PDFium may recover the first pages: a partial package is acceptable
        assert packages and packages[0].year == 2021


def test_password_protected_office_file() -> None:
    # An encrypted .docx/.xlsx is an OLE compound file holding an "EncryptedPackage" stream.
    data = OLE_MAGIC + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 512
    for suffix in ("docx", "xlsx"):
        err = _error(lambda suffix=suffix: import_bytes(data, f"secret.{suffix}"))
        assert "密码" in err.what


def test_old_binary_office_file() -> None:
    err = _error(lambda: import_bytes(OLE_MAGIC + b"\x00" * 2048, "old.docx"))
    assert ".doc/.xls" in err.what


def _bomb(size: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"\x00" * size)
    return buf.getvalue()


def test_zip_bomb_by_ratio() -> None:
    # 20 MB of zeros deflate to about 20 KB: a ratio near 1000 > the limit of 100
    data = _bomb(20 * 1024 * 1024)
    assert len(data) < 200 * 1024
    err = _error(lambda: import_bytes(data, "bomb.docx"))
    assert "压缩炸弹" in err.what


def test_zip_bomb_by_unpacked_size() -> None:
    data = _bomb(3 * 1024 * 1024)
    limits = ImportLimits(max_uncompressed_bytes=1024 * 1024, max_compression_ratio=10**9)
    err = _error(lambda: import_bytes(data, "bomb.xlsx", limits=limits))
    assert "解压后超过" in err.what


def test_gbk_text_is_decoded() -> None:
    text = (SEED_TEXT_DIR / "003_7518ab3a3420526e.txt").read_text(encoding="utf-8")
    data = text.encode("gbk", errors="replace")
    package = import_bytes(data, "gbk.txt")[0]
    assert package.year == 2021
    assert package.unit.name == "岳阳市岳阳楼区社会保险服务中心"


def test_binary_content_in_a_txt() -> None:
    err = _error(lambda: import_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10, "picture.txt"))
    assert "不是文本" in err.what


def test_scanned_pdf_without_text_layer(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.rect(50, 50, 400, 600, fill=1)  # a page that is only a picture
    c.showPage()
    c.save()
    err = _error(lambda: import_file(path))
    assert "扫描件" in err.what


def test_not_a_pdf() -> None:
    err = _error(lambda: import_bytes(b"hello world, not a pdf", "fake.pdf"))
    assert "PDF" in err.what


def test_damaged_pdf_body() -> None:
    err = _error(lambda: import_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage", "broken.pdf"))
    assert err.what


def test_time_limit() -> None:
    data = (SEED_TEXT_DIR / "004_da89c46e97eef31b.txt").read_bytes()
    err = _error(lambda: import_bytes(data, "slow.txt", limits=ImportLimits(time_limit_seconds=0)))
    assert "时间限制" in err.what


def test_unsupported_suffix() -> None:
    err = _error(lambda: import_bytes(b"data", "report.abc"))
    assert "不支持" in err.what


def test_text_without_year() -> None:
    err = _error(lambda: import_bytes("一些文字\n没有年份\n".encode(), "x.txt"))
    assert "年度" in err.what


def test_missing_file(tmp_path: Path) -> None:
    err = _error(lambda: import_file(tmp_path / "nope.txt"))
    assert "无法读取" in err.what
