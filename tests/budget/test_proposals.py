"""Forecast proposals and their backtest, against figures worked out by hand.

The main row throughout: Ekonomi- och lönecenter (1031) on Personalkostnader (account 5011).

    2018, by month:  200, 100 × 10, 200    → full year 1 400; to April 500
    2019, Jan–Apr:   120, 130, 110, 140    → to April 500 (and 9 999 in May, after the cut-off)

For tertial 1 of 2019 (cut-off April):
    run rate   500 / 4 × 12                 = 1 500
    seasonal   500 × 1 400 / 500            = 1 400
    budget     the unit's own 2019 budget   = 1 600
"""

from __future__ import annotations

from decimal import Decimal
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from budget.forecasting.proposals import (
    proposal_accuracy_compute,
    proposals_compute,
    proposals_for,
)
from budget.ledger.figures import figures_recompute
from budget.ledger.imports.pipeline import import_apply, import_prepare
from budget.ledger.tasks import recompute_figures
from budget.management.commands.compute_proposals import period_from_spec
from budget.models import (
    Account,
    AccountGroup,
    Actual,
    BudgetAmount,
    BudgetVersion,
    Forecast,
    ForecastProposal,
    ImportBatch,
    ProposalAccuracy,
)
from budget.tasks import compute_proposals
from municipality.models import FiscalYear, OrgUnit, ReportingPeriod
from municipality.periods.services import period_set_state
from tests.budget.test_recompute import broker_down  # noqa: F401 (a fixture)
from tests.factories import FiscalYearFactory, PeriodFactory

D = Decimal
RUN_RATE, SEASONAL, BUDGET, PREVIOUS = "run_rate", "seasonal", "budget", "previous"
MAIN_2018 = {1: "200", **{month: "100" for month in range(2, 12)}, 12: "200"}
MAIN_2019 = {1: "120", 2: "130", 3: "110", 4: "140", 5: "9999"}


def book(unit: OrgUnit, account: str, year: int, amounts: dict[int, str]) -> None:
    batch = ImportBatch.objects.create(
        kind=ImportBatch.Kind.ACTUALS, file_name="test.csv", sha256="0" * 64, year=year
    )
    account_id = Account.objects.get(number=account).pk
    Actual.objects.bulk_create(
        Actual(
            unit=unit, account_id=account_id, year=year, month=month, amount=D(amount), batch=batch
        )
        for month, amount in amounts.items()
    )


def budget(unit: OrgUnit, code: str, year: int, amount: str) -> None:
    fiscal_year = FiscalYearFactory(year=year)
    version, _ = BudgetVersion.objects.get_or_create(
        fiscal_year=fiscal_year, name=f"Budget {year}", defaults={"is_active": True}
    )
    group = AccountGroup.objects.get(fiscal_year=fiscal_year, code=code)
    BudgetAmount.objects.create(version=version, unit=unit, group=group, amount=D(amount))


def group(code: str, year: int = 2019) -> int:
    return AccountGroup.objects.get(fiscal_year__year=year, code=code).pk


def proposals(
    period: ReportingPeriod,
) -> dict[tuple[int, int, str], tuple[Decimal, Decimal | None]]:
    return {
        (unit, grp, method): (amount, mape)
        for unit, grp, method, amount, mape in ForecastProposal.objects.filter(
            period=period
        ).values_list("unit_id", "group_id", "method", "amount", "mape")
    }


def amounts(period: ReportingPeriod, unit: OrgUnit, code: str) -> dict[str, Decimal]:
    return {
        method: amount
        for (unit_id, grp, method), (amount, _) in proposals(period).items()
        if unit_id == unit.pk and grp == group(code)
    }


@pytest.fixture
def books(ledger):
    """The main row, plus rows that show the fallbacks and which rows there are."""
    org = ledger
    book(org.sub_unit, "5011", 2018, MAIN_2018)
    book(org.sub_unit, "5011", 2019, MAIN_2019)
    budget(org.sub_unit, "PERS", 2019, "1600")
    budget(org.sub_unit, "PERS", 2018, "1330")
    # Brandkåren, Lokalkostnader: no last year, 11.50 in January → run rate 34.50 → 35
    # (half up; half even would give 34); seasonal falls back to the run rate.
    book(org.sibling, "6011", 2019, {1: "11.50"})
    # Ekonomi, Intäkter: last year only a December (−1 200), so last year to April is 0;
    # −100 in January: run rate −300, seasonal falls back to it.
    book(org.department, "3011", 2018, {12: "-1200"})
    book(org.department, "3011", 2019, {1: "-100"})
    # Socialförvaltningen: a budget of its own on Lokalkostnader and nothing booked.
    budget(org.other_root, "LOK", 2019, "500")
    # Kommunledningskontoret books on an account that maps to no report line.
    Account.objects.create(number="1930", name="Bank")
    book(org.administration, "1930", 2019, {1: "77"})
    for year in (2018, 2019):
        figures_recompute(year=year)
    return org


