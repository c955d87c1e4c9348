"""The organisation's and the calendar's endpoints (``/api/v1/``)."""

from __future__ import annotations

from django.urls import path

from municipality.api import views

urlpatterns = [
    path("committees/", views.CommitteeList.as_view(), name="committees"),
    path("committees/<int:pk>/", views.CommitteeDetail.as_view(), name="committee"),
    path("units/", views.UnitList.as_view(), name="units"),
    path("units/<int:pk>/", views.UnitDetail.as_view(), name="unit"),
    path("fiscal-years/", views.FiscalYearList.as_view(), name="fiscal-years"),
    path("periods/", views.PeriodList.as_view(), name="periods"),
]
