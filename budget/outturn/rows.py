"""The budget follow-up: budget, actuals and consumption for a unit and its children.

Reads only the precomputed figures (``budget.ledger.figures``), so the page costs the
same few queries however large the organisation is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from budget.ledger.budgets import NO_BUDGET, BudgetParts, budget_parts
from budget.ledger.lines import rolled_up
from budget.ledger.models import AccountGroup, FigureState, FollowupFigure
from budget.ledger.selectors import account_groups
from municipality.formats.numbers import change_percent
from municipality.models import Committee, OrgUnit, ReportingPeriod
from municipality.organisation.selectors import municipality_current

ZERO = Decimal(0)


@dataclass
class FollowupRow:
    """One line of the follow-up, in the ledger's sign (costs positive), in kronor."""

    label: str
    kind: str  # "line", "subtotal", "unmapped", "unit", "committee", "total"
    prior_year: Decimal = ZERO  # the whole previous year (bokslut), in this year's organisation
    prior_ytd: Decimal = ZERO  # the previous year up to the same month
    budget: Decimal = ZERO
    budget_to_date: Decimal = ZERO  # the budget spread by its monthly profile, to the cut-off
    actual: Decimal = ZERO  # this year up to the period's cut-off month
    url_query: str = ""  # drill-down: ?unit=… or ?committee=…
    code: str = ""

    @property
    def consumption(self) -> Decimal | None:
        """Actual to date as % of the year's budget."""
        return self.actual * 100 / self.budget if self.budget else None

    @property
    def seasonal_benchmark(self) -> Decimal | None:
        """How much of last year's total had been booked by the same month."""
        return self.prior_ytd * 100 / self.prior_year if self.prior_year else None

    @property
    def deviation(self) -> Decimal:
        """Budget − actual in the ledger's sign: positive is better than budget."""
        return self.budget - self.actual

    @property
    def change(self) -> Decimal | None:
        return change_percent(self.actual, self.prior_year)


@dataclass
class Followup:
    period: ReportingPeriod
    title: str
    groups: list[FollowupRow]
    children: list[FollowupRow]
    children_label: str
    children_heading: str
    total: FollowupRow
    stale: bool
    unit: OrgUnit | None = None
    committee: Committee | None = None
    ancestors: list[OrgUnit] = field(default_factory=list)
    scope_ids: list[int] = field(default_factory=list)  # the units whose subtrees are summed

    @property
    def is_year_end(self) -> bool:
        return self.period.is_year_end

    @property
    def whole_municipality(self) -> bool:
        return self.unit is None and self.committee is None


# (unit id, report line id or None for the unmapped accounts)
Key = tuple[int, int | None]


def _sums(figures: list[Mapping[str, Any]], cutoff: int) -> dict[str, Decimal]:
    result = {"prior_year": ZERO, "prior_ytd": ZERO, "actual": ZERO}
    for figure in figures:
        result["prior_year"] += figure["prior_actual"]
        if figure["month"] <= cutoff:
            result["prior_ytd"] += figure["prior_actual"]
            result["actual"] += figure["actual"]
    return result


def _scope_rows(
    unit_ids: list[int], *, year: int, cutoff: int
) -> tuple[dict[Key, dict[str, Decimal]], dict[Key, BudgetParts]]:
    """Per (unit, group): the actual sums, and the budget's parts; two queries."""
    figures: dict[Key, list[Mapping[str, Any]]] = defaultdict(list)
    for figure in FollowupFigure.objects.filter(year=year, unit_id__in=unit_ids).values(
        "unit_id", "group_id", "month", "actual", "prior_actual"
    ):
        figures[(figure["unit_id"], figure["group_id"])].append(figure)
    actuals = {key: _sums(rows, cutoff) for key, rows in figures.items()}
    return actuals, budget_parts(year=year, cutoff=cutoff, unit_ids=unit_ids)


