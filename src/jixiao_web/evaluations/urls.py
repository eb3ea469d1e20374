from django.urls import path

from . import api, views

urlpatterns = [
    path("evaluations/<int:pk>/", views.detail, name="evaluation-detail"),
    path("evaluations/<int:pk>/review/", views.review, name="evaluation-review"),
    path("evaluations/<int:pk>/edit/<str:part>/", views.edit, name="evaluation-edit"),
    path("evaluations/<int:pk>/check/<str:part>/", views.check, name="evaluation-check"),
    path("evaluations/<int:pk>/upload/", views.upload, name="evaluation-upload"),
    path("evaluations/<int:pk>/revisions/", views.revisions, name="evaluation-revisions"),
    path("evaluations/<int:pk>/revisions/<int:number>/", views.revision_show, name="evaluation-revision"),
    path(
        "evaluations/<int:pk>/revisions/<int:number>/restore/",
        views.revision_restore,
        name="evaluation-restore",
    ),
    path("evaluations/<int:pk>/transition/<str:action>/", views.transition, name="evaluation-transition"),
    path("evaluations/<int:pk>/publish/", views.publish, name="evaluation-publish"),
    path("evaluations/<int:pk>/explain/", views.explain, name="evaluation-explain"),
    path("evaluations/<int:pk>/comment/", views.comment, name="evaluation-comment"),
    path("evaluations/<int:pk>/assessment/", views.assessment_adjust, name="evaluation-assessment"),
    path("evaluations/<int:pk>/download/<str:what>/<str:fmt>/", views.download, name="evaluation-download"),
    path("api/evaluations/", api.evaluation_list, name="api-evaluation-list"),
    path("api/evaluations/<int:pk>/", api.evaluation_detail, name="api-evaluation-detail"),
    path("api/evaluations/<int:pk>/package", api.package_save, name="api-package-save"),
    path("api/evaluations/<int:pk>/check", api.package_check, name="api-package-check"),
    path("api/evaluations/<int:pk>/transitions", api.transition, name="api-transition"),
    path("api/evaluations/<int:pk>/revisions", api.revision_list, name="api-revision-list"),
    path("api/public/evaluations/", api.public_list, name="api-public-list"),
    path("api/public/evaluations/<int:pk>/", api.public_detail, name="api-public-detail"),
]
