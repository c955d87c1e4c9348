"""A budget spread over the months evenly, or as last year's actuals were booked."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budget.ledger.figures import figures_recompute
from budget.ledger.imports.errors import ImportFailed
from budget.ledger.imports.pipeline import import_apply, import_prepare
from budget.models import BudgetAmount
from budget.outturn.rows import followup

ACTUALS_2018 = b"""year;month;unit;account;amount
2018;12;1031;5011;1200
2018;6;1100;5011;600
2018;12;1100;5011;600
"""
BUDGET_2019 = """year;unit;group;amount;profile
2019;1031;PERS;1200;förra året
2019;1100;PERS;1200;
""".encode()


@pytest.fixture
def budgeted(ledger, open_period):
    import_apply(import_prepare(ACTUALS_2018, kind="actuals", file_name="u.csv"), user=None)
    prepared = import_prepare(
        BUDGET_2019, kind="budget", file_name="b.csv", budget_version="Budget 2019"
    )
    import_apply(prepared, user=None)
    figures_recompute(year=2019)
    return ledger


def test_the_profile_is_imported(budgeted) -> None:
    profiles = dict(BudgetAmount.objects.values_list("unit__code", "profile"))
    assert profiles == {"1031": "last_year", "1100": "even"}


def test_budget_to_date_follows_the_profile(budgeted) -> None:
    """After April: last year 1031 booked everything in December, so nothing is due yet;
    1100's budget is spread evenly, so 4/12 of it is."""
    data = followup(period=budgeted_period(), unit=budgeted.administration)
    rows = {row.label: row for row in data.children}
    assert rows["Ekonomi"].budget_to_date == Decimal(0)
    assert rows["Brandkåren"].budget_to_date == Decimal(400)
    groups = {row.label: row for row in data.groups}
    assert groups["Personalkostnader"].budget_to_date == Decimal(400)
    assert groups["Summa resultat"].budget_to_date == Decimal(400)
    assert data.total.budget_to_date == Decimal(400)


def budgeted_period():
    from municipality.models import ReportingPeriod

    return ReportingPeriod.objects.get()


def test_an_unknown_profile_is_named(ledger) -> None:
    bad = b"year;unit;group;amount;profile\n2019;1031;PERS;1200;kvartal\n"
    with pytest.raises(ImportFailed, match="Rad 2: Profilen ”kvartal”"):
        import_prepare(bad, kind="budget", file_name="b.csv", budget_version="B")
