"""The report pages, under /rapporter/ in the namespace ``followup``."""

from django.urls import path

from followup.reports.views import builds, overview, report, texts

urlpatterns: list = [
    path("<int:period_pk>/<str:code>/", report.report_page, name="report"),
    path("<int:period_pk>/<str:code>/pdf/", report.report_pdf_download, name="report-pdf"),
    path(
        "<int:period_pk>/<str:code>/tabell/<slug:table>.xlsx",
        report.report_table_xlsx,
        name="report-table-xlsx",
    ),
]

# Writing the report's texts (followup.reports.views.texts).
urlpatterns += [
    path(
        "<int:period_pk>/<str:code>/texter/",
        texts.report_texts_page,
        name="report-texts",
    ),
    path(
        "<int:period_pk>/<str:code>/texter/spara/",
        texts.report_text_save_view,
        name="report-text-save",
    ),
    path(
        "<int:period_pk>/<str:code>/texter/skribent/",
        texts.report_text_assign_view,
        name="report-text-assign",
    ),
]

# The reports overview and the controller's actions on a report
# (followup.reports.views.overview).
urlpatterns += [
    path("oversikt/", overview.reports_overview_page, name="reports"),
    path(
        "rapport/<int:report_pk>/status/",
        overview.report_status_view,
        name="report-status",
    ),
    path(
        "rapport/<int:report_pk>/uppgifter/",
        overview.report_details_view,
        name="report-details",
    ),
    path(
        "rapport/<int:report_pk>/ny-version/",
        overview.report_new_version_view,
        name="report-new-version",
    ),
    path(
        "rapport/<int:report_pk>/frys/",
        overview.report_freeze_view,
        name="report-freeze",
    ),
]

# Building a report in the background (followup.reports.views.builds).
urlpatterns += [
    path("bygg/", builds.report_build_start, name="report-build-start"),
    path("bygg/<int:build_pk>/", builds.report_build_page, name="report-build"),
    path(
        "bygg/<int:build_pk>/status/",
        builds.report_build_progress,
        name="report-build-progress",
    ),
    path(
        "bygg/<int:build_pk>/igen/",
        builds.report_build_retry,
        name="report-build-retry",
    ),
    path("bygg/<int:build_pk>/pdf/", builds.report_build_pdf, name="report-build-pdf"),
]
