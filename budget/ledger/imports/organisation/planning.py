"""Checking the organisation a file gives against what Tertial holds, and the plan the
preview shows: committees and units to create, names and places that change, accounts.

Every problem is found before anything is written, each at its line: a code twice, a
committee missing, a parent that does not exist or is in another committee, a cycle.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from budget.ledger.imports.actuals import OPERATING_CLASSES, unmapped_notes
from budget.ledger.imports.errors import ImportFailed, Problem
from budget.ledger.imports.organisation.committees import Committees, NewCommittee
from budget.ledger.imports.organisation.reading import ReadUnits, UnitRow
from budget.ledger.models import Account
from budget.ledger.selectors import account_mapper
from municipality.organisation.models import OrgUnit
from municipality.periods.models import FiscalYear

MAX_PROBLEMS = 200


@dataclass(frozen=True)
class Move:
    """A unit placed elsewhere: under another parent, or in another committee."""

    line: int
    code: str
    name: str
    old_place: str  # the old parent's code, or the committee's short code for a top unit
    new_place: str


@dataclass(frozen=True)
class Rename:
    line: int
    code: str
    old: str
    new: str


@dataclass
class PreparedOrganisation:
    """What the import will do, in the order it does it: shown, then applied as it stands."""

    year: int
    rows: list[UnitRow]  # parents before their children
    committees: dict[str, str]  # each row's committee text → its short code
    new_committees: list[NewCommittee]
    depths: dict[str, int]  # each row's code → its depth in the tree it will have
    new_units: list[UnitRow]
    renames: list[Rename]
    kind_changes: list[Rename]
    moves: list[Move]
    unchanged: int
    left_alone: int  # units of the year that the file does not name
    new_accounts: dict[str, str] = field(default_factory=dict)
    renamed_accounts: list[Rename] = field(default_factory=list)
    unchanged_accounts: int = 0
    other_accounts: int = 0  # outside classes 3–8: not followed up, not created
    unmapped_accounts: list[str] = field(default_factory=list)
    by_mapping: int = 0
    by_rule: int = 0
    rule: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return (
            len(self.new_committees)
            + len(self.new_units)
            + len(self.renames)
            + len(self.kind_changes)
            + len(self.moves)
            + len(self.new_accounts)
            + len(self.renamed_accounts)
        )


@dataclass(frozen=True)
class _Existing:
    pk: int
    code: str
    name: str
    kind: str
    parent_code: str
    committee: str  # short code
    valid_from: int


def _existing_units(year: int) -> dict[str, _Existing]:
    """The year's units by code, with their parent's code: one query."""
    rows = OrgUnit.objects.valid_in(year).values_list(
        "pk", "code", "name", "kind", "parent__code", "committee__short_code", "valid_from"
    )
    return {
        code: _Existing(pk, code, name, kind, parent or "", committee, valid_from)
        for pk, code, name, kind, parent, committee, valid_from in rows
    }


class _Problems(list[Problem]):
    def add(self, line: int | None, message: str) -> None:
        if len(self) < MAX_PROBLEMS:
            self.append(Problem(line, message))


def organisation_prepare(read: ReadUnits, *, year: int) -> PreparedOrganisation:
    """Check the units ``read`` against the year's organisation; raises ``ImportFailed``
    naming every problem with its line, or returns what applying would change."""
    problems = _Problems(read.problems)
    committees = Committees.load(year)
    existing = _existing_units(year)
    # The ledger's units that Tertial has already stay where the sheet or the admin put them.
    known = {row.code for row in read.rows if row.from_ledger and row.code in existing}
    rows = _readable_rows(
        [row for row in read.rows if row.code not in known], committees, problems, year
    )
    by_code = {row.code: row for row in rows}
    resolved = {row.code: committees.short_code(row.committee, row.line) for row in rows}
    # A parent with a problem of its own is not reported missing below it as well.
    named = {row.code for row in read.rows} | read.unreadable
    depths = _check_tree(rows, by_code, resolved, existing, problems, year, named)
    _check_codes_free(rows, existing, problems, year)
    if problems:
        raise ImportFailed(sorted(problems, key=lambda p: p.line or 0))
    if not rows and not known:
        raise ImportFailed([Problem(None, _("The file names no units."))])
    prepared = PreparedOrganisation(
        year=year,
        rows=sorted(rows, key=lambda row: (depths[row.code], row.line)),
        committees={row.committee: resolved[row.code] for row in rows},
        new_committees=sorted(committees.new.values(), key=lambda c: c.line),
        depths=depths,
        new_units=[],
        renames=[],
        kind_changes=[],
        moves=[],
        unchanged=len(known),
        left_alone=len(set(existing) - set(by_code) - known),
        notes=list(read.notes),
    )
    for row in rows:
        _compare(prepared, row, existing.get(row.code), resolved[row.code])
    prepared.by_mapping = sum(1 for row in rows if row.committee_from == "mapping")
    prepared.by_rule = sum(1 for row in rows if row.committee_from == "rule")
    _accounts(prepared, read.accounts)
    return prepared


def _readable_rows(
    rows: list[UnitRow], committees: Committees, problems: _Problems, year: int
) -> list[UnitRow]:
    """The rows with a code, a name and a committee, each code once."""
    first_line: dict[str, int] = {}
    kept = []
    for row in rows:
        message = None
        if not row.code:
            message = _("The unit has no code.")
        elif len(row.code) > 20:
            message = _("The code %(code)s is longer than 20 characters.") % {"code": row.code}
        elif not row.name:
            message = _("The unit %(code)s has no name.") % {"code": row.code}
        elif not row.committee and row.from_ledger:
            message = _(
                "The ledger's unit %(code)s %(name)s is not in the mapping sheet, and no "
                "prefix rule gives its committee."
            ) % {"code": row.code, "name": row.name}
        elif not row.committee:
            message = _("The unit %(code)s has no committee.") % {"code": row.code}
        elif row.code in first_line:
            message = _("The code %(code)s is on line %(first)s too.") % {
                "code": row.code,
                "first": first_line[row.code],
            }
        elif row.valid_from is not None and row.valid_from > year:
            message = _("The unit %(code)s is valid only from %(from)s, after %(year)s.") % {
                "code": row.code,
                "from": row.valid_from,
                "year": year,
            }
        if message is None:
            try:
                committees.short_code(row.committee, row.line)
            except ValueError as error:
                message = str(error)
        if message is not None:
            problems.add(row.line, message)
            continue
        first_line[row.code] = row.line
        kept.append(row)
    return kept


def _check_tree(
    rows: list[UnitRow],
    by_code: dict[str, UnitRow],
    resolved: dict[str, str],
    existing: dict[str, _Existing],
    problems: _Problems,
    year: int,
    named: set[str],
) -> dict[str, int]:
    """Each unit's depth in the tree it will have; a problem for a parent that does not
    exist, is in another committee, starts later, or for a cycle."""

    def parent_of(code: str) -> str:
        row = by_code.get(code)
        return row.parent if row is not None else existing[code].parent_code

    def committee_of(code: str) -> str:
        return resolved[code] if code in by_code else existing[code].committee

    def starts(code: str) -> int:
        if code in by_code:
            return by_code[code].valid_from or year
        return existing[code].valid_from

    depths: dict[str, int] = {}
    for row in rows:
        if not row.parent:
            continue
        if row.parent not in by_code and row.parent not in existing:
            if row.parent in named:
                continue
            problems.add(
                row.line,
                _(
                    "The parent %(parent)s of %(code)s is neither in the file nor a unit in "
                    "%(year)s."
                )
                % {"parent": row.parent, "code": row.code, "year": year},
            )
        elif committee_of(row.parent) != resolved[row.code]:
            problems.add(
                row.line,
                _(
                    "The parent %(parent)s is in the committee %(other)s, the unit %(code)s "
                    "in %(committee)s."
                )
                % {
                    "parent": row.parent,
                    "other": committee_of(row.parent),
                    "code": row.code,
                    "committee": resolved[row.code],
                },
            )
        elif row.code not in existing and starts(row.parent) > (row.valid_from or year):
            problems.add(
                row.line,
                _("The unit %(code)s would start before its parent %(parent)s.")
                % {"code": row.code, "parent": row.parent},
            )
    known = set(by_code) | set(existing)
    for row in rows:
        chain = [row.code]
        code = row.code
        while (code := parent_of(code)) and code in known:
            if code in chain:
                if code == row.code:  # reported once per unit in the cycle, at its line
                    problems.add(
                        row.line,
                        _("The units %(chain)s form a cycle: each is placed under the next.")
                        % {"chain": " → ".join([*chain, code])},
                    )
                break
            chain.append(code)
        else:
            depths[row.code] = len(chain) - 1
    return depths


def _check_codes_free(
    rows: list[UnitRow], existing: dict[str, _Existing], problems: _Problems, year: int
) -> None:
    """A new unit valid from before ``year`` must not share its code with a unit of those
    years (one that has ended since)."""
    early = {row.code: row for row in rows if row.code not in existing and row.valid_from}
    if not early:
        return
    clashes = OrgUnit.objects.filter(code__in=early).filter(
        Q(valid_to__isnull=True)
        | Q(valid_to__gte=min(r.valid_from or year for r in early.values()))
    )
    for code, valid_to in clashes.values_list("code", "valid_to"):
        row = early[code]
        if valid_to is None or valid_to >= (row.valid_from or year):
            problems.add(
                row.line,
                _("Another unit had the code %(code)s in some of the same years.") % {"code": code},
            )


def _compare(
    prepared: PreparedOrganisation, row: UnitRow, old: _Existing | None, committee: str
) -> None:
    if old is None:
        prepared.new_units.append(row)
        return
    changed = False
    if old.name != row.name:
        prepared.renames.append(Rename(row.line, row.code, old.name, row.name))
        changed = True
    if row.kind and row.kind != old.kind:
        prepared.kind_changes.append(Rename(row.line, row.code, old.kind, row.kind))
        changed = True
    if old.parent_code != row.parent or old.committee != committee:
        prepared.moves.append(
            Move(
                row.line,
                row.code,
                row.name,
                old_place=old.parent_code or old.committee,
                new_place=row.parent or committee,
            )
        )
        changed = True
    if not changed:
        prepared.unchanged += 1


def _accounts(prepared: PreparedOrganisation, accounts: dict[str, str]) -> None:
    """The ledger's operating accounts (classes 3–8) to create or rename, and those that
    roll up to no report line of the year."""
    operating = {
        n: name for n, name in accounts.items() if n.isdigit() and n[:1] in OPERATING_CLASSES
    }
    prepared.other_accounts = len(accounts) - len(operating)
    if not operating:
        return
    known = dict(Account.objects.filter(number__in=operating).values_list("number", "name"))
    for number, name in sorted(operating.items()):
        if number not in known:
            prepared.new_accounts[number] = name
        elif known[number] != name:
            prepared.renamed_accounts.append(Rename(0, number, known[number], name))
        else:
            prepared.unchanged_accounts += 1
    prepared.unmapped_accounts = account_mapper(year=prepared.year).unmapped(operating)
    # Said as the actuals import says it: accounts outside every range are shown apart.
    prepared.notes.extend(unmapped_notes(prepared.year, set(operating)))


def organisation_year(year: int | None) -> int:
    """The year the organisation is imported into: the one given, or the fiscal year of
    today (the latest before it, else the first)."""
    years = sorted(FiscalYear.objects.values_list("year", flat=True))
    if year is not None:
        if year not in years:
            raise ImportFailed(
                [
                    Problem(
                        None,
                        _("There is no fiscal year %(year)s; set it up first.") % {"year": year},
                    )
                ]
            )
        return year
    if not years:
        raise ImportFailed(
            [
                Problem(
                    None,
                    _(
                        "There is no fiscal year yet: set up the municipality first "
                        "(manage.py setup_municipality)."
                    ),
                )
            ]
        )
    today = timezone.localdate().year
    return max((y for y in years if y <= today), default=years[0])
