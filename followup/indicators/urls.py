"""The indicator pages, under /mal/indikatorer/ in the namespace ``followup``."""

from django.urls import path

from followup.indicators import views

urlpatterns = [
    path("", views.indicator_list, name="indicators"),
    path("<int:pk>/", views.indicator_detail, name="indicator"),
    path("<int:pk>/varden/", views.indicator_values, name="indicator-values"),
    path("<int:pk>/varden.csv", views.indicator_csv, name="indicator-csv"),
    path("<int:pk>/varden.xlsx", views.indicator_xlsx, name="indicator-xlsx"),
]
