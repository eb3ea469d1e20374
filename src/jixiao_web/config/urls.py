"""URL configuration."""

from django.urls import include, path

urlpatterns = [
    path("", include("jixiao_web.portal.urls")),
    path("", include("jixiao_web.evaluations.urls")),
    path("", include("jixiao_web.orgs.urls")),
]
