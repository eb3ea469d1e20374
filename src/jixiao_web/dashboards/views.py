"""Dashboard pages (bureau administrators and system administrators only) and their .xlsx downloads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from . import selectors
from .access import BureauScope, bureau_scope
from .xlsx import XLSX_CONTENT_TYPE, workbook_bytes


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


@dataclass
class Page:
    """What one dashboard request reads once: the filters, the years, the jurisdictions in scope."""

    dashboard: selectors.Dashboard
    years: list[int]
    jurisdictions: list[tuple[int, str]]


def _bad_filters(request: HttpRequest) -> list[str]:
    """Filters given but not understood: said to the person instead of silently ignored."""
    names = {"year": "年度", "jurisdiction": "行政区划", "campaign": "自评通知"}
    return [
        f"筛选条件“{names[key]}”的取值“{request.GET[key][:20]}”无法识别，已按全部显示"
        for key in names
        if request.GET.get(key) and _int(request.GET.get(key)) is None
    ]


def _page(request: HttpRequest, scope: BureauScope) -> Page:
    years = selectors.year_choices(scope)
    year = _int(request.GET.get("year"))
    if year is None:
        year = years[0] if years else None
    tree = selectors.Jurisdictions()
    choices = tree.choices(scope)
    jurisdiction = _int(request.GET.get("jurisdiction"))
    if jurisdiction is not None and jurisdiction not in {pk for pk, _ in choices}:
        raise PermissionDenied("无权查看该行政区划")
    campaign = _int(request.GET.get("campaign"))
    if campaign is not None and not selectors.campaign_choices(scope, None).filter(pk=campaign).exists():
        raise PermissionDenied("无权查看该自评通知")
    filters = selectors.Filters(year=year, jurisdiction_id=jurisdiction, campaign_id=campaign)
    return Page(selectors.Dashboard(scope, filters, tree), years, choices)


def _query(filters: selectors.Filters) -> str:
    params = {
        k: v
        for k, v in (
            ("year", filters.year),
            ("jurisdiction", filters.jurisdiction_id),
            ("campaign", filters.campaign_id),
        )
        if v
    }
    return urlencode(params)


def _options(choices: list[tuple[int, str]], chosen: int | None) -> str:
    """``<option>`` elements of a filter, escaped, built once here rather than by the template engine
    option by option (a province has some 150 jurisdictions and as many notices a year)."""
    from django.utils.html import escape, mark_safe

    return mark_safe(  # every label is escaped; the ids are ints
        "".join(
            f'<option value="{int(pk)}"{" selected" if pk == chosen else ""}>{escape(label)}</option>'
            for pk, label in choices
        )
    )


def _xlsx(name: str, charts: list[selectors.Chart]) -> HttpResponse:
    response = HttpResponse(workbook_bytes([c.table for c in charts]), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    scope = bureau_scope(request.user)
    page = _page(request, scope)
    filters = page.dashboard.filters
    shown = selectors.figures(page.dashboard)
    charts = shown.charts
    query = _query(filters)
    for text in _bad_filters(request):
        messages.warning(request, text)
    return render(
        request,
        "dashboards/overview.html",
        {
            "filters": filters,
            "query": query,
            "charts": charts,
            "chart_data": shown.chart_data,
            "summary": shown.summary,
            "years": page.years,
            "jurisdiction_options": _options(page.jurisdictions, filters.jurisdiction_id),
            "campaign_options": _options(
                selectors.campaign_options(scope, filters.year), filters.campaign_id
            ),
            "units": selectors.unit_search(scope, request.GET.get("q", "").strip()[:50], limit=30)
            if request.GET.get("q")
            else [],
            "q": request.GET.get("q", ""),
            "top_links": [
                (uid, row[0])
                for c in charts
                if c.key == "ranking"
                for uid, row in zip(c.ids, c.table.rows, strict=False)
            ][:10],
            "all_xlsx": reverse("dashboards-xlsx-all") + (f"?{query}" if query else ""),
        },
    )


@login_required
def chart_xlsx(request: HttpRequest, key: str) -> HttpResponse:
    scope = bureau_scope(request.user)
    chart_fn = selectors.CAMPAIGN_CHARTS.get(key)
    if chart_fn is None:
        raise Http404("没有这个图表")
    page = _page(request, scope)
    return _xlsx(f"dashboard-{key}-{page.dashboard.filters.year or 'all'}", [chart_fn(page.dashboard)])


@login_required
def all_xlsx(request: HttpRequest) -> HttpResponse:
    scope = bureau_scope(request.user)
    page = _page(request, scope)
    return _xlsx(
        f"dashboard-{page.dashboard.filters.year or 'all'}", selectors.figures(page.dashboard).charts
    )


@login_required
def unit_history(request: HttpRequest, pk: int) -> HttpResponse:
    scope = bureau_scope(request.user)
    unit = selectors.unit_get(scope, pk)
    charts = selectors.unit_history(unit)
    context: dict[str, Any] = {"unit": unit, "charts": charts, "chart_data": [c.echarts() for c in charts]}
    return render(request, "dashboards/unit.html", context)


@login_required
def unit_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    scope = bureau_scope(request.user)
    unit = selectors.unit_get(scope, pk)
    return _xlsx(f"unit-{unit.pk}-history", selectors.unit_history(unit))
