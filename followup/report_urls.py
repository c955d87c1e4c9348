"""The report pages, under /rapporter/ in the namespace ``followup``."""

from django.urls import path

from followup import report_views

urlpatterns: list = [
    path("<int:period_pk>/<str:code>/", report_views.report_page, name="report"),
    path("<int:period_pk>/<str:code>/pdf/", report_views.report_pdf_download, name="report-pdf"),
    path(
        "<int:period_pk>/<str:code>/tabell/<slug:table>.xlsx",
        report_views.report_table_xlsx,
        name="report-table-xlsx",
    ),
]
