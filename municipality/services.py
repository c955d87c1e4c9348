"""Writes to the organisation and the reporting calendar."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from municipality.exceptions import PeriodLocked
from municipality.models import (
    Committee,
    OrgUnit,
    PeriodStateChange,
    ReportingPeriod,
    RoleAssignment,
    User,
)
from municipality.selectors import unit_subtree
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


@transaction.atomic
def unit_reorganise(
    *,
    unit: OrgUnit,
    year: int,
    parent: OrgUnit | None = None,
    committee: Committee | None = None,
    user: User | None = None,
) -> OrgUnit:
    """Move ``unit`` and its subtree to a new place from ``year`` on.

    The old units end the year before, so earlier years keep the tree they
    were reported in; each gets a successor in the new place that keeps its
    code, name and role assignments and points back at it.
    """
    committee = committee or (parent.committee if parent else unit.committee)
    if not unit.is_valid_in(year) or unit.valid_from >= year:
        raise ValidationError(
            _("%(unit)s must be valid both before and in %(year)s to be reorganised.")
            % {"unit": unit, "year": year}
        )
    if parent is not None:
        if not parent.is_valid_in(year):
            raise ValidationError(
                _("%(parent)s is not valid in %(year)s.") % {"parent": parent, "year": year}
            )
        if parent.committee_id != committee.pk:
            raise ValidationError(_("The new parent belongs to another committee."))
        if parent.path.startswith(unit.path):
            raise ValidationError(_("A unit cannot be placed under itself or its own subunits."))
    if not committee.is_valid_in(year):
        raise ValidationError(
            _("%(committee)s is not active in %(year)s.") % {"committee": committee, "year": year}
        )

    old_units = [u for u in unit_subtree(unit) if u.is_valid_in(year)]
    successors: dict[int, OrgUnit] = {}
    for old in old_units:  # tree order: parents come before their children
        new_parent = parent if old.pk == unit.pk else successors[old.parent_id]
        successors[old.pk] = OrgUnit.objects.create(
            committee=committee,
            parent=new_parent,
            code=old.code,
            name=old.name,
            kind=old.kind,
            order=old.order,
            valid_from=year,
            valid_to=old.valid_to,
            predecessor=old,
        )
    OrgUnit.objects.filter(pk__in=[u.pk for u in old_units]).update(valid_to=year - 1)
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(
                user_id=grant.user_id,
                role=grant.role,
                unit=successors[grant.unit_id],
                granted_by=user,
            )
            for grant in RoleAssignment.objects.filter(unit__in=old_units)
        ]
    )
    return successors[unit.pk]
