"""The demo's annual report, in Kalmar's report lines: the financial tables' account groups
keep the ledger's subtotals, and the sum line is shown once."""

from __future__ import annotations

from followup.reports.document import report_context_of
from followup.reports.sections import financial
from municipality.models import Committee, ReportingPeriod


def test_the_account_groups_keep_the_ledgers_subtotals(demo_2019, db) -> None:
    annual = ReportingPeriod.objects.get(fiscal_year__year=2019, kind="annual")
    ks = Committee.objects.get(short_code="KS")
    units, groups = financial.financial_tables(report_context_of(annual, ks))
    kinds = {row.label: row.kind for row in groups.rows}
    assert kinds["Summa kostnader"] == "subtotal"
    assert "Summa resultat" not in kinds  # the subtotal of every line is the sum line itself
    assert groups.rows[-1].kind == "total" and groups.rows[-1].label.startswith("Summa ")
    assert groups.rows[-1].values == units.rows[-1].values
    costs = next(row for row in groups.rows if row.label == "Summa kostnader")
    lines = ("Personalkostnader", "Lokalkostnader", "Kapitalkostnader", "Övriga kostnader")
    parts = [row for row in groups.rows if row.label in lines]
    for column in range(3):  # Bokslut, Utfall, Budget
        assert costs.values[column] == sum(row.values[column] for row in parts)
    assert costs.values[1] != 0
