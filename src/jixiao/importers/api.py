"""Entry points: a file or uploaded bytes -> evaluation packages, with every safety check first.

Before any parser sees a file: its size is checked against the limit; an empty file, an encrypted
Office file (an OLE compound container where a .docx/.xlsx zip should be), a corrupt or truncated
zip, and a zip bomb (unpacked size or ratio beyond the limits) are refused with a Chinese
:class:`DocumentError`. Parsing runs under a cooperative time limit. Any other failure inside a
reader becomes a :class:`DocumentError` too — never a traceback.

Formats (the suffix says what the user thinks the file is; the content decides how it is read):

========================  =====================================================================
.txt .html .docx .xlsx    their own readers
.pdf                      with a text layer: the PDF reader; a scan: OCR (:mod:`.ocr`)
.xls .et                  xlrd (:mod:`.xls_reader`); an .et xlrd cannot read: LibreOffice → .xlsx
.doc .wps                 LibreOffice → .docx (:mod:`.office_convert`), then the .docx reader
.ofd                      the OFD reader (:mod:`.ofd_reader`)
.png .jpg .jpeg           OCR
========================  =====================================================================

Content is sniffed: an .xls that is really an HTML page (a web table saved as Excel) is read as
HTML, a .doc that is really a .docx as .docx, a .docx that is really a Word 97 file is converted,
and so on. Which reader and which conversion were used is recorded on the package's
:class:`~jixiao.model.SourceDocument` (``reader``, ``conversion``).
"""

from __future__ import annotations

import hashlib
import io
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from jixiao.model import EvaluationPackage
from jixiao.model.bounds import relaxed_bounds

from .blocks import Document
from .errors import Deadline, DocumentError, ImportLimits
from .script import GLOSS_NOTE, simplify, unglossed
from .script import NOTE as SCRIPT_NOTE
from .structure import structure

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
SUFFIXES = {
    ".txt",
    ".text",
    ".docx",
    ".xlsx",
    ".xlsm",
    ".pdf",
    ".html",
    ".htm",
    ".xls",
    ".et",
    ".doc",
    ".wps",
    ".ofd",
    ".png",
    ".jpg",
    ".jpeg",
}
SUFFIX_LIST = ".txt .docx .xlsx .pdf .html .xls .et .doc .wps .ofd .png .jpg"

_NAMES = {
    "text": "文本",
    "html": "HTML 网页",
    "docx": "Word（.docx）",
    "xlsx": "Excel（.xlsx）",
    "word97": "Word 97–2003（.doc）",
    "excel97": "Excel 97–2003（.xls）",
    "ole": "旧版 Office 复合文档",
    "encrypted": "加密的 Office 文档",
    "pdf": "PDF",
    "ofd": "OFD",
    "rtf": "RTF",
    "png": "PNG 图片",
    "jpeg": "JPEG 图片",
    "zip": "zip 压缩包",
    "image": "图片",
    "mht": "MHT 网页存档",
    "unknown": "无法识别的格式",
}
_EXPECTED = {
    ".txt": {"text"},
    ".text": {"text"},
    ".html": {"html"},
    ".htm": {"html"},
    ".docx": {"docx"},
    ".xlsx": {"xlsx"},
    ".xlsm": {"xlsx"},
    ".pdf": {"pdf"},
    ".xls": {"excel97"},
    ".et": {"excel97", "ole"},
    ".doc": {"word97"},
    ".wps": {"word97", "ole"},
    ".ofd": {"ofd"},
    ".png": {"png"},
    ".jpg": {"jpeg"},
    ".jpeg": {"jpeg"},
}


@dataclass
class Reading:
    """A read document with the reader that read it and the conversion before it (if any)."""

    document: Document
    reader: str
    conversion: str | None = None


def import_file(path: str | Path, *, limits: ImportLimits | None = None) -> list[EvaluationPackage]:
    """Import one document from disk (see :func:`import_bytes`)."""
    limits = limits or ImportLimits()
    p = Path(path)
    where = p.name
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise DocumentError(where, f"无法读取文件（{exc.strerror or exc}）") from exc
    if size > limits.max_bytes:
        raise DocumentError(
            where, f"文件大小 {size / 1048576:.1f} MB 超过导入上限 {limits.max_bytes / 1048576:.0f} MB"
        )
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise DocumentError(where, f"无法读取文件（{exc.strerror or exc}）") from exc
    return import_bytes(data, p.name, limits=limits)


