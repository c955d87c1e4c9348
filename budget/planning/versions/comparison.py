"""Two versions of a year's budget side by side: per committee, per unit, per report line.

``version_comparison`` reads a constant number of queries however large the municipality
(``amounts``), then sums in Python: the exact kronor of each unit and line, each unit's
net, each committee's lines and net, and the municipality's. The council's frames exist
only per committee: compared with them, a unit's and a line's cells are empty.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from budget.ledger.lines import subtotal_amounts
from budget.ledger.models import AccountGroup
from budget.ledger.selectors import ReportLine, report_lines
from budget.planning.versions.amounts import (
    LineAmounts,
    UnitAmounts,
    added,
    change_amounts,
    frame_amounts,
    version_amounts,
)
from budget.planning.versions.choices import VersionChoice, budget_versions_of
from municipality.access import policy
from municipality.formats.numbers import change_percent
from municipality.models import Committee, OrgUnit, User

ZERO = Decimal(0)


class UnknownVersion(ValueError):
    """A key that names none of the year's versions."""


@dataclass(frozen=True, slots=True)
class Row:
    """One report line (or the net) of a unit, a committee or the municipality, in the
    ledger's sign and exact kronor; None where the version has no figure at this level."""

    label: str
    kind: str  # "line", "subtotal", "unmapped", "net"
    left: Decimal | None
    right: Decimal | None

    @property
    def difference(self) -> Decimal | None:
        """Right − left."""
        if self.left is None or self.right is None:
            return None
        return self.right - self.left

    @property
    def percent(self) -> Decimal | None:
        if self.left is None or self.right is None:
            return None
        return change_percent(self.right, self.left)

    @property
    def differs(self) -> bool:
        return self.left is not None and self.right is not None and self.left != self.right


@dataclass(frozen=True, slots=True)
class Block:
    """A unit's, a committee's or the municipality's rows: its lines, then its net."""

    label: str
    kind: str  # "unit", "committee", "total"
    pk: int | None
    rows: list[Row]
    net: Row


@dataclass(frozen=True)
class CommitteeComparison:
    committee: Block
    units: list[Block]  # the units with amounts, in tree order
    # Whether the reader sees every unit of the committee: else its sums are of theirs only.
    complete: bool


@dataclass(frozen=True)
class Comparison:
    year: int
    left: VersionChoice
    right: VersionChoice
    choices: list[VersionChoice]
    committees: list[CommitteeComparison]
    # The municipality's: only for those who see all of it, and not for one committee.
    total: Block | None
    whole_municipality: bool

    @property
    def has_frames(self) -> bool:
        return self.left.is_frames or self.right.is_frames


@dataclass(frozen=True)
class _Lines:
    """The year's report lines, and the subtotal that adds them all up (the net), if any."""

    lines: list[ReportLine]
    net_name: str
    net_ids: frozenset[int]

    @classmethod
    def of(cls, year: int) -> _Lines:
        lines = report_lines(year=year)
        line_ids = {line.pk for line in lines if line.kind == AccountGroup.Kind.LINE}
        nets = [line for line in lines if line.kind != "line" and set(line.components) == line_ids]
        net_name = nets[-1].name if nets else _("Net")
        return cls(lines, net_name, frozenset(line.pk for line in nets))


def _row_values(lines: _Lines, amounts: LineAmounts | None) -> dict[int, Decimal] | None:
    """Per report line and subtotal; the unmapped accounts (None) are a row of their own."""
    if amounts is None:
        return None
    return subtotal_amounts(lines.lines, {k: v for k, v in amounts.items() if k is not None})


