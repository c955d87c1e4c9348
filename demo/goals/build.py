"""The demo's goal follow-up: Kalmar's focus areas, council and committee goals, activities,
assignments and indicators for both demo years, and their assessments in every period that
has been opened, with the history that entering them would have left.

Kommunstyrelsen at T1 of the later year is seed 004's tertial report: its goals, activities
and assignments with their statuses, färdiggrad and comments, in the same period as the
forecast demo's seed 004 figures (the later year is the year organised as Kalmar was in
2019). Elsewhere each item follows a plan drawn once per year: activities start, progress
and finish (a few fall behind or are cancelled), goals settle on how far they are met; a
council goal follows the committee goals under it. The open period is left part done, so
"Mina mål" has work to show.

The periods are closed or locked by the time this runs, so everything goes in with
``bulk_create`` (see ``demo.history``).
"""

from __future__ import annotations

from demo.goals.assessments import Authors, period_assess
from demo.goals.structure import Year, structure_build
from demo.history import DemoHistory
from demo.indicators import indicators_build
from municipality.models import FiscalYear, ReportingPeriod, User

Period = ReportingPeriod.Kind


def goal_demo_build() -> None:
    """Goal areas, goals, activities, assignments and indicators for both demo years, and
    their assessments, observations and committee statuses in every opened period.

    Runs after ``demo.organisation.demo_build``: the organisation, the periods and the demo
    users (if any), who are the assessments' authors, exist.
    """
    years = list(FiscalYear.objects.order_by("year"))
    if not years:
        return
    later = years[-1].year
    built: list[Year] = []
    for fiscal_year in years:
        built.append(structure_build(fiscal_year, built[-1] if built else None, later=later))
    indicators_build(
        years,
        committee_goals={
            (y.fiscal_year.year, key): goal for y in built for key, goal in y.goals.items()
        },
        council_goals={
            (y.fiscal_year.year, key): goal for y in built for key, goal in y.council.items()
        },
    )

    users = {u.username: u for u in User.objects.filter(username__in=["malagare", "controller"])}
    authors = Authors(users.get("malagare"), users.get("controller"))
    history = DemoHistory()
    for year in built:
        periods = (
            ReportingPeriod.objects.filter(fiscal_year=year.fiscal_year)
            .exclude(state=ReportingPeriod.State.PLANNED)
            .select_related("fiscal_year")
            .order_by("cutoff_month", "kind")
        )
        for period in periods:
            seed = year.fiscal_year.year == later and period.kind == Period.T1
            period_assess(year, period, seed=seed, authors=authors, history=history)
    history.save()
