"""Bad and hostile files in each format of issue 15 get a clear Chinese error, within the limits.

One test per format and kind of harm: .xls, .et, .doc, .wps, .ofd, .png/.jpg and scanned PDF, each
corrupt, truncated, encrypted, and — where the format can hold one — a zip bomb (OFD) or a
decompression bomb (images, huge PDF pages). Other tests of the same families live beside the
readers' own tests (test_formats_legacy.py, test_formats_ofd.py, test_formats_ocr.py); this file
fills in the rest of the table, so that every cell of it has a test.
"""

from __future__ import annotations

import io
import os
import shutil
import struct
import time
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from jixiao.importers import DocumentError, ImportLimits, import_bytes

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "corpus" / "formats" / "001_a74d644552a354b1"

needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None and not os.environ.get("CI"),
    reason="LibreOffice not installed (scripts/setup.sh installs it)",
)
needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None and not os.environ.get("CI"),
    reason="Tesseract not installed (scripts/setup.sh installs it)",
)


def _error(data: bytes, name: str, limits: ImportLimits | None = None) -> str:
    with pytest.raises(DocumentError) as info:
        import_bytes(data, name, limits=limits)
    what = info.value.what
    assert any("\u4e00" <= ch <= "\u9fff" for ch in what), what  # said in Chinese
    return what


# --- .xls and .et ---------------------------------------------------------------------------------


def _encrypted_xls() -> bytes:
    """The seed's .xls with a FILEPASS record (BIFF8 encryption) where its INTERFACEHDR was."""
    data = (SEED / "document.xls").read_bytes()
    at = data.find(bytes.fromhex("e1000200b004"))  # INTERFACEHDR, right after the globals' BOF
    assert at > 0
    return data[:at] + bytes.fromhex("2f0002000000") + data[at + 6 :]


@pytest.mark.parametrize("name", ["secret.xls", "secret.et"])
def test_encrypted_biff_workbook(name: str) -> None:
    assert "密码" in _error(_encrypted_xls(), name)


def test_scrambled_xls() -> None:
    data = bytearray((SEED / "document.xls").read_bytes())
    data[4096:8192] = bytes(range(256)) * 16
    assert "损坏" in _error(bytes(data), "scrambled.xls")


@needs_libreoffice
def test_truncated_et() -> None:
    data = (SEED / "document.et").read_bytes()
    what = _error(data[: len(data) // 3], "cut.et")
    assert "损坏" in what or "无法读取" in what


# --- .doc and .wps --------------------------------------------------------------------------------


def _encrypted_doc() -> bytes:
    """The seed's .doc with the FIB's fEncrypted flag set (Word 97 encryption)."""
    data = bytearray((SEED / "document.doc").read_bytes())
    at = next(i for i in range(0, len(data), 512) if data[i : i + 2] == b"\xec\xa5")  # the FIB's wIdent
    data[at + 0x0B] |= 0x01
    return bytes(data)


@needs_libreoffice
@pytest.mark.parametrize("name", ["secret.doc", "secret.wps"])
def test_encrypted_word97(name: str) -> None:
    assert "密码" in _error(_encrypted_doc(), name)


@needs_libreoffice
@pytest.mark.parametrize("name", ["cut.doc", "cut.wps"])
def test_truncated_word97(name: str) -> None:
    data = (SEED / "document.doc").read_bytes()
    what = _error(data[: len(data) // 3], name)
    assert "损坏" in what or "无法读取" in what
    assert "Excel" not in what  # what is left of a Word file may hold "Book" and sniff as a workbook


# --- OFD ------------------------------------------------------------------------------------------


def test_encrypted_ofd_entries() -> None:
    data = bytearray((SEED / "document.ofd").read_bytes())
    for signature, flags in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # local and central headers
        at = data.find(signature)
        while at >= 0:
            data[at + flags] |= 0x01  # general purpose bit 0: encrypted
            at = data.find(signature, at + 4)
    assert "密码" in _error(bytes(data), "secret.ofd")


def test_ofd_bomb_by_ratio() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("OFD.xml", "<ofd:OFD xmlns:ofd='http://www.ofdspec.org/2016'/>")
        zf.writestr("Doc_0/Res/zeros.bin", b"\x00" * (8 * 1024 * 1024))
    assert len(buf.getvalue()) < 64 * 1024
    assert "压缩" in _error(buf.getvalue(), "bomb.ofd")


# --- images ---------------------------------------------------------------------------------------


def test_jpeg_declaring_huge_dimensions_is_refused_before_decoding() -> None:
    buf = io.BytesIO()
    Image.new("L", (64, 64), 255).save(buf, format="JPEG")
    data = bytearray(buf.getvalue())
    sof = data.find(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", 60000, 60000)  # height, width in the frame header
    started = time.monotonic()
    what = _error(bytes(data), "huge.jpg")
    assert "图片炸弹" in what or "像素" in what
    assert time.monotonic() - started < 10


@pytest.mark.parametrize(
    ("name", "magic"), [("garbage.jpg", b"\xff\xd8\xff\xe0"), ("garbage.png", b"\x89PNG\r\n\x1a\n")]
)
def test_corrupt_image(name: str, magic: bytes) -> None:
    assert "损坏" in _error(magic + bytes(range(256)) * 20, name)


def test_truncated_png() -> None:
    data = (SEED / "page1-300.png").read_bytes()
    assert "损坏" in _error(data[: len(data) // 2], "cut.png")


# --- scanned PDF ----------------------------------------------------------------------------------


def _image_pdf(
    size: tuple[float, float] = (595, 842), *, encrypt: str | None = None, ink: bool = False
) -> bytes:
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("L", (600, 300), 255)
    if ink:
        image.paste(0, (100, 100, 500, 110))
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=size, encrypt=encrypt)
    pdf.drawImage(ImageReader(image), 50, 50, size[0] - 100, (size[0] - 100) / 2)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def test_encrypted_scan() -> None:
    assert "密码" in _error(_image_pdf(encrypt="secret"), "secret.pdf")


def test_truncated_scan() -> None:
    data = (SEED / "scan-300.pdf").read_bytes()
    assert "损坏" in _error(data[: len(data) // 2], "cut.pdf")


def test_corrupt_scan() -> None:
    data = bytearray(_image_pdf())
    data[20:-20] = bytes(len(data) - 40)
    assert "损坏" in _error(bytes(data), "zeros.pdf")


@needs_tesseract
def test_huge_scanned_page_is_read_at_a_bounded_size() -> None:
    """A page 5 m square is rendered at most MAX_PAGE_PIXELS, not at 300 dpi (3.5 billion pixels)."""
    started = time.monotonic()
    what = _error(_image_pdf((14400, 14400), ink=True), "huge-page.pdf")
    assert "没有识别出文字" in what
    assert time.monotonic() - started < 60
