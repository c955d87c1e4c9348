"""The people pages' addresses, under the municipality app's namespace."""

from django.urls import path

from municipality.administration.people import views

urlpatterns = [
    path("administration/anvandare/", views.user_list, name="admin-users"),
    path("administration/anvandare/ny/", views.user_create, name="admin-user-create"),
    path("administration/anvandare/<int:pk>/", views.user_detail, name="admin-user"),
    path(
        "administration/anvandare/<int:pk>/roller/",
        views.user_role_give,
        name="admin-user-role-give",
    ),
    path(
        "administration/anvandare/<int:pk>/roller/<int:assignment>/ta-bort/",
        views.user_role_take,
        name="admin-user-role-take",
    ),
    path("administration/anvandare/<int:pk>/status/", views.user_active, name="admin-user-active"),
    path(
        "administration/anvandare/<int:pk>/losenord/",
        views.user_password,
        name="admin-user-password",
    ),
    path(
        "administration/anvandare/<int:pk>/historik/",
        views.user_history_view,
        name="admin-user-history",
    ),
]
