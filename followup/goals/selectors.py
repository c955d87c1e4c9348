"""Reads of the goal structure: the committees whose goals a user may see, and the chain of a
goal's yearly copies."""

from __future__ import annotations

from django.db import connection
from django.db.models import Model

from municipality.access import policy
from municipality.models import Committee, OrgUnit, User
from municipality.organisation.selectors import committees_in_year


def committees_visible(user: User, year: int) -> list[Committee]:
    """The year's committees in which the user may view at least one unit, in their order."""
    units = OrgUnit.objects.valid_in(year).filter(
        policy.units_filter(user, policy.Action.VIEW_UNIT)
    )
    return list(committees_in_year(year).filter(pk__in=units.values("committee_id")))


def committee_visible(user: User, committee_id: int, year: int) -> bool:
    """May the user see the committee's goals of ``year``: may they view one of its units?"""
    return (
        OrgUnit.objects.valid_in(year)
        .filter(committee_id=committee_id)
        .filter(policy.units_filter(user, policy.Action.VIEW_UNIT))
        .exists()
    )


def lineage_ids(model: type[Model], pk: int) -> list[int]:
    """``pk`` and the ids of its predecessors, the year before first (one query)."""
    table = connection.ops.quote_name(model._meta.db_table)
    sql = (
        f"WITH RECURSIVE chain(id, predecessor_id, depth) AS ("
        f" SELECT id, predecessor_id, 0 FROM {table} WHERE id = %s"
        f" UNION ALL SELECT t.id, t.predecessor_id, c.depth + 1 FROM {table} t"
        f" JOIN chain c ON t.id = c.predecessor_id WHERE c.depth < 100"
        f") SELECT id FROM chain ORDER BY depth"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        return [row[0] for row in cursor.fetchall()]
