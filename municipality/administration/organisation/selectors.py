"""Reads of the organisation's administration: a year's tree with its people, what a
reorganisation would do, and the years to choose between."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min

from municipality.organisation.models import Committee, OrgUnit
from municipality.organisation.selectors import (
    committees_in_year,
    unit_subtree,
    units_in_tree_order,
    units_in_year,
)
from municipality.people.models import RoleAssignment
from municipality.periods.models import FiscalYear


@dataclass
class CommitteeTree:
    committee: Committee
    units: list[OrgUnit] = field(default_factory=list)


def organisation_tree(year: int) -> list[CommitteeTree]:
    """The committees active in ``year`` with their units in tree order, each unit with
    ``people``, the number of its role assignments; three queries whatever the size."""
    trees = {committee.pk: CommitteeTree(committee) for committee in committees_in_year(year)}
    units = units_in_tree_order(units_in_year(year).select_related("reported_with"))
    people = dict(
        RoleAssignment.objects.filter(unit__in=[unit.pk for unit in units])
        .values("unit")
        .annotate(n=Count("pk"))
        .values_list("unit", "n")
    )
    for unit in units:
        unit.people = people.get(unit.pk, 0)  # type: ignore[attr-defined]  # the tree shows it
        tree = trees.get(unit.committee_id)
        if tree is not None:  # a unit outliving its committee shows nowhere, as in reports
            tree.units.append(unit)
    return list(trees.values())


def organisation_years(year: int) -> list[int]:
    """The years to choose between: from the first committee's to a year after the last
    fiscal year (or ``year``), newest first."""
    first = Committee.objects.aggregate(first=Min("valid_from"))["first"]
    last = FiscalYear.objects.aggregate(last=Max("year"))["last"]
    start = min(first or year, year)
    end = max(last or year, year) + 1
    return list(range(end, start - 1, -1))


def reorganisation_preview(unit: OrgUnit, year: int) -> list[OrgUnit]:
    """The units ``unit_reorganise`` would end the year before ``year`` and give successors,
    in tree order, each with ``roles``: the number of role assignments that follow it."""
    units = [u for u in unit_subtree(unit) if u.is_valid_in(year)]
    counts: dict[int, int] = defaultdict(int)
    for unit_id in RoleAssignment.objects.filter(unit__in=units).values_list("unit", flat=True):
        counts[unit_id] += 1
    for moved in units:
        moved.roles = counts[moved.pk]  # type: ignore[attr-defined]  # the preview shows it
    return units