@pytest.fixture
def t1(books) -> ReportingPeriod:
    return PeriodFactory(kind=ReportingPeriod.Kind.T1, state=ReportingPeriod.State.OPEN)


def test_the_methods_give_the_hand_computed_amounts(books, t1) -> None:
    written = proposals_compute(period=t1)

    assert amounts(t1, books.sub_unit, "PERS") == {
        RUN_RATE: D(1500),
        SEASONAL: D(1400),
        BUDGET: D(1600),
    }
    assert written == ForecastProposal.objects.filter(period=t1).count() == 3 + 2 + 2 + 3


def test_without_last_years_profile_seasonal_falls_back_to_the_run_rate(books, t1) -> None:
    proposals_compute(period=t1)

    assert amounts(t1, books.sibling, "LOK") == {RUN_RATE: D(35), SEASONAL: D(35)}
    assert amounts(t1, books.department, "INT") == {RUN_RATE: D(-300), SEASONAL: D(-300)}


def test_a_row_is_own_budget_or_own_actuals_and_only_mapped_lines(books, t1) -> None:
    proposals_compute(period=t1)

    assert amounts(t1, books.other_root, "LOK") == {
        RUN_RATE: D(0),
        SEASONAL: D(0),
        BUDGET: D(500),
    }
    rows = {(unit, grp) for unit, grp, _ in proposals(t1)}
    assert rows == {
        (books.sub_unit.pk, group("PERS")),
        (books.sibling.pk, group("LOK")),
        (books.department.pk, group("INT")),
        (books.other_root.pk, group("LOK")),
    }  # not the administration's bank account, nor anything for the parents' subtrees


def test_the_row_mape_is_the_backtest_at_the_periods_cut_off(books, t1) -> None:
    """2018 at April: run rate 500 / 4 × 12 = 1 500 against 1 400 → 7,14 %; seasonal has no
    2017 profile and falls back to the same; the 2018 budget 1 330 → 70 / 1 400 = 5,00 %."""
    proposals_compute(period=t1)
    main = {
        method: mape
        for (unit, grp, method), (_, mape) in proposals(t1).items()
        if (unit, grp) == (books.sub_unit.pk, group("PERS"))
    }

    assert main == {RUN_RATE: D("7.14"), SEASONAL: D("7.14"), BUDGET: D("5.00")}
    # Final 2018 actual −1 200 against a run rate of 0 at April: 100 %.
    assert proposals(t1)[(books.department.pk, group("INT"), RUN_RATE)][1] == D("100.00")
    # No history: Brandkåren booked nothing in 2018.
    assert proposals(t1)[(books.sibling.pk, group("LOK"), RUN_RATE)][1] is None


def test_previous_takes_the_latest_earlier_period_and_a_tertial_over_a_month(books) -> None:
    """Before tertial 2 (August) come tertial 1 and the monthly follow-up of April, both at
    April: tertial 1's forecast is the one. 1 555,50 rounds half up to 1 556."""
    Kind, State = ReportingPeriod.Kind, ReportingPeriod.State
    march = PeriodFactory(kind=Kind.MONTH, cutoff_month=3, state=State.OPEN)
    april = PeriodFactory(kind=Kind.MONTH, cutoff_month=4, state=State.OPEN)
    t1 = PeriodFactory(kind=Kind.T1, state=State.OPEN)
    t2 = PeriodFactory(kind=Kind.T2, state=State.OPEN)
    pers = AccountGroup.objects.get(pk=group("PERS"))
    for period, amount in ((march, "1200"), (april, "3000"), (t1, "1555.50")):
        Forecast.objects.create(period=period, unit=books.sub_unit, group=pers, amount=D(amount))
    Forecast.objects.create(period=t1, unit=books.sibling, group=pers, amount=None)

    proposals_compute(period=t2)
    proposals_compute(period=march)

    assert amounts(t2, books.sub_unit, "PERS")[PREVIOUS] == D(1556)
    assert proposals(t2)[(books.sub_unit.pk, pers.pk, PREVIOUS)][1] is None  # not backtested
    assert PREVIOUS not in amounts(march, books.sub_unit, "PERS")  # nothing before March
    assert PREVIOUS not in amounts(t2, books.department, "INT")  # no forecast
    assert not any(
        method == PREVIOUS and unit == books.sibling.pk for unit, _, method in proposals(t2)
    )


def test_running_twice_gives_the_same_rows(books, t1) -> None:
    first = proposals_compute(period=t1)
    before = sorted(proposals(t1).items())
    assert proposals_compute(period=t1) == first
    assert sorted(proposals(t1).items()) == before
    assert ForecastProposal.objects.filter(period=t1).count() == first


