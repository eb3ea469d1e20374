from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="rectification-home"),
    path("from-evaluation/<int:pk>/", views.notice_from_evaluation, name="rectification-from-evaluation"),
    path("from-monitoring/<int:pk>/", views.notice_from_monitoring, name="rectification-from-monitoring"),
    path("from-review/<int:pk>/", views.notice_from_review, name="rectification-from-review"),
    path("notices/<int:pk>/", views.notice_detail, name="rectification-notice"),
    path("items/<int:pk>/<str:action>/", views.item_action, name="rectification-item-action"),
    path("evidence/<int:pk>/", views.evidence_download, name="rectification-evidence"),
    path("suggestions/", views.suggestions, name="rectification-suggestions"),
    path("suggestions/compute/", views.suggestions_compute, name="rectification-suggestions-compute"),
    path("suggestions/<int:pk>/decide/", views.suggestion_decide, name="rectification-suggestion-decide"),
]
