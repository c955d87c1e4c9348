"""The actuals sheet read in columns gives what the row-by-row reader gives, or steps aside."""

from __future__ import annotations

import io
import random
from decimal import Decimal

import pytest
from openpyxl import Workbook

from budget.ledger.imports.actuals import PreparedActuals, actuals_prepare, file_hash
from budget.ledger.imports.errors import ImportFailed
from budget.ledger.imports.pipeline import import_prepare
from budget.ledger.imports.progress import progress_ignored
from budget.ledger.imports.sheet_columns import text_amounts
from budget.ledger.imports.sheet_fast import sheet_actuals_prepare
from budget.ledger.imports.sheets import parse_actual_sheet
from budget.ledger.imports.tabular import csv_lines
from budget.models import ImportBatch
from municipality.formats.numbers import AmountError, parse_amount
from municipality.models import ReportingPeriod
from tests.budget import test_import_actuals
from tests.factories import PeriodFactory

HEADER = ["year", "month", "unit", "account", "amount"]
# test_import_actuals's sheet, and an amount of zero
CSV = test_import_actuals.CSV + "2019;2;1031;6011;0\n"


def _row_by_row(data: bytes, name: str) -> PreparedActuals:
    rows = parse_actual_sheet(data, file_name=name).strict()
    return actuals_prepare(rows, kind="actuals", file_name=name, sha256=file_hash(data))


def _seen(prepared: PreparedActuals) -> dict:
    """What the preview shows and the apply writes, the sums as exact Decimals."""
    sums = dict(prepared.sums)
    if prepared.table is not None:
        sums = {
            (unit, account, month): Decimal(ore).scaleb(-2)
            for unit, account, month, ore, _ in prepared.table.iter_rows()
        }
    return {
        "kind": prepared.kind,
        "sha256": prepared.sha256,
        "year": prepared.year,
        "months": prepared.months,
        "rows_read": prepared.rows_read,
        "rows": prepared.rows,
        "sums": sums,
        "totals": {k: (v, v.as_tuple().exponent) for k, v in prepared.totals.items()},
        "skipped": prepared.skipped_balance_rows,
        "replaces": prepared.replaces_rows,
        "new_accounts": prepared.new_accounts,
        "notes": prepared.notes,
    }


def _fast(data: bytes, name: str) -> PreparedActuals | None:
    return sheet_actuals_prepare(data, file_name=name, progress=progress_ignored)


def _xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _same(data: bytes, name: str) -> None:
    fast = _fast(data, name)
    assert fast is not None and fast.table is not None
    assert _seen(fast) == _seen(_row_by_row(data, name))


def test_the_swedish_csv_is_read_in_columns_as_row_by_row(ledger) -> None:
    _same(CSV.encode(), "utfall.csv")
    windows = (
        'year,month,unit,account,amount\n2019,5,1031,5011,-10.5\n2019,5,1100,5011,"1 234,50"\n'
    )
    _same((windows + "2019,5,1031,1910,7\n2019,6,5000,4011,– 3\n").encode("cp1252"), "u.csv")


def test_an_xlsx_of_numbers_and_texts_is_read_as_row_by_row(ledger) -> None:
    rows = [
        ["Year", "Month", "Unit", "Account", "Amount", "Comment"],
        [2019, 4, "1031", 5011, 12.35, ""],
        [2019, 4, 1100, "5011", "-2 233,50", None],
        [None, None, None, None, None, None],
        [2019.0, "4", " 1031 ", 5011, 3.5, "fine"],
        ["2019", 12, "5000", 4011, 1e6, None],
        [2019, 5, "1031", 1910, 0.5, None],  # balance rows are read, not summed
    ]
    _same(_xlsx(rows), "utfall.xlsx")


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_generated_sheets_are_read_as_row_by_row(ledger, kind: str) -> None:
    rng = random.Random(13)
    units, accounts = ["1031", "1100", "5000"], ["3011", "4011", "5011", "6011", "7911", "1910"]
    forms = [
        lambda c: f"{c // 100}",
        lambda c: f"{c / 100:.2f}".replace(".", ","),
        lambda c: f"{c // 100:,}".replace(",", " "),
        lambda c: f"{c / 100:,.2f}".replace(",", "\u00a0").replace(".", ","),
        lambda c: f"{c / 100:.1f}",
    ]
    rows = []
    for _ in range(3000):
        cents = rng.randint(-(10**9), 10**9)
        amount: object = rng.choice(["", "-", "−"]) + rng.choice(forms)(abs(cents))
        if kind == "xlsx" and rng.random() < 0.5:
            amount = cents / 100
        rows.append([2019, rng.randint(1, 12), rng.choice(units), rng.choice(accounts), amount])
    if kind == "xlsx":
        data, name = _xlsx([HEADER, *rows]), "utfall.xlsx"
    else:
        lines = [";".join(HEADER)] + [";".join(map(str, row)) for row in rows]
        data, name = "\n".join(lines).encode(), "utfall.csv"
    _same(data, name)