def import_bytes(
    data: bytes, filename: str, *, limits: ImportLimits | None = None
) -> list[EvaluationPackage]:
    """Import a document given as bytes (an upload); ``filename``'s suffix names the format."""
    limits = limits or ImportLimits()
    where = Path(filename).name or "上传的文件"
    if len(data) > limits.max_bytes:
        raise DocumentError(
            where, f"文件大小 {len(data) / 1048576:.1f} MB 超过导入上限 {limits.max_bytes / 1048576:.0f} MB"
        )
    if not data or not data.strip():
        raise DocumentError(where, "文件是空的，没有可导入的内容")
    suffix = Path(filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise DocumentError(where, f"不支持的文件类型“{suffix or '无扩展名'}”（支持 {SUFFIX_LIST}）")
    deadline = Deadline(limits.time_limit_seconds, where)
    doc_id = Path(filename).stem
    try:
        reading = read_document(data, suffix, doc_id, where, limits, deadline)
        doc = reading.document
        doc.filename = where
        for converted, note in ((simplify(doc), SCRIPT_NOTE), (unglossed(doc), GLOSS_NOTE)):
            if converted:
                reading.conversion = "；".join(filter(None, (reading.conversion, note)))
        doc.sha256 = hashlib.sha256(data).hexdigest()
        with relaxed_bounds():  # an absurd printed figure goes to the import report, not a crash
            packages = structure(doc, deadline)  # @importing: its packages leave quarantined
        for package in packages:
            for source in package.documents:
                if source.id == doc.id:
                    source.reader = reading.reader
                    source.conversion = reading.conversion
        return packages
    except DocumentError:
        raise
    except RecursionError as exc:
        raise DocumentError(where, "文档结构嵌套过深，无法读取") from exc
    except MemoryError as exc:
        raise DocumentError(where, "文档过大，读取时内存不足") from exc
    except Exception as exc:  # a reader's own failure on a damaged file
        raise DocumentError(where, f"文件已损坏或格式不正确，无法读取（{type(exc).__name__}）") from exc


# --- sniffing ------------------------------------------------------------------------------------


def sniff(data: bytes) -> str:
    """What the bytes are, whatever the name says: one of the keys of ``_NAMES``."""
    head = data[:2048]
    if data.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = {n.lstrip("/").lower() for n in zf.namelist()}
        except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError):
            return "zip"
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "ofd.xml" in names:
            return "ofd"
        return "zip"
    if data.startswith(OLE_MAGIC):
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in data:
            return "encrypted"
        if b"W\x00o\x00r\x00d\x00D\x00o\x00c\x00u\x00m\x00e\x00n\x00t" in data:
            return "word97"
        if b"W\x00o\x00r\x00k\x00b\x00o\x00o\x00k" in data or b"B\x00o\x00o\x00k\x00" in data:
            return "excel97"
        return "ole"
    if b"%PDF" in data[:1024]:
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    lowered = head.lower()
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if lowered.startswith(bom):
            lowered = lowered[len(bom) :].replace(b"\x00", b"")
    lowered = lowered.lstrip()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or (
        b"<table" in lowered or b"<html" in lowered or b"urn:schemas-microsoft-com:office" in lowered
    ):
        return "html"
    if lowered.startswith(b"mime-version:"):
        return "mht"
    if b"\x00" in data[:4096].replace(b"\x00\x00", b"") and data[:2] not in (b"\xff\xfe", b"\xfe\xff"):
        return "unknown"
    return "text"


def _mismatch(suffix: str, actual: str) -> str | None:
    if actual in _EXPECTED.get(suffix, set()):
        return None
    return f"文件扩展名是 {suffix}，但内容是{_NAMES.get(actual, actual)}"


