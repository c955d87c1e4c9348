"""The demo's ledger: two years of budgets and actuals, written as SIE 4 and imported."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Max, Q, Sum

from budget.investments.selectors import project_actuals
from budget.models import (
    Actual,
    BudgetAmount,
    BudgetFigure,
    FollowupFigure,
    ImportBatch,
    InvestmentActual,
    InvestmentProject,
)
from demo.ledger.books import unit_budget, year_books
from demo.ledger.chart import GROSS, PROFILES, UNITS
from demo.ledger.projects import PROJECTS, project_spending
from municipality.models import OrgUnit, ReportingPeriod
from municipality.periods.selectors import period_default

KS_BUDGET_2019 = Decimal(646_478_000)  # seed 004: Summa resultat, kronor


@pytest.fixture
def demo(db, settings) -> None:
    settings.DEMO_MODE = True
    call_command("seed_demo", "--year", "2019", stdout=StringIO())


def _leaves(year: int) -> set[int]:
    units = OrgUnit.objects.valid_in(year)
    parents = set(units.exclude(parent=None).values_list("parent_id", flat=True))
    return set(units.values_list("pk", flat=True)) - parents


def test_every_leaf_unit_has_actuals_in_both_years(demo) -> None:
    for year in (2018, 2019):
        booked = set(Actual.objects.current().filter(year=year).values_list("unit_id", flat=True))
        assert _leaves(year) <= booked, year


def test_the_books_reach_the_latest_opened_period(demo) -> None:
    def months(year: int) -> list[int]:
        rows = Actual.objects.current().filter(year=year)
        return sorted(set(rows.values_list("month", flat=True)))

    opened = (
        ReportingPeriod.objects.filter(fiscal_year__year=2019)
        .exclude(state=ReportingPeriod.State.PLANNED)
        .aggregate(Max("cutoff_month"))["cutoff_month__max"]
    )
    assert months(2018) == list(range(1, 13))
    assert opened == period_default().cutoff_month == 10
    assert months(2019) == list(range(1, 11))


def test_kommunstyrelsen_budget_is_seed_004s(demo) -> None:
    total = (
        BudgetAmount.objects.current()
        .filter(
            version__fiscal_year__year=2019,
            version__is_active=True,
            unit__committee__short_code="KS",
        )
        .aggregate(total=Sum("amount"))["total"]
    )
    assert abs(total - KS_BUDGET_2019) <= KS_BUDGET_2019 * Decimal("0.05")

    def area(name: str) -> Decimal:
        unit = OrgUnit.objects.valid_in(2019).get(name=name)
        return BudgetFigure.objects.filter(year=2019, unit=unit).aggregate(s=Sum("budget"))["s"]

    assert area("Gymnasieverksamheten") == 306_482_000
    assert area("Brandkåren") == 54_578_000  # with the alarm centre it took over
    assert area("IT") == 49_696_000


def test_one_sie_file_per_year_through_the_import(demo) -> None:
    sie = ImportBatch.objects.filter(kind=ImportBatch.Kind.SIE).order_by("year")
    assert [(b.file_name, b.year, b.notes) for b in sie] == [
        ("kalmar-2018.se", 2018, []),
        ("kalmar-2019.se", 2019, []),
    ]
    budgets = ImportBatch.objects.filter(kind=ImportBatch.Kind.BUDGET).order_by("year")
    assert [(b.file_name, b.budget_version.name, b.budget_version.is_active) for b in budgets] == [
        ("kalmar-2018.se", "Budget 2018 (KF)", True),
        ("kalmar-2019.se", "Budget 2019 (KF)", True),
    ]
    assert not Actual.objects.filter(Q(account__number__startswith="1")).exists()


def test_wages_dip_in_july_and_grants_come_quarterly(demo) -> None:
    def by_month(year: int, prefix: str) -> dict[int, Decimal]:
        rows = Actual.objects.current().filter(year=year, account__number__startswith=prefix)
        return dict(rows.values("month").annotate(s=Sum("amount")).values_list("month", "s"))

    for year in (2018, 2019):
        personnel = by_month(year, "5")
        assert personnel[7] < personnel[6] * Decimal("0.8"), year
    grants = by_month(2018, "3511")
    assert set(grants) == {3, 6, 9, 12}
    assert all(amount < 0 for amount in grants.values())  # revenue: the ledger's sign


def test_figures_for_the_whole_municipality(demo) -> None:
    for year in (2018, 2019):
        roots = set(OrgUnit.objects.valid_in(year).filter(parent=None).values_list("pk", flat=True))
        assert len(roots) == 6
        with_actuals = FollowupFigure.objects.filter(year=year, unit__in=roots)
        with_budget = BudgetFigure.objects.filter(year=year, unit__in=roots)
        assert set(with_actuals.values_list("unit_id", flat=True)) == roots
        assert set(with_budget.values_list("unit_id", flat=True)) == roots
    # 2019's figures for the committees' roots carry the whole of 2018 as the prior year.
    prior = FollowupFigure.objects.filter(year=2019, unit__in=roots).aggregate(
        s=Sum("prior_actual")
    )["s"]
    assert prior == Actual.objects.current().filter(year=2018).aggregate(s=Sum("amount"))["s"]


def test_seed_004s_deviations_show_by_october(demo) -> None:
    def ytd_and_budget(name: str) -> tuple[Decimal, Decimal]:
        unit = OrgUnit.objects.valid_in(2019).get(name=name)
        actual = FollowupFigure.objects.filter(year=2019, unit=unit).aggregate(s=Sum("actual"))
        budget = BudgetFigure.objects.filter(year=2019, unit=unit).aggregate(s=Sum("budget"))
        return actual["s"], budget["s"]

    actual, budget = ytd_and_budget("Brandkåren")
    assert actual > budget * 10 / 12  # over the benchmark: heading for a deficit
    actual, budget = ytd_and_budget("Exploateringsverksamheten")
    assert budget == 0 and actual < 0  # land sold above budget


def test_the_generated_books_are_exact_and_repeatable() -> None:
    for code, (net, profile) in UNITS.items():
        gross = GROSS.get(code)
        budget = unit_budget(net * 1000, PROFILES[profile], gross and gross * 1000)
        assert sum(budget.values()) == net * 1000, code
    codes = sorted(UNITS)
    ledger = year_books(2019, codes, later=True)
    assert ledger == year_books(2019, codes, later=True)
    ks = {code for code in codes if code.startswith("1")} | {"2050"}  # IT joined KS in 2019
    assert sum(sum(months) for (code, _), months in ledger.budget.items() if code in ks) == (
        KS_BUDGET_2019
    )


def test_the_projects_outcome_comes_from_the_ledger(demo) -> None:
    """The SIE files carry the projects in dimension 6; the investment import reads them."""
    batches = ImportBatch.objects.filter(kind=ImportBatch.Kind.INVESTMENT).order_by("year")
    assert [(b.file_name, b.year, b.months) for b in batches] == [
        ("kalmar-2018.se", 2018, list(range(7, 13))),
        ("kalmar-2019.se", 2019, list(range(1, 11))),
    ]
    assert all(b.notes == [] for b in batches)  # every row on 1110–1299 carries a project
    outcome = project_actuals(year=2019, cutoff=10)
    by_code = dict(InvestmentProject.objects.values_list("code", "pk"))
    assert set(by_code) == {project.code for project in PROJECTS}
    for project in PROJECTS:
        months = project_spending(project, later=True, through=10)
        assert outcome[by_code[project.code]] == sum(months.values()), project.code
    broadband = InvestmentProject.objects.get(code="91010")
    april = InvestmentActual.objects.current().get(project=broadband, year=2019, month=4)
    assert april.amount == 45_000_000 // 16 - 4_000_000  # the grant, an income
    assert (broadband.unit.code, april.account.number) == ("1010", "1150")
