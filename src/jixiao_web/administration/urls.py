from django.urls import path

from . import views

urlpatterns = [
    path("administration/", views.index, name="admin-index"),
    path("administration/users/", views.users, name="admin-users"),
    path("administration/users/<int:pk>/", views.user_edit, name="admin-user"),
    path("administration/units/", views.units, name="admin-units"),
    path("administration/bureaus/", views.bureaus, name="admin-bureaus"),
    path("administration/jurisdictions/", views.jurisdictions, name="admin-jurisdictions"),
    path("administration/tokens/", views.tokens, name="admin-tokens"),
    path("administration/tokens/<int:pk>/revoke/", views.token_revoke, name="admin-token-revoke"),
    path("password/", views.password_change, name="password-change"),
]
