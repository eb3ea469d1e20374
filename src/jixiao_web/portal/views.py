"""The public portal: published evaluations only, no login.

Anyone can read a published report (the HTML renderer's page), its forms, scores and grade,
download it (.docx, .pdf, .xlsx), and see what the checker finds in it — the audit of what was
already published. Nothing unpublished is reachable: every view goes through
``selectors.published_get``, which answers 404 for anything else.
"""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from jixiao_web.evaluations import engine, selectors
from jixiao_web.evaluations.models import Evaluation
from jixiao_web.evaluations.services import package_of

PUBLIC_DOWNLOADS = [
    ("report", "pdf", "自评报告（PDF）"),
    ("report", "docx", "自评报告（Word）"),
    ("forms", "xlsx", "自评表（Excel）"),
    ("final-accounts", "xlsx", "部门决算公开表（Excel）"),
]


def _published(pk: int) -> Evaluation:
    try:
        return selectors.published_get(pk)
    except PermissionDenied as exc:
        raise Http404("该报告不存在或尚未公开") from exc


# the columns the public list shows, read as values (no model instances: five a row, unit and three
# jurisdictions, cost more to build than the page's query takes)
_PLACE = (
    "unit__jurisdiction__parent__parent__name",
    "unit__jurisdiction__parent__name",
    "unit__jurisdiction__name",
)
LIST_FIELDS = ("unit__name", *_PLACE, "self_score", "computed_score", "grade", "published_at")


def _row(r: dict[str, Any]) -> SimpleNamespace:
    """A row of ``page_values`` in the shape the template reads (``e.unit.name``,
    ``e.unit.jurisdiction.path`` — province/city/county as ``Jurisdiction.path`` writes it)."""
    path = "/".join(name for name in (r[f] for f in _PLACE) if name is not None)
    unit = SimpleNamespace(name=r["unit__name"], jurisdiction=SimpleNamespace(path=path))
    return SimpleNamespace(
        pk=r["pk"],
        unit=unit,
        year=r["year"],
        self_score=r["self_score"],
        computed_score=r["computed_score"],
        grade=r["grade"],
        published_at=r["published_at"],
        problem=r["problem"],
    )


@require_GET
def portal_list(request: HttpRequest) -> HttpResponse:
    """Published reports, a page at a time (read id first: deep pages cost what the first one does)."""
    year = request.GET.get("year", "").strip()
    q = request.GET.get("q", "")[:100]
    jurisdiction = request.GET.get("jurisdiction", "")[:100]
    page = request.GET.get("page", "1")
    bad_filter = ""
    if year and not (year.isdigit() and len(year) == 4):
        bad_filter = f"年度“{year}”不是四位数的年份（如 2024），已按全部年度查询"
    if page and not (page.isdigit() and len(page) < 7):
        bad_filter = (bad_filter + "；" if bad_filter else "") + "页码应为正整数，已显示第1页"
    published = selectors.published_list(
        jurisdiction=jurisdiction, year=int(year) if year.isdigit() and len(year) == 4 else None, q=q
    )
    listing = selectors.page_values(
        published, *LIST_FIELDS, page=int(page) if page.isdigit() and len(page) < 7 else 1
    )
    extra = urlencode({k: v for k, v in (("q", q), ("year", year), ("jurisdiction", jurisdiction)) if v})
    return render(
        request,
        "portal/list.html",
        {
            "evaluations": [_row(r) for r in listing.rows],
            "page": listing,
            "extra": extra,
            "q": q,
            "year": year,
            "jurisdiction": jurisdiction,
            "bad_filter": bad_filter,
        },
    )


@require_GET
def portal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _published(pk)
    package = package_of(evaluation)
    findings = engine.check(package) if package is not None else []
    downloads = []
    if package is not None and engine.renderers_available():
        for what, fmt, label in PUBLIC_DOWNLOADS:
            if what == "final-accounts" and package.final_accounts is None:
                continue
            downloads.append((what, fmt, label))
    data = evaluation.current_revision.data if evaluation.current_revision else {}
    selectors.finding_places(findings, data, package)
    return render(
        request,
        "portal/detail.html",
        {
            "evaluation": evaluation,
            "final": selectors.final_score_of(package),
            "coverage": selectors.coverage_statement(package),
            "execution_rate": selectors.execution_rate_of(evaluation, package),
            "package": package,
            "downloads": downloads,
            "has_report_page": package is not None and engine.renderers_available(),
            "finding_groups": engine.group_by_severity(findings),
            "finding_count": len(findings),
        },
    )


@require_GET
def portal_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as one self-contained accessible page (the HTML renderer)."""
    evaluation = _published(pk)
    package = package_of(evaluation)
    if package is None or not engine.renderers_available():
        raise Http404("该报告暂无可阅读的页面")
    from jixiao.renderers import render_report_html

    html = render_report_html(package)
    nav = (
        '<nav class="portal-nav" aria-label="公开报告导航">'
        f'<a href="{reverse("portal-detail", args=[evaluation.pk])}">返回{escape(evaluation.unit.name)}'
        f"{evaluation.year}年度自评（审核结果与下载）</a> · "
        f'<a href="{reverse("portal-list")}">公开报告列表</a></nav>'
    )
    body = re.search(r"<body[^>]*>", html)
    html = html[: body.end()] + nav + html[body.end() :] if body else nav + html
    return HttpResponse(html, content_type="text/html; charset=utf-8")


@require_GET
def portal_download(request: HttpRequest, pk: int, what: str, fmt: str) -> HttpResponse:
    evaluation = _published(pk)
    if (what, fmt) not in {(w, f) for w, f, _ in PUBLIC_DOWNLOADS} or not engine.renderers_available():
        raise Http404("没有这种下载")
    package = package_of(evaluation)
    if package is None:
        raise Http404("该报告暂无可下载的文件")
    try:
        filename, content = engine.render(package, what, fmt)
    except ValueError as exc:  # nothing of that kind in this package
        raise Http404(f"无法生成该文件：{exc}") from exc
    filename = selectors.download_name_of(package, what, fmt, filename)
    response = HttpResponse(content, content_type="application/octet-stream")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
