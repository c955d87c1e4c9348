"""The SIE import checked in columns (actuals_columns) prepares and applies what the row-by-row
check does, and fails with the same problems."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budget.ledger.imports.errors import ImportFailed
from budget.ledger.imports.pipeline import import_apply, import_prepare
from budget.ledger.imports.sie_import import sie_prepare
from budget.models import Actual, ImportBatch
from municipality.models import ReportingPeriod
from tests.budget.test_sie_fast import LEDGER
from tests.factories import CommitteeFactory, FiscalYearFactory, OrgUnitFactory, PeriodFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def units() -> None:
    FiscalYearFactory(year=2025)
    committee = CommitteeFactory(valid_from=2025, short_code="SKOL")
    OrgUnitFactory(committee=committee, code="100", valid_from=2025)
    OrgUnitFactory(committee=committee, code="200", valid_from=2025)


def _prepared(data: bytes, *, fast: bool, **options):
    try:
        return sie_prepare(data, file_name="l.se", fast=fast, **options)
    except ImportFailed as failure:
        return [str(problem) for problem in failure.problems]


def _sums(prepared) -> dict:
    actuals = prepared.actuals
    if actuals.table is None:
        return dict(actuals.sums)
    return {
        (unit, account, month): Decimal(ore).scaleb(-2)
        for unit, account, month, ore, _ in actuals.table.iter_rows()
    }


def _both(data: bytes, **options) -> tuple:
    fast, exact = _prepared(data, fast=True, **options), _prepared(data, fast=False, **options)
    if isinstance(exact, list):
        assert fast == exact
        return fast, exact
    assert exact.actuals.table is None
    for name in ("year", "months", "rows_read", "new_accounts", "skipped_balance_rows", "notes"):
        assert getattr(fast.actuals, name) == getattr(exact.actuals, name), name
    assert fast.actuals.totals == exact.actuals.totals
    assert fast.actuals.rows == exact.actuals.rows
    assert _sums(fast) == _sums(exact)
    assert fast.notes == exact.notes and fast.sie == exact.sie
    return fast, exact


def test_a_clean_ledger_is_checked_in_columns(units) -> None:
    fast, _exact = _both(LEDGER.encode("cp437"))
    assert fast.actuals.table is not None
    assert fast.actuals.totals == {"SKOL": Decimal("1001.00")}


@pytest.mark.parametrize(
    ("bad", "good"),
    [
        ('{1 "100"} 100.5', '{1 "300"} 100.5'),  # a unit Tertial does not have
        ('{1 "100"} 100.5', "{} 100.5"),  # an operating account without a unit
        ("#TRANS 1930 {} 199.50", '#TRANS 1930 {1 "100"} 199.50'),  # a balance row on a unit
        ("5010 {1", "50X0 {1"),  # an account that is no number
        ("1200.50 20250115", "12000000000000000.50 20250115"),  # more than Tertial stores
    ],
)
def test_a_problem_is_named_the_same_either_way(units, bad: str, good: str) -> None:
    _both(LEDGER.replace(bad, good).encode("cp437"))


def test_a_locked_month_is_named_the_same_either_way(units) -> None:
    PeriodFactory(
        fiscal_year=FiscalYearFactory(year=2025),
        kind=ReportingPeriod.Kind.MONTH,
        cutoff_month=1,
        state="locked",
    )
    fast, _exact = _both(LEDGER.encode("cp437"))
    assert any("Januari" in problem for problem in fast)


def test_a_default_unit_gives_the_same_either_way(units) -> None:
    data = LEDGER.replace('{1 "100"} 100.5', "{} 100.5").encode("utf-8")
    fast, _exact = _both(data, default_unit="200")
    assert fast.actuals.table is not None


def test_a_columnar_import_applies_from_a_path_with_progress(units, tmp_path: Path) -> None:
    path = tmp_path / "ledger.se"
    path.write_bytes(LEDGER.encode("cp437"))
    told: list[tuple[int, str]] = []
    prepared = import_prepare(
        path,
        kind=ImportBatch.Kind.SIE,
        file_name="ledger.se",
        progress=lambda percent, step: told.append((percent, step)),
    )
    assert prepared.actuals is not None and prepared.actuals.table is not None
    assert [percent for percent, _ in told][-1] == 100
    import_apply(prepared, user=None)
    stored = {(a.unit.code, a.account.number, a.month): a.amount for a in Actual.objects.current()}
    assert stored == {
        ("100", "5010", 1): Decimal("1200.50"),
        ("100", "5010", 3): Decimal("100.50"),
        ("100", "3010", 2): Decimal("-300.00"),
    }
