"""The reporting period a page shows: chosen in the header, else the one the user's role
works in. The choice is kept in the session and on the user, for their next login."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from django.db.models import QuerySet
from django.http import Http404

from municipality.access import policy
from municipality.people.models import User
from municipality.periods.models import FiscalYear, ReportingPeriod
from municipality.periods.selectors import period_default, periods_all

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

SESSION_PERIOD_KEY = "tertial_period_id"
_UNSET = object()

DecidedPeriods = Callable[[QuerySet[ReportingPeriod]], QuerySet[ReportingPeriod]]
_decided_periods: list[DecidedPeriods] = []


def decided_periods_register(narrow: DecidedPeriods) -> None:
    """Let an app above this one say which periods hold decided work (followup: assessments
    the controller approved), without this module importing it."""
    if narrow not in _decided_periods:
        _decided_periods.append(narrow)


def period_for(
    *,
    user: User | AnonymousUser,
    chosen: ReportingPeriod | None = None,
    page: policy.Page | None = None,
) -> ReportingPeriod | None:
    """The period ``page`` opens in for ``user``, who chose ``chosen`` in the header (or not).

    - The forecast accuracy page compares a whole year's outcome with its forecasts, so it
      opens in the latest year whose annual accounts are closed: the latest at or before the
      chosen period's year, else the latest of all. None while no year is closed.
    - Any other page opens in the period the user chose. Without a choice, in the one their
      role works in: whoever enters or approves forecasts, assessments or report texts, the
      open period (the latest, if several are); whoever only reads (a reader, an
      administrator), the latest period with decided assessments, approved by the controller.
      Failing that, the latest period begun (``periods.selectors.period_default``).
    """
    periods = periods_all()
    if page == policy.Page.FORECAST_ACCURACY:
        closed = periods.filter(
            kind=ReportingPeriod.Kind.ANNUAL,
            state__in=(ReportingPeriod.State.CLOSED, ReportingPeriod.State.LOCKED),
        )
        if chosen is not None:
            return closed.filter(fiscal_year__year__lte=chosen.year).first() or closed.first()
        return closed.first()
    if chosen is not None:
        return chosen
    if not policy.works_in_periods(user):
        for narrow in _decided_periods:
            decided = narrow(periods).first()
            if decided is not None:
                return decided
    return period_default()


def current_period(request: HttpRequest) -> ReportingPeriod | None:
    """The period chosen in this session, else the one the user last chose, else their
    role's (``period_for``); read once per request."""
    cached = getattr(request, "_tertial_period", _UNSET)
    if cached is not _UNSET:
        return cast("ReportingPeriod | None", cached)
    user = request.user
    candidates = [request.session.get(SESSION_PERIOD_KEY), getattr(user, "chosen_period_id", None)]
    chosen_ids: list[int] = [pk for pk in candidates if pk is not None]
    chosen = None
    if chosen_ids:
        found = {period.pk: period for period in periods_all().filter(pk__in=chosen_ids)}
        chosen = next((found[pk] for pk in chosen_ids if pk in found), None)
    period = period_for(user=user, chosen=chosen)
    request._tertial_period = period  # type: ignore[attr-defined]  # read once per request
    return period


def choose_period(request: HttpRequest, period: ReportingPeriod) -> None:
    """Keep ``period`` for the rest of the session and for the user's next login."""
    request.session[SESSION_PERIOD_KEY] = period.pk
    user = request.user
    if user.is_authenticated and user.chosen_period_id != period.pk:
        User.objects.filter(pk=user.pk).update(chosen_period=period)
        user.chosen_period = period
    request._tertial_period = period  # type: ignore[attr-defined]  # read once per request


def chosen_fiscal_year(request: HttpRequest, years: list[FiscalYear]) -> FiscalYear | None:
    """Of ``years`` (newest first), the one asked for (``?year=``, or a form's ``year``), else
    the chosen period's, else the newest; None when there are none. A year not among them
    is a 404."""
    asked = request.GET.get("year") or request.POST.get("year")
    by_year = {fiscal_year.year: fiscal_year for fiscal_year in years}
    if asked:
        if not asked.isdigit() or int(asked) not in by_year:
            raise Http404
        return by_year[int(asked)]
    period = current_period(request)
    if period is not None and period.year in by_year:
        return by_year[period.year]
    return years[0] if years else None
