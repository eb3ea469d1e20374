"""Entry points: a file or uploaded bytes -> evaluation packages, with every safety check first.

Before any parser sees a file: its size is checked against the limit; an empty file, an encrypted
Office file (an OLE compound container where a .docx/.xlsx zip should be), a corrupt or truncated
zip, and a zip bomb (unpacked size or ratio beyond the limits) are refused with a Chinese
:class:`DocumentError`. Parsing runs under a cooperative time limit. Any other failure inside a
reader becomes a :class:`DocumentError` too — never a traceback.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

from jixiao.model import EvaluationPackage

from .blocks import Document
from .errors import Deadline, DocumentError, ImportLimits
from .structure import structure

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
SUFFIXES = {".txt", ".text", ".docx", ".xlsx", ".xlsm", ".pdf", ".html", ".htm"}


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
    """Import a document given as bytes (an upload); ``filename`` gives the format by its suffix."""
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
        raise DocumentError(
            where, f"不支持的文件类型“{suffix or '无扩展名'}”（支持 .txt .docx .xlsx .pdf .html）"
        )
    deadline = Deadline(limits.time_limit_seconds, where)
    doc_id = Path(filename).stem
    try:
        doc = _read(data, suffix, doc_id, where, limits, deadline)
        doc.filename = where
        doc.sha256 = hashlib.sha256(data).hexdigest()
        return structure(doc, deadline)
    except DocumentError:
        raise
    except RecursionError as exc:
        raise DocumentError(where, "文档结构嵌套过深，无法读取") from exc
    except MemoryError as exc:
        raise DocumentError(where, "文档过大，读取时内存不足") from exc
    except Exception as exc:  # a reader's own failure on a damaged file
        raise DocumentError(where, f"文件已损坏或格式不正确，无法读取（{type(exc).__name__}）") from exc


def _read(
    data: bytes, suffix: str, doc_id: str, where: str, limits: ImportLimits, deadline: Deadline
) -> Document:
    if suffix in (".txt", ".text"):
        from .text_reader import decode_text, read_text

        if data.startswith(OLE_MAGIC) or data.startswith(ZIP_MAGIC) or data.startswith(b"%PDF"):
            raise DocumentError(where, "文件扩展名是 .txt，但内容不是文本（可能是 Word、Excel 或 PDF 文件）")
        return read_text(decode_text(data, where), doc_id, deadline=deadline)
    if suffix in (".html", ".htm"):
        from .html_reader import read_html
        from .text_reader import decode_text

        return read_html(decode_text(data, where), doc_id, deadline=deadline)
    if suffix in (".docx", ".xlsx", ".xlsm"):
        check_office_container(data, where, limits)
        if suffix == ".docx":
            from .docx_reader import read_docx

            return read_docx(data, doc_id, deadline=deadline)
        from .xlsx_reader import read_xlsx

        return read_xlsx(data, doc_id, deadline=deadline)
    from .pdf_reader import read_pdf

    if b"%PDF" not in data[:1024]:
        raise DocumentError(where, "文件不是有效的 PDF（缺少 PDF 文件头）")
    return read_pdf(data, doc_id, deadline=deadline, max_pages=limits.max_pages)


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
