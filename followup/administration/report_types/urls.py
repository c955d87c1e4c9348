"""The report types' administration, under ``administration/rapporttyper/`` in ``followup``."""

from django.urls import path

from followup.administration.report_types import views

urlpatterns = [
    path("", views.report_types_view, name="admin-report-types"),
    path("<int:pk>/", views.report_type_edit, name="admin-report-type"),
    path("<int:pk>/historik/", views.report_type_history, name="admin-report-type-history"),
    path("<int:pk>/tabell/ny/", views.table_create, name="admin-financial-table-create"),
    path("avsnitt/<int:pk>/", views.section_edit, name="admin-report-section"),
    path(
        "avsnitt/<int:pk>/historik/",
        views.section_history,
        name="admin-report-section-history",
    ),
    path("tabell/<int:pk>/", views.table_edit, name="admin-financial-table"),
    path("tabell/<int:pk>/ta-bort/", views.table_delete, name="admin-financial-table-delete"),
    path(
        "tabell/<int:pk>/historik/",
        views.table_history,
        name="admin-financial-table-history",
    ),
]
