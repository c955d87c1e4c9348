"""The committee's budget grid for a budget year, read from the database.

One block per unit of the committee the user may see (valid in the budget year), one row
per report line of the budget year, with last year's budget and outcome booked on the unit
itself (not its subtree), the indexed proposal, and what has been entered. The committee's
sums against its frames count every row, seen or not.

A fixed number of queries, however many units there are.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import lru_cache

from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from budget.ledger import signs
from budget.ledger.models import AccountGroup
from budget.planning.budgets.cells import EntryCell, cells_fill
from budget.planning.budgets.folding import blocks_unfold
from budget.planning.budgets.selectors import (
    PLAN_FIELDS,
    PlanLine,
    committee_frames,
    committee_sums,
    council_plan_of,
    last_year_own,
    plan_lines,
)
from budget.planning.models import (
    BudgetProfile,
    BudgetRow,
    BudgetRowSubmission,
    CommitteeBudget,
    CouncilPlan,
)
from municipality.access import policy
from municipality.editing.models import EDITABLE_STATES
from municipality.formats.numbers import format_percent
from municipality.models import MONTH_NAMES, Municipality, OrgUnit, User
from municipality.organisation.selectors import municipality_current

ZERO = Decimal(0)
CENT = Decimal("0.01")
Uplift = AccountGroup.Uplift


@dataclass
class PlanRow:
    key: str  # "u12-g34": the unit and the report line
    unit: OrgUnit
    line: PlanLine
    last_budget: Decimal = ZERO
    last_actual: Decimal = ZERO
    index: Decimal = ZERO  # the council's index for the line's uplift, in percent
    method: str = ""
    volume: Decimal | None = None
    amount: Decimal | None = None
    plan1: Decimal | None = None
    plan2: Decimal | None = None
    profile: str = BudgetProfile.EVEN
    months: list[str] | None = None
    volume_version: int = 0
    amount_version: int = 0
    plan1_version: int = 0
    plan2_version: int = 0
    profile_version: int = 0
    months_version: int = 0
    row_id: int | None = None
    updated_by: User | None = None
    updated_at: datetime | None = None
    cells: list[EntryCell] = dataclasses.field(default_factory=list)  # ``cells.cells_fill``'s
    profile_aria: str = ""

    @property
    def proposal(self) -> Decimal:
        """Last year's budget raised by the line's index, plus the known volume change."""
        raised = self.last_budget * (1 + self.index / 100)
        return (raised + (self.volume or ZERO)).quantize(CENT)

    @property
    def label(self) -> str:
        return f"{self.unit.code} {self.unit.name} · {self.line.name}"

    def version(self, name: str) -> int:
        return int(getattr(self, f"{name}_version"))

    @property
    def profile_label(self) -> str:
        return str(BudgetProfile(self.profile).label)


@dataclass
class UnitBlock:
    unit: OrgUnit
    rows: list[PlanRow]
    submission: BudgetRowSubmission
    can_edit: bool = False
    can_submit: bool = False
    can_approve: bool = False
    mine: bool = False  # the user may enter its budget (whatever state it is in)
    opened: bool = True  # shown row by row; a folded unit shows one row of its sums
    sums_shown: list[str] = dataclasses.field(default_factory=list)  # a folded unit's
    status_url: str = ""  # its workflow's buttons
    open_url: str = ""  # its rows, opened in place

    @property
    def key(self) -> str:
        return f"u{self.unit.pk}"

    @property
    def state_label(self) -> str:
        """The submission's state, said without ``get_state_display``'s choices dict, which
        it builds anew each time: twice per unit of a committee of hundreds."""
        return str(BudgetRowSubmission.State(self.submission.state).label)

    def total(self, name: str) -> Decimal:
        return sum((getattr(row, name) or ZERO for row in self.rows), ZERO)

    @property
    def totals(self) -> dict[str, Decimal]:
        names = ("last_budget", "last_actual", "proposal", "volume", *PLAN_FIELDS)
        return {name: self.total(name) for name in names}

    @property
    def can_return(self) -> bool:
        return self.can_approve and self.submission.state in (
            BudgetRowSubmission.State.SUBMITTED,
            BudgetRowSubmission.State.APPROVED,
        )

    @property
    def is_editable(self) -> bool:
        return self.submission.state in EDITABLE_STATES


@dataclass(frozen=True)
class FrameLine:
    """A year's frame against the sum of the committee's rows (ledger sign)."""

    year: int
    field: str
    frame: Decimal | None
    total: Decimal

    @property
    def remaining(self) -> Decimal | None:
        return None if self.frame is None else self.frame - self.total

    @property
    def excess(self) -> Decimal:
        return -(self.remaining or ZERO)

    @property
    def exceeds(self) -> bool:
        return self.remaining is not None and self.remaining < 0


@dataclass
class PlanGrid:
    budget: CommitteeBudget
    plan: CouncilPlan | None
    municipality: Municipality | None
    units: list[UnitBlock]
    frames: list[FrameLine]
    actual_months: int  # last year's months booked so far

    @property
    def year(self) -> int:
        return self.budget.fiscal_year.year

    @property
    def result_sign(self) -> bool:
        return signs.result_sign(self.municipality)

    @property
    def is_decided(self) -> bool:
        return self.budget.is_decided

    def shown(self, value: Decimal | None) -> Decimal | None:
        """An amount in the municipality's presentation sign."""
        return signs.presented(value, result=self.result_sign)

    @property
    def can_edit(self) -> bool:
        return any(block.can_edit for block in self.units)

    @property
    def is_folded(self) -> bool:
        return any(not block.opened for block in self.units)

    @property
    def actual_label(self) -> str:
        year = self.year - 1
        if not self.actual_months:
            return _("Actual %(year)s") % {"year": year}
        return _("Actual %(year)s, %(first)s–%(last)s") % {
            "year": year,
            "first": str(MONTH_NAMES[1])[:3].lower(),
            "last": str(MONTH_NAMES[self.actual_months])[:3].lower(),
        }

    @property
    def can_decide(self) -> bool:
        return bool(self.units) and all(
            block.submission.state == BudgetRowSubmission.State.APPROVED for block in self.units
        )

    def block(self, unit_pk: int) -> UnitBlock | None:
        return next((block for block in self.units if block.unit.pk == unit_pk), None)

    def row(self, key: str) -> PlanRow | None:
        return next((row for block in self.units for row in block.rows if row.key == key), None)


