from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="review-home"),
    path("rounds/new/", views.round_draw, name="review-round-draw"),
    path("rounds/<int:pk>/", views.round_detail, name="review-round"),
    path("rounds/<int:pk>/publish/", views.round_publish, name="review-round-publish"),
    path("reviewers/", views.reviewers, name="review-reviewers"),
    path("reviewers/new/", views.reviewer_create, name="review-reviewer-create"),
    path("items/<int:pk>/", views.item_detail, name="review-item"),
    path("items/<int:pk>/assign/", views.item_assign, name="review-item-assign"),
    path("items/<int:pk>/rescore/", views.rescore_save, name="review-rescore"),
]
