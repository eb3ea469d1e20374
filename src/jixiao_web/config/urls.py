"""URL configuration: pages, the page JSON API (/api/...), the documented API (/api/v1/), dashboards,
bulk audit and the public portal (/portal/...)."""

from django.urls import include, path

urlpatterns = [
    path("api/v1/", include("jixiao_web.api.urls")),
    path("dashboards/", include("jixiao_web.dashboards.urls")),
    path("bulk/", include("jixiao_web.bulk.urls")),
    path("", include("jixiao_web.portal.urls")),
    path("", include("jixiao_web.evaluations.urls")),
    path("", include("jixiao_web.campaigns.urls")),
    path("", include("jixiao_web.orgs.urls")),
]
