"""Forecast accuracy (prognossäkerhet): the T1 and T2 deviation forecasts of each committee
against the outcome of the year, computed by hand below."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from budget.forecasting.accuracy import AccuracyRow, forecast_accuracy
from budget.ledger.figures import figures_recompute
from budget.ledger.imports.actuals import actuals_apply, actuals_prepare
from budget.ledger.imports.sheets import actual_rows_from_sheet
from budget.models import AccountGroup, BudgetAmount, BudgetVersion, Forecast, ImportBatch
from municipality.models import FiscalYear, ReportingPeriod
from municipality.periods.lock import period_system_write
from tests.factories import PeriodFactory

State = ReportingPeriod.State
MILLION = Decimal(1_000_000)

# Whole-year actuals in kronor (unit code, account, amount), booked in June.
ACTUALS = [
    ("1030", "5011", 10_800_000),  # Ekonomi, staff
    ("1100", "5011", 19_500_000),  # Brandkåren, staff
    ("5000", "5011", 4_900_000),  # Socialförvaltningen, staff
    ("5000", "4011", 2_900_000),  # Socialförvaltningen, materials (Övriga kostnader)
]


def _group(code: str) -> AccountGroup:
    return AccountGroup.objects.get(fiscal_year__year=2019, code=code)


@pytest.fixture
def year_2019(ledger):
    """Budgets, T1 and T2 forecasts and the year's actuals, by hand (mnkr):

    Kommunstyrelsen: budget 10 (Ekonomi) + 20 (Brandkåren) = 30; actual 10,8 + 19,5 = 30,3,
    so the outcome is −0,3. T1: Ekonomi 11 → −1,0. T2: Ekonomi 10,5 and Brandkåren 19 →
    −0,5 + 1,0 = +0,5. Differences: T1 −1,0 − (−0,3) = −0,7; T2 0,5 − (−0,3) = +0,8.

    Socialnämnden: budget 5 + 3 = 8; actual 4,9 + 2,9 = 7,8, outcome +0,2. T1: nothing
    entered, so the budget → 0,0. T2: Övriga 3,5 → −0,5. Differences −0,2 and −0,7.
    """
    org = ledger
    version = BudgetVersion.objects.create(
        fiscal_year=FiscalYear.objects.get(year=2019), name="Budget", is_active=True
    )
    BudgetAmount.objects.bulk_create(
        BudgetAmount(version=version, unit=unit, group=_group(code), amount=amount * MILLION)
        for unit, code, amount in [
            (org.department, "PERS", 10),
            (org.sibling, "PERS", 20),
            (org.other_root, "PERS", 5),
            (org.other_root, "OVR", 3),
        ]
    )
    sheet = "year;month;unit;account;amount\n" + "".join(
        f"2019;6;{unit};{account};{amount}\n" for unit, account, amount in ACTUALS
    )
    actuals_apply(
        actuals_prepare(
            actual_rows_from_sheet(sheet.encode(), file_name="2019.csv"),
            kind=ImportBatch.Kind.ACTUALS,
            file_name="2019.csv",
            sha256="2019",
        ),
        user=None,
    )
    figures_recompute(year=2019)
    periods = {
        kind: PeriodFactory(kind=kind, state=State.OPEN)
        for kind in (ReportingPeriod.Kind.T1, ReportingPeriod.Kind.T2, ReportingPeriod.Kind.ANNUAL)
    }
    t1, t2 = periods[ReportingPeriod.Kind.T1], periods[ReportingPeriod.Kind.T2]
    for period, unit, code, amount in [
        (t1, org.department, "PERS", Decimal(11)),
        (t2, org.department, "PERS", Decimal("10.5")),
        (t2, org.sibling, "PERS", Decimal(19)),
        (t2, org.other_root, "OVR", Decimal("3.5")),
    ]:
        Forecast.objects.create(
            period=period, unit=unit, group=_group(code), amount=amount * MILLION
        )
    ReportingPeriod.objects.filter(pk__in=[t1.pk, t2.pk]).update(state=State.LOCKED)
    return periods


def _close_the_year(periods: dict) -> None:
    ReportingPeriod.objects.filter(pk=periods[ReportingPeriod.Kind.ANNUAL].pk).update(
        state=State.CLOSED
    )


def test_accuracy_per_committee_by_hand(year_2019) -> None:
    _close_the_year(year_2019)
    rows = {row.label: row for row in forecast_accuracy(year=2019)}
    assert list(rows) == ["Kommunstyrelsen", "Socialnämnden"]
    ks, sn = rows["Kommunstyrelsen"], rows["Socialnämnden"]
    assert (ks.t1, ks.t2, ks.outcome) == (-1 * MILLION, Decimal("0.5") * MILLION, -300_000)
    assert (ks.difference_t1, ks.difference_t2) == (-700_000, 800_000)
    assert (sn.t1, sn.t2, sn.outcome) == (0, Decimal("-0.5") * MILLION, 200_000)
    assert (sn.difference_t1, sn.difference_t2) == (-200_000, -700_000)
    total = AccuracyRow.total_of(list(rows.values()), "Totalt")
    assert (total.t1, total.t2, total.outcome) == (-1 * MILLION, 0, -100_000)
    assert (total.difference_t1, total.difference_t2) == (-900_000, 100_000)


def _cells(html: str) -> dict[str, list[str]]:
    table = html.split('class="data-table followup-table accuracy-table"')[1].split("</table>")[0]
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, flags=re.S):
        cells = [
            unescape(re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        ]
        if cells and 'scope="col"' not in row:
            rows[cells[0]] = cells[1:]
    return rows


def test_accuracy_page_in_mnkr(client, controller, year_2019) -> None:
    _close_the_year(year_2019)
    client.force_login(controller)
    response = client.get(reverse("budget:forecast-accuracy"), {"year": 2019})
    rows = _cells(response.content.decode())
    m = "\u2212"
    assert rows["Kommunstyrelsen"] == [f"{m}1,0", "0,5", f"{m}0,3", f"{m}0,7", "0,8"]
    assert rows["Socialnämnden"] == ["0,0", f"{m}0,5", "0,2", f"{m}0,2", f"{m}0,7"]
    assert len(rows) == 3  # and the total line
    total = next(
        cells for label, cells in rows.items() if label not in ("Kommunstyrelsen", "Socialnämnden")
    )
    assert total == [f"{m}1,0", "0,0", f"{m}0,1", f"{m}0,9", "0,1"]


def test_accuracy_download(client, controller, year_2019) -> None:
    _close_the_year(year_2019)
    client.force_login(controller)
    response = client.get(reverse("budget:forecast-accuracy"), {"year": 2019, "export": "xlsx"})
    header, *lines = load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    # Malmö's columns, as its annual report publishes them.
    assert header == (
        "Nämnd",
        "Prognos T1",
        "Prognos T2",
        "Utfall (bokslut)",
        "Differens T1",
        "Differens T2",
    )
    assert lines[0] == ("Kommunstyrelsen", -1, 0.5, -0.3, -0.7, 0.8)


def test_no_numbers_before_the_year_is_closed(client, controller, year_2019) -> None:
    assert forecast_accuracy(year=2019) == []
    client.force_login(controller)
    html = client.get(reverse("budget:forecast-accuracy"), {"year": 2019}).content.decode()
    assert "accuracy-table" not in html
    assert 'class="message message-warning"' in html


def test_a_year_without_a_t2_leaves_that_column_empty(year_2019) -> None:
    _close_the_year(year_2019)
    t2 = year_2019[ReportingPeriod.Kind.T2]
    with period_system_write():  # the locked T2 goes as if it had never been
        Forecast.objects.filter(period=t2).delete()
        ReportingPeriod.objects.filter(pk=t2.pk).delete()
    rows = forecast_accuracy(year=2019)
    assert all(row.t2 is None and row.difference_t2 is None for row in rows)
    assert AccuracyRow.total_of(rows, "Totalt").t2 is None


@pytest.mark.parametrize("who", ["economist", "reader", "outsider"])
def test_accuracy_needs_a_municipality_wide_view(client, year_2019, request, who: str) -> None:
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("budget:forecast-accuracy")).status_code == 403
