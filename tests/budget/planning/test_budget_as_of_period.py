"""The follow-up's budget as of a period: the decided version with the changes decided by its
cut-off month, each counted from its month; the budget to date by profile (even, as last
year, typed per month)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from budget.forecasting.accuracy import forecast_accuracy
from budget.forecasting.grid import forecast_grid
from budget.forecasting.models import Forecast, ForecastProposal, ProposalMethod
from budget.forecasting.proposals import proposals_compute
from budget.forecasting.totals import forecast_figures
from budget.ledger.figures import figures_recompute
from budget.ledger.models import (
    AccountGroup,
    BudgetAmount,
    BudgetFigure,
    BudgetMonthFigure,
    BudgetVersion,
    UnitBudgetFigure,
)
from budget.outturn.rows import followup
from budget.planning.changes.services import budget_change_create
from budget.planning.models import BudgetChange, BudgetChangeLine
from municipality.models import FiscalYear, ReportingPeriod
from tests.factories import PeriodFactory

Kind = BudgetChange.Kind
Profile = BudgetAmount.Profile
T = Decimal(1000)


@pytest.fixture
def periods(ledger) -> dict[str, ReportingPeriod]:
    return {
        kind: PeriodFactory(kind=kind, state=ReportingPeriod.State.OPEN)
        for kind in (ReportingPeriod.Kind.T1, ReportingPeriod.Kind.T2, ReportingPeriod.Kind.ANNUAL)
    }


@pytest.fixture
def pers(ledger) -> AccountGroup:
    return AccountGroup.objects.get(fiscal_year__year=2019, code="PERS")


@pytest.fixture
def decided(ledger, periods, pers, controller):
    """Decided: 1 200 tkr for Ekonomi- och lönecenter (1031) and 2 400 tkr for Brandkåren
    (1100) on personnel. In March 120 tkr move from 1031 to 1100; in September the council
    adds 600 tkr to 1100."""
    version = BudgetVersion.objects.create(
        fiscal_year=FiscalYear.objects.get(year=2019),
        name="Budget 2019",
        is_active=True,
        kind=BudgetVersion.Kind.DECIDED,
    )
    for unit, amount in ((ledger.sub_unit, 1200), (ledger.sibling, 2400)):
        BudgetAmount.objects.create(version=version, unit=unit, group=pers, amount=amount * T)
    year = FiscalYear.objects.get(year=2019)
    budget_change_create(
        fiscal_year=year,
        kind=Kind.REALLOCATION,
        reference="KS § 31",
        decided_on=date(2019, 3, 14),
        amount=120 * T,
        lines=[(ledger.sub_unit, pers, -120 * T), (ledger.sibling, pers, 120 * T)],
        user=controller,
    )
    budget_change_create(
        fiscal_year=year,
        kind=Kind.SUPPLEMENTARY,
        reference="KF § 80",
        decided_on=date(2019, 9, 20),
        amount=600 * T,
        lines=[(ledger.sibling, pers, 600 * T)],
        user=controller,
    )
    figures_recompute(year=2019)
    return ledger


def budgets_at(period: ReportingPeriod, org) -> dict[str, Decimal]:
    data = followup(period=period, unit=org.administration)
    return {row.label: row.budget for row in data.children} | {"total": data.total.budget}


def test_the_budget_of_each_period_counts_the_changes_decided_by_then(decided, periods) -> None:
    t1 = budgets_at(periods["t1"], decided)
    assert t1 == {"Ekonomi": 1080 * T, "Brandkåren": 2520 * T, "total": 3600 * T}
    assert budgets_at(periods["t2"], decided) == t1  # nothing decided in May–August
    assert budgets_at(periods["annual"], decided) == {
        "Ekonomi": 1080 * T,
        "Brandkåren": 3120 * T,
        "total": 4200 * T,
    }


def test_the_figures_keep_each_change_from_its_month(decided, pers) -> None:
    rows = set(
        BudgetFigure.objects.filter(year=2019, unit=decided.sibling).values_list(
            "from_month", "budget"
        )
    )
    assert rows == {(0, 2400 * T), (3, 120 * T), (9, 600 * T)}
    own = set(
        UnitBudgetFigure.objects.filter(year=2019, unit=decided.sub_unit).values_list(
            "from_month", "budget"
        )
    )
    assert own == {(0, 1200 * T), (3, -120 * T)}
    figures_recompute(year=2019)  # idempotent: the same rows again
    assert BudgetFigure.objects.filter(year=2019, unit=decided.sibling).count() == 3


def test_changes_before_and_after_the_year(decided, periods, pers, controller) -> None:
    """Decided in December of the year before: from the start; decided after the year: not
    at all (the service refuses those; an older route could still have written one)."""
    year = FiscalYear.objects.get(year=2019)
    for decided_on, amount in ((date(2018, 12, 10), 50), (date(2020, 1, 15), 70)):
        change = BudgetChange.objects.create(
            fiscal_year=year,
            kind=Kind.SUPPLEMENTARY,
            decision_reference=f"KF {decided_on}",
            decided_on=decided_on,
            amount=amount * T,
            entered_by=controller,
        )
        BudgetChangeLine.objects.create(
            change=change, unit=decided.sibling, group=pers, amount=amount * T
        )
    figures_recompute(year=2019)
    assert budgets_at(periods["t1"], decided)["Brandkåren"] == 2570 * T
    assert budgets_at(periods["annual"], decided)["Brandkåren"] == 3170 * T


def test_budget_to_date_by_profile(decided, periods, pers) -> None:
    """At T1 (April): the even budget by 4/12, the last-year part as last year was booked
    (nothing booked, so evenly), the typed part as the months typed up to April."""
    version = BudgetVersion.objects.get(is_active=True)
    months = ["10000.00"] * 3 + ["70000.00"] + ["0"] * 8  # 100 tkr by April, 100 in the year
    BudgetAmount.objects.create(
        version=version,
        unit=decided.department,
        group=pers,
        amount=100 * T,
        profile=Profile.TYPED,
        months=months,
    )
    BudgetAmount.objects.create(
        version=version,
        unit=decided.department,
        group=AccountGroup.objects.get(fiscal_year__year=2019, code="LOK"),
        amount=120 * T,
        profile=Profile.LAST_YEAR,
    )
    figures_recompute(year=2019)
    assert BudgetMonthFigure.objects.filter(year=2019, unit=decided.administration).count() == 12
    data = followup(period=periods["t1"], unit=decided.department)
    groups = {row.label: row for row in data.groups}
    # 1031: (1 200 − 120) × 4/12 = 360; the department's typed 100 by April.
    assert groups["Personalkostnader"].budget == 1180 * T
    assert groups["Personalkostnader"].budget_to_date == 460 * T
    assert groups["Lokalkostnader"].budget_to_date == 40 * T
    t2 = {row.label: row for row in followup(period=periods["t2"], unit=decided.department).groups}
    assert t2["Personalkostnader"].budget_to_date == 720 * T + 100 * T


def test_the_forecast_grid_reads_the_budget_as_of_its_period(decided, periods, pers) -> None:
    for kind, expected in (("t1", 2520), ("t2", 2520), ("annual", 3120)):
        grid = forecast_grid(period=periods[kind], unit=decided.sibling)
        rows = {row.code: row for row in grid.rows}
        assert rows["PERS"].budget == expected * T
        assert grid.unit_totals.budget == expected * T


def test_a_forecast_deviates_from_the_budget_as_of_its_period(decided, periods, pers) -> None:
    """A forecast replaces its row's budget as of the period; the subtree's forecast moves
    by forecast − that budget only."""
    for kind in ("t2", "annual"):
        Forecast.objects.create(
            period=periods[kind], unit=decided.sibling, group=pers, amount=3000 * T
        )
    t2 = forecast_figures(period=periods["t2"], unit_ids=[decided.administration.pk])
    annual = forecast_figures(period=periods["annual"], unit_ids=[decided.administration.pk])
    assert t2[(decided.administration.pk, pers.pk)].budget == 3600 * T
    assert t2[(decided.administration.pk, pers.pk)].forecast == 1080 * T + 3000 * T
    assert annual[(decided.administration.pk, pers.pk)].budget == 4200 * T
    assert annual[(decided.administration.pk, pers.pk)].forecast == 1080 * T + 3000 * T


def test_the_budget_proposal_is_the_budget_as_of_its_period(decided, periods, pers) -> None:
    for kind, expected in (("t1", 2520), ("annual", 3120)):
        proposals_compute(period=periods[kind])
        proposal = ForecastProposal.objects.get(
            period=periods[kind], unit=decided.sibling, group=pers, method=ProposalMethod.BUDGET
        )
        assert proposal.amount == expected * T


def test_the_accuracy_measures_the_outcome_against_the_year_end_budget(
    decided, periods, pers
) -> None:
    """Each forecast deviated from the budget as of its period; the outcome (no actuals
    here) from the year's budget in the end, both changes counted."""
    Forecast.objects.create(period=periods["t1"], unit=decided.sibling, group=pers, amount=2520 * T)
    ReportingPeriod.objects.filter(pk=periods["annual"].pk).update(
        state=ReportingPeriod.State.CLOSED
    )
    [row] = [r for r in forecast_accuracy(year=2019) if r.code == "KS"]
    assert row.t1 == 0 and row.t2 == 0
    assert row.outcome == 4200 * T