def _block(
    lines: _Lines,
    label: str,
    kind: str,
    pk: int | None,
    left: LineAmounts | None,
    right: LineAmounts | None,
    nets: tuple[Decimal | None, Decimal | None] = (None, None),
) -> Block:
    """A block's rows; a side of None (the frames) has only its net, given in ``nets``."""
    left_rows, right_rows = _row_values(lines, left), _row_values(lines, right)
    rows = []
    for line in lines.lines:
        if line.pk in lines.net_ids:
            continue  # shown as the block's net, which counts the unmapped accounts too
        kind_of = "line" if line.kind == AccountGroup.Kind.LINE else "subtotal"
        left_value = None if left_rows is None else left_rows.get(line.pk, ZERO)
        right_value = None if right_rows is None else right_rows.get(line.pk, ZERO)
        if kind_of == "line" and not left_value and not right_value:
            continue  # a line neither version budgets: no row, as a unit without amounts
        rows.append(Row(line.name, kind_of, left_value, right_value))
    if (left and None in left) or (right and None in right):
        rows.append(
            Row(
                _("Accounts on no report line"),
                "unmapped",
                None if left is None else left.get(None, ZERO),
                None if right is None else right.get(None, ZERO),
            )
        )
    net_left = nets[0] if left is None else sum(left.values(), ZERO)
    net_right = nets[1] if right is None else sum(right.values(), ZERO)
    return Block(label, kind, pk, rows, Row(lines.net_name, "net", net_left, net_right))


def _sum(parts: list[LineAmounts]) -> LineAmounts:
    total: LineAmounts = {}
    for part in parts:
        for line, amount in part.items():
            total[line] = total.get(line, ZERO) + amount
    return total


def _side_amounts(
    choices: tuple[VersionChoice, ...],
    *,
    year: int,
    units: QuerySet[OrgUnit] | None,
    per_unit: bool,
) -> list[UnitAmounts | None]:
    """Each side's amounts per unit (or committee) and line, None for the frames: two
    queries at most."""
    version_ids = [c.version_id for c in choices if c.version_id is not None]
    positions = [c.position for c in choices if c.position is not None]
    per_committee = not per_unit
    versions = version_amounts(version_ids, year=year, units=units, per_committee=per_committee)
    changes = change_amounts(positions, year=year, units=units, per_committee=per_committee)
    result: list[UnitAmounts | None] = []
    for choice in choices:
        if choice.is_frames or choice.version_id is None:
            result.append(None)
        elif choice.position is not None:
            result.append(added(versions[choice.version_id], changes[choice.position]))
        else:
            result.append(versions[choice.version_id])
    return result


def _complete_committees(year: int, visible: Q) -> set[int]:
    """The committees all of whose units of the year the reader sees: one query."""
    counts = (
        OrgUnit.objects.valid_in(year)
        .values("committee_id")
        .annotate(units=Count("pk"), seen=Count("pk", filter=visible))
    )
    return {row["committee_id"] for row in counts if row["units"] == row["seen"]}


def version_comparison(
    *,
    year: int,
    left: str,
    right: str,
    committee: Committee | None = None,
    user: User | None = None,
    choices: list[VersionChoice] | None = None,
    per_unit: bool = True,
) -> Comparison:
    """``left`` and ``right`` (keys of ``budget_versions_of``) side by side, for the
    committee or the whole municipality, as far as ``user`` may see it (all without user).

    Raises ``UnknownVersion`` for a key that is not one of the year's versions. ``choices``
    are the year's ``budget_versions_of``, when the caller has read them already. Without
    ``per_unit`` only the committees' rows are summed (in SQL), and their ``units`` are empty.
    """
    choices = budget_versions_of(year=year) if choices is None else choices
    by_key = {choice.key: choice for choice in choices}
    if left not in by_key or right not in by_key:
        raise UnknownVersion(left if left not in by_key else right)
    sides = (by_key[left], by_key[right])
    visible = Q() if user is None else policy.units_filter(user, policy.Action.VIEW_UNIT)
    whole = visible == Q()
    units_qs = None if whole else OrgUnit.objects.filter(visible)
    if committee is not None:
        base = OrgUnit.objects.filter(committee=committee)
        units_qs = base if units_qs is None else units_qs.filter(committee=committee)
    amounts = _side_amounts(sides, year=year, units=units_qs, per_unit=per_unit)
    keys = set().union(*(a.keys() for a in amounts if a is not None))
    units: list[tuple[int, str, str, int]] = []
    if per_unit:
        units = list(
            OrgUnit.objects.filter(pk__in=keys)
            .order_by("committee__order", "committee__name", "path")
            .values_list("pk", "code", "name", "committee_id")
        )
    with_amounts = {u[3] for u in units} if per_unit else keys
    frames = frame_amounts(year=year) if any(s.is_frames for s in sides) else {}
    complete = set(frames) | with_amounts if whole else _complete_committees(year, visible)
    committee_ids = with_amounts | {c for c in frames if c in complete}
    if committee is not None:
        committee_ids &= {committee.pk}
    committees = list(Committee.objects.filter(pk__in=committee_ids).order_by("order", "name"))
    lines = _Lines.of(year)
    return _assemble(
        lines,
        sides,
        choices,
        amounts,
        units,
        committees,
        frames,
        complete,
        whole,
        year,
        single=committee is not None,
        per_unit=per_unit,
    )


