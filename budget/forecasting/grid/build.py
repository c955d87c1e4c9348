"""The economist's forecast grid for one unit and period, read from the database.

The grid's editable rows are the unit's *own* report lines: what is booked on the
unit itself. A unit with children shows their forecasts as a sum, read-only, and
has editable rows only where it books something itself.

A fixed number of queries, however many units and rows there are.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, DecimalField, Q, Sum, When

from budget.forecasting.comments import comment_needed
from budget.forecasting.grid.rows import ChildRow, Grid, GridRow
from budget.forecasting.models import Forecast, ForecastProposal, ForecastSubmission
from budget.forecasting.periods import previous_period
from budget.forecasting.totals import Totals, forecast_figures, per_unit
from budget.investments.models import InvestmentProject, InvestmentYear
from budget.investments.selectors import project_actuals
from budget.ledger.lines import rolled_up
from budget.ledger.models import FollowupFigure, UnitBudgetFigure
from budget.ledger.selectors import ReportLine, report_lines
from municipality.models import Municipality, OrgUnit, ReportingPeriod
from municipality.organisation.selectors import municipality_current

ZERO = Decimal(0)
Cells = dict[tuple[int | None, int | None], Forecast]


@dataclass
class _Own:
    """What is stored for the unit itself, per report line and project."""

    budget: dict[int | None, Decimal] = field(default_factory=lambda: defaultdict(lambda: ZERO))
    actual: dict[int | None, tuple[Decimal, Decimal]] = field(default_factory=dict)
    cells: Cells = field(default_factory=dict)
    previous: Cells = field(default_factory=dict)
    proposals: dict[int | None, dict[str, tuple[Decimal, Decimal | None]]] = field(
        default_factory=lambda: defaultdict(dict)
    )


def forecast_grid(
    *,
    period: ReportingPeriod,
    unit: OrgUnit,
    municipality: Municipality | None = None,
    part: str = "page",
    saved: tuple[str, str] | None = None,
    lines: list[ReportLine] | None = None,
    with_actuals: bool = False,
) -> Grid:
    """The grid of ``unit`` in ``period``, or the part of it one answer needs.

    ``part`` is "page" for the whole page; "cell" for the answer to a saved cell (``saved``
    names its row key and field): the unit's own rows, their deviations and subtotals, and
    the status; "totals" for the totals that follow a save: the unit's and the committee's,
    and the unit's subtree per line. The parts leave out what their answer does not show,
    so that a save stays quick however large the committee.

    ``with_actuals`` adds the ledger's actual to the cut-off month to the totals and the
    subtree's rows (``Totals.actual``, ``GridRow.actual``): the outcome a year-end report shows.
    """
    page, cell_part = part == "page", part == "cell"
    saved_field = saved[1] if cell_part and saved is not None else ""
    if municipality is None:
        municipality = municipality_current()
    groups = lines if lines is not None else report_lines(year=period.year)
    children, roots = ([], []) if cell_part else _related_units(unit, period.year)
    child_ids = [child.pk for child in children]
    # A saved comment offers the previous one again; nothing else but the page shows them.
    before = previous_period(period) if page or saved_field == "comment" else None
    # The answer to a saved comment shows no proposals.
    with_proposals = page or saved_field == "amount"
    own = _own(period, unit, child_ids, before=before, page=page, proposals=with_proposals)
    rows = _line_rows(groups, own, municipality)
    has_own_rows = bool(
        not children or any(r.budget or r.actual or r.prior_year or r.forecast_id for r in rows)
    )
    wants_projects = page or (cell_part and saved is not None and saved[0].startswith("p"))
    projects = _project_rows(unit, period, own, municipality) if wants_projects else []

    totals: dict[int, Totals] = {}
    subtree_rows: list[GridRow] = []
    if not cell_part:
        figures = forecast_figures(
            period=period, unit_ids=[unit.pk, *child_ids, *roots], with_actuals=with_actuals
        )
        totals = per_unit(figures)
        previous_figures = (
            forecast_figures(period=before, unit_ids=[unit.pk])
            if page and before is not None and children
            else {}
        )
        subtree_rows = _subtree_rows(unit, groups, figures, previous_figures)
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
        children=_child_rows(period if page else None, children, totals),
        unit_totals=totals.get(unit.pk, Totals()),
        committee_totals=committee_totals,
        submission=submission or ForecastSubmission(period=period, unit=unit),
        previous_period=before,
        has_own_rows=has_own_rows,
    )


def _related_units(unit: OrgUnit, year: int) -> tuple[list[OrgUnit], list[int]]:
    """The unit's children in the year, and the top units of its committee."""
    related = list(
        OrgUnit.objects.valid_in(year)
        .filter(Q(parent=unit) | Q(committee_id=unit.committee_id, parent__isnull=True))
        .order_by("order", "code")
    )
    children = [u for u in related if u.parent_id == unit.pk]
    roots = [u.pk for u in related if u.parent_id is None]
    return children, roots


