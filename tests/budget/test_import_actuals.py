from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import Sum
from openpyxl import Workbook

from budget.ledger.figures import figures_recompute
from budget.ledger.imports.actuals import actuals_apply, actuals_prepare, file_hash
from budget.ledger.imports.errors import ImportFailed
from budget.ledger.imports.rollback import import_rollback
from budget.ledger.imports.sheets import actual_rows_from_sheet
from budget.models import AccountGroup, Actual, FigureState, FollowupFigure, ImportBatch
from municipality.models import FiscalYear, ReportingPeriod
from tests.factories import PeriodFactory

CSV = """year;month;unit;account;amount
2019;1;1031;5011;-2 233,50
2019;1;1031;5011;1 000
2019;1;1100;5011;4500
2019;2;1031;3011;−12 000
2019;2;5000;4011;2233.5
2019;2;1031;1910;999
"""


def _import(data: bytes | str, name: str = "utfall.csv", user=None) -> ImportBatch:
    data = data.encode() if isinstance(data, str) else data
    prepared = actuals_prepare(
        actual_rows_from_sheet(data, file_name=name),
        kind=ImportBatch.Kind.ACTUALS,
        file_name=name,
        sha256=file_hash(data),
    )
    return actuals_apply(prepared, user=user)


def _current() -> dict[tuple[str, str, int], Decimal]:
    return {
        (a.unit.code, a.account.number, a.month): a.amount
        for a in Actual.objects.current().select_related("unit", "account")
    }


def test_a_swedish_csv_imports(ledger, controller) -> None:
    batch = _import(CSV, user=controller)
    assert _current() == {
        ("1031", "5011", 1): Decimal("-1233.50"),  # two lines of the same key are added
        ("1100", "5011", 1): Decimal("4500"),
        ("1031", "3011", 2): Decimal("-12000"),
        ("5000", "4011", 2): Decimal("2233.50"),
    }  # the balance-sheet account 1910 is read but not imported
    assert batch.totals == {"KS": "-8733.50", "SN": "2233.50"}
    assert (batch.year, batch.months, batch.rows, batch.imported_by) == (
        2019,
        [1, 2],
        4,
        controller,
    )
    assert FigureState.objects.get(year=2019).is_stale


def test_the_same_file_twice_replaces(ledger) -> None:
    _import(CSV)
    first = _current()
    second = _import(CSV)
    assert _current() == first
    assert Actual.objects.current().count() == 4
    assert Actual.objects.filter(superseded_by=second).count() == 4


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("2019;1;1031;5011;12,5x", 'Rad 4: "12,5x" är inte ett belopp'),
        ("2019;1;9999;5011;100", "Rad 4: Det finns ingen enhet med koden ”9999” 2019"),
        ("2019;1;1031;5999;100", "Rad 4: Kontot 5999 finns inte i kontoplanen"),
        ("2019;13;1031;5011;100", "Rad 4: Månaden 13 är inte 1–12"),
        ("2019;;1031;5011;100", "Rad 4:"),
    ],
)
def test_a_bad_row_in_the_middle_changes_nothing(ledger, bad_line: str, message: str) -> None:
    _import(CSV)
    before = _current()
    lines = CSV.splitlines()
    broken = "\n".join([*lines[:3], bad_line, *lines[3:]])
    with pytest.raises(ImportFailed) as failure:
        _import(broken)
    assert message in str(failure.value)
    assert _current() == before
    assert ImportBatch.objects.count() == 1


def test_a_locked_period_cannot_be_changed(ledger) -> None:
    PeriodFactory(kind=ReportingPeriod.Kind.MONTH, cutoff_month=2, state="locked")
    with pytest.raises(ImportFailed, match="Februari 2019 hör till Februari 2019"):
        _import(CSV)
    assert not Actual.objects.exists()
    # March is not in February's period: it can still be imported.
    _import("year;month;unit;account;amount\n2019;3;1031;5011;100\n")
    assert Actual.objects.count() == 1


