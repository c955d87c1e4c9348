"""What the pages and reports read of the investment projects' outcome."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, Sum
from django.utils.translation import gettext as _

from budget.investments.models import InvestmentActual, InvestmentProject, InvestmentYear
from budget.ledger.models import ImportBatch
from budget.ledger.outcome import OutcomeSource, sources_of
from municipality.formats.numbers import change_percent
from municipality.models import Committee, OrgUnit, ReportingPeriod
from municipality.organisation.selectors import municipality_current

ZERO = Decimal(0)


def project_actuals(
    *, year: int, cutoff: int = 12, project_ids: Iterable[int] | None = None
) -> dict[int, Decimal]:
    """Per project: its outcome of ``year`` up to month ``cutoff``, ledger sign; one query."""
    actuals = InvestmentActual.objects.current().filter(year=year, month__lte=cutoff)
    if project_ids is not None:
        actuals = actuals.filter(project_id__in=list(project_ids))
    return {
        row["project_id"]: row["total"]
        for row in actuals.values("project_id").annotate(total=Sum("amount")).order_by()
    }


@dataclass
class InvestmentRow:
    """A project, or a sum of projects, in the ledger's sign (an outlay positive), in kronor."""

    label: str
    kind: str  # "project", "unit", "committee" or "total"
    code: str = ""
    url_query: str = ""  # drill-down: ?unit=… or ?committee=…
    expenditure: Decimal = ZERO  # the year's budgeted expenditure, typed positive
    income: Decimal = ZERO  # the year's budgeted income, typed positive
    budget: Decimal = ZERO  # the year's net budget: expenditure − income
    actual: Decimal = ZERO  # the year's outcome up to the period's cut-off month
    prior_year: Decimal = ZERO  # the whole previous year's outcome (bokslut)
    forecast: Decimal = ZERO  # the period's forecast; the budget where none is entered
    forecast_entered: bool = False
    total_budget: Decimal | None = None  # the budget over the project's whole life
    life_actual: Decimal = ZERO  # the outcome of every year up to the cut-off
    year_end: bool = False

    @property
    def consumption(self) -> Decimal | None:
        """The outcome to date as % of the year's budget."""
        return self.actual * 100 / self.budget if self.budget else None

    @property
    def deviation(self) -> Decimal:
        """Budget − forecast (at the year-end budget − outcome), ledger sign: positive is
        better than budget in either presentation sign."""
        return self.budget - (self.actual if self.year_end else self.forecast)

    @property
    def change(self) -> Decimal | None:
        """Förändring %: this year's outcome against last year's."""
        return change_percent(self.actual, self.prior_year)

    def add(self, other: InvestmentRow) -> None:
        for name in ("expenditure", "income", "budget", "actual", "prior_year", "forecast"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.life_actual += other.life_actual
        self.forecast_entered = self.forecast_entered or other.forecast_entered
        if other.total_budget is not None:
            self.total_budget = (self.total_budget or ZERO) + other.total_budget


@dataclass
class InvestmentFollowup:
    """The investment follow-up of a unit, a committee or the whole municipality."""

    period: ReportingPeriod
    title: str
    projects: list[InvestmentRow]
    children: list[InvestmentRow]  # per unit at the chosen level, or per committee
    total: InvestmentRow
    project_ids: list[int] = field(default_factory=list)  # the projects shown
    unit: OrgUnit | None = None
    committee: Committee | None = None
    ancestors: list[OrgUnit] = field(default_factory=list)

    @property
    def is_year_end(self) -> bool:
        return self.period.cutoff_month == 12


def _in_year(project: InvestmentProject, year: int) -> bool:
    """Whether the project runs during ``year`` by its dates (open ends run on)."""
    starts = project.start is None or project.start.year <= year
    ends = project.end is None or project.end.year >= year
    return starts and ends and (project.start is not None or project.end is not None)


def _project_rows(
    projects: list[InvestmentProject], *, period: ReportingPeriod
) -> list[InvestmentRow]:
    """A row per project with a budget, an outcome or a forecast this year or last year's
    outcome, or running this year by its dates; three queries."""
    year, cutoff = period.year, period.cutoff_month
    ids = [p.pk for p in projects]
    years = {y.project_id: y for y in InvestmentYear.objects.filter(year=year, project_id__in=ids)}
    this_year = Q(year=year, month__lte=cutoff)
    sums = {
        row["project_id"]: row
        for row in InvestmentActual.objects.current()
        .filter(project_id__in=ids)
        .filter(Q(year__lt=year) | this_year)
        .values("project_id")
        .annotate(
            actual=Sum("amount", filter=this_year, default=ZERO),
            prior=Sum("amount", filter=Q(year=year - 1), default=ZERO),
            life=Sum("amount", default=ZERO),
        )
        .order_by()
    }
    # The forecasts through their relation: forecasting reads this package, not back.
    forecasts = dict(
        InvestmentProject.objects.filter(
            pk__in=ids, forecasts__period=period, forecasts__amount__isnull=False
        ).values_list("pk", "forecasts__amount")
    )
    rows = []
    for project in projects:
        budget_year, figures = years.get(project.pk), sums.get(project.pk)
        forecast = forecasts.get(project.pk)
        row = InvestmentRow(
            label=f"{project.code} {project.name}",
            kind="project",
            code=project.code,
            total_budget=project.total_budget,
            year_end=cutoff == 12,
        )
        if budget_year is not None:
            row.expenditure, row.income = budget_year.expenditure, budget_year.income
            row.budget = budget_year.expenditure - budget_year.income
        if figures is not None:
            row.actual, row.prior_year = figures["actual"], figures["prior"]
            row.life_actual = figures["life"]
        row.forecast = row.budget if forecast is None else forecast
        row.forecast_entered = forecast is not None
        shown = budget_year is not None or forecast is not None
        if shown or row.actual or row.prior_year or _in_year(project, year):
            rows.append(row)
    return rows


def _ancestor_at(path: str, level: int) -> int:
    """The id of the unit at depth ``level`` on a materialised path (``/3/17/42/``), or the
    deepest unit of a shorter path."""
    ids = [int(part) for part in path.strip("/").split("/")]
    return ids[min(level, len(ids) - 1)]


def investment_followup(
    *,
    period: ReportingPeriod,
    unit: OrgUnit | None = None,
    committee: Committee | None = None,
    level: int | None = None,
) -> InvestmentFollowup:
    """The projects of a unit's subtree, of a committee, or (with neither) of the whole
    municipality, and their sums per unit at depth ``level`` of the tree (0: the top units).

    Without ``level`` the sums are per child of the unit shown, per top unit of the
    committee, or per committee for the municipality. A project booked higher up than the
    level is summed on its own unit's row. Seven queries at most, whatever the size.
    """
    projects_qs = InvestmentProject.objects.select_related("unit__committee").order_by("code")
    ancestors: list[OrgUnit] = []
    depth: int | None
    if unit is not None:
        projects_qs = projects_qs.filter(unit__path__startswith=unit.path)
        title = unit.name
        ancestors = list(OrgUnit.objects.filter(pk__in=unit.ancestor_ids).order_by("depth"))
        depth = unit.depth + 1 if level is None else level
    elif committee is not None:
        projects_qs = projects_qs.filter(unit__committee=committee)
        title = committee.name
        depth = 0 if level is None else level
    else:
        municipality = municipality_current()
        title = municipality.name if municipality else _("Municipality")
        depth = level  # None: per committee
    projects = list(projects_qs)
    rows = _project_rows(projects, period=period)
    by_code = {p.code: p for p in projects}
    total = InvestmentRow(label=_("Total"), kind="total", year_end=period.cutoff_month == 12)
    for row in rows:
        total.add(row)
    return InvestmentFollowup(
        period=period,
        title=title,
        projects=rows,
        children=_child_rows(rows, by_code, depth=depth, year_end=total.year_end),
        total=total,
        project_ids=[by_code[row.code].pk for row in rows],
        unit=unit,
        committee=committee,
        ancestors=ancestors,
    )


def _child_rows(
    rows: list[InvestmentRow],
    projects: dict[str, InvestmentProject],
    *,
    depth: int | None,
    year_end: bool,
) -> list[InvestmentRow]:
    """The project rows summed per unit at ``depth`` (or per committee); one query for the
    units' names, in the tree's order."""
    sums: dict[int, InvestmentRow] = {}
    if depth is None:
        committees: dict[int, Committee] = {}
        for row in rows:
            committee = projects[row.code].unit.committee
            committees[committee.pk] = committee
            child = sums.setdefault(
                committee.pk,
                InvestmentRow(
                    label=committee.name,
                    kind="committee",
                    code=committee.short_code,
                    url_query=f"?committee={committee.pk}",
                    year_end=year_end,
                ),
            )
            child.add(row)
        order = sorted(committees.values(), key=lambda c: (c.order, c.name))
        return [sums[c.pk] for c in order]
    keys = {row.code: _ancestor_at(projects[row.code].unit.path, depth) for row in rows}
    units = OrgUnit.objects.filter(pk__in=set(keys.values())).select_related("committee")
    # In the tree's order: committee, then siblings together, by their order and code.
    ordered = sorted(
        units, key=lambda u: (u.committee.order, u.path.rsplit("/", 2)[0], u.order, u.code)
    )
    for unit in ordered:
        sums[unit.pk] = InvestmentRow(
            label=unit.name,
            kind="unit",
            code=unit.code,
            url_query=f"?unit={unit.pk}",
            year_end=year_end,
        )
    for row in rows:
        sums[keys[row.code]].add(row)
    return [sums[u.pk] for u in ordered]


def investment_sources(
    *, year: int, cutoff: int, project_ids: Iterable[int] | None
) -> list[OutcomeSource]:
    """The imports whose current investment outcome of ``year`` to month ``cutoff`` makes
    the outcome of ``project_ids`` (None: every project), newest first; one query."""
    actuals = InvestmentActual.objects.current().filter(
        batch=OuterRef("pk"), year=year, month__lte=cutoff
    )
    if project_ids is not None:
        actuals = actuals.filter(project_id__in=list(project_ids))
    return sources_of(ImportBatch.objects.filter(Exists(actuals)), cutoff=cutoff)
