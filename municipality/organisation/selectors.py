"""Reads of the organisation: the municipality, its committees and the unit tree."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from municipality.organisation.models import Committee, Municipality, OrgUnit


def municipality_current() -> Municipality | None:
    return Municipality.objects.first()


def unit_subtree(unit: OrgUnit, *, include_self: bool = True) -> QuerySet[OrgUnit]:
    """The unit and everything below it, in tree order, in one query."""
    units = OrgUnit.objects.filter(path__startswith=unit.path).order_by("path")
    return units if include_self else units.exclude(pk=unit.pk)


def unit_ancestors(unit: OrgUnit) -> QuerySet[OrgUnit]:
    """The unit's ancestors from the root down, in one query."""
    return OrgUnit.objects.filter(pk__in=unit.ancestor_ids).order_by("depth")


def units_in_year(year: int) -> QuerySet[OrgUnit]:
    return (
        OrgUnit.objects.valid_in(year)
        .select_related("committee")
        .order_by("committee__order", "committee__name", "path")
    )


def units_in_tree_order(units: Iterable[OrgUnit]) -> list[OrgUnit]:
    """Depth first, siblings by their ``order`` and code, as the organisation chart reads.

    An ancestor missing from ``units`` (outside what the user may see) still
    keeps its own subtree together, by its primary key.
    """
    units = list(units)
    by_pk = {unit.pk: unit for unit in units}

    def step(pk: int) -> tuple[int, str, int]:
        unit = by_pk.get(pk)
        return (unit.order, unit.code, pk) if unit else (0, "", pk)

    return sorted(units, key=lambda unit: [step(pk) for pk in [*unit.ancestor_ids, unit.pk]])


def committees_in_year(year: int) -> QuerySet[Committee]:
    return Committee.objects.valid_in(year).order_by("order", "name")
