"""The bench's made-up ledger, at a tiny size: valid SIE that the importer reads. No timings."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from bench.dataset import CONTRA_ACCOUNT, Size, organisation, write_psaldo, write_sie4
from budget.ledger.imports.sie import monthly_amounts, parse_sie
from budget.ledger.imports.sie_stream import sie_summed

TINY = Size(committees=2, units=20, accounts=20, transactions=2_000, period_balances=300)


def test_the_ledger_parses_and_every_voucher_balances(tmp_path: Path) -> None:
    org = organisation(TINY)
    vouchers = write_sie4(tmp_path / "ledger.se", org, TINY, raw_path=tmp_path / "ledger.tsv")
    sie = parse_sie((tmp_path / "ledger.se").read_bytes())

    assert (sie.sie_type, sie.encoding, sie.warnings) == (4, "cp437", ())
    assert len(sie.vouchers) == vouchers
    assert sum(len(voucher.transactions) for voucher in sie.vouchers) == TINY.transactions
    for voucher in sie.vouchers:
        assert sum((row.amount for row in voucher.transactions), Decimal(0)) == 0
        assert 5 <= len(voucher.transactions) <= 14
        *on_units, contra = voucher.transactions
        assert (contra.account, contra.objects) == (CONTRA_ACCOUNT, ())
        assert all(row.objects[0][1] in org.charts for row in on_units)
    raw = (tmp_path / "ledger.tsv").read_text().splitlines()
    assert len(raw) == TINY.transactions  # the COPY floor gets the same rows


def test_the_organisation_has_the_asked_shape() -> None:
    org = organisation(TINY)
    assert len(org.committees) == 2 and len(org.units) == 20 and len(org.accounts) == 20
    depths = {c: max(u.depth for u in org.units if u.committee == c) + 1 for c in (0, 1)}
    assert depths == {0: 3, 1: 4}
    assert {number[0] for number, _ in org.accounts} == set("345678")


def test_the_same_seed_writes_the_same_file(tmp_path: Path) -> None:
    for name in ("a.se", "b.se"):
        write_sie4(tmp_path / name, organisation(TINY), TINY)
    assert (tmp_path / "a.se").read_bytes() == (tmp_path / "b.se").read_bytes()


def test_the_streaming_import_sums_the_ledger_as_the_full_parse_does(tmp_path: Path) -> None:
    write_sie4(tmp_path / "ledger.se", organisation(TINY), TINY)
    data = (tmp_path / "ledger.se").read_bytes()
    summed = sie_summed(data)
    assert summed.monthly_amounts() == monthly_amounts(parse_sie(data))
    assert summed.sie.vouchers == () and summed.vouchers == len(parse_sie(data).vouchers)


def test_the_period_balances_parse(tmp_path: Path) -> None:
    org = organisation(TINY)
    write_psaldo(tmp_path / "prior.se", org, TINY)
    sie = parse_sie((tmp_path / "prior.se").read_bytes())
    assert len(sie.period_balances) == TINY.period_balances
    assert {row.objects[0][1] for row in sie.period_balances} <= set(org.charts)
    assert sie.fiscal_years[0][0].year == 2024


def test_the_uploads_bench_workbook_is_what_the_importer_reads(tmp_path: Path) -> None:
    from bench.uploads import write_xlsx
    from budget.ledger.imports.sheets import parse_actual_sheet

    org = organisation(TINY)
    write_xlsx(tmp_path / "utfall.xlsx", org, 500)
    parsed = parse_actual_sheet((tmp_path / "utfall.xlsx").read_bytes(), file_name="utfall.xlsx")
    assert (len(parsed.rows), parsed.problems) == (500, [])
    assert {row.unit_code for row in parsed.rows} <= set(org.charts)
    assert all(row.account in org.charts[row.unit_code] for row in parsed.rows)


def test_the_ledger_bench_sheets_hold_the_same_lines_in_xlsx_and_csv(tmp_path: Path) -> None:
    from bench.dataset import write_actuals_csv, write_actuals_xlsx
    from budget.ledger.imports.sheets import parse_actual_sheet

    org = organisation(TINY)
    write_actuals_xlsx(tmp_path / "actuals.xlsx", org, rows=400)
    write_actuals_csv(tmp_path / "actuals.csv", org, rows=400)
    sheets = [
        parse_actual_sheet((tmp_path / name).read_bytes(), file_name=name)
        for name in ("actuals.xlsx", "actuals.csv")
    ]
    assert [(len(sheet.rows), sheet.problems) for sheet in sheets] == [(400, [])] * 2
    assert sheets[0].rows == sheets[1].rows
    assert "\u2212" in (tmp_path / "actuals.csv").read_text(encoding="utf-8")  # as Swedes write
