"""The public results site's URLs, under ``/resultat/`` (and ``/en/resultat/``)."""

from django.urls import path

from followup.public import views

app_name = "public"

urlpatterns = [
    path("", views.start, name="start"),
    path("namnd/<int:pk>/", views.committee, name="committee"),
    path("enheter/", views.units, name="units"),
    path("enhet/<int:pk>/", views.unit, name="unit"),
    path("indikatorer/", views.indicators, name="indicators"),
    path("indikatorer/<int:pk>/", views.indicator, name="indicator"),
    path("rapporter/", views.reports, name="reports"),
    path("rapporter/<int:pk>/pdf/", views.report_pdf, name="report-pdf"),
    path("sok/", views.search, name="search"),
]
