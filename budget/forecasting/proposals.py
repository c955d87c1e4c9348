"""Full-year forecast proposals for a period, and how accurate each method has been.

For every *own* row of a unit (what is booked on the unit itself, per report line) the
economist is offered four proposals for the helårsprognos of a period with cut-off month m
of year Y:

- run rate: the actual to date, m months, scaled to twelve: YTD_Y / m × 12;
- seasonal: the actual to date scaled by last year's profile: YTD_Y × full_{Y−1} / YTD_{Y−1};
  when last year's actual to the same month is 0 (or there is none) the profile says
  nothing, and the proposal falls back to the run rate;
- budget: the row's own budget of Y as of month m (the active version's, and the budget
  changes decided by then), where the row has one;
- previous: the forecast entered for the row in the period before (same year), where
  there is one.

Proposals are suggestions: whole kronor, rounded half up, in the ledger's sign.

Each method but *previous* is backtested on the years before Y (:data:`HISTORY_YEARS` of
them, those with actuals): what it would have proposed at each cut-off month against what
the year turned out to be. The absolute percentage errors give a row's MAPE at the period's
cut-off month (``ForecastProposal.mape``, for the grid to mark the best method) and the
municipality's MAPE per method and month (``ProposalAccuracy``).

All years are read in the report lines of Y (the account → line mapping of Y), so that a
row means the same thing in every year; a unit closed at a reorganisation counts as its
successor in Y, as it does in the follow-up figures. One aggregate query reads the actuals;
the arithmetic is Decimal in Python; the period's rows are replaced in one transaction, so
a second run gives the same rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction

from budget.forecasting.models import Forecast, ForecastProposal, ProposalAccuracy, ProposalMethod
from budget.forecasting.periods import previous_period
from budget.ledger.bulk import rows_insert
from budget.ledger.models import AccountGroup, UnitBudgetFigure
from municipality.models import FiscalYear, OrgUnit, ReportingPeriod

# How many years before Y the backtest looks at. Each needs the year before it for the
# seasonal profile, so the query reads HISTORY_YEARS + 2 years in all.
HISTORY_YEARS = 2
# Cut-off months of the municipality's accuracy table: at 12 every method based on actuals
# is exact, which says nothing.
ACCURACY_MONTHS = range(1, 12)
BACKTESTED = (ProposalMethod.RUN_RATE, ProposalMethod.SEASONAL, ProposalMethod.BUDGET)

ZERO = Decimal(0)
KRONA = Decimal(1)
CENT = Decimal("0.01")
HUNDRED = Decimal(100)
# ForecastProposal.mape and ProposalAccuracy.mape are decimal(9, 2). A final actual of a few
# kronor can make an error of millions of per cent; it is stored as this much, which is
# still unmistakably bad.
MAPE_MAX = Decimal("9999999.99")

Key = tuple[int, int]  # (unit id, account group id)
Cumulative = list[Decimal]  # index 0..12: the actual to date after that many months
# Index 0..12: a row's budget as of that cut-off month (the version's, and the budget changes
# decided by then), None before the row has any.
BudgetByMonth = list[Decimal | None]


@dataclass
class _Books:
    """What the proposals of one year are computed from, all in the report lines of ``year``."""

    year: int
    cutoff: int
    actuals: dict[Key, dict[int, Cumulative]] = field(default_factory=dict)
    budgets: dict[int, dict[Key, BudgetByMonth]] = field(default_factory=dict)
    rows: list[Key] = field(default_factory=list)
    backtest_years: list[int] = field(default_factory=list)

    def cumulative(self, key: Key, year: int) -> Cumulative | None:
        return self.actuals.get(key, {}).get(year)


# Current amounts per own row and year, one column per month, the accounts mapped with the
# report lines of %(year)s. Months after the cut-off of %(year)s are left out: they are not
# known yet at the period's cut-off, whatever the ledger holds by now. One row per year
# rather than per month: a twelfth of the rows to send and to read in Python.
_MONTHLY_SQL = """
SELECT a.unit_id, m.group_id, a.year, {months}
FROM budget_actual a
JOIN budget_accountgroupmember m ON m.year = %(year)s AND m.account_id = a.account_id
WHERE a.superseded_by_id IS NULL
  AND a.year BETWEEN %(first)s AND %(year)s
  AND (a.year < %(year)s OR a.month <= %(cutoff)s)
