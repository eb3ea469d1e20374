"""Renderers: the package as the standard forms, the self-evaluation report and the 决算 disclosure.

``render_package(package, what=..., fmt=..., out_dir=...)`` writes .xlsx / .docx / .pdf / .html files
and returns their paths. Every output is first built as one intermediate document
(:mod:`jixiao.renderers.layout`) and then written by one backend per format, so a figure printed in
a sentence and in the table beside it come from the same number.

======================  ======================================================================
what                    formats
======================  ======================================================================
``forms``               xlsx (also ``blank=True`` templates with formulas and validation), pdf,
                        docx, html
``report``              docx, pdf, html (two section layouts: ``prefecture`` / ``county``)
``final-accounts``      xlsx, pdf, docx, html (公开01–09表 and the 情况说明)
``all``                 each of the above that exists in the format and in the package
======================  ======================================================================
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from jixiao.model import EvaluationPackage

from .errors import RenderError
from .figures import report_sentences
from .final_accounts import final_accounts_doc, final_accounts_grids, final_accounts_sentences
from .forms import form_grids
from .layout import Doc, Grid, PageBreak
from .report import Layout, build_report, choose_layout

WHATS = ("forms", "report", "final-accounts", "all")
FORMATS = ("xlsx", "docx", "pdf", "html")

__all__ = [
    "FORMATS",
    "WHATS",
    "RenderError",
    "build_report",
    "choose_layout",
    "final_accounts_sentences",
    "render_bytes",
    "render_package",
    "render_report_html",
    "report_sentences",
]


def _forms_doc(package: EvaluationPackage, grids: list[Grid]) -> Doc:
    doc = Doc(title=f"{package.unit.name}{package.year}年度绩效自评表")
    for k, grid in enumerate(grids):
        if k:
            doc.blocks.append(PageBreak())
        doc.blocks.append(grid)
    return doc


def _write_doc(doc: Doc, fmt: str) -> bytes:
    if fmt == "pdf":
        from .pdf import pdf_bytes

        return pdf_bytes(doc)
    if fmt == "docx":
        from .docx import docx_bytes

        return docx_bytes(doc)
    if fmt == "html":
        from .html import html_page

        return html_page(doc).encode("utf-8")
    raise RenderError(f"不支持的输出格式：{fmt}")


def _xlsx(grids: list[Grid], blank: bool) -> bytes:
    from .xlsx import workbook_bytes

    return workbook_bytes(grids, blank=blank)


def render_bytes(
    package: EvaluationPackage,
    *,
    what: str,
    fmt: str,
    blank: bool = False,
    layout: Layout | None = None,
) -> list[tuple[str, bytes]]:
    """The files of :func:`render_package` as (file name, content), nothing written."""
    if what not in WHATS:
        raise RenderError(f"不认识的输出内容：{what}（可选：forms、report、final-accounts、all）")
    if fmt not in FORMATS:
        raise RenderError(f"不支持的输出格式：{fmt}（可选：xlsx、docx、pdf、html）")
    if blank and what in ("report", "final-accounts"):
        raise RenderError("空白填报模板只适用于表格（--what forms）")
    stem = _safe(f"{package.unit.name}-{package.year}")
    jobs: list[tuple[str, Callable[[], bytes]]] = []
    if what in ("forms", "all"):
        grids = form_grids(package, blank=blank)
        if not grids:
            if what == "forms":
                raise RenderError("评价包中没有可生成的表格（基础数据表、自评表、评分表均为空）")
        else:
            name = f"{stem}-{'空白填报模板' if blank else '绩效自评表'}.{fmt}"
            if fmt == "xlsx":
                jobs.append((name, lambda: _xlsx(grids, blank)))
            else:
                jobs.append((name, lambda: _write_doc(_forms_doc(package, grids), fmt)))
    if what in ("report", "all") and not blank:
        if fmt == "xlsx":
            if what == "report":
                raise RenderError("自评报告不提供 .xlsx 格式，请选择 docx、pdf 或 html")
        else:
            jobs.append(
                (f"{stem}-绩效评价报告.{fmt}", lambda: _write_doc(build_report(package, layout), fmt))
            )
    if what in ("final-accounts", "all") and not blank:
        fa = package.final_accounts
        if fa is None or not fa.tables:
            if what == "final-accounts":
                raise RenderError("评价包中没有部门决算公开表（公开01–09表），无法生成决算公开文件")
        elif fmt == "xlsx":
            jobs.append((f"{stem}-部门决算公开表.xlsx", lambda: _xlsx(final_accounts_grids(package), False)))
        else:
            jobs.append(
                (f"{stem}-部门决算公开表.{fmt}", lambda: _write_doc(final_accounts_doc(package), fmt))
            )
    if not jobs:
        raise RenderError(f"没有可以生成的 .{fmt} 文件（评价包中缺少相应内容）")
    return [(name, make()) for name, make in jobs]


def render_package(
    package: EvaluationPackage,
    *,
    what: str = "all",
    fmt: str = "pdf",
    out_dir: Path,
    blank: bool = False,
    layout: Layout | None = None,
) -> list[Path]:
    """Render and write the files; returns their paths. Nothing is written unless all succeed."""
    files = render_bytes(package, what=what, fmt=fmt, blank=blank, layout=layout)
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        for name, data in files:
            target = out / name
            tmp = target.with_name(target.name + ".tmp")
            tmp.write_bytes(data)
            tmp.replace(target)
            written.append(target)
    except OSError as exc:
        raise RenderError(f"无法写入输出目录 {out}：{exc.strerror or exc}") from exc
    return written


def render_report_html(package: EvaluationPackage, layout: Layout | None = None) -> str:
    """The self-evaluation report as one self-contained accessible HTML page (the public view)."""
    from .html import html_page

    return html_page(build_report(package, layout))


def _safe(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", name).strip("_") or "package"
