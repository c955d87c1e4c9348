"""The forecast's histories: every change of one row, every change of a unit's forecasts in
the period, and every period's forecast of the year side by side."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render

from budget.forecasting.grid import forecast_grid
from budget.forecasting.history import forecast_history
from budget.forecasting.models import Forecast
from budget.forecasting.views.scope import unit_and_period
from budget.ledger import signs
from municipality.access.http import SignedInRequest
from municipality.editing.gate import audit_trail
from municipality.models import AuditEntry
from municipality.organisation.selectors import municipality_current


def forecast_cell_history(request: SignedInRequest, unit_pk: int) -> HttpResponse:
    """Every change of one row's forecast and comment, newest first."""
    unit, period = unit_and_period(request, unit_pk)
    grid = forecast_grid(period=period, unit=unit)
    row = grid.row(request.GET.get("row", ""))
    if row is None:
        raise Http404
    entries: list[AuditEntry] = []
    if row.forecast_id:
        entries = list(audit_trail(Forecast(pk=row.forecast_id)))
    template = (
        "budget/forecast/_cell_history.html"
        if request.htmx
        else "budget/forecast/cell_history.html"
    )
    return render(
        request,
        template,
        {"section": "economy", "grid": grid, "unit": unit, "row": row, "entries": entries},
    )


def forecast_changes(request: SignedInRequest, unit_pk: int) -> HttpResponse:
    """The unit's history page: every change of the period's forecasts, comments and status."""
    unit, period = unit_and_period(request, unit_pk)
    entries = (
        AuditEntry.objects.filter(period=period, unit=unit)
        .select_related("user")
        .order_by("-at", "-pk")
    )
    return render(
        request,
        "budget/forecast/changes.html",
        {"section": "economy", "unit": unit, "period": period, "entries": entries[:1000]},
    )


def forecast_history_view(request: SignedInRequest, unit_pk: int) -> HttpResponse:
    """Every period's forecast of the year side by side (T1, T2, bokslut)."""
    unit, period = unit_and_period(request, unit_pk)
    headings, rows = forecast_history(period=period, unit=unit)
    result = signs.result_sign(municipality_current())
    for row in rows:
        row.budget = signs.presented(row.budget, result=result)
        row.values = [signs.presented(value, result=result) for value in row.values]
    return render(
        request,
        "budget/forecast/history.html",
        {
            "section": "economy",
            "unit": unit,
            "period": period,
            "headings": headings,
            "rows": rows,
        },
    )
