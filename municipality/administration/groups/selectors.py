"""Reads for the directory group pages."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from municipality.people.models import DirectoryGroupRole, RoleAssignment, RoleSource


def mapping_holders(mapping: DirectoryGroupRole) -> QuerySet[RoleAssignment]:
    """The role assignments the sign-in made from ``mapping``: its group, role and unit."""
    return RoleAssignment.objects.filter(
        source=RoleSource.DIRECTORY,
        directory_group=mapping.group,
        role=mapping.role,
        unit=mapping.unit_id,
    )


def mappings_listed() -> list[DirectoryGroupRole]:
    """Every mapping with ``holders``: how many people hold a role from it now (two queries)."""
    mappings = list(
        DirectoryGroupRole.objects.select_related("unit").order_by("group", "role", "unit__path")
    )
    held = {
        (group, role, unit): count
        for group, role, unit, count in RoleAssignment.objects.filter(source=RoleSource.DIRECTORY)
        .order_by()
        .values_list("directory_group", "role", "unit_id")
        .annotate(count=Count("user_id", distinct=True))
    }
    for mapping in mappings:
        mapping.holders = held.get(  # type: ignore[attr-defined]  # read by the table
            (mapping.group, mapping.role, mapping.unit_id), 0
        )
    return mappings