GROUP BY a.unit_id, m.group_id, a.year
""".format(
    months=", ".join(
        f"SUM(CASE WHEN a.month = {month} THEN a.amount ELSE 0 END)" for month in range(1, 13)
    )
)


def _home_units(year: int) -> dict[int, int]:
    """Each unit that existed up to ``year`` → the unit of ``year`` its rows belong to.

    A unit valid in ``year`` is its own home; a unit closed at a reorganisation goes to its
    successor (following a chain of them); a unit closed without one has no home.
    """
    units = list(
        OrgUnit.objects.filter(valid_from__lte=year)
        .order_by("pk")
        .values_list("pk", "valid_to", "predecessor_id")
    )
    valid = {pk for pk, end, _ in units if end is None or end >= year}
    successor = {pred: pk for pk, _, pred in units if pred is not None}
    home: dict[int, int] = {}
    for pk, _, _ in units:
        target, seen = pk, set()
        while target not in valid and target in successor and target not in seen:
            seen.add(target)
            target = successor[target]
        if target in valid:
            home[pk] = target
    return home


def _cumulate(months: list[Decimal]) -> Cumulative:
    running, result = ZERO, [ZERO]
    for amount in months:
        running += amount
        result.append(running)
    return result


def _books(*, year: int, cutoff: int) -> _Books:
    """Read the actuals of ``year`` (to ``cutoff``) and the years before, and the budgets."""
    home = _home_units(year)
    first = year - HISTORY_YEARS - 1
    monthly: dict[Key, dict[int, list[Decimal]]] = defaultdict(dict)
    years_seen: set[int] = set()
    exact = connection.vendor == "postgresql"  # SQLite sums decimals as floats
    with connection.cursor() as cursor:
        cursor.execute(_MONTHLY_SQL, {"year": year, "first": first, "cutoff": cutoff})
        for unit_id, group_id, row_year, *amounts in cursor.fetchall():
            unit = home.get(unit_id)
            if unit is None:
                continue  # a unit closed without successor: its rows have no home in the year
            if not exact:
                amounts = [Decimal(str(amount)).quantize(CENT) for amount in amounts]
            by_year = monthly[(unit, group_id)]
            if row_year in by_year:  # units merged at a reorganisation
                amounts = [a + b for a, b in zip(by_year[row_year], amounts, strict=True)]
            by_year[row_year] = amounts
            years_seen.add(row_year)
    books = _Books(year=year, cutoff=cutoff)
    books.actuals = {
        key: {y: _cumulate(months) for y, months in by_year.items()}
        for key, by_year in monthly.items()
    }
    books.backtest_years = [
        y for y in range(year - 1, year - HISTORY_YEARS - 1, -1) if y in years_seen
    ]
    books.budgets = _budgets(year=year, years=[year, *books.backtest_years], home=home)
    rows = set(books.budgets.get(year, {}))
    rows.update(
        key for key, by_year in books.actuals.items() if year in by_year or year - 1 in by_year
    )
    books.rows = sorted(rows)
    return books


def _budgets(
    *, year: int, years: list[int], home: dict[int, int]
) -> dict[int, dict[Key, BudgetByMonth]]:
    """Own budgets of ``years`` (active versions with their changes), on the units and report
    lines of ``year``: per row the budget as of each cut-off month (index 0–12; None before
    the row has any).

    Earlier years have lines of their own; a line is the same line when its code is.
    """
    lines = AccountGroup.objects.filter(
        fiscal_year__year__in=years, kind=AccountGroup.Kind.LINE
    ).values_list("pk", "fiscal_year__year", "code")
    by_code = {code: pk for pk, line_year, code in lines if line_year == year}
    to_this_year = {pk: by_code.get(code) for pk, _, code in lines}
    budgets: dict[int, dict[Key, BudgetByMonth]] = {y: {} for y in years}
    figures = UnitBudgetFigure.objects.filter(year__in=years, group__isnull=False).values_list(
        "year", "unit_id", "group_id", "from_month", "budget"
    )
    for budget_year, unit_id, group_id, from_month, amount in figures:
        unit, group = home.get(unit_id), to_this_year.get(group_id)
        if unit is not None and group is not None:
            by_month = budgets[budget_year].setdefault((unit, group), [None] * 13)
            for month in range(from_month, 13):
                by_month[month] = (by_month[month] or ZERO) + amount
    return budgets


def _kronor(amount: Decimal) -> Decimal:
    return amount.quantize(KRONA, rounding=ROUND_HALF_UP)


def _run_rate(this_year: Cumulative, month: int) -> Decimal:
    return _kronor(this_year[month] * 12 / month)


def _seasonal(this_year: Cumulative, last_year: Cumulative | None, month: int) -> Decimal:
    """This year to date × last year's whole year / last year to date; else the run rate."""
    if last_year is None or last_year[month] == 0:
        return _run_rate(this_year, month)
    return _kronor(this_year[month] * last_year[12] / last_year[month])


def _mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return min(MAPE_MAX, (sum(values, ZERO) / len(values)).quantize(CENT, ROUND_HALF_UP))