def _assemble(
    lines: _Lines,
    sides: tuple[VersionChoice, VersionChoice],
    choices: list[VersionChoice],
    amounts: list[UnitAmounts | None],
    units: list[tuple[int, str, str, int]],
    committees: list[Committee],
    frames: dict[int, Decimal | None],
    complete: set[int],
    whole: bool,
    year: int,
    *,
    single: bool,
    per_unit: bool,
) -> Comparison:
    left_amounts, right_amounts = amounts
    keys = set().union(*(a.keys() for a in amounts if a is not None))
    by_committee: dict[int, list[tuple[int, str, str, int]]] = defaultdict(list)
    for unit in units:
        by_committee[unit[3]].append(unit)

    def side(of: UnitAmounts | None, unit_id: int) -> LineAmounts | None:
        return None if of is None else of.get(unit_id, {})

    def sums(of: UnitAmounts | None, unit_ids: list[int]) -> LineAmounts | None:
        return None if of is None else _sum([of.get(pk, {}) for pk in unit_ids])

    def committee_sums(of: UnitAmounts | None, pk: int, ids: list[int]) -> LineAmounts | None:
        if of is None or per_unit:
            return sums(of, ids)
        return of.get(pk, {})  # summed per committee already

    def frame(choice: VersionChoice, committee_id: int) -> Decimal | None:
        return frames.get(committee_id) if choice.is_frames and committee_id in complete else None

    result = []
    for committee in committees:
        members = by_committee.get(committee.pk, [])
        blocks = [
            _block(
                lines,
                f"{code} {name}",
                "unit",
                pk,
                side(left_amounts, pk),
                side(right_amounts, pk),
            )
            for pk, code, name, _c in members
        ]
        ids = [pk for pk, *_rest in members]
        nets = (frame(sides[0], committee.pk), frame(sides[1], committee.pk))
        head = _block(
            lines,
            committee.name,
            "committee",
            committee.pk,
            committee_sums(left_amounts, committee.pk, ids),
            committee_sums(right_amounts, committee.pk, ids),
            nets,
        )
        result.append(CommitteeComparison(head, blocks, committee.pk in complete))
    total = None
    if whole and not single:
        every = sorted(keys)  # the units', or the committees'
        shown = [c.pk for c in committees]
        nets = (
            _frames_total(frames, shown) if sides[0].is_frames else None,
            _frames_total(frames, shown) if sides[1].is_frames else None,
        )
        total = _block(
            lines,
            _("The municipality"),
            "total",
            None,
            sums(left_amounts, every),
            sums(right_amounts, every),
            (nets[0], nets[1]),
        )
    return Comparison(year, sides[0], sides[1], choices, result, total, whole)


def _frames_total(frames: dict[int, Decimal | None], committee_ids: list[int]) -> Decimal | None:
    values = [value for pk in committee_ids if (value := frames.get(pk)) is not None]
    return sum(values, ZERO) if values else None
