"""A year-end period cannot be locked while the year's ledger lacks a month: on every route
that locks (the service, the period calendar, the admin action) the controller is told which
months are missing, and nothing changes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from budget.ledger.imports.rollback import import_rollback
from budget.ledger.outcome import ledger_missing_months
from budget.models import ImportBatch
from municipality.models import FiscalYear, PeriodStateChange, ReportingPeriod
from municipality.periods.services import period_set_state
from tests.budget.ledger_files import import_actuals_file
from tests.factories import PeriodFactory

State = ReportingPeriod.State


@pytest.fixture
def import_months(tmp_path: Path) -> Callable[..., ImportBatch]:
    """Import an actuals file booking 1 000 kr on Ekonomi- och lönecenter in each month."""

    def run(months: list[int], *, year: int = 2019) -> ImportBatch:
        lines = [f"{year};{month};1031;5011;1000" for month in months]
        name = f"utfall-{year}-{months[0]}-{months[-1]}.csv"
        return import_actuals_file(tmp_path, lines, name=name)

    return run


@pytest.fixture
def annual(ledger) -> ReportingPeriod:
    return PeriodFactory(
        fiscal_year=FiscalYear.objects.get(year=2019), kind=ReportingPeriod.Kind.ANNUAL,
        state=State.CLOSED,
    )  # fmt: skip


def _refused(period: ReportingPeriod) -> None:
    period.refresh_from_db()
    assert period.state == State.CLOSED
    assert not PeriodStateChange.objects.filter(period=period, to_state=State.LOCKED).exists()


def test_the_missing_months_are_named_and_the_lock_refused(
    annual, controller, import_months
) -> None:
    import_months(list(range(1, 9)))
    import_months([10])
    assert ledger_missing_months(year=2019) == [9, 11, 12]
    with pytest.raises(ValidationError) as refused:
        period_set_state(period=annual, state=State.LOCKED, user=controller)
    assert refused.value.code == "ledger_incomplete"
    assert "september, november och december" in refused.value.messages[0]
    _refused(annual)


def test_a_complete_ledger_locks(annual, controller, import_months) -> None:
    import_months(list(range(1, 7)))
    import_months(list(range(7, 13)))
    period = period_set_state(period=annual, state=State.LOCKED, user=controller)
    assert period.state == State.LOCKED


def test_a_rolled_back_import_covers_no_month(annual, controller, import_months) -> None:
    import_months(list(range(1, 12)))
    december = import_months([12])
    import_rollback(batch=december, user=controller)
    assert ledger_missing_months(year=2019) == [12]
    with pytest.raises(ValidationError, match="december"):
        period_set_state(period=annual, state=State.LOCKED, user=controller)
    _refused(annual)


def test_another_years_ledger_does_not_count(annual, controller, import_months) -> None:
    import_months(list(range(1, 13)), year=2018)
    with pytest.raises(ValidationError, match="januari"):
        period_set_state(period=annual, state=State.LOCKED, user=controller)


def test_a_tertial_locks_without_the_years_ledger(ledger, controller) -> None:
    period = PeriodFactory(
        fiscal_year=FiscalYear.objects.get(year=2019), kind=ReportingPeriod.Kind.T1,
        state=State.CLOSED,
    )  # fmt: skip
    assert period_set_state(period=period, state=State.LOCKED, user=controller).is_locked


def test_the_period_calendar_tells_the_missing_months(
    client, annual, controller, import_months
) -> None:
    import_months(list(range(1, 12)))
    client.force_login(controller)
    response = client.post(
        reverse("municipality:period-state", args=[annual.pk]), {"state": State.LOCKED}
    )
    assert response.status_code == 302
    told = [str(m) for m in get_messages(response.wsgi_request)]
    assert len(told) == 1
    assert "Bokslut 2019 kan inte låsas" in told[0]
    assert "december" in told[0]
    _refused(annual)
    page = client.get(response["Location"])
    assert "december" in page.content.decode()