def _errors(books: _Books, key: Key, months: Iterable[int]) -> dict[tuple[str, int], list[Decimal]]:
    """Absolute percentage errors of each backtested method for a row at these cut-off
    months: (method, month) → one per backtest year whose final actual of the row is not 0."""
    errors: dict[tuple[str, int], list[Decimal]] = defaultdict(list)
    by_year = books.actuals.get(key, {})
    for year in books.backtest_years:
        history = by_year.get(year)
        if history is None or history[12] == 0:
            continue
        final = history[12]
        scale = HUNDRED / abs(final)
        last_year = by_year.get(year - 1)
        budget = books.budgets.get(year, {}).get(key, [None] * 13)
        for month in months:
            run_rate = _run_rate(history, month)
            errors[(ProposalMethod.RUN_RATE, month)].append(abs(run_rate - final) * scale)
            seasonal = _seasonal(history, last_year, month)
            errors[(ProposalMethod.SEASONAL, month)].append(abs(seasonal - final) * scale)
            budget_then = budget[month]
            if budget_then is not None:
                errors[(ProposalMethod.BUDGET, month)].append(abs(budget_then - final) * scale)
    return errors


def _proposals(books: _Books, previous: dict[Key, Decimal]) -> Iterable[tuple[Key, str, Decimal]]:
    month = books.cutoff
    for key in books.rows:
        this_year = books.cumulative(key, books.year) or [ZERO] * 13
        yield key, ProposalMethod.RUN_RATE, _run_rate(this_year, month)
        last_year = books.cumulative(key, books.year - 1)
        yield key, ProposalMethod.SEASONAL, _seasonal(this_year, last_year, month)
        budget = books.budgets.get(books.year, {}).get(key, [None] * 13)[month]
        if budget is not None:
            yield key, ProposalMethod.BUDGET, _kronor(budget)
        if key in previous:
            yield key, ProposalMethod.PREVIOUS, _kronor(previous[key])


def _previous_forecasts(period: ReportingPeriod) -> dict[Key, Decimal]:
    before = previous_period(period)
    if before is None:
        return {}
    rows = Forecast.objects.filter(
        period=before, group__isnull=False, amount__isnull=False
    ).values_list("unit_id", "group_id", "amount")
    return {
        (unit_id, group_id): amount
        for unit_id, group_id, amount in rows
        if amount is not None  # none is, by the filter; said for the type checker
    }


def proposals_compute(*, period: ReportingPeriod) -> int:
    """Replace the period's proposals with freshly computed ones; return how many rows.

    Reads the derived account-group members of the period's year, so it runs after the
    year's ``figures_recompute``.
    """
    period = ReportingPeriod.objects.select_related("fiscal_year").get(pk=period.pk)
    books = _books(year=period.fiscal_year.year, cutoff=period.cutoff_month)
    previous = _previous_forecasts(period)
    month = books.cutoff
    mapes: dict[Key, dict[str, Decimal | None]] = {}
    rows: list[tuple[int, int, int, str, Decimal, Decimal | None]] = []
    for key, method, amount in _proposals(books, previous):
        if key not in mapes:
            errors = _errors(books, key, [month])
            mapes[key] = {m: _mean(errors.get((m, month), [])) for m in BACKTESTED}
        rows.append((period.pk, key[0], key[1], str(method), amount, mapes[key].get(method)))
    with transaction.atomic():
        # Two runs for the same period wait for each other instead of mixing their rows.
        list(ReportingPeriod.objects.select_for_update().filter(pk=period.pk).values_list("pk"))
        ForecastProposal.objects.filter(period_id=period.pk).delete()
        rows_insert(
            ForecastProposal, ("period_id", "unit_id", "group_id", "method", "amount", "mape"), rows
        )
    return len(rows)


def proposal_accuracy_compute(*, year: int) -> None:
    """Replace the year's backtest table: per method and cut-off month 1–11, the MAPE over
    every own row of ``year`` and every backtest year (NULL, 0 rows, without history)."""
    books = _books(year=year, cutoff=12)
    errors: dict[tuple[str, int], list[Decimal]] = defaultdict(list)
    for key in books.rows:
        for method_month, values in _errors(books, key, ACCURACY_MONTHS).items():
            errors[method_month].extend(values)
    table = [
        ProposalAccuracy(
            year=year,
            method=method,
            cutoff_month=month,
            mape=_mean(errors[(method, month)]),
            rows=len(errors[(method, month)]),
        )
        for method in BACKTESTED
        for month in ACCURACY_MONTHS
    ]
    with transaction.atomic():
        # The fiscal year's row serialises two runs, which would otherwise both insert.
        list(FiscalYear.objects.select_for_update().filter(year=year).values_list("pk"))
        ProposalAccuracy.objects.filter(year=year).delete()
        ProposalAccuracy.objects.bulk_create(table)


def proposals_for(
    *, period: ReportingPeriod, unit_ids: Iterable[int]
) -> dict[Key, dict[str, tuple[Decimal, Decimal | None]]]:
    """The period's proposals of these units: (unit, line) → method → (amount, MAPE)."""
    result: dict[Key, dict[str, tuple[Decimal, Decimal | None]]] = defaultdict(dict)
    rows = ForecastProposal.objects.filter(
        period_id=period.pk, unit_id__in=list(unit_ids)
    ).values_list("unit_id", "group_id", "method", "amount", "mape")
    for unit_id, group_id, method, amount, mape in rows:
        result[(unit_id, group_id)][method] = (amount, mape)
    return dict(result)
