"""Writes to the reporting calendar: a period moves between its states."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from municipality.people.models import User
from municipality.periods.exceptions import PeriodLocked
from municipality.periods.models import PeriodStateChange, ReportingPeriod
from municipality.signals import period_state_changed

State = ReportingPeriod.State

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
    PeriodStateChange.objects.create(
        period=period, from_state=period.state, to_state=state, changed_by=user, note=note
    )
    ReportingPeriod.objects.filter(pk=period.pk).update(state=state)
    old_state, period.state = period.state, state
    period_state_changed.send(ReportingPeriod, period=period, old_state=old_state, new_state=state)
    return period
