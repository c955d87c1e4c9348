"""The forecast grid's Excel round trip: download, fill in as a user would, upload, apply."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from budget.forecasting.excel import plan as excel_plan
from budget.forecasting.excel import workbook
from budget.forecasting.grid import forecast_grid
from budget.forecasting.services import forecast_save, forecast_submit
from budget.forecasting.totals import unit_totals
from budget.ledger.figures import figures_recompute
from budget.models import (
    AccountGroup,
    BudgetAmount,
    BudgetVersion,
    Forecast,
    ForecastSubmission,
    PendingImport,
)
from municipality.editing.gate import EditConflict
from municipality.models import AuditEntry, Municipality, ReportingPeriod
from tests.budget.seed004 import (
    LINES,
    SEED004_COMMITTEE,
    SEED004_FORECASTS,
    SEED004_SUM,
    SEED004_UNITS,
    seed004_build,
    tkr,
)
from tests.factories import PeriodFactory

NAMES = {"INT": "Intäkter", "PERS": "Personalkostnader", "LOK": "Lokalkostnader"}
NAMES |= {"KAP": "Kapitalkostnader", "OVR": "Övriga kostnader"}
NAMES |= {"SUMK": "Summa kostnader", "SUMR": "Summa resultat"}


# Helpers: what an economist does ------------------------------------------------------------


def download(client, unit, period) -> Workbook:
    response = client.get(reverse("budget:forecast-excel", args=[unit.pk]), {"period": period.pk})
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == workbook.CONTENT_TYPE
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return load_workbook(io.BytesIO(response.content))


def sheet_row(wb: Workbook, label: str) -> int:
    """The sheet row whose Kontogrupp/Projekt column says ``label``."""
    ws = wb[workbook.SHEET]
    for number in range(workbook.FIRST_ROW, ws.max_row + 1):
        if ws[f"B{number}"].value == label:
            return number
    raise AssertionError(f"no row {label}")


def fill(wb: Workbook, values: dict[str, object], comments: dict[str, str] | None = None) -> bytes:
    """Type ``values`` into the Prognos column (and comments) of the rows named, then save."""
    ws = wb[workbook.SHEET]
    for label, value in values.items():
        ws[f"H{sheet_row(wb, label)}"] = value
    for label, text in (comments or {}).items():
        ws[f"K{sheet_row(wb, label)}"] = text
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(client, unit, period, data: bytes, name: str = "prognos.xlsx"):
    return client.post(
        reverse("budget:forecast-excel-upload", args=[unit.pk]),
        {"period": period.pk, "file": SimpleUploadedFile(name, data)},
    )


def preview(client, unit, period, data: bytes, name: str = "prognos.xlsx"):
    """Upload and follow to the preview; returns the preview response."""
    response = upload(client, unit, period, data, name)
    assert response.status_code == 302, response.status_code
    assert response.url.startswith("/ekonomi/prognos/excel/")
    page = client.get(response.url)
    assert page.status_code == 200
    return page


def apply(client, page):
    """Press the preview's button: POST the fingerprint it shows."""
    pending = page.context["pending"]
    return client.post(
        reverse("budget:forecast-excel-apply", args=[pending.pk]),
        {"plan": page.context["plan"].fingerprint},
    )


