"""The demo's forecasts: every unit's full-year forecast, comments and status in every period
that has been opened, the committees' action plans and a few investment projects, with the
change history that entering them would have left.

Kommunstyrelsen at T1 of the later year is seed 004's tertial report to the krona: its
lines, its areas' deviations and the economists' texts. Everywhere else a forecast leans
towards the year's outcome more as the year goes on, with a little noise that shrinks, so
deviations are mostly small and the larger ones carry comments.

The periods are closed or locked by the time this runs; the model guard that refuses
saves there is for people, so the demo's history goes in with ``bulk_create``, dated
around each period's deadline as if it had been typed in before the period closed.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Sum
from django.utils.translation import gettext as _

from budget.models import (
    AccountGroup,
    ActionPlan,
    ForecastSubmission,
    InvestmentProject,
    UnitBudgetFigure,
)
from demo.forecasts.drawing import comment_drawn, forecast_drawn, state_drawn
from demo.forecasts.entry import Cell, Context, write_unit
from demo.forecasts.projects import projects_create
from demo.forecasts.texts import (
    ACTION_PLANS,
    DEMOGRAPHY,
    SEED_004_ACTION_PLAN,
    SEED_004_COMMENTS,
    SEED_004_T1,
)
from demo.history import DemoHistory, period_deadline
from demo.ledger.books import year_lines
from demo.ledger.chart import DEVIATIONS
from demo.ledger.projects import PROJECTS, DemoProject
from municipality.formats.numbers import format_mnkr
from municipality.models import (
    Committee,
    FiscalYear,
    Municipality,
    OrgUnit,
    ReportingPeriod,
    User,
)

State = ForecastSubmission.State
Period = ReportingPeriod.Kind


@dataclass
class _Year:
    """What every period of a year draws on: its units and report lines, each unit's own
    budget per line (kronor) by the month it counts from (0: the decided budget, a month:
    the changes decided in it), the generated books, and the projects per unit code."""

    year: int
    later: bool
    units: list[OrgUnit]
    lines: list[AccountGroup]
    own: dict[tuple[int, int], dict[int, int]]
    books: dict[tuple[str, str], tuple[int, int]]
    projects: dict[str, list[tuple[InvestmentProject, DemoProject]]]

    def budget(self, unit: OrgUnit, group: AccountGroup, period: ReportingPeriod) -> int:
        """The unit's own budget for the line as the period has it: the decided budget with
        the changes decided by its cut-off."""
        parts = self.own.get((unit.pk, group.pk), {})
        return sum(amount for month, amount in parts.items() if month <= period.cutoff_month)


def _year(fiscal_year: FiscalYear, *, later: bool, context: Context) -> None:
    """Every opened period of the year: each unit's forecasts and status, and action plans."""
    year = fiscal_year.year
    units = list(
        OrgUnit.objects.valid_in(year).select_related("committee").order_by("committee", "path")
    )
    by_code = {unit.code: unit for unit in units}
    lines = list(
        AccountGroup.objects.filter(fiscal_year=fiscal_year, kind=AccountGroup.Kind.LINE).order_by(
            "order"
        )
    )
    own: dict[tuple[int, int], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for unit_id, group_id, month, budget in (
        UnitBudgetFigure.objects.filter(year=year, group__isnull=False)
        .values_list("unit_id", "group_id", "from_month")
        .annotate(total=Sum("budget"))
    ):
        own[(unit_id, group_id)][month] += int(budget)
    books = year_lines(year, sorted(by_code), later=later)
    periods = list(
        ReportingPeriod.objects.filter(fiscal_year=fiscal_year)
        .exclude(state=ReportingPeriod.State.PLANNED)
        .select_related("fiscal_year")
        .order_by("cutoff_month", "kind")
    )
    projects: dict[str, list[tuple[InvestmentProject, DemoProject]]] = defaultdict(list)
    if later and periods:
        made = projects_create(year, by_code, periods[-1].cutoff_month)
        for project, demo in zip(made, PROJECTS, strict=True):
            projects[demo.unit_code].append((project, demo))

    known = _Year(year, later, units, lines, own, books, projects)
    for period in periods:
        _period(known, period, context=context)


def _period(year: _Year, period: ReportingPeriod, *, context: Context) -> None:
    """Each unit's forecasts and status in ``period``, then the committees' action plans."""
    rng = random.Random(year.year * 100 + period.cutoff_month)
    deficits: dict[int, int] = defaultdict(int)
    roots: dict[int, tuple[OrgUnit, str]] = {}
    for unit in year.units:
        cells = _cells(year, period, unit, context=context, rng=rng)
        state = state_drawn(period, unit, rng)
        written = write_unit(period, unit, cells, state, context=context, rng=rng)
        deficits[unit.committee_id] += sum(
            c.budget - c.forecast for c in written if c.group is not None
        )
        if unit.parent_id is None:
            roots[unit.committee_id] = (unit, state)
    _action_plans(period, deficits, roots, later=year.later, context=context, rng=rng)


def _cells(
    year: _Year, period: ReportingPeriod, unit: OrgUnit, *, context: Context, rng: random.Random
) -> list[Cell]:
    """The unit's own rows in ``period``: a forecast per report line it has a budget or books
    on (seed 004's for Kommunstyrelsen at T1 of the later year), then its projects."""
    later = year.later
    seed_004 = later and period.kind == Period.T1
    annual = period.kind == Period.ANNUAL
    ks = unit.committee.short_code == "KS"
    cells = []
    for group in year.lines:
        budget = year.budget(unit, group, period)
        planned, outcome = year.books.get((unit.code, group.code), (0, 0))
        if not (budget or outcome):
            continue
        story = later and group.code in DEVIATIONS.get(unit.code, {})
        if seed_004 and ks:
            forecast = budget - SEED_004_T1.get((unit.code, group.code), 0) * 1000
        else:
            forecast = forecast_drawn(
                budget,
                budget + outcome - planned,  # the outcome's deviation, on the budget
                cutoff=period.cutoff_month,
                annual=annual,
                story=story,
                rng=rng,
            )
        comment = ""
        if later and ks and (seed_004 or (story and period.cutoff_month >= 4)):
            comment = SEED_004_COMMENTS.get((unit.code, group.code), "")
        comment = comment or comment_drawn(group.code, budget, forecast, context=context, rng=rng)
        cells.append(Cell(group, None, budget, forecast, comment))
    for project, demo in year.projects.get(unit.code, []):
        forecast = demo.budget if period.cutoff_month < 4 else demo.forecast
        comment = demo.comment if forecast != demo.budget else ""
        cells.append(Cell(None, project, demo.budget * 1000, forecast * 1000, comment))
    return cells


def _action_plans(
    period: ReportingPeriod,
    deviations: dict[int, int],
    roots: dict[int, tuple[OrgUnit, str]],
    *,
    later: bool,
    context: Context,
    rng: random.Random,
) -> None:
    """Åtgärder med konsekvenser from every committee whose forecast deviation is negative."""
    for committee_id, deviation in deviations.items():
        root, state = roots[committee_id]
        if deviation >= 0 or state == State.NOT_STARTED:
            continue
        committee: Committee = root.committee
        text = ACTION_PLANS[committee.short_code].format(deficit=format_mnkr(-deviation))
        if later and committee.short_code == "KS" and period.kind == Period.T1:
            text = SEED_004_ACTION_PLAN
        elif later and committee.short_code == "KS" and period.cutoff_month > 4:
            text = f"{DEMOGRAPHY} {text}"  # the upper-secondary deficit stays all year
        author = context.author(root)
        at = context.moment(period_deadline(period) - timedelta(days=rng.randint(0, 3)), rng)
        context.history.entered(
            ActionPlan(period=period, committee=committee, text=text),
            fields=[("text", _("actions and their consequences"))],
            label=committee.name,
            user=author,
            at=at,
            period=period,
            unit=None,
        )


def forecast_demo_build() -> None:
    """Forecasts, comments, statuses, action plans and projects for both demo years.

    Runs after ``demo.organisation.demo_build``: the figures are computed and the demo
    users (if any) exist to be the authors.
    """
    years = list(FiscalYear.objects.order_by("year"))
    users = {
        user.username: user for user in User.objects.filter(username__in=["ekonom", "controller"])
    }
    context = Context(
        economist=users.get("ekonom"),
        controller=users.get("controller"),
        municipality=Municipality.objects.get(),
        history=DemoHistory(),
    )
    for fiscal_year in years:
        _year(fiscal_year, later=fiscal_year == years[-1], context=context)
    context.history.save()
