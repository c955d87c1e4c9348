"""The report pages, under /rapporter/ in the namespace ``followup``."""

from django.urls import path

from followup import (
    report_build_views,
    report_overview_views,
    report_text_views,
    report_views,
)

urlpatterns: list = [
    path("<int:period_pk>/<str:code>/", report_views.report_page, name="report"),
    path("<int:period_pk>/<str:code>/pdf/", report_views.report_pdf_download, name="report-pdf"),
    path(
        "<int:period_pk>/<str:code>/tabell/<slug:table>.xlsx",
        report_views.report_table_xlsx,
        name="report-table-xlsx",
    ),
]

# Writing the report's texts (followup.report_text_views).
urlpatterns += [
    path(
        "<int:period_pk>/<str:code>/texter/",
        report_text_views.report_texts_page,
        name="report-texts",
    ),
    path(
        "<int:period_pk>/<str:code>/texter/spara/",
        report_text_views.report_text_save_view,
        name="report-text-save",
    ),
    path(
        "<int:period_pk>/<str:code>/texter/skribent/",
        report_text_views.report_text_assign_view,
        name="report-text-assign",
    ),
]

# The reports overview and the controller's actions on a report
# (followup.report_overview_views).
urlpatterns += [
    path("oversikt/", report_overview_views.reports_overview_page, name="reports"),
    path(
        "rapport/<int:report_pk>/status/",
        report_overview_views.report_status_view,
        name="report-status",
    ),
    path(
        "rapport/<int:report_pk>/uppgifter/",
        report_overview_views.report_details_view,
        name="report-details",
    ),
    path(
        "rapport/<int:report_pk>/ny-version/",
        report_overview_views.report_new_version_view,
        name="report-new-version",
    ),
    path(
        "rapport/<int:report_pk>/frys/",
        report_overview_views.report_freeze_view,
        name="report-freeze",
    ),
]

# Building a report in the background (followup.report_build_views).
urlpatterns += [
    path("bygg/", report_build_views.report_build_start, name="report-build-start"),
    path("bygg/<int:build_pk>/", report_build_views.report_build_page, name="report-build"),
    path(
        "bygg/<int:build_pk>/status/",
        report_build_views.report_build_progress,
        name="report-build-progress",
    ),
    path(
        "bygg/<int:build_pk>/igen/",
        report_build_views.report_build_retry,
        name="report-build-retry",
    ),
    path("bygg/<int:build_pk>/pdf/", report_build_views.report_build_pdf, name="report-build-pdf"),
]
