"""The report pages, under /rapporter/ in the namespace ``followup``."""

from django.urls import path

from followup import report_text_views, report_views

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