def read_document(
    data: bytes, suffix: str, doc_id: str, where: str, limits: ImportLimits, deadline: Deadline
) -> Reading:
    """The document read by the reader its content calls for (see the module docstring)."""
    actual = sniff(data)
    mismatch = _mismatch(suffix, actual)
    if actual in ("text", "unknown") and suffix in (".txt", ".text"):
        actual = "text"  # text in an unusual encoding: the text reader decides
    elif actual == "text" and suffix in (".html", ".htm"):
        actual = "html"  # an HTML fragment without tags near the top
    reading = _read_as(actual, data, suffix, doc_id, where, limits, deadline, mismatch)
    if mismatch is not None and actual not in ("unknown", "zip", "ole", "encrypted"):
        note = f"{mismatch}，已按{_NAMES.get(actual, actual)}读取"
        reading.conversion = note if reading.conversion is None else f"{note}；{reading.conversion}"
    reading.document.kind = suffix.lstrip(".") if mismatch is None else reading.document.kind
    return reading


def _read_as(
    actual: str,
    data: bytes,
    suffix: str,
    doc_id: str,
    where: str,
    limits: ImportLimits,
    deadline: Deadline,
    mismatch: str | None,
) -> Reading:
    if suffix in (".txt", ".text"):
        from .text_reader import decode_text, read_text

        if actual != "text":
            raise DocumentError(
                where, "文件扩展名是 .txt，但内容不是文本（可能是 Word、Excel、PDF 或图片文件）"
            )
        return Reading(read_text(decode_text(data, where), doc_id, deadline=deadline), "文本")
    if suffix in (".docx", ".xlsx", ".xlsm") and actual in ("text", "unknown", "zip", "ole"):
        if actual == "ole":
            raise DocumentError(
                where,
                "文件是旧版 Office 格式（.doc/.xls）但无法识别其内容，可能已损坏；请另存为 .docx/.xlsx 后再导入",
            )
        check_office_container(data, where, limits)  # says what is wrong with the container
    if actual == "text":
        if suffix == ".pdf":
            raise DocumentError(where, "文件不是有效的 PDF（缺少 PDF 文件头）")
        raise DocumentError(where, f"{mismatch}（纯文本），请确认文件是否正确")
    if actual == "html":
        from .html_reader import read_html
        from .text_reader import decode_text

        return Reading(read_html(decode_text(data, where), doc_id, deadline=deadline), "HTML")
    if actual in ("docx", "xlsx"):
        check_office_container(data, where, limits)
        if actual == "docx":
            from .docx_reader import read_docx

            return Reading(read_docx(data, doc_id, deadline=deadline), "Word（python-docx）")
        from .xlsx_reader import read_xlsx

        return Reading(read_xlsx(data, doc_id, deadline=deadline, limits=limits), "Excel（openpyxl）")
    word = suffix in (".doc", ".wps")  # a damaged Word file may hold "Book" and sniff as Excel
    if (actual == "excel97" and not word) or (actual == "ole" and suffix in (".et", ".xls")):
        from .xls_reader import NotBiff, read_xls

        kind = suffix.lstrip(".") if suffix in (".xls", ".et") else "xls"
        try:
            doc = read_xls(data, doc_id, deadline=deadline, limits=limits, where=where, kind=kind)
            return Reading(doc, "Excel 97–2003（xlrd）")
        except NotBiff:
            if suffix != ".et":
                raise DocumentError(where, "Excel 97–2003 文件已损坏或格式不正确，无法读取") from None
        return _convert(data, suffix, ".xlsx", doc_id, where, limits, deadline)
    if actual in ("word97", "rtf", "mht") or (actual in ("ole", "excel97") and word):
        source = suffix if suffix in (".doc", ".wps") else ".doc" if actual == "word97" else f".{actual}"
        return _convert(data, source, ".docx", doc_id, where, limits, deadline)
    if actual == "encrypted":
        raise DocumentError(where, "文件设有密码保护（已加密），请先去除密码后再导入")
    if actual == "ole":
        raise DocumentError(where, f"{mismatch or '文件是无法识别的旧版 Office 文档'}，无法读取")
    if actual == "ofd" or (actual == "zip" and suffix == ".ofd"):  # a damaged OFD: its reader says what
        from .ofd_reader import read_ofd

        return Reading(
            read_ofd(data, doc_id, where=where, limits=limits, deadline=deadline), "OFD（GB/T 33190）"
        )
    if actual == "pdf":
        from .pdf_reader import NoTextLayer, read_pdf

        try:  # one opening of the file: the reader says when its first pages hold no text (a scan)
            document = read_pdf(
                data, doc_id, deadline=deadline, max_pages=limits.max_pages, scan_pages=10, open_where=where
            )
        except NoTextLayer:
            return _ocr(data, "pdf", doc_id, where, limits, deadline)
        return Reading(document, "PDF")
    if actual in ("png", "jpeg"):
        return _ocr(data, "png" if actual == "png" else "jpg", doc_id, where, limits, deadline)
    if actual == "zip":
        if suffix in (".docx", ".xlsx", ".xlsm"):
            check_office_container(data, where, limits)
        raise DocumentError(
            where, f"{mismatch or '文件是 zip 压缩包'}，不是可导入的文档（批量导入请使用批量审核）"
        )
    what = mismatch or f"文件内容与扩展名 {suffix} 不符"
    raise DocumentError(where, f"{what}，无法读取；文件可能已损坏")


