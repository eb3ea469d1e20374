from django.urls import path

from . import views

urlpatterns = [
    path("", views.overview, name="dashboards-overview"),
    path("xlsx/", views.all_xlsx, name="dashboards-xlsx-all"),
    path("xlsx/<str:key>/", views.chart_xlsx, name="dashboards-xlsx"),
    path("units/<int:pk>/", views.unit_history, name="dashboards-unit"),
    path("units/<int:pk>/xlsx/", views.unit_xlsx, name="dashboards-unit-xlsx"),
]