def test_the_selector_reads_a_units_proposals_in_one_query(
    books, t1, django_assert_num_queries
) -> None:
    proposals_compute(period=t1)
    with django_assert_num_queries(1):
        found = proposals_for(period=t1, unit_ids=[books.sub_unit.pk, books.sibling.pk])

    assert set(found) == {(books.sub_unit.pk, group("PERS")), (books.sibling.pk, group("LOK"))}
    assert found[(books.sub_unit.pk, group("PERS"))][BUDGET] == (D(1600), D("5.00"))


def test_a_reorganised_units_last_year_counts_for_its_successor(books, t1) -> None:
    """Brandkåren was 1099 in 2018 (closed then, with 1100 as successor): its 2018 profile
    gives the seasonal proposal. 2018: 10 to April, 60 in the year → 11,50 × 6 = 69."""
    old = OrgUnit.objects.create(
        committee=books.committee, parent=books.administration, code="1099", name="Brand",
        kind=OrgUnit.Kind.DEPARTMENT, valid_from=2018, valid_to=2018,
    )  # fmt: skip
    OrgUnit.objects.filter(pk=books.sibling.pk).update(valid_from=2019, predecessor=old)
    book(old, "6011", 2018, {2: "10", 9: "50"})
    figures_recompute(year=2019)

    proposals_compute(period=t1)

    assert amounts(t1, books.sibling, "LOK")[SEASONAL] == D(69)
    assert not any(unit == old.pk for unit, _, _ in proposals(t1))


# The backtest of the municipality, on two rows:
#   main row   2017 and 2018 both 200, 100 × 10, 200 (1 400)
#   Ekonomi    Intäkter 2018: −1 200 in December only
# Backtest years of 2019: 2018 (profile 2017) and 2017 (no profile: seasonal = run rate).
# January:
#   run rate  main 2018: 2 400 vs 1 400 → 71,428…; Ekonomi 2018: 0 vs −1 200 → 100;
#             main 2017: 71,428…          → (71,428… + 100 + 71,428…) / 3 = 80,95
#   seasonal  main 2018: 200 × 1 400 / 200 = 1 400 → 0; Ekonomi 2018 falls back → 100;
#             main 2017 falls back → 71,428…  → 171,428… / 3 = 57,14
#   budget    main 2018: 1 330 → 5; no other budget                         → 5,00 (1 row)
# June: run rate main 700 × 2 = 1 400 → 0 (both years); Ekonomi 100 → 33,33.
# November: main 1 200 × 12 / 11 = 1 309,09… → 1 309 → 6,5 (both years); Ekonomi 100
#   → 113 / 3 = 37,67.


@pytest.fixture
def history(ledger):
    org = ledger
    book(org.sub_unit, "5011", 2017, MAIN_2018)
    book(org.sub_unit, "5011", 2018, MAIN_2018)
    book(org.department, "3011", 2018, {12: "-1200"})
    budget(org.sub_unit, "PERS", 2018, "1330")
    for year in (2018, 2019):
        figures_recompute(year=year)
    return org


def test_the_backtest_gives_the_hand_computed_mape_per_month(history) -> None:
    proposal_accuracy_compute(year=2019)
    table = {
        (row.method, row.cutoff_month): (row.mape, row.rows)
        for row in ProposalAccuracy.objects.filter(year=2019)
    }

    assert len(table) == 3 * 11
    assert table[(RUN_RATE, 1)] == (D("80.95"), 3)
    assert table[(SEASONAL, 1)] == (D("57.14"), 3)
    assert table[(BUDGET, 1)] == (D("5.00"), 1)
    assert table[(RUN_RATE, 6)] == (D("33.33"), 3)
    assert table[(RUN_RATE, 11)] == (D("37.67"), 3)
    assert table[(SEASONAL, 6)] == (D("33.33"), 3)


def test_the_backtest_is_replaced_and_empty_without_history(ledger) -> None:
    figures_recompute(year=2019)
    proposal_accuracy_compute(year=2019)
    proposal_accuracy_compute(year=2019)

    rows = ProposalAccuracy.objects.filter(year=2019)
    assert rows.count() == 33
    assert {(row.mape, row.rows) for row in rows} == {(None, 0)}


def test_a_row_mape_at_january_uses_both_backtest_years(history) -> None:
    january = PeriodFactory(
        kind=ReportingPeriod.Kind.MONTH, cutoff_month=1, state=ReportingPeriod.State.OPEN
    )
    proposals_compute(period=january)
    main = proposals(january)
    pers = group("PERS")

    assert main[(history.sub_unit.pk, pers, RUN_RATE)][1] == D("71.43")
    assert main[(history.sub_unit.pk, pers, SEASONAL)][1] == D("35.71")  # (0 + 71,43) / 2