def _convert(
    data: bytes, source: str, target: str, doc_id: str, where: str, limits: ImportLimits, deadline: Deadline
) -> Reading:
    from .office_convert import CONVERSION_NOTE, convert

    converted = convert(data, source, target, where, seconds=deadline.end - time.monotonic())
    deadline.check()
    check_office_container(converted, where, limits)
    if target == ".docx":
        from .docx_reader import read_docx

        doc = read_docx(converted, doc_id, deadline=deadline)
        reader = "Word（python-docx）"
    else:
        from .xlsx_reader import read_xlsx

        doc = read_xlsx(converted, doc_id, deadline=deadline, limits=limits)
        reader = "Excel（openpyxl）"
    doc.kind = source.lstrip(".")
    return Reading(doc, reader, CONVERSION_NOTE.format(source=source, target=target))


def _ocr(
    data: bytes, kind: str, doc_id: str, where: str, limits: ImportLimits, deadline: Deadline
) -> Reading:
    from .ocr import read_scan

    doc = read_scan(data, doc_id, kind=kind, where=where, deadline=deadline, max_pages=limits.max_pages)
    what = "扫描件 PDF" if kind == "pdf" else "图片"
    return Reading(doc, "OCR（Tesseract）", f"{what}经 Tesseract 文字识别（OCR）后读取，识别的数字可能有误")


def check_office_container(data: bytes, where: str, limits: ImportLimits) -> None:
    """Refuse encrypted, damaged and zip-bomb .docx/.xlsx before any library opens them."""
    if data.startswith(OLE_MAGIC):
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in data:
            raise DocumentError(where, "文件设有密码保护（已加密），请先去除密码后再导入")
        raise DocumentError(
            where, "文件是旧版 Office 格式（.doc/.xls）或已加密，请另存为 .docx/.xlsx 后再导入"
        )
    if not data.startswith(ZIP_MAGIC):
        raise DocumentError(where, "文件不是有效的 Office 文档（不是 zip 容器），可能已损坏")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            total = 0
            for info in infos:
                total += info.file_size
                if info.file_size > limits.max_uncompressed_bytes or total > limits.max_uncompressed_bytes:
                    raise DocumentError(
                        where,
                        f"文件解压后超过 {limits.max_uncompressed_bytes / 1048576:.0f} MB，疑似压缩炸弹，已拒绝导入",
                    )
                if (
                    info.compress_size > 0
                    and info.file_size / info.compress_size > limits.max_compression_ratio
                    and info.file_size > 1048576
                ):
                    raise DocumentError(
                        where,
                        f"文件中“{info.filename}”的压缩比达 {info.file_size // max(info.compress_size, 1)} 倍，疑似压缩炸弹，已拒绝导入",
                    )
            names = {i.filename for i in infos}
            if "[Content_Types].xml" not in names:
                raise DocumentError(
                    where, "文件不是有效的 Office 文档（缺少 [Content_Types].xml），可能已损坏"
                )
            bad = zf.testzip()
            if bad is not None:
                raise DocumentError(where, f"文件已损坏（“{bad}”校验失败）")
    except zipfile.BadZipFile as exc:
        raise DocumentError(where, "文件已损坏或不完整（zip 结构无法读取），请重新获取原文件") from exc
    except (EOFError, zipfile.LargeZipFile, NotImplementedError) as exc:
        raise DocumentError(where, "文件已损坏或不完整，无法读取") from exc
