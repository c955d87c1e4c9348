"""Applying a checked organisation: all of it in one transaction, level by level of the
tree, so that every parent is in its place before its children are created or moved.

A unit that moves and existed before the year is reorganised as the admin does it
(``unit_reorganise``): it ends the year before and a successor takes its new place, so
earlier years keep the tree they were reported in. A unit created this year has no such
history and is moved where it is.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction

from budget.ledger.figures import figures_mark_changed
from budget.ledger.imports.organisation.planning import PreparedOrganisation
from budget.ledger.imports.organisation.reading import UnitRow
from budget.ledger.models import Account
from budget.ledger.tasks import recompute_after_commit
from municipality.organisation.models import Committee, OrgUnit
from municipality.people.models import User
from municipality.people.services import unit_reorganise

DEFAULT_KINDS = (OrgUnit.Kind.ADMINISTRATION, OrgUnit.Kind.DEPARTMENT)


@transaction.atomic
def organisation_apply(prepared: PreparedOrganisation, *, user: User | None) -> int:
    """Write what ``prepared`` shows; returns the number of changes (0: nothing to do)."""
    if not prepared.changes:
        return 0
    committees = _committees_create(prepared)
    _accounts_apply(prepared)
    units = _units_of(prepared.year)
    for rename in prepared.renames:
        OrgUnit.objects.filter(pk=units[rename.code].pk).update(name=rename.new)
    for change in prepared.kind_changes:
        OrgUnit.objects.filter(pk=units[change.code].pk).update(kind=change.new)
    _tree_apply(prepared, committees, user)
    if prepared.moves:
        # The figures are summed per subtree: a moved unit changes its new ancestors'.
        figures_mark_changed(years={prepared.year})
        recompute_after_commit({prepared.year})
    return prepared.changes


def _committees_create(prepared: PreparedOrganisation) -> dict[str, Committee]:
    """Create the new committees, each active from its first unit's year; returns the
    year's committees by short code."""
    year = prepared.year
    starts: dict[str, int] = {}
    for row in prepared.new_units:
        short_code = prepared.committees[row.committee]
        starts[short_code] = min(starts.get(short_code, year), row.valid_from or year)
    Committee.objects.bulk_create(
        [
            Committee(
                name=new.name,
                short_code=new.short_code,
                valid_from=starts.get(new.short_code, year),
            )
            for new in prepared.new_committees
        ]
    )
    return {c.short_code: c for c in Committee.objects.valid_in(year)}


def _tree_apply(
    prepared: PreparedOrganisation, committees: dict[str, Committee], user: User | None
) -> None:
    """Create and move the units level by level of the tree they will have, reading the
    year's units again after each change (a reorganisation gives a subtree successors)."""
    moving = {move.code for move in prepared.moves}
    creating = {row.code for row in prepared.new_units}
    levels: dict[int, list[UnitRow]] = defaultdict(list)
    for row in prepared.rows:
        if row.code in moving or row.code in creating:
            levels[prepared.depths[row.code]].append(row)
    for depth in sorted(levels):
        units = _units_of(prepared.year)
        new = [row for row in levels[depth] if row.code in creating]
        _create(new, depth, units, committees, prepared)
        units = _units_of(prepared.year)
        for row in levels[depth]:
            if row.code in moving:
                committee = committees[prepared.committees[row.committee]]
                _move(row, units, committee, prepared.year, user)
                units = _units_of(prepared.year)


def _units_of(year: int) -> dict[str, OrgUnit]:
    return {unit.code: unit for unit in OrgUnit.objects.valid_in(year)}


def _create(
    rows: list[UnitRow],
    depth: int,
    units: dict[str, OrgUnit],
    committees: dict[str, Committee],
    prepared: PreparedOrganisation,
) -> None:
    """Create one level's new units in two statements, then write their paths."""
    created = OrgUnit.objects.bulk_create(
        [
            OrgUnit(
                committee=committees[prepared.committees[row.committee]],
                parent=units[row.parent] if row.parent else None,
                code=row.code,
                name=row.name,
                kind=row.kind or (DEFAULT_KINDS[depth] if depth < 2 else OrgUnit.Kind.UNIT),
                valid_from=row.valid_from or prepared.year,
            )
            for row in rows
        ]
    )
    for unit in created:
        parent_path = unit.parent.path if unit.parent is not None else "/"
        unit.path = f"{parent_path}{unit.pk}/"
        unit.depth = unit.path.count("/") - 2
    OrgUnit.objects.bulk_update(created, ["path", "depth"])


def _move(
    row: UnitRow, units: dict[str, OrgUnit], committee: Committee, year: int, user: User | None
) -> None:
    unit = units[row.code]
    parent = units[row.parent] if row.parent else None
    if unit.parent_id == (parent.pk if parent else None) and unit.committee_id == committee.pk:
        return  # moved already, with its parent
    if unit.valid_from < year:
        unit_reorganise(unit=unit, year=year, parent=parent, committee=committee, user=user)
        return
    unit.parent, unit.committee = parent, committee
    unit.save()
    OrgUnit.objects.filter(path__startswith=unit.path).update(committee=committee)


def _accounts_apply(prepared: PreparedOrganisation) -> None:
    Account.objects.bulk_create(
        [Account(number=n, name=name) for n, name in prepared.new_accounts.items()],
        ignore_conflicts=True,
    )
    for rename in prepared.renamed_accounts:
        Account.objects.filter(number=rename.code).update(name=rename.new)