def test_opening_a_period_queues_its_proposals_after_commit(
    books, django_capture_on_commit_callbacks
) -> None:
    period = PeriodFactory(kind=ReportingPeriod.Kind.T1)
    with mock.patch.object(compute_proposals, "apply_async") as queued:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            period_set_state(period=period, state=ReportingPeriod.State.OPEN, user=None)
        queued.assert_not_called()  # not before the commit
        for callback in callbacks:
            callback()
        queued.assert_called_once_with((period.pk,), retry=False)

        queued.reset_mock()
        with django_capture_on_commit_callbacks(execute=True):
            period_set_state(period=period, state=ReportingPeriod.State.CLOSED, user=None)
        queued.assert_not_called()


def test_the_recompute_queues_the_open_periods_of_its_year(
    books, django_capture_on_commit_callbacks
) -> None:
    Kind, State = ReportingPeriod.Kind, ReportingPeriod.State
    open_t2 = PeriodFactory(kind=Kind.T2, state=State.OPEN)
    PeriodFactory(kind=Kind.T1, state=State.CLOSED)
    PeriodFactory(fiscal_year=FiscalYear.objects.get(year=2018), kind=Kind.T2, state=State.OPEN)
    with (
        mock.patch.object(compute_proposals, "apply_async") as queued,
        django_capture_on_commit_callbacks(execute=True),
    ):
        recompute_figures(2019)

    queued.assert_called_once_with((open_t2.pk,), retry=False)


def test_the_task_computes_and_backtests(books, t1) -> None:
    assert compute_proposals(t1.pk) == 10
    assert ProposalAccuracy.objects.filter(year=2019).count() == 33
    assert compute_proposals(10**9) == 0  # a period deleted meanwhile: nothing to do


def test_the_command_takes_a_period_by_name_or_id(books, t1, capsys) -> None:
    call_command("compute_proposals", "--period", "2019-T1")
    assert ForecastProposal.objects.filter(period=t1).count() == 10
    call_command("compute_proposals", "--period", str(t1.pk), "--no-accuracy")
    assert "10 proposals" in capsys.readouterr().out


def test_a_period_without_its_year_is_this_years(db) -> None:
    this_year = FiscalYearFactory(year=timezone.localdate().year)
    t1 = PeriodFactory(fiscal_year=this_year, kind=ReportingPeriod.Kind.T1)
    PeriodFactory(fiscal_year=FiscalYearFactory(year=this_year.year - 1))  # last year's T1
    assert period_from_spec("T1") == t1
    assert period_from_spec(f"{this_year.year}-t1") == t1
    with pytest.raises(CommandError, match="There is no period T2"):
        period_from_spec("T2")
    assert period_from_spec(str(t1.pk)) == t1  # digits alone are an id, not a month


@pytest.mark.django_db(transaction=True)
def test_without_redis_an_import_still_brings_the_proposals(
    ledger,
    broker_down,  # noqa: F811
) -> None:
    period = PeriodFactory(kind=ReportingPeriod.Kind.T1, state=ReportingPeriod.State.OPEN)
    csv = b"year;month;unit;account;amount\n2019;1;1031;5011;1000\n2019;2;1031;5011;500\n"
    import_apply(import_prepare(csv, kind="actuals", file_name="u.csv"), user=None)

    assert amounts(period, ledger.sub_unit, "PERS") == {RUN_RATE: D(4500), SEASONAL: D(4500)}


@pytest.mark.celery_worker
def test_the_task_runs_on_a_worker_through_redis(transactional_db, books, celery_worker) -> None:
    period = PeriodFactory(kind=ReportingPeriod.Kind.T1, state=ReportingPeriod.State.OPEN)

    assert compute_proposals.delay(period.pk).get(timeout=60) == 10
    assert amounts(period, books.sub_unit, "PERS")[SEASONAL] == D(1400)
    assert ProposalAccuracy.objects.filter(year=2019).exists()


def test_the_bench_drops_only_bench_databases_and_replaces_its_section(tmp_path) -> None:
    from bench import proposals as bench
    from bench.report import docs_section_write

    server = "postgres://postgres@db:5432"
    assert bench.database_url(f"{server}/tertial_bench_h1") == f"{server}/tertial_bench_h1"
    assert bench.database_url(f"{server}/tertial") == f"{server}/tertial_bench"
    page = tmp_path / "benchmarks.md"
    page.write_text("# Benchmarks\n\n## Results\n\nledger\n\n## Forecast proposals\n\nold\n")
    docs_section_write(page, bench.HEADING, "## Forecast proposals\n\nnew\n")

    assert (
        page.read_text() == "# Benchmarks\n\n## Results\n\nledger\n\n## Forecast proposals\n\nnew\n"
    )
