"""URL configuration: pages, the JSON API (/api/...) and the public portal (/portal/...)."""

from django.urls import include, path

urlpatterns = [
    path("", include("jixiao_web.portal.urls")),
    path("", include("jixiao_web.evaluations.urls")),
    path("", include("jixiao_web.campaigns.urls")),
    path("", include("jixiao_web.orgs.urls")),
]
