"""URL configuration: pages, the page JSON API (/api/...), the documented API (/api/v1/), dashboards,
bulk audit and the public portal (/portal/...)."""

from django.urls import include, path

from jixiao_web.monitoring.api import api as monitoring_api  # issue 14
from jixiao_web.rectification.api import api as rectification_api  # issue 14
from jixiao_web.review.api import api as review_api  # issue 14

urlpatterns = [
    path("", include("jixiao_web.targets.urls")),  # /targets/ and /api/v1/targets/ (issue 13), before api/v1/
    path("api/v1/monitoring/", monitoring_api.urls),  # before api/v1/: its catch-all answers 404
    path("api/v1/rectification/", rectification_api.urls),
    path("api/v1/review/", review_api.urls),
    path("monitoring/", include("jixiao_web.monitoring.urls")),
    path("rectification/", include("jixiao_web.rectification.urls")),
    path("review/", include("jixiao_web.review.urls")),
    path("api/v1/", include("jixiao_web.api.urls")),
    path("dashboards/", include("jixiao_web.dashboards.urls")),
    path("bulk/", include("jixiao_web.bulk.urls")),
    path("", include("jixiao_web.portal.urls")),
    path("", include("jixiao_web.evaluations.urls")),
    path("", include("jixiao_web.campaigns.urls")),
    path("", include("jixiao_web.orgs.urls")),
    path("", include("jixiao_web.administration.urls")),  # issue 12
]
