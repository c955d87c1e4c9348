"""Writes of the organisation's administration that go beyond saving one form."""

from __future__ import annotations

from django.db import transaction

from municipality.history.guard import history_check
from municipality.organisation.models import Committee, OrgUnit
from municipality.people.models import User
from municipality.people.services import unit_reorganise


def unit_reorganise_checked(
    *,
    unit: OrgUnit,
    seen: int,
    year: int,
    parent: OrgUnit | None,
    committee: Committee | None,
    user: User,
) -> OrgUnit:
    """``unit_reorganise``, refused (``StaleEdit``) when the unit changed after ``seen``."""
    with transaction.atomic():
        history_check(unit, seen)
        return unit_reorganise(unit=unit, year=year, parent=parent, committee=committee, user=user)
