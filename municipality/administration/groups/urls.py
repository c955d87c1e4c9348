"""The directory group pages' addresses, under the municipality app's namespace."""

from django.urls import path

from municipality.administration.groups import views

urlpatterns = [
    path("administration/kataloggrupper/", views.mapping_list, name="admin-groups"),
    path("administration/kataloggrupper/ny/", views.mapping_create, name="admin-group-create"),
    path("administration/kataloggrupper/<int:pk>/", views.mapping_edit, name="admin-group"),
    path(
        "administration/kataloggrupper/<int:pk>/ta-bort/",
        views.mapping_delete_view,
        name="admin-group-delete",
    ),
    path(
        "administration/kataloggrupper/<int:pk>/historik/",
        views.mapping_history,
        name="admin-group-history",
    ),
]
