"""The ledger's and the forecasts' endpoints (``/api/v1/``)."""

from __future__ import annotations

from django.urls import path

from budget.api import views

urlpatterns = [
    path("account-groups/", views.AccountGroupList.as_view(), name="account-groups"),
    path("actuals/", views.ActualList.as_view(), name="actuals"),
    path("budget/", views.BudgetList.as_view(), name="budget"),
    path("forecasts/", views.ForecastList.as_view(), name="forecasts"),
]