def _own(
    period: ReportingPeriod,
    unit: OrgUnit,
    child_ids: list[int],
    *,
    before: ReportingPeriod | None,
    page: bool,
    proposals: bool,
) -> _Own:
    """Budget, actuals (page only), forecasts, the previous period's and the proposals."""
    own = _Own()
    # The version's budget and the changes decided by the period's cut-off month.
    for group_id, budget in UnitBudgetFigure.objects.filter(
        year=period.year, unit=unit, from_month__lte=period.cutoff_month
    ).values_list("group_id", "budget"):
        own.budget[group_id] += budget
    if page:
        own.actual = _own_actuals(unit, child_ids, year=period.year, cutoff=period.cutoff_month)
    own.cells = {
        (c.group_id, c.project_id): c
        for c in Forecast.objects.filter(period=period, unit=unit).select_related("updated_by")
    }
    if before is not None:
        own.previous = {
            (c.group_id, c.project_id): c for c in Forecast.objects.filter(period=before, unit=unit)
        }
    if proposals:
        for group_id, method, amount, mape in ForecastProposal.objects.filter(
            period=period, unit=unit
        ).values_list("group_id", "method", "amount", "mape"):
            own.proposals[group_id][method] = (amount, mape)
    return own


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


def _fill_cell(row: GridRow, cell: Forecast | None, earlier: Forecast | None) -> None:
    """The row's stored forecast and comment, and those of the period before."""
    if earlier is not None:
        row.previous, row.previous_comment = earlier.amount, earlier.comment
    if cell is None:
        return
    row.forecast = cell.amount
    row.comment = cell.comment
    row.amount_version = cell.amount_version
    row.comment_version = cell.comment_version
    row.updated_by = cell.updated_by
    row.updated_at = cell.updated_at
    row.forecast_id = cell.pk


def _line_rows(
    groups: list[ReportLine], own: _Own, municipality: Municipality | None
) -> list[GridRow]:
    """The unit's own report lines, editable, and their subtotals."""

    def line_row(group: ReportLine) -> GridRow:
        actual, prior = own.actual.get(group.pk, (ZERO, ZERO))
        row = GridRow(
            key=f"g{group.pk}",
            kind="line",
            label=group.name,
            code=group.code,
            group_id=group.pk,
            budget=own.budget[group.pk],
            actual=actual,
            prior_year=prior,
        )
        _fill_cell(row, own.cells.get((group.pk, None)), own.previous.get((group.pk, None)))
        for method, (amount, mape) in own.proposals.get(group.pk, {}).items():
            row.proposals[method] = amount
            row.mapes[method] = mape
        row.needs_comment = comment_needed(
            budget=row.budget, forecast=row.forecast, municipality=municipality
        )
        return row

    return rolled_up(groups, line_row=line_row, subtotal_row=_subtotal_row)


