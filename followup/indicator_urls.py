"""The indicator pages, under /mal/indikatorer/ in the namespace ``followup``."""

from django.urls import path

from followup import indicator_views

urlpatterns = [
    path("", indicator_views.indicator_list, name="indicators"),
    path("<int:pk>/", indicator_views.indicator_detail, name="indicator"),
    path("<int:pk>/varden/", indicator_views.indicator_values, name="indicator-values"),
    path("<int:pk>/varden.csv", indicator_views.indicator_csv, name="indicator-csv"),
    path("<int:pk>/varden.xlsx", indicator_views.indicator_xlsx, name="indicator-xlsx"),
]
