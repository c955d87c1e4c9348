"""Writes to the reporting calendar: a fiscal year and its periods are created, and a period
moves between its states."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from municipality.people.models import User
from municipality.periods.exceptions import PeriodLocked
from municipality.periods.models import FiscalYear, PeriodStateChange, ReportingPeriod
from municipality.signals import period_lock_checking, period_state_changed

State = ReportingPeriod.State
Kind = ReportingPeriod.Kind


@dataclass(frozen=True)
class PeriodPlan:
    """One period of a year's calendar, before it is created."""

    kind: str
    cutoff_month: int
    deadline: date | None


# The tertials and the annual accounts at their usual cut-offs; every other month a monthly
# follow-up, so that each month of the year ends exactly one period.
STANDARD_KINDS = {4: Kind.T1, 8: Kind.T2, 12: Kind.ANNUAL}
DEADLINE_DAY = 15  # of the month after the cut-off: the books of a month close in about two weeks
ANNUAL_DEADLINE = (2, 15)  # the annual accounts take longer: 15 February of the next year


def standard_calendar(year: int) -> list[PeriodPlan]:
    """The standard periods of ``year``: the monthly follow-ups, tertial 1 (April), tertial 2
    (August) and the annual accounts (December), each with a default deadline that the
    controller changes in the administration."""
    plans = []
    for month in range(1, 13):
        kind = STANDARD_KINDS.get(month, Kind.MONTH)
        if kind == Kind.ANNUAL:
            deadline = date(year + 1, *ANNUAL_DEADLINE)
        else:
            deadline = date(year + month // 12, month % 12 + 1, DEADLINE_DAY)
        plans.append(PeriodPlan(kind=kind, cutoff_month=month, deadline=deadline))
    return plans


@transaction.atomic
def fiscal_year_create(
    *, year: int, calendar: Iterable[PeriodPlan]
) -> tuple[FiscalYear, list[ReportingPeriod]]:
    """Create fiscal year ``year`` with the periods of ``calendar``, none of them opened yet."""
    fiscal_year = FiscalYear.objects.create(year=year)
    periods = [
        ReportingPeriod.objects.create(
            fiscal_year=fiscal_year,
            kind=plan.kind,
            cutoff_month=plan.cutoff_month,
            deadline=plan.deadline,
        )
        for plan in calendar
    ]
    return fiscal_year, periods


# The reporting calendar only moves forward, except that a controller may reopen
# a closed period for corrections. A locked period has been decided: no way back.
PERIOD_TRANSITIONS: dict[str, frozenset[str]] = {
    State.PLANNED: frozenset({State.OPEN}),
    State.OPEN: frozenset({State.CLOSED}),
    State.CLOSED: frozenset({State.OPEN, State.LOCKED}),
    State.LOCKED: frozenset(),
}


@transaction.atomic
def period_set_state(
    *, period: ReportingPeriod, state: str, user: User | None, note: str = ""
) -> ReportingPeriod:
    """Move a period to ``state``, recording who did it, or raise ``ValidationError``."""
    period = (
        ReportingPeriod.objects.select_for_update().select_related("fiscal_year").get(pk=period.pk)
    )
    if period.state == State.LOCKED:
        raise PeriodLocked(period)
    if state not in PERIOD_TRANSITIONS[period.state]:
        raise ValidationError(
            _("%(period)s cannot go from “%(old)s” to “%(new)s”.")
            % {
                "period": period.name,
                "old": State(period.state).label,
                "new": State(state).label,
            },
            code="invalid_transition",
        )
    if state == State.LOCKED:
        # Other apps refuse a lock they know to be premature (the ledger of a year-end period
        # not complete) by raising ValidationError here, before anything is written.
        period_lock_checking.send(ReportingPeriod, period=period)
    PeriodStateChange.objects.create(
        period=period, from_state=period.state, to_state=state, changed_by=user, note=note
    )
    ReportingPeriod.objects.filter(pk=period.pk).update(state=state)
    old_state, period.state = period.state, state
    period_state_changed.send(ReportingPeriod, period=period, old_state=old_state, new_state=state)
    return period
