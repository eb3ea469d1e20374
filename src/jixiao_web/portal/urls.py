from django.urls import path

from . import views

urlpatterns = [
    path("portal/", views.portal_list, name="portal-list"),
    path("portal/<int:pk>/", views.portal_detail, name="portal-detail"),
    path("portal/<int:pk>/report/", views.portal_report, name="portal-report"),
    path("portal/<int:pk>/download/<str:what>/<str:fmt>/", views.portal_download, name="portal-download"),
]
