"""Resursfördelning: the council's financial goals, the committee's frame and its allocations
in mnkr, the efficiency requirement, and the committee's budget per verksamhetsområde and per
account group for the budget year and the two plan years, in tkr.

Verksamhetsområden are the children of the committee's top units (as the reports' operating
accounts name them), a top unit's own rows on a row of their own under its name; a top unit
without children is one itself. Amounts are shown in the municipality's presentation sign;
allocations and the efficiency requirement as the amounts the plan names (seed 002: "Anslaget
för kommungemensamt 171,7 mnkr", "besparingar på 14,3 mnkr").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from budget.ledger.models.accounts import AccountGroup
from budget.ledger.signs import presented, result_sign
from budget.planning.models import (
    CommitteeBudget,
    CouncilPlan,
    FinancialGoal,
    Frame,
    FrameAllocation,
)
from followup.reports.tables import ReportTable, TableRow
from municipality.formats.numbers import format_mnkr, format_percent
from municipality.models import Committee, Municipality, OrgUnit

ZERO = Decimal(0)
Years = tuple[Decimal, Decimal, Decimal]


@dataclass
class Resources:
    council_plan: CouncilPlan | None
    financial_goals: list[FinancialGoal]
    frame: Frame | None
    frame_mnkr: str
    allocations: list[tuple[str, str]]  # (name, amount in mnkr with its unit)
    efficiency: str  # the sentence, or ""
    budget: CommitteeBudget | None
    tables: list[ReportTable] = field(default_factory=list)

    @property
    def council_decided(self) -> bool:
        return self.council_plan is not None and self.council_plan.is_decided

    @property
    def budget_decided(self) -> bool:
        return self.budget is not None and self.budget.is_decided


def mnkr(amount: Decimal) -> str:
    """``171,7 mnkr``, the number and its unit never apart."""
    return f"{format_mnkr(amount)}\u00a0mnkr"


def efficiency_sentence(frame: Frame | None) -> str:
    """Seed 002's "Effektiviseringsåtgärderna ska motsvara besparingar på 14,3 mnkr." (or a
    percentage of the frame)."""
    if frame is None:
        return ""
    if frame.efficiency_amount is not None:
        return _("The efficiency measures shall amount to savings of %(amount)s.") % {
            "amount": mnkr(abs(frame.efficiency_amount))
        }
    if frame.efficiency_percent is not None:
        return _("The efficiency measures shall amount to savings of %(percent)s of the frame.") % {
            "percent": format_percent(frame.efficiency_percent)
        }
    return ""


def _frame(committee: Committee, year: int) -> tuple[CouncilPlan | None, Frame | None]:
    council_plan = CouncilPlan.objects.filter(fiscal_year__year=year).first()
    if council_plan is None:
        return None, None
    frame = Frame.objects.filter(plan=council_plan, committee=committee, year=year).first()
    return council_plan, frame


def plan_resources(committee: Committee, year: int, municipality: Municipality | None) -> Resources:
    council_plan, frame = _frame(committee, year)
    allocations = (
        list(FrameAllocation.objects.filter(frame=frame).order_by("order", "pk"))
        if frame is not None
        else []
    )
    budget = (
        CommitteeBudget.objects.filter(committee=committee, fiscal_year__year=year)
        .select_related("fiscal_year")
        .first()
    )
    resources = Resources(
        council_plan=council_plan,
        financial_goals=(
            list(council_plan.financial_goals.order_by("order", "pk")) if council_plan else []
        ),
        frame=frame,
        frame_mnkr=mnkr(frame.amount) if frame and frame.amount is not None else "",
        allocations=[(a.name, mnkr(abs(a.amount))) for a in allocations if a.amount is not None],
        efficiency=efficiency_sentence(frame),
        budget=budget,
    )
    if budget is not None:
        resources.tables = budget_tables(budget, committee, year, municipality)
    return resources


def _areas(committee: Committee, year: int) -> list[tuple[str, str]]:
    """The verksamhetsområden as (path, name), a top unit's own rows under its own name
    (its path matched exactly, after its children)."""
    units = list(
        OrgUnit.objects.valid_in(year)
        .filter(committee=committee, depth__lte=1)
        .order_by("depth", "order", "code")
    )
    roots = [unit for unit in units if unit.parent_id is None]
    areas = []
    for root in roots:
        children = [unit for unit in units if unit.parent_id == root.pk]
        areas += [(child.path, child.name) for child in children]
        areas.append((f"={root.path}" if children else root.path, root.name))
    return areas


def _area_of(path: str, areas: list[tuple[str, str]]) -> int | None:
    for index, (prefix, _name) in enumerate(areas):
        if prefix.startswith("="):
            if path == prefix[1:]:
                return index
        elif path.startswith(prefix):
            return index
    return None


def _add(total: Years, values: Years) -> Years:
    return (total[0] + values[0], total[1] + values[1], total[2] + values[2])


def budget_tables(
    budget: CommitteeBudget, committee: Committee, year: int, municipality: Municipality | None
) -> list[ReportTable]:
    """The committee's budget per verksamhetsområde and per account group (two queries for
    the rows and the groups, one for the units)."""
    result = result_sign(municipality)
    areas = _areas(committee, year)
    by_area: dict[int, Years] = {}
    by_group: dict[int, Years] = {}
    for path, group_id, amount, plan1, plan2 in budget.rows.values_list(
        "unit__path", "group_id", "amount", "plan1", "plan2"
    ):
        values = (amount or ZERO, plan1 or ZERO, plan2 or ZERO)
        # A unit outside this year's tree (closed since) still counts, under "other units".
        area = _area_of(path, areas)
        key = len(areas) if area is None else area
        by_area[key] = _add(by_area.get(key, (ZERO, ZERO, ZERO)), values)
        by_group[group_id] = _add(by_group.get(group_id, (ZERO, ZERO, ZERO)), values)
    heads = [
        _("Budget %(year)s") % {"year": year},
        _("Plan %(year)s") % {"year": year + 1},
        _("Plan %(year)s") % {"year": year + 2},
    ]
    proposal = "" if budget.is_decided else f" ({_('Proposal')})"

    def row(label: str, values: Years, kind: str = "line") -> TableRow:
        return TableRow(label, [presented(v, result=result) for v in values], kind)

    total: Years = (ZERO, ZERO, ZERO)
    units = ReportTable(
        "plan-budget-areas",
        _("Budget per area of operation") + proposal,
        [_("Area of operation"), *heads],
    )
    for index, (_path, name) in enumerate([*areas, ("", _("Other units"))]):
        if index in by_area:
            units.rows.append(row(name, by_area[index]))
            total = _add(total, by_area[index])
    units.rows.append(row(_("Total"), total, "total"))
    groups = ReportTable(
        "plan-budget-groups",
        _("Budget per account group") + proposal,
        [_("Account group"), *heads],
    )
    groups.rows = _group_rows(budget, by_group, row)
    return [units, groups]


def _group_rows(
    budget: CommitteeBudget, by_group: dict[int, Years], row: Callable[..., TableRow]
) -> list[TableRow]:
    """The year's account groups in order, each subtotal the sum of its lines; the last
    subtotal is the total (or a total row is added when the year has none)."""
    rows = []
    zero: Years = (ZERO, ZERO, ZERO)
    total = zero
    has_subtotal = False
    for group in AccountGroup.objects.filter(fiscal_year_id=budget.fiscal_year_id).prefetch_related(
        "components"
    ):
        if group.kind == AccountGroup.Kind.SUBTOTAL:
            values = zero
            for line in group.components.all():
                values = _add(values, by_group.get(line.pk, zero))
            rows.append(row(group.name, values, "subtotal"))
            has_subtotal = True
        elif group.pk in by_group:
            rows.append(row(group.name, by_group[group.pk]))
            total = _add(total, by_group[group.pk])
    if has_subtotal and rows and rows[-1].kind == "subtotal":
        rows[-1].kind = "total"
    else:
        rows.append(row(_("Total"), total, "total"))
    return rows
