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

Files are named in Chinese, as a bureau files them (:func:`download_name`:
"2024年度桃江县社会保险服务中心整体支出绩效自评表.xlsx"). :func:`unfilled` lists what the unit left
empty in what these documents print, by its printed name, so that the web app can ask before
publishing.
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
from .report import Layout, build_report, choose_layout, unfilled_sections

WHATS = ("forms", "report", "final-accounts", "all")
FORMATS = ("xlsx", "docx", "pdf", "html")

__all__ = [
    "FORMATS",
    "WHATS",
    "RenderError",
    "build_report",
    "choose_layout",
    "download_name",
    "final_accounts_sentences",
    "render_bytes",
    "render_package",
    "render_report_html",
    "report_sentences",
    "unfilled",
]

DOCUMENT_NAMES = {
    "forms": "整体支出绩效自评表",
    "project-forms": "项目支出绩效自评表",
    "blank": "绩效自评表（空白填报模板）",
    "report": "部门整体支出绩效评价报告",
    "final-accounts": "部门决算公开表",
}
"""What each download is called after the year and the unit."""


def download_name(package: EvaluationPackage, what: str, fmt: str) -> str:
    """The file name of a download, in Chinese: year, unit, document, extension —
    ``download_name(p, "forms", "xlsx")`` → "2024年度桃江县社会保险服务中心整体支出绩效自评表.xlsx".

    ``what`` is ``forms``, ``blank``, ``report`` or ``final-accounts`` (``all`` names the zip of them:
    "…绩效自评材料.zip"). Characters a file system refuses are replaced; Chinese is kept.
    """
    if what == "all":
        document = "绩效自评材料"
    elif what == "forms" and package.overall is None and package.projects:
        document = DOCUMENT_NAMES["project-forms"]
    elif what in DOCUMENT_NAMES:
        document = DOCUMENT_NAMES[what]
    else:
        raise RenderError(f"不认识的输出内容：{what}（可选：forms、report、final-accounts、all）")
    return f"{_safe(f'{package.year}年度{package.unit.name}{document}')}.{fmt.lstrip('.')}"


def unfilled(package: EvaluationPackage) -> list[str]:
    """What the unit left empty in the documents the renderers print, by printed name
    ("部门整体支出绩效自评表 · 评价等次", "绩效评价报告 · 八、有关建议"); empty when nothing is missing.

    The forms print a blank cell and the report says "本部分未填报。" for these; the web app asks
    before publishing a package with any.
    """
    from jixiao.model.labels import describe

    out: list[str] = []
    for k, ev in enumerate(package.evaluations()):
        base = "overall" if ev is package.overall else f"projects[{k - (1 if package.overall else 0)}]"
        paths: list[str] = []
        if ev.funds is None or not ev.funds.rows:
            paths.append(f"{base}.funds")
        if not ev.expected_goal:
            paths.append(f"{base}.expected_goal")
        if not ev.achieved_goal:
            paths.append(f"{base}.achieved_goal")
        for i, ind in enumerate(ev.indicators):
            for attr in ("target_raw", "actual_raw", "max_score", "score"):
                if getattr(ind, attr) in (None, ""):
                    paths.append(f"{base}.indicators[{i}].{attr}")
            lost = ind.score is not None and ind.max_score is not None and ind.score < ind.max_score
            if lost and not ind.deviation_note:  # a deduction the paper must explain
                paths.append(f"{base}.indicators[{i}].deviation_note")
        if ev.stated_total_score is None:
            paths.append(f"{base}.stated_total_score")
        if not ev.stated_grade:
            paths.append(f"{base}.stated_grade")
        footer = ev.footer
        for attr in ("filled_by", "phone", "fill_date", "head_signature"):
            if footer is None or not getattr(footer, attr):
                paths.append(f"{base}.footer.{attr}")
        out += [describe(package, p) for p in paths]
    if package.overall is not None or package.report("self_evaluation_report") is not None:
        out += [f"绩效评价报告 · {name}" for name in unfilled_sections(package)]
    return out


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
    jobs: list[tuple[str, Callable[[], bytes]]] = []
    if what in ("forms", "all"):
        grids = form_grids(package, blank=blank)
        if not grids:
            if what == "forms":
                raise RenderError("评价包中没有可生成的表格（基础数据表、自评表、评分表均为空）")
        else:
            name = download_name(package, "blank" if blank else "forms", fmt)
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
                (
                    download_name(package, "report", fmt),
                    lambda: _write_doc(build_report(package, layout), fmt),
                )
            )
    if what in ("final-accounts", "all") and not blank:
        fa = package.final_accounts
        if fa is None or not fa.tables:
            if what == "final-accounts":
                raise RenderError("评价包中没有部门决算公开表（公开01–09表），无法生成决算公开文件")
        elif fmt == "xlsx":
            jobs.append(
                (
                    download_name(package, "final-accounts", "xlsx"),
                    lambda: _xlsx(final_accounts_grids(package), False),
                )
            )
        else:
            jobs.append(
                (
                    download_name(package, "final-accounts", fmt),
                    lambda: _write_doc(final_accounts_doc(package), fmt),
                )
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
    return re.sub(r'[\\/:*?"<>|\s]+', "_", name).strip("_") or "绩效自评"
