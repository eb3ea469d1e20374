"""The public portal: published evaluations only, no login (issue 7 builds it out)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from jixiao_web.evaluations import selectors
from jixiao_web.evaluations.services import package_of


def portal_list(request: HttpRequest) -> HttpResponse:
    year = request.GET.get("year", "")
    q = request.GET.get("q", "")
    jurisdiction = request.GET.get("jurisdiction", "")
    evaluations = selectors.published_list(
        jurisdiction=jurisdiction, year=int(year) if year.isdigit() else None, q=q
    )
    return render(
        request,
        "portal/list.html",
        {"evaluations": evaluations, "q": q, "year": year, "jurisdiction": jurisdiction},
    )


def portal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        evaluation = selectors.published_get(pk)
    except PermissionDenied as exc:
        raise Http404("该报告不存在或尚未公开") from exc
    return render(
        request, "portal/detail.html", {"evaluation": evaluation, "package": package_of(evaluation)}
    )
