"""The indicator pages, under /mal/indikatorer/ in the namespace ``followup``."""

from django.urls import path

from followup.indicators import staff_views, views

urlpatterns = [
    path("", views.indicator_list, name="indicators"),
    path("<int:pk>/", views.indicator_detail, name="indicator"),
    path("<int:pk>/varden/", views.indicator_values, name="indicator-values"),
    path("<int:pk>/varden.csv", views.indicator_csv, name="indicator-csv"),
    path("<int:pk>/varden.xlsx", views.indicator_xlsx, name="indicator-xlsx"),
    path("personalstatistik/", staff_views.staff_import_page, name="staff-import"),
    path(
        "personalstatistik/<int:pk>/",
        staff_views.staff_import_preview,
        name="staff-import-preview",
    ),
    path(
        "personalstatistik/<int:pk>/las-in/",
        staff_views.staff_import_apply,
        name="staff-import-apply",
    ),
    path(
        "personalstatistik/<int:pk>/avbryt/",
        staff_views.staff_import_cancel,
        name="staff-import-cancel",
    ),
]
