"""The follow-up's endpoints (``/api/v1/``)."""

from __future__ import annotations

from django.urls import path

from followup.api import views

urlpatterns = [
    path("goals/", views.GoalList.as_view(), name="goals"),
    path("goals/<int:pk>/", views.GoalDetail.as_view(), name="goal"),
    path("council-goals/", views.CouncilGoalList.as_view(), name="council-goals"),
    path("indicators/", views.IndicatorList.as_view(), name="indicators"),
    path("indicators/<int:pk>/", views.IndicatorDetail.as_view(), name="indicator"),
    path("reports/", views.ReportList.as_view(), name="reports"),
    path("reports/<int:pk>/", views.ReportDetail.as_view(), name="report"),
    path("reports/<int:pk>/pdf/", views.ReportPdf.as_view(), name="report-pdf"),
]
