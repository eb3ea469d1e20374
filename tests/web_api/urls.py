"""The project's URLs, plus /api/v1/, /dashboards/ and /bulk/ if the project does not mount them yet."""

from django.urls import include, path

from jixiao_web.config.urls import urlpatterns as project

MOUNTS = [
    ("api/v1/", "jixiao_web.api.urls"),
    ("dashboards/", "jixiao_web.dashboards.urls"),
    ("bulk/", "jixiao_web.bulk.urls"),
]
_present = {str(p.pattern) for p in project}
urlpatterns = list(project) + [
    path(prefix, include(module)) for prefix, module in MOUNTS if prefix not in _present
]