def method_label(*, year: int, uplift: str, index: Decimal | None, volume: bool) -> str:
    """How the proposal was made: "Budget 2026 + 2,5 % wage index + volume"."""
    parts = [_("Budget %(year)s") % {"year": year - 1}]
    if uplift == Uplift.WAGE:
        parts.append(_("%(index)s wage index") % {"index": format_percent(index or ZERO)})
    elif uplift == Uplift.PRICE:
        parts.append(_("%(index)s price index") % {"index": format_percent(index or ZERO)})
    if volume:
        parts.append(_("volume"))
    return " + ".join(parts)


def _index_of(plan: CouncilPlan | None, uplift: str) -> Decimal:
    if plan is None or uplift == Uplift.NONE:
        return ZERO
    index = plan.wage_index if uplift == Uplift.WAGE else plan.price_index
    return index or ZERO


def budget_grid(
    *,
    budget: CommitteeBudget,
    user: User,
    unit: OrgUnit | None = None,
    lines: list[PlanLine] | None = None,
    municipality: Municipality | None = None,
    opened: Collection[int] = (),
) -> PlanGrid:
    """The grid of ``budget`` as ``user`` may see it; with ``unit``, only that unit's block
    (the answer to a saved cell), the committee's sums still over every row. A large
    committee's blocks are folded but those ``opened`` (see ``folding.blocks_unfold``)."""
    year = budget.fiscal_year.year
    plan = council_plan_of(year=year)
    if municipality is None:
        municipality = municipality_current()
    if lines is None:
        lines = plan_lines(year=year)
    committee_units = list(
        OrgUnit.objects.valid_in(year).filter(committee_id=budget.committee_id).order_by("path")
    )
    shown = [
        u
        for u in committee_units
        if (unit is None or u.pk == unit.pk) and policy.can(user, policy.Action.VIEW_UNIT, unit=u)
    ]
    ids = [u.pk for u in shown]
    children: dict[int, list[int]] = defaultdict(list)
    for u in committee_units:
        if u.parent_id is not None:
            children[u.parent_id].append(u.pk)
    last_budget, last_actual, months = last_year_own(year - 1, ids, children)
    stored = {
        (r.unit_id, r.group_id): r
        for r in BudgetRow.objects.filter(budget=budget, unit_id__in=ids).select_related(
            "updated_by"
        )
    }
    submissions = {
        s.unit_id: s
        for s in BudgetRowSubmission.objects.filter(budget=budget, unit_id__in=ids).select_related(
            "updated_by"
        )
    }
    blocks = []
    for u in shown:
        rows = [
            _row(u, line, plan, year, stored.get((u.pk, line.pk)), last_budget, last_actual)
            for line in lines
        ]
        submission = submissions.get(u.pk) or BudgetRowSubmission(budget=budget, unit=u)
        blocks.append(_block(u, rows, submission, user, budget))
    frames = committee_frames(plan=plan, committee=budget.committee)
    sums = committee_sums(budget=budget)
    frame_lines = [
        FrameLine(year + offset, name, frames.get(year + offset), sums[name])
        for offset, name in enumerate(PLAN_FIELDS)
    ]
    grid = PlanGrid(budget, plan, municipality, blocks, frame_lines, months)
    blocks_unfold(blocks, opened=opened, result=grid.result_sign)
    shown_rows = (row for block in blocks if block.opened for row in block.rows)
    cells_fill(shown_rows, year=year, result=grid.result_sign)
    return grid