def _subtotal_row(group: ReportLine, parts: list[GridRow]) -> GridRow:
    """A subtotal of the unit's own lines; a line not forecast counts as its budget."""
    row = GridRow(key=f"s{group.pk}", kind="subtotal", label=group.name, code=group.code)
    row.prior_year = sum((p.prior_year for p in parts), ZERO)
    row.budget = sum((p.budget for p in parts), ZERO)
    row.actual = sum((p.actual for p in parts), ZERO)
    if any(p.forecast is not None for p in parts):
        row.forecast = sum(
            (p.forecast if p.forecast is not None else p.budget for p in parts), ZERO
        )
    if any(p.previous is not None for p in parts):
        row.previous = sum((p.previous or ZERO for p in parts), ZERO)
    return row


def _project_rows(
    unit: OrgUnit, period: ReportingPeriod, own: _Own, municipality: Municipality | None
) -> list[GridRow]:
    """The unit's investment projects of the year, as grid rows, with their outcome to the
    period's cut-off."""
    year, cutoff = period.year, period.cutoff_month
    project_years = {
        y.project_id: y for y in InvestmentYear.objects.filter(year=year, project__unit=unit)
    }
    projects = list(InvestmentProject.objects.filter(unit=unit).order_by("code"))
    ids = [p.pk for p in projects]
    actuals = project_actuals(year=year, cutoff=cutoff, project_ids=ids) if ids else {}
    rows = []
    for project in projects:
        years = project_years.get(project.pk)
        row = GridRow(
            key=f"p{project.pk}",
            kind="project",
            label=f"{project.code} {project.name}",
            code=project.code,
            project_id=project.pk,
            budget=years.budget if years else ZERO,
            actual=actuals.get(project.pk, ZERO),
        )
        _fill_cell(row, own.cells.get((None, project.pk)), own.previous.get((None, project.pk)))
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
    """The unit with everything below it, per line: budget, forecast, previous forecast, and
    the actual where the figures hold it (``forecast_grid``'s ``with_actuals``)."""

    def line_row(group: ReportLine) -> GridRow:
        figure = figures.get((unit.pk, group.pk), Totals())
        earlier = previous_figures.get((unit.pk, group.pk))
        return GridRow(
            key=f"t{group.pk}",
            kind="line",
            label=group.name,
            budget=figure.budget,
            actual=figure.actual,
            forecast=figure.forecast,
            previous=earlier.forecast if earlier is not None else None,
        )

    def subtotal_row(group: ReportLine, parts: list[GridRow]) -> GridRow:
        row = GridRow(
            key=f"t{group.pk}",
            kind="subtotal",
            label=group.name,
            budget=sum((p.budget for p in parts), ZERO),
            actual=sum((p.actual for p in parts), ZERO),
            forecast=sum((p.forecast or ZERO for p in parts), ZERO),
        )
        if any(p.previous is not None for p in parts):
            row.previous = sum((p.previous or ZERO for p in parts), ZERO)
        return row

    return rolled_up(groups, line_row=line_row, subtotal_row=subtotal_row)


def _child_rows(
    period: ReportingPeriod | None, children: list[OrgUnit], totals: dict[int, Totals]
) -> list[ChildRow]:
    """The units right below, with their totals; their statuses on the page (``period``)."""
    states = (
        dict(
            ForecastSubmission.objects.filter(
                period=period, unit_id__in=[child.pk for child in children]
            ).values_list("unit_id", "state")
        )
        if period is not None and children
        else {}
    )
    return [
        ChildRow(
            unit=child,
            totals=totals.get(child.pk, Totals()),
            state=states.get(child.pk, ForecastSubmission.State.NOT_STARTED),
            state_label=str(
                ForecastSubmission.State(
                    states.get(child.pk, ForecastSubmission.State.NOT_STARTED)
                ).label
            ),
        )
        for child in children
    ]
