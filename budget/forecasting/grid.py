"""The economist's forecast grid for one unit and period, and the forecast history.

The grid's editable rows are the unit's *own* report lines: what is booked on the
unit itself. A unit with children shows their forecasts as a sum, read-only, and
has editable rows only where it books something itself. Everything is in the
ledger's sign and in kronor; ``Grid.shown`` turns an amount into the
municipality's presentation sign for the page.

A fixed number of queries, however many units and rows there are.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Case, DecimalField, Q, Sum, When
from django.utils.translation import gettext as _

from budget.forecasting.totals import Totals, forecast_figures, per_unit
from budget.models import (
    AccountGroup,
    FollowupFigure,
    Forecast,
    ForecastProposal,
    ForecastSubmission,
    InvestmentProject,
    InvestmentYear,
    ProposalMethod,
    UnitBudgetFigure,
)
from budget.selectors import ReportLine, report_lines
from municipality.models import Municipality, OrgUnit, ReportingPeriod, User
from municipality.organisation.selectors import municipality_current

ZERO = Decimal(0)
KIND_PRIORITY = {
    ReportingPeriod.Kind.ANNUAL: 0,
    ReportingPeriod.Kind.T2: 1,
    ReportingPeriod.Kind.T1: 1,
    ReportingPeriod.Kind.MONTH: 2,
}


@dataclass
class GridRow:
    key: str  # "g12" for a report line, "s14" a subtotal, "p3" a project
    kind: str  # "line", "subtotal", "project"
    label: str
    code: str = ""
    group_id: int | None = None
    project_id: int | None = None
    prior_year: Decimal = ZERO
    budget: Decimal = ZERO
    actual: Decimal = ZERO
    forecast: Decimal | None = None
    comment: str = ""
    amount_version: int = 0
    comment_version: int = 0
    updated_by: User | None = None
    updated_at: datetime | None = None
    previous: Decimal | None = None
    previous_comment: str = ""
    proposals: dict[str, Decimal] = field(default_factory=dict)
    mapes: dict[str, Decimal | None] = field(default_factory=dict)
    needs_comment: bool = False
    forecast_id: int | None = None

    @property
    def deviation(self) -> Decimal | None:
        """Budget − forecast, ledger sign: positive is better than budget."""
        return None if self.forecast is None else self.budget - self.forecast

    @property
    def consumption(self) -> Decimal | None:
        return self.actual * 100 / self.budget if self.budget else None

    @property
    def best_method(self) -> str | None:
        known = {m: e for m, e in self.mapes.items() if e is not None and m in self.proposals}
        return min(known, key=known.__getitem__) if known else None

    @property
    def proposal(self) -> Decimal | None:
        """The proposal to offer first: the best backtested one, else the run rate."""
        method = self.best_method or ProposalMethod.RUN_RATE
        return self.proposals.get(method)

    @property
    def proposal_method(self) -> str | None:
        method = self.best_method or ProposalMethod.RUN_RATE
        return method if method in self.proposals else None

    @property
    def best_mape(self) -> Decimal | None:
        method = self.best_method
        return self.mapes.get(method) if method else None

    @property
    def proposal_details(self) -> list[tuple[str, Decimal, Decimal | None, bool]]:
        """Every method's proposal: (label, amount, backtested error %, whether best)."""
        best = self.best_method
        return [
            (str(ProposalMethod(method).label), amount, self.mapes.get(method), method == best)
            for method, amount in sorted(self.proposals.items())
        ]

    @property
    def proposal_method_label(self) -> str:
        method = self.proposal_method
        return str(ProposalMethod(method).label) if method else ""

    @property
    def editable(self) -> bool:
        return self.kind in ("line", "project")


@dataclass
class ChildRow:
    unit: OrgUnit
    totals: Totals
    state: str
    state_label: str


@dataclass
class Grid:
    period: ReportingPeriod
    unit: OrgUnit
    municipality: Municipality | None
    rows: list[GridRow]
    projects: list[GridRow]
    subtree_rows: list[GridRow]  # the unit with everything below it, per line (read-only)
    children: list[ChildRow]
    unit_totals: Totals
    committee_totals: Totals
    submission: ForecastSubmission
    previous_period: ReportingPeriod | None
    has_own_rows: bool

    @property
    def result_sign(self) -> bool:
        return bool(self.municipality) and (
            self.municipality.presentation_sign == Municipality.Sign.RESULT
        )

    def shown(self, value: Decimal | None) -> Decimal | None:
        """An amount in the municipality's presentation sign."""
        if value is None:
            return None
        return -value if self.result_sign else value

    def stored(self, value: Decimal) -> Decimal:
        """An entered amount (presentation sign) in the ledger's sign."""
        return -value if self.result_sign else value

    @property
    def editable_rows(self) -> list[GridRow]:
        return [row for row in [*self.rows, *self.projects] if row.editable]

    @property
    def own_totals(self) -> Totals:
        """The unit's own lines: budget, and forecast where entered (budget elsewhere)."""
        totals = Totals()
        for row in self.rows:
            if row.kind == "line":
                totals.budget += row.budget
                totals.forecast += row.forecast if row.forecast is not None else row.budget
                totals.entered += row.forecast is not None
        return totals

    def row(self, key: str) -> GridRow | None:
        return next((row for row in [*self.rows, *self.projects] if row.key == key), None)