def _block(
    unit: OrgUnit,
    rows: list[PlanRow],
    submission: BudgetRowSubmission,
    user: User,
    budget: CommitteeBudget,
) -> UnitBlock:
    # The three actions asked one by one: ``policy.decide`` asks every action, for each of a
    # large committee's hundreds of units.
    open_ = not budget.is_decided and submission.state in EDITABLE_STATES
    mine = policy.can(user, policy.Action.EDIT_BUDGET, unit=unit)
    return UnitBlock(
        unit,
        rows,
        submission,
        status_url=_unit_url("budget:plan-budget-status", budget.pk, unit.pk),
        open_url=_unit_url("budget:plan-budget-unit", budget.pk, unit.pk),
        mine=mine,
        can_edit=open_ and mine,
        can_submit=open_ and policy.can(user, policy.Action.SUBMIT_BUDGET, unit=unit),
        can_approve=not budget.is_decided
        and policy.can(user, policy.Action.APPROVE_BUDGET, unit=unit),
    )


_NO_UNIT = 2**31 - 1  # an id no unit has: the place of a unit's id in a reversed URL


@lru_cache(maxsize=32)
def _unit_url_pattern(name: str, budget_pk: int, prefix: str) -> str:
    return reverse(name, args=[budget_pk, _NO_UNIT])


def _unit_url(name: str, budget_pk: int, unit_pk: int) -> str:
    """A unit's URL under its budget, reversed once for a committee's hundreds of units."""
    pattern = _unit_url_pattern(name, budget_pk, get_script_prefix())
    return pattern.replace(str(_NO_UNIT), str(unit_pk))


def _row(
    unit: OrgUnit,
    line: PlanLine,
    plan: CouncilPlan | None,
    year: int,
    stored: BudgetRow | None,
    last_budget: dict[tuple[int, int], Decimal],
    last_actual: dict[tuple[int, int], Decimal],
) -> PlanRow:
    previous = (unit.pk, line.previous_pk or 0)
    row = PlanRow(
        key=f"u{unit.pk}-g{line.pk}",
        unit=unit,
        line=line,
        last_budget=last_budget.get(previous, ZERO),
        last_actual=last_actual.get(previous, ZERO),
        index=_index_of(plan, line.uplift),
    )
    if stored is not None:
        for name in ("volume", *PLAN_FIELDS, "profile", "months"):
            setattr(row, name, getattr(stored, name))
            setattr(row, f"{name}_version", getattr(stored, f"{name}_version"))
        row.row_id, row.updated_by, row.updated_at = stored.pk, stored.updated_by, stored.updated_at
    row.method = _method_label(year, line.uplift, row.index, row.volume is not None)
    return row


@lru_cache(maxsize=64)
def _method_label_cached(language: str | None, *args: object) -> str:
    year, uplift, index, volume = args
    return method_label(year=year, uplift=uplift, index=index, volume=volume)  # type: ignore[arg-type]


def _method_label(year: int, uplift: str, index: Decimal, volume: bool) -> str:
    """``method_label``, said once per language for a thousand rows of a few kinds."""
    return _method_label_cached(get_language(), year, uplift, index, volume)