def flash(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def line(code: str) -> AccountGroup:
    return AccountGroup.objects.get(fiscal_year__year=2019, code=code)


def save_elsewhere(user, unit, period, code: str, kronor: Decimal) -> None:
    """A forecast saved in the browser, by ``user``, on a row that has none yet."""
    forecast_save(
        user=user,
        period=period,
        unit=unit,
        field="amount",
        value=kronor,
        expected_version=0,
        group=line(code),
    )


def stored(unit, period, code: str) -> Forecast | None:
    return Forecast.objects.filter(unit=unit, period=period, group=line(code)).first()


# Seed 004 -----------------------------------------------------------------------------------


def test_seed004_kommunstyrelsen_round_trip(client, ledger) -> None:
    """Every verksamhetsområde downloads its workbook, enters seed 004's forecast, uploads it:
    the committee's operating statement and its table per unit come out as published."""
    period = PeriodFactory(kind=ReportingPeriod.Kind.T1, state=ReportingPeriod.State.OPEN)
    seed = seed004_build(period)
    client.force_login(seed["economist"])
    for name, unit in seed["units"].items():
        wb = download(client, unit, period)
        # The economist types the forecast as numbers, or pastes the odd one as text.
        values: dict[str, object] = {NAMES[c]: v for c, v in SEED004_FORECASTS[name].items()}
        if name == "Gymnasieverksamheten":
            values["Övriga kostnader"] = "345 785"
        if name == "Arbete & välfärd":
            values["Intäkter"] = "−63 500"
        page = preview(client, unit, period, fill(wb, values))
        plan = page.context["plan"]
        assert not plan.problems and not plan.conflicts
        assert len(plan.changes) == 5
        assert not Forecast.objects.filter(unit=unit, amount__isnull=False).exists()
        response = apply(client, page)
        assert response.status_code == 302
        assert response.url == reverse("budget:forecast", args=[unit.pk])
        for code, forecast in SEED004_FORECASTS[name].items():
            assert stored(unit, period, code).amount == tkr(forecast)

    grid = forecast_grid(period=period, unit=seed["root"])
    by_label = {row.label: row for row in grid.subtree_rows}
    for code, (budget, forecast, deviation) in SEED004_COMMITTEE.items():
        row = by_label[NAMES[code]]
        assert (row.budget, row.forecast, row.deviation) == (
            tkr(budget),
            tkr(forecast),
            tkr(deviation),
        ), code
    totals = unit_totals(
        period=period, unit_ids=[seed["root"].pk, *(u.pk for u in seed["units"].values())]
    )
    for name, (budget, forecast, deviation) in SEED004_UNITS.items():
        unit_total = totals[seed["units"][name].pk]
        assert (unit_total.budget, unit_total.forecast, unit_total.deviation) == (
            tkr(budget),
            tkr(forecast),
            tkr(deviation),
        ), name
    root = totals[seed["root"].pk]
    assert (root.budget, root.forecast, root.deviation) == tuple(tkr(v) for v in SEED004_SUM)
    # The committee's workbook shows both published tables, to read.
    wb = download(client, seed["root"], period)
    ws = wb[workbook.SHEET]
    rows = {
        ws[f"B{n}"].value: n for n in range(workbook.FIRST_ROW, ws.max_row + 1) if ws[f"B{n}"].value
    }  # the last row of a label: the subtree's, after the unit's own
    for code, (budget, forecast, _deviation) in SEED004_COMMITTEE.items():
        number = rows[NAMES[code]]
        assert (ws[f"D{number}"].value, ws[f"H{number}"].value) == (budget, forecast), code
        assert ws[f"I{number}"].value == f"=ROUND(D{number}-H{number},0)"
    for name, (budget, forecast, _deviation) in SEED004_UNITS.items():
        unit = seed["units"][name]
        number = rows[f"{unit.code} {unit.name}"]
        assert (ws[f"D{number}"].value, ws[f"H{number}"].value) == (budget, forecast), name
    # 12 units × 5 lines, each in the audit trail as the economist's change.
    entries = AuditEntry.objects.filter(period=period, field="amount", user=seed["economist"])
    assert entries.count() == 60


def test_seed004_workbook_shows_the_unit(client, ledger) -> None:
    period = PeriodFactory(kind=ReportingPeriod.Kind.T1, state=ReportingPeriod.State.OPEN)
    seed = seed004_build(period)
    client.force_login(seed["economist"])
    unit = seed["units"]["Brandkåren"]
    wb = download(client, unit, period)
    ws = wb[workbook.SHEET]
    assert ws["C3"].value == "1310 Brandkåren"
    assert ws["C4"].value == period.name
    budgets = dict(zip(LINES, (-30_000, 60_000, 12_000, 10_000, 2_578), strict=True))
    for code, budget in budgets.items():
        number = sheet_row(wb, NAMES[code])
        assert ws[f"D{number}"].value == budget
        assert ws[f"A{number}"].value == f"g{line(code).pk}"
        assert ws[f"H{number}"].value is None  # nothing entered yet


# The workbook -------------------------------------------------------------------------------


@pytest.fixture
def budgeted(ledger):
    """Ekonomi (Alice's unit) with a budget on every line."""
    version = BudgetVersion.objects.create(
        fiscal_year=line("INT").fiscal_year, name="Budget 2019", is_active=True
    )
    amounts = {"INT": -1_000, "PERS": 5_000, "LOK": 700, "KAP": 300, "OVR": 2_000}
    BudgetAmount.objects.bulk_create(
        BudgetAmount(version=version, unit=ledger.department, group=line(code), amount=tkr(value))
        for code, value in amounts.items()
    )
    figures_recompute(year=2019)
    return ledger


def test_workbook_protection_formulas_and_layout(client, economist, budgeted, open_period):
    client.force_login(economist)
    wb = download(client, budgeted.department, open_period)
    assert wb.sheetnames[0] == workbook.SHEET
    ws = wb[workbook.SHEET]
    assert ws.protection.sheet
    assert ws.freeze_panes == "C8"
    assert ws.column_dimensions["A"].hidden
    assert ws["A7"].value == "Rad"
    int_row, pers_row, ovr_row = (sheet_row(wb, NAMES[c]) for c in ("INT", "PERS", "OVR"))
    sumk, sumr = sheet_row(wb, "Summa kostnader"), sheet_row(wb, "Summa resultat")
    for number in (int_row, pers_row, ovr_row):
        assert ws[f"H{number}"].protection.locked is False
        assert ws[f"K{number}"].protection.locked is False
        for letter in "ABCDEFGIJ":
            assert ws[f"{letter}{number}"].protection.locked is not False
    for letter in "ABCDEFGHIJK":
        assert ws[f"{letter}{sumk}"].protection.locked is not False
    # Deviation = Budget − Forecast in Kalmar's ledger sign, blank until a forecast is entered.
    assert ws[f"I{int_row}"].value == f'=IF(H{int_row}="","",ROUND(D{int_row}-H{int_row},0))'
    assert ws[f"D{sumk}"].value == f"=SUM(D{pers_row}:D{ovr_row})"
    assert ws[f"D{sumr}"].value == f"=SUM(D{int_row}:D{ovr_row})"
    assert ws[f"H{sumk}"].value == (
        f'=SUM(H{pers_row}:H{ovr_row})+SUMIF(H{pers_row}:H{ovr_row},"",D{pers_row}:D{ovr_row})'
    )
    assert ws[f"F{int_row}"].value.startswith("=IF(D")
    assert ws[f"D{int_row}"].value == -1_000
    assert ws[f"D{int_row}"].number_format == '#,##0;"−"#,##0;0'
    validations = ws.data_validations.dataValidation
    assert len(validations) == 1 and validations[0].type == "decimal"
    assert f"H{int_row}" in str(validations[0].sqref)
    meta = wb[workbook.META_SHEET]
    assert meta.sheet_state == "veryHidden"
    assert meta["B2"].value == budgeted.department.pk
    assert meta["B3"].value == open_period.pk


def test_result_sign_turns_amounts_and_the_deviation(client, economist, budgeted, open_period):
    Municipality.objects.create(
        name="Örebro kommun", code="1880", presentation_sign=Municipality.Sign.RESULT
    )
    client.force_login(economist)
    wb = download(client, budgeted.department, open_period)
    ws = wb[workbook.SHEET]
    number = sheet_row(wb, "Personalkostnader")
    assert ws[f"D{number}"].value == -5_000
    assert ws[f"I{number}"].value == f'=IF(H{number}="","",ROUND(H{number}-D{number},0))'
    page = preview(
        client, budgeted.department, open_period, fill(wb, {"Personalkostnader": -5_200})
    )
    apply(client, page)
    assert stored(budgeted.department, open_period, "PERS").amount == Decimal(5_200_000)


# Preview and apply --------------------------------------------------------------------------


def test_preview_lists_changes_and_writes_nothing_until_apply(
    client, economist, budgeted, open_period
):
    unit = budgeted.department
    client.force_login(economist)
    wb = download(client, unit, open_period)
    data = fill(
        wb,
        {"Personalkostnader": 5_250, "Intäkter": "−1 100,5", "Lokalkostnader": 12.345},
        comments={"Personalkostnader": "Två vikarier under våren."},
    )
    page = preview(client, unit, open_period, data)
    plan = page.context["plan"]
    changes = {(c.label, c.field): c for c in plan.changes}
    assert set(changes) == {
        ("Personalkostnader", "amount"),
        ("Personalkostnader", "comment"),
        ("Intäkter", "amount"),
        ("Lokalkostnader", "amount"),
    }
    pers = changes[("Personalkostnader", "amount")]
    assert pers.cell == f"H{sheet_row(wb, 'Personalkostnader')}"
    assert (pers.old_text, pers.new_text) == (_("(empty)"), "5\u00a0250")
    assert changes[("Intäkter", "amount")].new_text == "−1\u00a0100,5"
    html = page.content.decode()
    assert pers.cell in html and "5\u00a0250" in html and "Två vikarier" in html
    assert not Forecast.objects.exists() and not AuditEntry.objects.exists()

    response = apply(client, page)
    assert response.status_code == 302
    assert stored(unit, open_period, "PERS").amount == Decimal(5_250_000)
    assert stored(unit, open_period, "PERS").comment == "Två vikarier under våren."
    assert stored(unit, open_period, "INT").amount == Decimal(-1_100_500)
    assert stored(unit, open_period, "LOK").amount == Decimal(12_345)
    assert AuditEntry.objects.filter(user=economist, unit=unit).exclude(field="state").count() == 4
    assert not PendingImport.objects.exists()
    submission = ForecastSubmission.objects.get(unit=unit, period=open_period)
    assert submission.state == ForecastSubmission.State.IN_PROGRESS


def test_same_file_twice_changes_nothing_the_second_time(client, economist, budgeted, open_period):
    unit = budgeted.department
    client.force_login(economist)
    data = fill(download(client, unit, open_period), {"Personalkostnader": 5_250})
    apply(client, preview(client, unit, open_period, data))
    entries = AuditEntry.objects.count()
    version = stored(unit, open_period, "PERS").amount_version

    again = preview(client, unit, open_period, data)
    assert not again.context["plan"].changes and not again.context["plan"].conflicts
    assert 'id="excel-no-changes"' in again.content.decode()
    assert 'name="plan"' not in again.content.decode()  # nothing to apply
    response = apply(client, again)
    assert response.status_code == 302
    assert AuditEntry.objects.count() == entries
    assert stored(unit, open_period, "PERS").amount_version == version


def test_invalid_cells_are_listed_with_their_reference(client, economist, budgeted, open_period):
    unit = budgeted.department
    client.force_login(economist)
    wb = download(client, unit, open_period)
    data = fill(wb, {"Personalkostnader": "12,3,4", "Lokalkostnader": 800, "Intäkter": "12.345"})
    page = preview(client, unit, open_period, data)
    plan = page.context["plan"]
    pers, inte = sheet_row(wb, "Personalkostnader"), sheet_row(wb, "Intäkter")
    assert plan.problems == [
        _("%(cell)s: cannot read “%(value)s” as an amount.")
        % {"cell": f"H{inte}", "value": "12.345"},
        _("%(cell)s: cannot read “%(value)s” as an amount.")
        % {"cell": f"H{pers}", "value": "12,3,4"},
    ]
    assert not plan.can_apply
    html = page.content.decode()
    assert f"H{pers}" in html and 'name="plan"' not in html
    # A crafted POST does not get past the problems either.
    response = apply(client, page)
    assert response.status_code == 302 and "/excel/" in response.url
    assert not Forecast.objects.exists()


def test_an_emptied_cell_clears_the_forecast_and_says_so(client, economist, budgeted, open_period):
    unit = budgeted.department
    save_elsewhere(economist, unit, open_period, "PERS", Decimal(5_100_000))
    client.force_login(economist)
    wb = download(client, unit, open_period)
    assert wb[workbook.SHEET][f"H{sheet_row(wb, 'Personalkostnader')}"].value == 5_100
    page = preview(client, unit, open_period, fill(wb, {"Personalkostnader": None}))
    (change,) = page.context["plan"].changes
    assert change.clears and change.new_text == _("(empty)") and change.old_text == "5\u00a0100"
    apply(client, page)
    assert stored(unit, open_period, "PERS").amount is None


def test_empty_cells_leave_forecasts_entered_elsewhere(
    client, economist, controller, budgeted, open_period
):
    """A row left empty in the file keeps what someone entered in the browser meanwhile."""
    unit = budgeted.department
    client.force_login(economist)
    wb = download(client, unit, open_period)
    save_elsewhere(controller, unit, open_period, "LOK", Decimal(690_000))
    page = preview(client, unit, open_period, fill(wb, {"Personalkostnader": 5_250}))
    plan = page.context["plan"]
    assert [c.label for c in plan.changes] == ["Personalkostnader"] and not plan.conflicts
    apply(client, page)
    assert stored(unit, open_period, "LOK").amount == Decimal(690_000)


def test_a_value_changed_since_the_download_is_a_conflict(
    client, economist, controller, budgeted, open_period
):
    unit = budgeted.department
    client.force_login(economist)
    wb = download(client, unit, open_period)
    save_elsewhere(controller, unit, open_period, "PERS", Decimal(5_400_000))
    page = preview(
        client, unit, open_period, fill(wb, {"Personalkostnader": 5_250, "Kapitalkostnader": 0})
    )
    plan = page.context["plan"]
    (conflict,) = plan.conflicts
    assert (conflict.label, conflict.yours, conflict.theirs) == (
        "Personalkostnader",
        "5\u00a0250",
        "5\u00a0400",
    )
    assert conflict.by == controller
    html = page.content.decode()
    assert 'id="excel-conflicts"' in html and str(controller) in html
    assert [c.label for c in plan.changes] == ["Kapitalkostnader"]
    apply(client, page)
    assert stored(unit, open_period, "PERS").amount == Decimal(5_400_000)  # not overwritten
    assert stored(unit, open_period, "KAP").amount == Decimal(0)


def test_a_change_between_preview_and_apply_refuses_the_apply(
    client, economist, controller, budgeted, open_period
):
    unit = budgeted.department
    client.force_login(economist)
    data = fill(download(client, unit, open_period), {"Personalkostnader": 5_250, "Intäkter": -900})
    page = preview(client, unit, open_period, data)
    save_elsewhere(controller, unit, open_period, "PERS", Decimal(5_400_000))
    response = apply(client, page)
    assert response.url == reverse(
        "budget:forecast-excel-preview", args=[page.context["pending"].pk]
    )
    assert _("The forecast has changed since the preview. Check the changes again.") in flash(
        response
    )
    assert stored(unit, open_period, "PERS").amount == Decimal(5_400_000)
    assert stored(unit, open_period, "INT") is None  # all or nothing


def test_apply_is_all_or_nothing(client, economist, budgeted, open_period, monkeypatch):
    """A save failing half-way (someone saved in the same instant) leaves nothing behind."""
    unit = budgeted.department
    client.force_login(economist)
    data = fill(download(client, unit, open_period), {"Intäkter": -900, "Personalkostnader": 5_250})
    page = preview(client, unit, open_period, data)
    calls = []
    real_save = excel_plan.forecast_save

    def second_one_conflicts(**kwargs):
        calls.append(kwargs["field"])
        if len(calls) == 2:
            raise EditConflict(current=None, version=1, by=None, at=None)
        return real_save(**kwargs)

    monkeypatch.setattr(excel_plan, "forecast_save", second_one_conflicts)
    response = apply(client, page)
    assert len(calls) == 2 and "/excel/" in response.url
    assert not Forecast.objects.filter(amount__isnull=False).exists()
    assert not AuditEntry.objects.exists()
    assert PendingImport.objects.exists()  # the user can look again and retry


# Periods, workflow and rights ---------------------------------------------------------------


@pytest.mark.parametrize("state", [ReportingPeriod.State.CLOSED, ReportingPeriod.State.LOCKED])
def test_closed_and_locked_periods_give_read_only_workbooks_and_refuse_uploads(
    client, economist, budgeted, open_period, state
):
    unit = budgeted.department
    client.force_login(economist)
    data = fill(download(client, unit, open_period), {"Personalkostnader": 5_250})
    ReportingPeriod.objects.filter(pk=open_period.pk).update(state=state)

    wb = download(client, unit, open_period)
    ws = wb[workbook.SHEET]
    assert ws.protection.sheet
    assert all(
        cell.protection.locked is not False for row in ws.iter_rows() for cell in row
    )  # nothing to enter
    assert wb[workbook.META_SHEET]["B5"].value == 0
    page = preview(client, unit, open_period, data)
    assert page.context["refusal"]
    assert 'name="plan"' not in page.content.decode()
    response = apply(client, page)
    assert "/excel/" in response.url
    assert page.context["refusal"] in flash(response)
    assert not Forecast.objects.exists()
    # The read-only workbook itself is not taken back.
    filled = fill(wb, {"Personalkostnader": 5_250})
    assert preview(client, unit, open_period, filled).context["rejected"]


def test_period_locked_between_preview_and_apply(client, economist, budgeted, open_period):
    unit = budgeted.department
    client.force_login(economist)
    page = preview(
        client, unit, open_period, fill(download(client, unit, open_period), {"Intäkter": -900})
    )
    assert page.context["plan"].can_apply and not page.context["refusal"]
    ReportingPeriod.objects.filter(pk=open_period.pk).update(state=ReportingPeriod.State.LOCKED)
    response = apply(client, page)
    assert "/excel/" in response.url
    assert any(open_period.name in message for message in flash(response))
    assert not Forecast.objects.exists()


def test_a_submitted_unit_cannot_be_changed(client, economist, budgeted, open_period):
    unit = budgeted.department
    client.force_login(economist)
    data = fill(download(client, unit, open_period), {"Intäkter": -900})
    forecast_submit(user=economist, period=open_period, unit=unit, expected_version=0)
    page = preview(client, unit, open_period, data)
    assert page.context["refusal"]
    apply(client, page)
    assert not Forecast.objects.filter(amount__isnull=False).exists()


def test_rights(client, economist, reader, outsider, other_economist, budgeted, open_period):
    unit = budgeted.department
    client.force_login(economist)
    data = fill(download(client, unit, open_period), {"Intäkter": -900})
    page = preview(client, unit, open_period, data)
    pending = page.context["pending"]

    client.force_login(reader)  # may see the unit, not enter forecasts
    wb = download(client, unit, open_period)
    assert wb[workbook.META_SHEET]["B5"].value == 0
    assert upload(client, unit, open_period, data).status_code == 403
    client.force_login(other_economist)  # an economist of another committee
    assert upload(client, unit, open_period, data).status_code == 403
    assert (
        client.get(
            reverse("budget:forecast-excel", args=[unit.pk]), {"period": open_period.pk}
        ).status_code
        == 403
    )
    # Another user's upload is not theirs to see or apply.
    assert (
        client.get(reverse("budget:forecast-excel-preview", args=[pending.pk])).status_code == 404
    )
    assert client.post(reverse("budget:forecast-excel-apply", args=[pending.pk])).status_code == 404
    client.force_login(outsider)
    assert (
        client.get(
            reverse("budget:forecast-excel", args=[unit.pk]), {"period": open_period.pk}
        ).status_code
        == 403
    )
    assert not Forecast.objects.exists()


# Files that are not this unit's workbook ----------------------------------------------------


def test_a_refused_file_is_not_kept(client, economist, budgeted, open_period):
    """Issue 11 item 13: nothing is written of an upload that is refused."""
    client.force_login(economist)
    page = preview(client, budgeted.department, open_period, b"\x89PNG\r\n", "bild.png")
    assert "bild.png" in page.context["rejected"]
    assert not PendingImport.objects.exists()


def test_wrong_unit_period_and_files_are_rejected(client, economist, budgeted, open_period):
    unit, other = budgeted.department, budgeted.sub_unit
    client.force_login(economist)
    data = fill(download(client, unit, open_period), {"Intäkter": -900})

    rejected = preview(client, other, open_period, data).context["rejected"]
    assert f"{unit.code} {unit.name}" in rejected and f"{other.code} {other.name}" in rejected

    t2 = PeriodFactory(
        fiscal_year=open_period.fiscal_year,
        kind=ReportingPeriod.Kind.T2,
        state=ReportingPeriod.State.OPEN,
    )
    rejected = preview(client, unit, t2, data).context["rejected"]
    assert open_period.name in rejected and t2.name in rejected

    rejected = preview(client, unit, open_period, b"year;month\n", name="prognos.csv")
    assert "prognos.csv" in rejected.context["rejected"]
    rejected = preview(client, unit, open_period, data, name="prognos.xls")
    assert "prognos.xls" in rejected.context["rejected"]

    plain = Workbook()
    out = io.BytesIO()
    plain.save(out)
    assert (
        "annat.xlsx"
        in preview(client, unit, open_period, out.getvalue(), "annat.xlsx").context["rejected"]
    )

    wb = load_workbook(io.BytesIO(data))
    wb[workbook.SHEET].insert_cols(3)
    out = io.BytesIO()
    wb.save(out)
    rejected = preview(client, unit, open_period, out.getvalue()).context["rejected"]
    assert "C" in rejected and workbook.SHEET in rejected
    assert 'name="plan"' not in preview(client, unit, open_period, out.getvalue()).content.decode()
    assert not Forecast.objects.exists()


def test_the_preview_reads_a_constant_number_of_queries(
    client, economist, controller, budgeted, open_period
):
    """One changed cell or every cell changed, with comments and a conflict: the same queries."""
    unit = budgeted.department
    client.force_login(economist)
    few = fill(download(client, unit, open_period), {"Intäkter": -900})
    many = fill(
        download(client, unit, open_period),
        {NAMES[code]: 1_000 + n for n, code in enumerate(LINES)},
        comments={NAMES[code]: f"Kommentar {n}" for n, code in enumerate(LINES)},
    )
    save_elsewhere(controller, unit, open_period, "LOK", Decimal(1))
    counts = []
    for data in (few, many):
        url = upload(client, unit, open_period, data).url
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url)
        counts.append(len(queries))
    assert len(page.context["plan"].changes) == 9 and len(page.context["plan"].conflicts) == 1
    assert counts[0] == counts[1]


def test_the_grid_partial_links_download_and_upload(rf, economist, budgeted, open_period):
    from django.template.loader import render_to_string

    unit = budgeted.department
    request = rf.get("/")
    request.user = economist
    html = render_to_string(
        "budget/forecast/_excel_form.html", {"unit": unit, "period": open_period}, request
    )
    assert (
        f'href="{reverse("budget:forecast-excel", args=[unit.pk])}?period={open_period.pk}"' in html
    )
    assert f'action="{reverse("budget:forecast-excel-upload", args=[unit.pk])}"' in html
    assert 'type="file"' in html and 'enctype="multipart/form-data"' in html
    closed = render_to_string(
        "budget/forecast/_excel_form.html",
        {"unit": unit, "period": open_period, "can_edit": False},
        request,
    )
    assert 'type="file"' not in closed
