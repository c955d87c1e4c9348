"""The publication's administration, under ``administration/publicering/`` in ``followup``."""

from django.urls import path

from followup.administration.publication import views

urlpatterns = [
    path("", views.publication_page, name="admin-publication"),
    path("installningar/", views.publication_settings_save, name="admin-publication-settings"),
    path(
        "installningar/historik/",
        views.publication_settings_history,
        name="admin-publication-settings-history",
    ),
    path("<slug:slug>/", views.publication_list_save, name="admin-publication-list"),
    path(
        "<slug:kind>/<int:pk>/historik/",
        views.publication_history,
        name="admin-publication-history",
    ),
]