BAD = [
    ("2019;1;1031;5011;12,5x", 'Rad 4: "12,5x" är inte ett belopp'),
    ("2019;1;9999;5011;100", "Rad 4: Det finns ingen enhet med koden ”9999” 2019"),
    ("2019;1;1031;5999;100", "Rad 4: Kontot 5999 finns inte i kontoplanen"),
    ("2019;13;1031;5011;100", "Rad 4: Månaden 13 är inte 1–12"),
    ("2019;;1031;5011;100", "Rad 4:"),
    ("2019;1;1031;5011;12,345", "Rad 4: Beloppet 12.345 har fler än två decimaler"),
    ("2019;1;1031;5011;12.345", "Rad 4:"),
    ("2019;1;1031;5011;100 kr", None),  # fine, but left to the row-by-row reader
    ("2018;1;1031;5011;100", "flera år"),
    ("2019;1;1031;50x1;100", "Rad 4:"),
    ("2019;1;1031;5011;100;extra", "Rad 4:"),
    ("2019;1;1031;5011;99999999999999999", "Rad 4:"),
]


@pytest.mark.parametrize(("bad_line", "message"), BAD)
def test_a_bad_csv_line_is_left_to_the_row_by_row_check(ledger, bad_line, message) -> None:
    lines = CSV.splitlines()
    data = "\n".join([*lines[:3], bad_line, *lines[3:]]).encode()
    assert _fast(data, "utfall.csv") is None
    if message is None:
        assert import_prepare(data, kind=ImportBatch.Kind.ACTUALS, file_name="utfall.csv")
        return
    with pytest.raises(ImportFailed) as row_by_row:
        _row_by_row(data, "utfall.csv")
    with pytest.raises(ImportFailed) as imported:
        import_prepare(data, kind=ImportBatch.Kind.ACTUALS, file_name="utfall.csv")
    assert message in str(imported.value)
    assert imported.value.problems == row_by_row.value.problems


def test_a_bad_xlsx_cell_is_left_to_the_row_by_row_check(ledger) -> None:
    import datetime

    for cell in [datetime.date(2019, 1, 1), True, 12.345, "1.234.567,5"]:
        data = _xlsx([HEADER, [2019, 1, "1031", "5011", 1], [2019, 2, "1031", "5011", cell]])
        assert _fast(data, "utfall.xlsx") is None, cell


def test_a_locked_month_is_left_to_the_row_by_row_check(ledger) -> None:
    PeriodFactory(kind=ReportingPeriod.Kind.MONTH, cutoff_month=2, state="locked")
    assert _fast(CSV.encode(), "utfall.csv") is None
    with pytest.raises(ImportFailed, match="låst"):
        import_prepare(CSV.encode(), kind=ImportBatch.Kind.ACTUALS, file_name="utfall.csv")


def test_the_progress_is_told_in_steps(ledger) -> None:
    steps: list[tuple[int, str]] = []
    data = _xlsx([HEADER, *[[2019, 1, "1031", "5011", n] for n in range(50)]])
    import_prepare(
        data,
        kind=ImportBatch.Kind.ACTUALS,
        file_name="utfall.xlsx",
        progress=lambda percent, step: steps.append((percent, step)),
    )
    assert [p for p, _ in steps] == sorted(p for p, _ in steps)
    assert steps[-1][0] == 100 and any("Läser" in step for _, step in steps)


def test_every_amount_text_read_in_columns_is_what_parse_amount_reads() -> None:
    rng = random.Random(7)
    alphabet = [*"0123456789" * 3, " ", "\u00a0", ",", ".", "-", "\u2212", "+", "\u2013"]
    texts = ["1 234,50", "-2 233,50", "2233.5", "−12 000", "-0", "+ 5", "00012,5", "1,5"]
    for _ in range(50_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))).strip()
        texts.append(text or "0")
    read = 0
    for text, (ore, decimals) in zip(texts, text_amounts(texts).iter_rows(), strict=True):
        if ore is None:
            continue
        read += 1
        try:
            value = parse_amount(text)
        except AmountError:
            pytest.fail(f"{text!r} is read in columns but refused by parse_amount")
        assert (Decimal(ore).scaleb(-2), decimals) == (value, max(0, -value.as_tuple().exponent))
    assert read > 10_000


def test_a_sheet_on_disk_is_read_as_its_bytes(ledger, tmp_path) -> None:
    data = _xlsx([HEADER, [2019, 4, "1031", 5011, 12.35], [2019, 4, "1100", "5011", "-2 233,5"]])
    path = tmp_path / "utfall.xlsx"
    path.write_bytes(data)
    on_disk = sheet_actuals_prepare(path, file_name="utfall.xlsx", progress=progress_ignored)
    assert on_disk is not None
    assert _seen(on_disk) == _seen(_row_by_row(data, "utfall.xlsx"))
    csv = tmp_path / "utfall.csv"
    csv.write_bytes(CSV.encode())
    from_csv = sheet_actuals_prepare(csv, file_name="utfall.csv", progress=progress_ignored)
    assert from_csv is not None
    assert _seen(from_csv) == _seen(_row_by_row(CSV.encode(), "utfall.csv"))


def test_csv_lines_are_split_as_stringio_splits_them() -> None:
    import csv

    rng = random.Random(5)
    for _ in range(5000):
        text = "a;b\n" + "".join(rng.choice('ab\n\r;"') for _ in range(rng.randint(0, 30)))
        from_stringio = csv.reader(io.StringIO(text), delimiter=";")
        assert _outcome(csv_lines(text.encode())) == _outcome(enumerate(from_stringio, start=1))


def _outcome(lines) -> object:
    try:
        return list(lines)
    except Exception as error:  # csv.Error for a lone "\r", from both
        return repr(error)
