"""Reads of who works where."""

from __future__ import annotations

from municipality.organisation.models import OrgUnit
from municipality.people.models import RoleAssignment, User


def highest_unit(user: User, year: int) -> OrgUnit | None:
    """The highest unit ``user`` holds a role in that exists in ``year``, or its successor.

    Pages open on it for users without a municipality-wide role.
    """
    grants = (
        RoleAssignment.objects.filter(user=user, unit__isnull=False)
        .select_related("unit")
        .order_by("unit__depth", "unit__path")
    )
    for grant in grants:
        unit = grant.unit
        assert unit is not None  # the filter above
        if unit.is_valid_in(year):
            return unit
        successor = unit.successors.filter(valid_from__lte=year).first()
        if successor is not None and successor.is_valid_in(year):
            return successor
    return None
