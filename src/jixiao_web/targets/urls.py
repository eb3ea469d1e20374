"""Pages of the target round (``/targets/…``) and its documented API (``/api/v1/targets/…``).

``config/urls.py`` mounts :data:`urlpatterns` at the root and :mod:`.api_urls` under ``api/v1/targets/``.
"""

from django.urls import include, path

from . import views

urlpatterns = [
    path("api/v1/targets/", include("jixiao_web.targets.api_urls")),
    path("targets/", views.home, name="targets-home"),
    path("targets/rounds/new/", views.round_open, name="targets-round-open"),
    path("targets/rounds/<int:pk>/", views.round_detail, name="targets-round"),
    path("targets/filings/<int:pk>/", views.filing_detail, name="targets-filing"),
    path("targets/filings/<int:pk>/edit/", views.filing_edit, name="targets-filing-edit"),
    path(
        "targets/filings/<int:pk>/transition/<str:action>/",
        views.filing_transition,
        name="targets-transition",
    ),
    path("targets/filings/<int:pk>/opinions/", views.opinions_save, name="targets-opinions"),
    path("targets/filings/<int:pk>/adjust/", views.adjustment_request, name="targets-adjust"),
    path("targets/adjustments/<int:pk>/decide/", views.adjustment_decide, name="targets-adjust-decide"),
    path("targets/filings/<int:pk>/carry/", views.filing_carry, name="targets-carry"),
    path("targets/library/", views.library_home, name="targets-library"),
    path("targets/library/add/", views.library_add, name="targets-library-add"),
    path("targets/library/import/", views.library_import, name="targets-library-import"),
    path(
        "targets/library/export.<str:fmt>",
        views.library_export,
        name="targets-library-export",
    ),
    path("targets/library/<int:pk>/", views.library_entry, name="targets-library-entry"),
    path("targets/library/<int:pk>/retire/", views.library_retire, name="targets-library-retire"),
    path("targets/library/<int:pk>/restore/", views.library_restore, name="targets-library-restore"),
    path("targets/public/", views.public_list, name="targets-public"),
    path("targets/public/<int:pk>/", views.public_detail, name="targets-public-detail"),
]
