"""The reporting period chosen in the header, kept in the session."""

from __future__ import annotations

from django.http import HttpRequest

from municipality.models import ReportingPeriod
from municipality.selectors import period_default, periods_all

SESSION_PERIOD_KEY = "tertial_period_id"
_UNSET = object()


def current_period(request: HttpRequest) -> ReportingPeriod | None:
    """The chosen period, else the default one; read once per request."""
    cached = getattr(request, "_tertial_period", _UNSET)
    if cached is not _UNSET:
        return cached
    period = None
    period_id = request.session.get(SESSION_PERIOD_KEY)
    if period_id is not None:
        period = periods_all().filter(pk=period_id).first()
    if period is None:
        period = period_default()
    request._tertial_period = period
    return period


def choose_period(request: HttpRequest, period: ReportingPeriod) -> None:
    request.session[SESSION_PERIOD_KEY] = period.pk
    request._tertial_period = period