def _budget_to_date(budget: BudgetParts, sums: dict[str, Decimal] | None, cutoff: int) -> Decimal:
    """The budget up to the cut-off month: the evenly spread part by months elapsed, the
    part with last year's profile as last year's actuals were booked (evenly, if there were
    none), the typed part as typed."""
    linear = Decimal(cutoff) / 12
    share = linear
    if sums and sums["prior_year"]:
        share = sums["prior_ytd"] / sums["prior_year"]
    even = budget.total - budget.seasonal - budget.typed
    return even * linear + budget.seasonal * share + budget.typed_to_date


def _row(
    label: str,
    kind: str,
    keys: Sequence[Key],
    actuals: dict[Key, dict[str, Decimal]],
    budgets: dict[Key, BudgetParts],
    cutoff: int,
    *,
    url_query: str = "",
    code: str = "",
) -> FollowupRow:
    row = FollowupRow(label=label, kind=kind, url_query=url_query, code=code)
    for key in keys:
        sums = actuals.get(key)
        if sums:
            row.prior_year += sums["prior_year"]
            row.prior_ytd += sums["prior_ytd"]
            row.actual += sums["actual"]
        budget = budgets.get(key, NO_BUDGET)
        row.budget += budget.total
        row.budget_to_date += _budget_to_date(budget, sums, cutoff)
    return row


def _subtotal_row(group: AccountGroup, parts: list[FollowupRow]) -> FollowupRow:
    row = FollowupRow(label=group.name, kind="subtotal", code=group.code)
    for part in parts:
        row.prior_year += part.prior_year
        row.prior_ytd += part.prior_ytd
        row.actual += part.actual
        row.budget += part.budget
        row.budget_to_date += part.budget_to_date
    return row


# A row of the lower table: its label, the units it sums, its drill-down query and its code.
ChildGroup = tuple[str, list[int], str, str]


@dataclass
class _Scope:
    """What the page sums (``units``), and the rows of the lower table (``child_groups``)."""

    units: list[OrgUnit]
    child_groups: list[ChildGroup]
    title: str
    children_label: str
    children_heading: str
    ancestors: list[OrgUnit] = field(default_factory=list)


def _scope(*, year: int, unit: OrgUnit | None, committee: Committee | None) -> _Scope:
    """A unit and its children; a committee and its top units; or the municipality's
    top units, shown per committee."""
    units_in_year = OrgUnit.objects.valid_in(year)
    ancestors: list[OrgUnit] = []
    if unit is not None:
        scope = [unit]
        children = list(units_in_year.filter(parent=unit).order_by("order", "code"))
        child_groups = [
            (child.name, [child.pk], f"?unit={child.pk}", child.code) for child in children
        ]
        title, children_label, children_heading = unit.name, _("Units"), _("Per unit")
        ancestors = list(OrgUnit.objects.filter(pk__in=unit.ancestor_ids).order_by("depth"))
    else:
        roots = list(
            units_in_year.filter(parent__isnull=True)
            .filter(Q(committee=committee) if committee else Q())
            .select_related("committee")
            .order_by("committee__order", "order", "code")
        )
        scope = roots
        if committee is not None:
            child_groups = [(root.name, [root.pk], f"?unit={root.pk}", root.code) for root in roots]
            title, children_label, children_heading = committee.name, _("Units"), _("Per unit")
        else:
            by_committee: dict[Committee, list[int]] = defaultdict(list)
            for root in roots:
                by_committee[root.committee].append(root.pk)
            child_groups = [
                (c.name, ids, f"?committee={c.pk}", c.short_code) for c, ids in by_committee.items()
            ]
            municipality = municipality_current()
            title = municipality.name if municipality else _("Municipality")
            children_label, children_heading = _("Committees"), _("Per committee")
    return _Scope(scope, child_groups, title, children_label, children_heading, ancestors)