def previous_period(period: ReportingPeriod) -> ReportingPeriod | None:
    """The latest earlier follow-up point of the same year (a tertial before a month)."""
    earlier = list(
        ReportingPeriod.objects.filter(
            fiscal_year_id=period.fiscal_year_id, cutoff_month__lt=period.cutoff_month
        ).select_related("fiscal_year")
    )
    if not earlier:
        return None
    return max(earlier, key=lambda p: (p.cutoff_month, -KIND_PRIORITY[p.kind]))


def _own_actuals(
    unit: OrgUnit, child_ids: list[int], *, year: int, cutoff: int
) -> dict[int | None, tuple[Decimal, Decimal]]:
    """Per line: (actual to the cut-off, last year's whole year) booked on the unit itself."""
    money = DecimalField(max_digits=18, decimal_places=2)
    sums = (
        FollowupFigure.objects.filter(year=year, unit_id__in=[unit.pk, *child_ids])
        .values("unit_id", "group_id")
        .annotate(
            actual=Sum(Case(When(month__lte=cutoff, then="actual"), default=0, output_field=money)),
            prior=Sum("prior_actual"),
        )
    )
    result: dict[int | None, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for row in sums:
        sign = 1 if row["unit_id"] == unit.pk else -1
        result[row["group_id"]][0] += sign * row["actual"]
        result[row["group_id"]][1] += sign * row["prior"]
    return {group: (a, p) for group, (a, p) in result.items()}


def _fill_cell(row: GridRow, cell: Forecast | None) -> None:
    if cell is None:
        return
    row.forecast = cell.amount
    row.comment = cell.comment
    row.amount_version = cell.amount_version
    row.comment_version = cell.comment_version
    row.updated_by = cell.updated_by
    row.updated_at = cell.updated_at
    row.forecast_id = cell.pk


def forecast_grid(
    *,
    period: ReportingPeriod,
    unit: OrgUnit,
    municipality: Municipality | None = None,
    part: str = "page",
    saved: tuple[str, str] | None = None,
    lines: list[ReportLine] | None = None,
) -> Grid:
    """The grid of ``unit`` in ``period``, or the part of it one answer needs.

    ``part`` is "page" for the whole page; "cell" for the answer to a saved cell (``saved``
    names its row key and field): the unit's own rows, their deviations and subtotals, and
    the status; "totals" for the totals that follow a save: the unit's and the committee's,
    and the unit's subtree per line. The parts leave out what their answer does not show,
    so that a save stays quick however large the committee.
    """
    from budget.forecasting.services import comment_needed

    page, cell_part = part == "page", part == "cell"
    year, cutoff = period.year, period.cutoff_month
    if municipality is None:
        municipality = municipality_current()
    groups = lines if lines is not None else report_lines(year=year)
    children: list[OrgUnit] = []
    roots: list[int] = []
    if not cell_part:
        related = list(
            OrgUnit.objects.valid_in(year)
            .filter(Q(parent=unit) | Q(committee_id=unit.committee_id, parent__isnull=True))
            .order_by("order", "code")
        )
        children = [u for u in related if u.parent_id == unit.pk]
        roots = [u.pk for u in related if u.parent_id is None]
    child_ids = [child.pk for child in children]

    own_budget: dict[int | None, Decimal] = defaultdict(lambda: ZERO)
    for group_id, budget in UnitBudgetFigure.objects.filter(year=year, unit=unit).values_list(
        "group_id", "budget"
    ):
        own_budget[group_id] += budget
    own_actual = _own_actuals(unit, child_ids, year=year, cutoff=cutoff) if page else {}
    cells = {
        (c.group_id, c.project_id): c
        for c in Forecast.objects.filter(period=period, unit=unit).select_related("updated_by")
    }
    # A saved comment offers the previous one again; nothing else but the page shows them.
    wants_previous = page or (cell_part and saved is not None and saved[1] == "comment")
    before = previous_period(period) if wants_previous else None
    previous = (
        {(c.group_id, c.project_id): c for c in Forecast.objects.filter(period=before, unit=unit)}
        if before
        else {}
    )
    proposals: dict[int | None, dict[str, tuple[Decimal, Decimal | None]]] = defaultdict(dict)
    # The answer to a saved comment shows no proposals.
    if page or (cell_part and saved is not None and saved[1] == "amount"):
        for group_id, method, amount, mape in ForecastProposal.objects.filter(
            period=period, unit=unit
        ).values_list("group_id", "method", "amount", "mape"):
            proposals[group_id][method] = (amount, mape)

    rows: list[GridRow] = []
    by_id: dict[int, GridRow] = {}
    for group in groups:
        if group.kind == AccountGroup.Kind.LINE:
            actual, prior = own_actual.get(group.pk, (ZERO, ZERO))
            row = GridRow(
                key=f"g{group.pk}",
                kind="line",
                label=group.name,
                code=group.code,
                group_id=group.pk,
                budget=own_budget[group.pk],
                actual=actual,
                prior_year=prior,
            )
            _fill_cell(row, cells.get((group.pk, None)))
            earlier = previous.get((group.pk, None))
            if earlier is not None:
                row.previous, row.previous_comment = earlier.amount, earlier.comment
            for method, (amount, mape) in proposals.get(group.pk, {}).items():
                row.proposals[method] = amount
                row.mapes[method] = mape
            row.needs_comment = comment_needed(
                budget=row.budget, forecast=row.forecast, municipality=municipality
            )
        else:
            row = GridRow(key=f"s{group.pk}", kind="subtotal", label=group.name, code=group.code)
            parts = [by_id[line] for line in group.components]
            row.prior_year = sum((p.prior_year for p in parts), ZERO)
            row.budget = sum((p.budget for p in parts), ZERO)
            row.actual = sum((p.actual for p in parts), ZERO)
            if any(p.forecast is not None for p in parts):
                row.forecast = sum(
                    (p.forecast if p.forecast is not None else p.budget for p in parts), ZERO
                )
            if any(p.previous is not None for p in parts):
                row.previous = sum((p.previous or ZERO for p in parts), ZERO)
        by_id[group.pk] = row
        rows.append(row)
    has_own_rows = bool(
        not children or any(r.budget or r.actual or r.prior_year or r.forecast_id for r in rows)
    )

    wants_projects = page or (cell_part and saved is not None and saved[0].startswith("p"))
    projects = _project_rows(unit, year, cells, previous, municipality) if wants_projects else []

    totals: dict[int, Totals] = {}
    subtree_rows: list[GridRow] = []
    if not cell_part:
        figures = forecast_figures(period=period, unit_ids=[unit.pk, *child_ids, *roots])
        totals = per_unit(figures)
        previous_figures = (
            forecast_figures(period=before, unit_ids=[unit.pk])
            if page and before is not None and children
            else {}
        )
        subtree_rows = _subtree_rows(unit, groups, figures, previous_figures)

    states = (
        dict(
            ForecastSubmission.objects.filter(period=period, unit_id__in=child_ids).values_list(
                "unit_id", "state"
            )
        )
        if page and children
        else {}
    )
    child_rows = [
        ChildRow(
            unit=child,
            totals=totals.get(child.pk, Totals()),
            state=states.get(child.pk, ForecastSubmission.State.NOT_STARTED),
            state_label=ForecastSubmission.State(
                states.get(child.pk, ForecastSubmission.State.NOT_STARTED)
            ).label,
        )
        for child in children
    ]
    committee_totals = Totals()
    for root in roots:
        committee_totals.add(totals.get(root, Totals()))
    submission = None
    if part != "totals":
        submission = (
            ForecastSubmission.objects.filter(period=period, unit=unit)
            .select_related("updated_by")
            .first()
        )
    return Grid(
        period=period,
        unit=unit,
        municipality=municipality,
        rows=rows,
        projects=projects,
        subtree_rows=subtree_rows,
        children=child_rows,
        unit_totals=totals.get(unit.pk, Totals()),
        committee_totals=committee_totals,
        submission=submission or ForecastSubmission(period=period, unit=unit),
        previous_period=before,
        has_own_rows=has_own_rows,
    )


def _project_rows(
    unit: OrgUnit,
    year: int,
    cells: dict[tuple[int | None, int | None], Forecast],
    previous: dict[tuple[int | None, int | None], Forecast],
    municipality: Municipality | None,
) -> list[GridRow]:
    """The unit's investment projects of the year, as grid rows."""
    from budget.forecasting.services import comment_needed

    project_years = {
        y.project_id: y for y in InvestmentYear.objects.filter(year=year, project__unit=unit)
    }
    rows = []
    for project in InvestmentProject.objects.filter(unit=unit).order_by("code"):
        years = project_years.get(project.pk)
        row = GridRow(
            key=f"p{project.pk}",
            kind="project",
            label=f"{project.code} {project.name}",
            code=project.code,
            project_id=project.pk,
            budget=years.budget if years else ZERO,
            actual=years.actual if years else ZERO,
        )
        _fill_cell(row, cells.get((None, project.pk)))
        earlier = previous.get((None, project.pk))
        if earlier is not None:
            row.previous, row.previous_comment = earlier.amount, earlier.comment
        row.needs_comment = comment_needed(
            budget=row.budget, forecast=row.forecast, municipality=municipality
        )
        if years or row.forecast_id:
            rows.append(row)
    return rows


def _subtree_rows(
    unit: OrgUnit,
    groups: list[ReportLine],
    figures: dict[tuple[int, int | None], Totals],
    previous_figures: dict[tuple[int, int | None], Totals],
) -> list[GridRow]:
    """The unit with everything below it, per line: budget, forecast, previous forecast."""
    rows = []
    by_id: dict[int, GridRow] = {}
    for group in groups:
        if group.kind == AccountGroup.Kind.LINE:
            figure = figures.get((unit.pk, group.pk), Totals())
            row = GridRow(
                key=f"t{group.pk}",
                kind="line",
                label=group.name,
                budget=figure.budget,
                forecast=figure.forecast,
            )
            earlier = previous_figures.get((unit.pk, group.pk))
            row.previous = earlier.forecast if earlier is not None else None
        else:
            parts = [by_id[line] for line in group.components]
            row = GridRow(
                key=f"t{group.pk}",
                kind="subtotal",
                label=group.name,
                budget=sum((p.budget for p in parts), ZERO),
                forecast=sum((p.forecast or ZERO for p in parts), ZERO),
            )
            if any(p.previous is not None for p in parts):
                row.previous = sum((p.previous or ZERO for p in parts), ZERO)
        by_id[group.pk] = row
        rows.append(row)
    return rows


@dataclass
class HistoryRow:
    label: str
    kind: str
    budget: Decimal
    values: list[Decimal | None]  # one per period, then the year's final actual


def forecast_history(
    *, period: ReportingPeriod, unit: OrgUnit
) -> tuple[list[str], list[HistoryRow]]:
    """Every period's forecast of the year side by side, for the unit's subtree per line,
    and the year's outcome (bokslut) when the year has been closed."""
    periods = list(
        ReportingPeriod.objects.filter(fiscal_year_id=period.fiscal_year_id)
        .select_related("fiscal_year")
        .order_by("cutoff_month", "kind")
    )
    per_period = [forecast_figures(period=p, unit_ids=[unit.pk]) for p in periods]
    groups = report_lines(year=period.year)
    closed = [
        p
        for p in periods
        if p.kind == ReportingPeriod.Kind.ANNUAL
        and p.state in (ReportingPeriod.State.CLOSED, ReportingPeriod.State.LOCKED)
    ]
    outcome: dict[int | None, Decimal] = {}
    if closed:
        for group_id, total in (
            FollowupFigure.objects.filter(year=period.year, unit=unit)
            .values_list("group_id")
            .annotate(total=Sum("actual"))
        ):
            outcome[group_id] = total
    rows: list[HistoryRow] = []
    by_id: dict[int, HistoryRow] = {}
    for group in groups:
        if group.kind == AccountGroup.Kind.LINE:
            values: list[Decimal | None] = []
            budget = ZERO
            for figures in per_period:
                figure = figures.get((unit.pk, group.pk))
                values.append(figure.forecast if figure and figure.entered else None)
                if figure:
                    budget = figure.budget
            values.append(outcome.get(group.pk) if closed else None)
            row = HistoryRow(group.name, "line", budget, values)
        else:
            parts = [by_id[line] for line in group.components]
            width = len(periods) + 1
            values = []
            for i in range(width):
                known = [p.values[i] for p in parts if p.values[i] is not None]
                values.append(
                    sum(
                        (p.values[i] if p.values[i] is not None else p.budget for p in parts),
                        ZERO,
                    )
                    if known
                    else None
                )
            row = HistoryRow(group.name, "subtotal", sum((p.budget for p in parts), ZERO), values)
        by_id[group.pk] = row
        rows.append(row)
    headings = [p.name for p in periods] + [_("Outcome")]
    return headings, rows
