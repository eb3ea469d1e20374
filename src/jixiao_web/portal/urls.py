from django.urls import path

from . import views

urlpatterns = [
    path("portal/", views.portal_list, name="portal-list"),
    path("portal/<int:pk>/", views.portal_detail, name="portal-detail"),
]
