from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="monitoring-home"),
    path("rounds/new/", views.round_create, name="monitoring-round-create"),
    path("rounds/<int:pk>/", views.round_detail, name="monitoring-round"),
    path("rounds/<int:pk>/import/", views.round_import, name="monitoring-round-import"),
    path("reports/<int:pk>/", views.report_detail, name="monitoring-report"),
    path("reports/<int:pk>/upload/", views.report_upload, name="monitoring-report-upload"),
    path("reports/<int:pk>/decisions/", views.decision_create, name="monitoring-decision-create"),
    path("reports/<int:pk>/xlsx/", views.report_xlsx, name="monitoring-report-xlsx"),
]
