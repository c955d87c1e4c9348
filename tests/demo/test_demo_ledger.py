"""The demo's ledger: two years of budgets and actuals, and the actuals of the year before
them, written as SIE 4 and imported."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Max, Q, Sum
from django.urls import reverse

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
from municipality.access.choice import SESSION_PERIOD_KEY
from municipality.models import FiscalYear, OrgUnit, ReportingPeriod, User
from municipality.periods.selectors import period_default

KS_BUDGET_2019 = Decimal(646_478_000)  # seed 004: Summa resultat, kronor
PRIOR_YEAR_NOTE = (
    "2017 är inte ett räkenskapsår i Tertial och har därför inga kontogrupper: årets utfall "
    "läses in och följs upp som föregående år för 2018, på kontogrupperna för 2018."
)


@pytest.fixture
def demo(db, settings) -> None:
    settings.DEMO_MODE = True
    call_command("seed_demo", "--year", "2019", stdout=StringIO())


def _leaves(year: int) -> set[int]:
    units = OrgUnit.objects.valid_in(year)
    parents = set(units.exclude(parent=None).values_list("parent_id", flat=True))
    return set(units.values_list("pk", flat=True)) - parents


def test_every_leaf_unit_has_actuals_in_every_year(demo) -> None:
    for year in (2017, 2018, 2019):
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
    assert months(2017) == months(2018) == list(range(1, 13))
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
        ("kalmar-2017.se", 2017, [PRIOR_YEAR_NOTE]),  # only the actuals of 2017
        ("kalmar-2018.se", 2018, []),
        ("kalmar-2019.se", 2019, []),
    ]
    assert set(ImportBatch.objects.values_list("run_by", "imported_by")) == {("seed_demo", None)}
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
    # Each year's figures for the committees' roots carry the whole year before as its prior
    # year: 2018's the actuals of 2017, which is no fiscal year but was imported for that.
    for year in (2018, 2019):
        roots = set(OrgUnit.objects.valid_in(year).filter(parent=None).values_list("pk", flat=True))
        prior = FollowupFigure.objects.filter(year=year, unit__in=roots).aggregate(
            s=Sum("prior_actual")
        )["s"]
        booked = Actual.objects.current().filter(year=year - 1).aggregate(s=Sum("amount"))["s"]
        assert prior == booked != 0, year


def test_the_year_before_is_a_little_lower_and_offers_no_periods(demo) -> None:
    """2017's outcome is 2018's prior year, a few percent lower for the municipality, as a
    year's cost rises make it (a committee's may differ more, by its units' drift); 2017 has
    no fiscal year, so no period of it can be chosen."""
    assert not FiscalYear.objects.filter(year=2017).exists()
    assert not ReportingPeriod.objects.filter(fiscal_year__year__lt=2018).exists()
    roots = OrgUnit.objects.valid_in(2018).filter(parent=None)
    totals = FollowupFigure.objects.filter(year=2018, unit__in=roots).aggregate(
        actual=Sum("actual"), prior=Sum("prior_actual")
    )
    assert totals["actual"] * Decimal("0.95") < totals["prior"] < totals["actual"]
    for root in roots:
        figures = FollowupFigure.objects.filter(year=2018, unit=root)
        by_root = figures.aggregate(actual=Sum("actual"), prior=Sum("prior_actual"))
        assert abs(by_root["prior"] / by_root["actual"] - 1) < Decimal("0.1"), root.name


def test_the_ekonomi_page_of_the_first_year_shows_the_year_before(demo, client) -> None:
    """Utfall 2017 beside 2018's outcome, and the sources say the demo imported them."""
    client.force_login(User.objects.get(username="controller"))
    t2 = ReportingPeriod.objects.get(fiscal_year__year=2018, kind=ReportingPeriod.Kind.T2)
    session = client.session
    session[SESSION_PERIOD_KEY] = t2.pk
    session.save()
    page = client.get(reverse("budget:followup"))
    assert page.status_code == 200
    booked = Actual.objects.current().filter(year=2017).aggregate(s=Sum("amount"))["s"]
    assert page.context["data"].total.prior_year == booked
    html = page.content.decode()
    assert "Utfall 2017" in html
    assert "kalmar-2018.se" in html and "inläst av seed_demo" in html
    assert "okänd" not in html


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
        ("kalmar-2017.se", 2017, list(range(1, 13))),
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
    # The projects that had begun the year before 2018 have that year's outcome too.
    before = project_actuals(year=2017)
    assert {code for code, pk in by_code.items() if pk in before} == {
        project.code for project in PROJECTS if project.prior
    }
    for project in PROJECTS:
        if project.prior:
            assert before[by_code[project.code]] == project.prior * 1000, project.code