def followup(
    *, period: ReportingPeriod, unit: OrgUnit | None = None, committee: Committee | None = None
) -> Followup:
    """The follow-up of a unit, a committee, or (with neither) the whole municipality."""
    year = period.year
    scope = _scope(year=year, unit=unit, committee=committee)
    scope_ids = [u.pk for u in scope.units]
    [figures] = followup_scopes(period=period, scopes=[(scope_ids, scope.child_groups)])
    group_rows, child_rows, total = figures.groups, figures.units, figures.total
    state = FigureState.objects.filter(year=year).first()
    return Followup(
        period=period,
        title=scope.title,
        groups=group_rows,
        children=child_rows,
        children_label=scope.children_label,
        children_heading=scope.children_heading,
        total=total,
        stale=bool(state and state.is_stale),
        unit=unit,
        committee=committee,
        ancestors=scope.ancestors,
        scope_ids=scope_ids,
    )


def _child_rows(
    child_groups: list[ChildGroup],
    all_groups: list[int | None],
    actuals: dict[Key, dict[str, Decimal]],
    budgets: dict[Key, BudgetParts],
    cutoff: int,
) -> list[FollowupRow]:
    """A row per unit or committee of the lower table, over every line and the unmapped."""
    return [
        _row(
            name,
            "unit",
            [(pk, g) for pk in ids for g in all_groups],
            actuals,
            budgets,
            cutoff,
            url_query=query,
            code=code,
        )
        for name, ids, query, code in child_groups
    ]


def _group_rows(
    groups: list[AccountGroup],
    scope_ids: list[int],
    actuals: dict[Key, dict[str, Decimal]],
    budgets: dict[Key, BudgetParts],
    cutoff: int,
) -> list[FollowupRow]:
    """A row per account group and subtotal, then the unmapped accounts if they have any."""

    def line_row(group: AccountGroup) -> FollowupRow:
        keys = [(u, group.pk) for u in scope_ids]
        return _row(group.name, "line", keys, actuals, budgets, cutoff, code=group.code)

    group_rows = rolled_up(groups, line_row=line_row, subtotal_row=_subtotal_row)
    unmapped = _row(
        _("Accounts mapped to no line"),
        "unmapped",
        [(u, None) for u in scope_ids],
        actuals,
        budgets,
        cutoff,
    )
    if unmapped.actual or unmapped.budget or unmapped.prior_year:
        group_rows.append(unmapped)
    return group_rows


@dataclass
class ScopeFollowup:
    """One scope's follow-up as a report tables it: per account group (with subtotals), per
    the rows of units asked for, and the scope's total."""

    groups: list[FollowupRow]
    units: list[FollowupRow]
    total: FollowupRow


# A scope: the units it sums, and the rows of units it is shown in (each summing its units).
Scope = tuple[list[int], list[ChildGroup]]


def followup_scopes(*, period: ReportingPeriod, scopes: Sequence[Scope]) -> list[ScopeFollowup]:
    """The follow-up of several scopes at once (a report's tables), in the same few queries
    however many scopes and units: the figures of every unit named are read together."""
    year, cutoff = period.year, period.cutoff_month
    unit_ids = {pk for ids, rows in scopes for pk in [*ids, *(p for r in rows for p in r[1])]}
    actuals, budgets = _scope_rows(sorted(unit_ids), year=year, cutoff=cutoff)
    groups = account_groups(year=year)
    all_groups = [g.pk for g in groups if g.kind == AccountGroup.Kind.LINE] + [None]
    result = []
    for scope_ids, child_groups in scopes:
        total = _row(
            _("Total"),
            "total",
            [(u, g) for u in scope_ids for g in all_groups],
            actuals,
            budgets,
            cutoff,
        )
        result.append(
            ScopeFollowup(
                groups=_group_rows(groups, scope_ids, actuals, budgets, cutoff),
                units=_child_rows(child_groups, all_groups, actuals, budgets, cutoff),
                total=total,
            )
        )
    return result
