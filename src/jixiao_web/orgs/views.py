"""Login (rate limited), logout and the home page (my evaluations by role)."""

from __future__ import annotations

import math

from django.conf import settings
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from jixiao_web.campaigns.selectors import campaign_list_for_user, can_create_campaign
from jixiao_web.evaluations.selectors import work_list

from .services import LoginRefused, client_address, login_attempt


def login_view(request: HttpRequest) -> HttpResponse:
    error = ""
    username = ""
    next_url = request.GET.get("next") or request.POST.get("next") or ""
    if request.method == "POST":
        username = request.POST.get("username", "")
        try:
            user = login_attempt(
                request=request,
                username=username,
                password=request.POST.get("password", ""),
                address=client_address(request),
            )
        except LoginRefused as exc:
            error = str(exc)
            if exc.wait is not None:  # throttled: no password was checked
                response = render(
                    request,
                    "orgs/login.html",
                    {"error": error, "username": username, "next": next_url},
                    status=403,
                )
                response["Retry-After"] = str(max(1, math.ceil(exc.wait.total_seconds())))
                return response
        else:
            login(request, user)
            if next_url and url_has_allowed_host_and_scheme(
                next_url, {request.get_host()}, request.is_secure()
            ):
                return redirect(next_url)
            return redirect("home")
    return render(
        request,
        "orgs/login.html",
        {"error": error, "username": username, "next": next_url, "demo": settings.JIXIAO_DEMO},
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("home")


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "orgs/welcome.html")
    page = request.GET.get("page", "1")
    return render(
        request,
        "orgs/home.html",
        {
            "waiting": work_list(request.user, waiting=True, size=20),
            "evaluations": work_list(request.user, page=int(page) if page.isdigit() and len(page) < 7 else 1),
            "campaigns": campaign_list_for_user(request.user)[:10],
            "can_create_campaign": can_create_campaign(request.user),
        },
    )
