from django.urls import path

from . import views

urlpatterns = [
    path("", views.job_list, name="bulk-list"),
    path("<int:pk>/", views.job_detail, name="bulk-detail"),
    path("<int:pk>/status.json", views.job_status, name="bulk-status"),
    path("<int:pk>/results.xlsx", views.job_xlsx, name="bulk-xlsx"),
    path("<int:pk>/retry/", views.job_retry, name="bulk-retry"),
]
