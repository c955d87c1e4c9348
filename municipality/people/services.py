"""Writes that carry people along with the organisation: a unit reorganised into a new place
keeps the role assignments of its people.

It lives with the people rather than the organisation because it writes their role
assignments, and the people's package builds on the organisation's, not the other way round.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from municipality.organisation.models import Committee, OrgUnit
from municipality.organisation.selectors import unit_subtree
from municipality.people.models import RoleAssignment, User


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

    Every unit and role assignment written is kept in the history with ``user`` as its author
    (within a request, the request's user when ``user`` is not given).
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
    successors = _successors_create(old_units, unit, year, parent, committee, user)
    # One save per old unit rather than one update: the history keeps each one's end.
    for old in old_units:
        old.valid_to = year - 1
        _authored(old, user)
        old.save(update_fields=["valid_to"])
    bulk_create_with_history(
        [
            RoleAssignment(
                user_id=grant.user_id,
                role=grant.role,
                unit=successors[grant.unit_id],
                granted_by=user,
            )
            for grant in RoleAssignment.objects.filter(unit__in=old_units)
            if grant.unit_id is not None  # as the filter says
        ],
        RoleAssignment,
        default_user=user,
    )
    return successors[unit.pk]


def _successors_create(
    old_units: list[OrgUnit],
    unit: OrgUnit,
    year: int,
    parent: OrgUnit | None,
    committee: Committee,
    user: User | None,
) -> dict[int, OrgUnit]:
    """A successor from ``year`` for each of ``old_units`` (``unit`` and its subtree, in tree
    order), by the primary key of the unit it succeeds."""
    successors: dict[int, OrgUnit] = {}
    for old in old_units:  # tree order: parents come before their children
        if old.pk == unit.pk:
            new_parent = parent
        else:
            assert old.parent_id is not None  # below ``unit``, so it has a parent
            new_parent = successors[old.parent_id]
        successor = OrgUnit(
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
        _authored(successor, user)
        successor.save()
        successors[old.pk] = successor
    for old in old_units:  # a unit reported with one of its moved children stays so
        if old.reported_with_id in successors:
            successor = successors[old.pk]
            successor.reported_with = successors[old.reported_with_id]
            _authored(successor, user)
            successor.save(update_fields=["reported_with"])
    return successors


def _authored(unit: OrgUnit, user: User | None) -> None:
    """Name ``user`` as the author of ``unit``'s next historical record; without one, the
    request's user is (simple-history's ``HistoryRequestMiddleware``)."""
    if user is not None:
        unit._history_user = user  # type: ignore[attr-defined]  # read by simple-history