def test_rollback_restores_the_previous_state(ledger, controller) -> None:
    _import(CSV)
    before = _current()
    second = _import("year;month;unit;account;amount\n2019;1;1031;5011;7\n")
    # January, and only January, is replaced.
    assert _current() == {
        ("1031", "5011", 1): Decimal("7"),
        ("1031", "3011", 2): Decimal("-12000"),
        ("5000", "4011", 2): Decimal("2233.50"),
    }
    import_rollback(batch=second, user=controller)
    assert _current() == before
    second.refresh_from_db()
    assert (second.state, second.rolled_back_by) == (ImportBatch.State.ROLLED_BACK, controller)


def test_only_the_latest_import_rolls_back(ledger) -> None:
    first = _import(CSV)
    _import(CSV)
    with pytest.raises(ImportFailed, match="senare inläsning"):
        import_rollback(batch=first, user=None)


def test_figures_roll_up_the_tree(ledger) -> None:
    _import(CSV)
    figures_recompute(year=2019)
    figures = {
        (f.unit.code, f.group.name if f.group else None, f.month): f.actual
        for f in FollowupFigure.objects.select_related("unit", "group")
    }
    assert figures[("1031", "Personalkostnader", 1)] == Decimal("-1233.50")
    assert figures[("1030", "Personalkostnader", 1)] == Decimal("-1233.50")
    assert figures[("1000", "Personalkostnader", 1)] == Decimal("3266.50")  # + Brandkåren
    assert figures[("1000", "Intäkter", 2)] == Decimal("-12000")
    assert figures[("5000", "Övriga kostnader", 2)] == Decimal("2233.50")
    assert not FigureState.objects.get(year=2019).is_stale
    figures_recompute(year=2019)  # idempotent
    assert FollowupFigure.objects.filter(year=2019).count() == len(figures)


def test_the_year_before_the_first_fiscal_year_is_the_next_years_prior_year(ledger) -> None:
    """Last year's ledger, brought in when a municipality starts: no fiscal year, so no account
    groups of its own; the note says so, and the next year's figures carry its actuals as their
    prior year, on their own account groups."""
    AccountGroup.objects.filter(fiscal_year__year=2018).delete()
    FiscalYear.objects.filter(year=2018).delete()
    batch = _import(CSV.replace("2019;", "2018;"))
    assert batch.notes == [
        "2018 är inte ett räkenskapsår i Tertial och har därför inga kontogrupper: årets utfall "
        "läses in och följs upp som föregående år för 2019, på kontogrupperna för 2019."
    ]
    figures_recompute(year=2019)
    figures = FollowupFigure.objects.filter(year=2019, unit=ledger.administration)
    assert not figures.filter(group=None).exists()
    assert figures.aggregate(s=Sum("prior_actual"))["s"] == Decimal("-8733.50")
    assert figures.aggregate(s=Sum("actual"))["s"] == 0


def test_xlsx(ledger) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Year", "Month", "Unit", "Account", "Amount"])
    sheet.append([2019, 4, "1031", 5011, 12.35])
    sheet.append([2019, 4, "1100", "5011", "-2 233,50"])
    path = workbook_bytes(workbook)
    _import(path, name="utfall.xlsx")
    assert _current() == {
        ("1031", "5011", 4): Decimal("12.35"),
        ("1100", "5011", 4): Decimal("-2233.50"),
    }


def test_more_than_two_decimals_is_refused(ledger) -> None:
    with pytest.raises(ImportFailed, match=r"Rad 2: Beloppet 12\.345 har fler än två decimaler"):
        _import("year;month;unit;account;amount\n2019;1;1031;5011;12,345\n")


def workbook_bytes(workbook: Workbook) -> bytes:
    import io

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_windows_1252_and_comma_separated(ledger) -> None:
    data = "year,month,unit,account,amount\n2019,5,1031,5011,-10.5\n".encode("cp1252")
    _import(data)
    assert _current() == {("1031", "5011", 5): Decimal("-10.5")}


def test_missing_columns_are_named(ledger) -> None:
    with pytest.raises(ImportFailed, match="saknas: account"):
        _import("year;month;unit;amount\n2019;1;1031;5\n")
