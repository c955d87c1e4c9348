"""Every route an amount enters Tertial by, with the largest amount its column holds and the
smallest it does not (issue 11, item 1).

The largest is stored exactly; the smallest is refused with the message every bad amount
gets, naming the line or cell of a file, and nothing is written. Forecasts, actuals and
budgets are kept as numeric(18, 2): at most 9 999 999 999 999 999,99 kr. Indicator values
are numeric(18, 4): at most 99 999 999 999 999,9999.
"""

from __future__ import annotations

import html
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from budget.forecasting.services import forecast_save
from budget.models import (
    Actual,
    BudgetAmount,
    Forecast,
    ImportBatch,
    InvestmentProject,
    InvestmentYear,
    PendingImport,
)
from followup.models import Indicator, IndicatorValue
from municipality.formats.numbers import AmountError
from municipality.models import AuditEntry, Municipality
from tests.budget.forecast_fixtures import budgets_build, line
from tests.budget.test_forecast_excel import apply, download, fill, preview, sheet_row
from tests.followup.chart_fixtures import OWN, sick_leave_build
from tests.followup.factories import indicator_lineage

MONEY_LARGEST = "9\xa0999\xa0999\xa0999\xa0999\xa0999,99\xa0kr"
VALUE_LARGEST = "99\xa0999\xa0999\xa0999\xa0999,9999"


def refusal(typed: str, largest: str = MONEY_LARGEST) -> str:
    return f'"{typed}" är inte ett belopp Tertial kan spara: högst {largest}.'


def written(amount: str) -> str:
    """An amount as Tertial writes it when it quotes a file's: with no-break spaces."""
    return amount.replace(" ", "\xa0")


# The forecast grid, its plain form, the service and the Excel workbook (amounts in tkr) ----

TKR_FITS = "9 999 999 999 999,99999"  # 9 999 999 999 999 999,99 kr
TKR_TOO_LARGE = "10 000 000 000 000"  # 10 000 000 000 000 000 kr
KRONOR_FITS = Decimal("9999999999999999.99")


@pytest.fixture
def grid(ledger, open_period):
    budgets_build({ledger.department: {"INT": -1_000, "PERS": 3_000, "OVR": 500}})
    ledger.project = InvestmentProject.objects.create(
        code="P1", name="Ny förskola", unit=ledger.department
    )
    InvestmentYear.objects.create(project=ledger.project, year=2019, expenditure=5_000_000)
    return ledger


def _cell(client, unit, key: str, typed: str):
    return client.post(
        reverse("budget:forecast-cell", args=[unit.pk]),
        {"row": key, "field": "amount", f"amount-{key}": typed, f"amount-{key}-version": 0},
        HTTP_HX_REQUEST="true",
    )


def _amounts(unit) -> list[Decimal]:
    return list(Forecast.objects.filter(unit=unit, amount__isnull=False).values_list("amount"))


@pytest.mark.parametrize("row", ["group", "project"])
def test_grid_cell_stores_the_largest_amount_exactly(client, economist, grid, row: str) -> None:
    client.force_login(economist)
    key = f"g{line('PERS').pk}" if row == "group" else f"p{grid.project.pk}"
    response = _cell(client, grid.department, key, TKR_FITS)
    assert response.status_code == 200
    assert f'id="msg-amount-{key}" role="alert"></span>' in response.content.decode()
    assert _amounts(grid.department) == [(KRONOR_FITS,)]
    # The grid reads it back, for everyone.
    assert client.get(reverse("budget:forecast", args=[grid.department.pk])).status_code == 200


@pytest.mark.parametrize(
    "typed",
    [TKR_TOO_LARGE, "12345678901234567", "99999999999999999999999", "1" + "0" * 39],
)
@pytest.mark.parametrize("row", ["group", "project"])
def test_grid_cell_refuses_an_amount_too_large_and_writes_nothing(
    client, economist, grid, row: str, typed: str
) -> None:
    client.force_login(economist)
    key = f"g{line('PERS').pk}" if row == "group" else f"p{grid.project.pk}"
    response = _cell(client, grid.department, key, typed)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert refusal(typed) in page
    assert 'aria-invalid="true"' in page and f'value="{typed}"' in page
    assert "HX-Trigger" not in response  # nothing saved, nothing to total
    assert _amounts(grid.department) == []
    assert not AuditEntry.objects.exists()
    # The grid still opens, and the cell takes an amount that fits.
    assert client.get(reverse("budget:forecast", args=[grid.department.pk])).status_code == 200
    assert _cell(client, grid.department, key, "3 100").status_code == 200
    assert _amounts(grid.department) == [(Decimal(3_100_000),)]


def _form(client, unit, key: str, typed: str):
    return client.post(
        reverse("budget:forecast", args=[unit.pk]),
        {f"amount-{key}": typed, f"amount-{key}-version": 0, f"amount-{key}-original": ""},
    )


def test_plain_form_stores_the_largest_amount_exactly(client, economist, grid) -> None:
    client.force_login(economist)
    response = _form(client, grid.department, f"g{line('PERS').pk}", TKR_FITS)
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["1 värden sparade."]
    assert _amounts(grid.department) == [(KRONOR_FITS,)]


@pytest.mark.parametrize("typed", [TKR_TOO_LARGE, "1" + "0" * 39])
def test_plain_form_refuses_an_amount_too_large_naming_the_row(
    client, economist, grid, typed: str
) -> None:
    client.force_login(economist)
    response = _form(client, grid.department, f"g{line('PERS').pk}", typed)
    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == [f"Personalkostnader: {refusal(typed)}"]
    assert _amounts(grid.department) == []


def test_the_service_refuses_what_the_column_cannot_hold(economist, grid, open_period) -> None:
    """Every caller of forecast_save, not only the views: no DataError, no InvalidOperation."""
    for kronor in (Decimal(10) ** 16, Decimal(10) ** 39, Decimal("-1e16")):
        with pytest.raises(AmountError, match="högst 9\xa0999"):
            forecast_save(
                user=economist, period=open_period, unit=grid.department, field="amount",
                value=kronor, expected_version=0, group=line("PERS"),
            )  # fmt: skip
    assert _amounts(grid.department) == []
    forecast_save(
        user=economist, period=open_period, unit=grid.department, field="amount",
        value=-KRONOR_FITS, expected_version=0, group=line("PERS"),
    )  # fmt: skip
    assert _amounts(grid.department) == [(-KRONOR_FITS,)]


def test_excel_upload_stores_the_largest_amount_exactly(
    client, economist, grid, open_period
) -> None:
    client.force_login(economist)
    data = fill(download(client, grid.department, open_period), {"Personalkostnader": TKR_FITS})
    page = preview(client, grid.department, open_period, data)
    assert page.context["plan"].problems == []
    assert apply(client, page).status_code == 302
    assert _amounts(grid.department) == [(KRONOR_FITS,)]


@pytest.mark.parametrize("typed", [TKR_TOO_LARGE, 10**13, 1e40])
def test_excel_upload_refuses_an_amount_too_large_naming_the_cell(
    client, economist, grid, open_period, typed: object
) -> None:
    client.force_login(economist)
    workbook = download(client, grid.department, open_period)
    cell = f"H{sheet_row(workbook, 'Personalkostnader')}"
    data = fill(workbook, {"Personalkostnader": typed, "Övriga kostnader": 600})
    page = preview(client, grid.department, open_period, data)
    shown = {TKR_TOO_LARGE: TKR_TOO_LARGE, 10**13: "10000000000000"}.get(typed, "1" + "0" * 40)
    assert page.context["plan"].problems == [f"{cell}: {refusal(shown)}"]
    assert not page.context["plan"].can_apply
    apply(client, page)  # a crafted POST does not get past it either
    assert _amounts(grid.department) == []


# Actuals and budgets: import_actuals, import_budget, import_sie and the upload page ---------

ACTUALS = "year;month;unit;account;amount\n2019;1;1031;5011;{}\n"
BUDGET = "year;unit;account;amount\n2019;1031;5011;{}\n"
SIE = (
    '#FLAGGA 0\n#SIETYP 3\n#RAR 0 20190101 20191231\n#DIM 1 "Ansvar"\n'
    '#PSALDO 0 201901 5011 {{1 "1031"}} {}\n'
)
SIE_LINE = 5
FITS, TOO_LARGE = "9999999999999999,99", "10000000000000000"
SIE_FITS, SIE_TOO_LARGE = "9999999999999999.99", "10000000000000000.00"
SHOWN, SIE_SHOWN = written("10 000 000 000 000 000"), written("10 000 000 000 000 000,00")

COMMANDS = {
    "import_actuals": (ACTUALS, FITS, TOO_LARGE, SHOWN, "utfall.csv", ()),
    "import_budget": (BUDGET, FITS, TOO_LARGE, SHOWN, "budget.csv", ("--version", "KF")),
    "import_sie": (SIE, SIE_FITS, SIE_TOO_LARGE, SIE_SHOWN, "bok.se", ()),
}  # fmt: skip


def _stored_figures() -> list[Decimal]:
    return [a.amount for a in Actual.objects.all()] + [b.amount for b in BudgetAmount.objects.all()]


def _run(tmp_path: Path, command: str, amount: str) -> str:
    template, _fits, _too_large, _shown, name, arguments = COMMANDS[command]
    path = tmp_path / name
    path.write_text(template.format(amount), encoding="cp437" if name.endswith(".se") else "utf-8")
    out = io.StringIO()
    call_command(command, str(path), *arguments, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("command", COMMANDS)
def test_import_command_stores_the_largest_amount_exactly(ledger, tmp_path, command) -> None:
    _run(tmp_path, command, COMMANDS[command][1])
    assert _stored_figures() == [KRONOR_FITS]


@pytest.mark.parametrize("command", COMMANDS)
def test_import_command_refuses_an_amount_too_large_naming_its_line(
    ledger, tmp_path, command
) -> None:
    _template, _fits, too_large, shown, _name, _arguments = COMMANDS[command]
    with pytest.raises(CommandError) as raised:
        _run(tmp_path, command, too_large)
    line_number = SIE_LINE if command == "import_sie" else 2
    assert str(raised.value) == f"Nothing was imported.\nRad {line_number}: {refusal(shown)}"
    assert _stored_figures() == [] and not ImportBatch.objects.exists()


def test_import_actuals_of_29_digits_names_the_line_instead_of_a_traceback(
    ledger, tmp_path
) -> None:
    digits = "12345678901234567890123456789"
    with pytest.raises(CommandError) as raised:
        _run(tmp_path, "import_actuals", digits)
    shown = written("12 345 678 901 234 567 890 123 456 789")
    assert str(raised.value) == f"Nothing was imported.\nRad 2: {refusal(shown)}"
    assert not Actual.objects.exists()


def test_amounts_that_fit_but_add_up_to_too_much_are_refused(ledger, tmp_path) -> None:
    half = "5000000000000000"
    path = tmp_path / "utfall.csv"
    path.write_text(ACTUALS.format(half) + "2019;1;1031;5011;" + half + "\n")
    with pytest.raises(CommandError) as raised:
        call_command("import_actuals", str(path), stdout=io.StringIO())
    summed = "Summerat med filens övriga belopp för samma enhet och konto"
    too_large = refusal(SHOWN)
    assert str(raised.value) == f"Nothing was imported.\nRad 2: {summed}: {too_large}"
    assert not Actual.objects.exists()


def test_import_sie_names_the_period_balance_of_the_month_too_large(ledger, tmp_path) -> None:
    path = tmp_path / "bok.se"
    months = SIE.format("1000.00") + '#PSALDO 0 201902 5011 {1 "1031"} ' + SIE_TOO_LARGE + "\n"
    path.write_text(months, encoding="cp437")
    with pytest.raises(CommandError) as raised:
        call_command("import_sie", str(path), stdout=io.StringIO())
    assert str(raised.value) == f"Nothing was imported.\nRad {SIE_LINE + 1}: {refusal(SIE_SHOWN)}"
    assert not Actual.objects.exists()


UPLOADS = {
    "actuals": (ACTUALS, FITS, TOO_LARGE, SHOWN, "utfall.csv", ""),
    "budget": (BUDGET, FITS, TOO_LARGE, SHOWN, "budget.csv", "KF"),
    "sie": (SIE, SIE_FITS, SIE_TOO_LARGE, SIE_SHOWN, "bok.se", ""),
}


def _upload(client, kind: str, amount: str):
    template, _fits, _too_large, _shown, name, version = UPLOADS[kind]
    encoding = "cp437" if kind == "sie" else "utf-8"
    response = client.post(
        reverse("budget:imports"),
        {
            "kind": kind,
            "dimension": 1,
            "default_unit": "",
            "budget_version": version,
            "file": SimpleUploadedFile(name, template.format(amount).encode(encoding)),
        },
    )
    assert response.status_code == 302
    pending = PendingImport.objects.get()
    return client.get(response.url), pending


@pytest.mark.parametrize("kind", UPLOADS)
def test_upload_page_previews_and_applies_the_largest_amount(
    client, controller, ledger, kind, celery_eager
) -> None:
    client.force_login(controller)
    page, pending = _upload(client, kind, UPLOADS[kind][1])
    pending.refresh_from_db()
    assert (pending.outcome, pending.problems) == (PendingImport.Outcome.CHECKED, [])
    assert "9\xa0999\xa0999\xa0999\xa0999\xa0999,99" in page.content.decode()
    client.post(reverse("budget:import-apply", args=[pending.pk]))
    assert _stored_figures() == [KRONOR_FITS]


@pytest.mark.parametrize("kind", UPLOADS)
def test_upload_page_preview_refuses_an_amount_too_large_and_apply_writes_nothing(
    client, controller, ledger, kind, celery_eager
) -> None:
    client.force_login(controller)
    _template, _fits, too_large, shown, _name, _version = UPLOADS[kind]
    page, pending = _upload(client, kind, too_large)
    line_number = SIE_LINE if kind == "sie" else 2
    expected = f"Rad {line_number}: {refusal(shown)}"
    pending.refresh_from_db()
    assert pending.problems == [expected]
    assert expected in html.unescape(page.content.decode())
    # A refused upload's file is not kept, so it cannot be applied afterwards either.
    assert (pending.outcome, pending.file.name) == (PendingImport.Outcome.REFUSED, "")
    applied = client.post(reverse("budget:import-apply", args=[pending.pk]))
    assert applied.status_code == 302
    pending.refresh_from_db()
    assert pending.outcome == PendingImport.Outcome.REFUSED
    assert _stored_figures() == [] and not ImportBatch.objects.exists()


# Investment amounts in the admin -------------------------------------------------------------


def _investment_post(client, project: InvestmentProject, budget: str):
    return client.post(
        reverse("admin:budget_investmentproject_change", args=[project.pk]),
        {
            "code": project.code,
            "name": project.name,
            "unit": project.unit.pk,
            "years-TOTAL_FORMS": 1,
            "years-INITIAL_FORMS": 0,
            "years-0-year": 2019,
            "years-0-expenditure": budget,
            "years-0-income": "0",
        },
    )


@pytest.fixture
def project(org) -> InvestmentProject:
    return InvestmentProject.objects.create(code="P2", name="Ny sporthall", unit=org.department)


def test_admin_stores_the_largest_investment_amount_exactly(client, operator, project) -> None:
    client.force_login(operator)
    response = _investment_post(client, project, "9 999 999 999 999 999,99")
    assert response.status_code == 302
    year = InvestmentYear.objects.get()
    assert year.budget == KRONOR_FITS
    # The operator's change is kept with who made it and the amount (simple-history).
    record = year.history.get()
    assert (record.history_user, record.expenditure, record.history_type) == (
        operator,
        KRONOR_FITS,
        "+",
    )
    # Shown as it is typed, and saved again unchanged.
    page = client.get(reverse("admin:budget_investmentproject_change", args=[project.pk]))
    assert 'value="9 999 999 999 999 999,99"' in page.content.decode()


def test_admin_refuses_an_investment_amount_too_large(client, operator, project) -> None:
    client.force_login(operator)
    response = _investment_post(client, project, "10 000 000 000 000 000")
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.errors
    assert errors == [{"expenditure": [refusal("10 000 000 000 000 000")]}]
    assert not InvestmentYear.objects.exists()


# Indicator values: the browser, import_indicators and import_kolada --------------------------

VALUE_FITS, VALUE_TOO_LARGE = "99 999 999 999 999,9999", "100 000 000 000 000"


@pytest.fixture
def sick_leave(org):
    return sick_leave_build(org)


def _entered(indicator) -> Decimal:
    return IndicatorValue.objects.get(
        indicator=indicator, year=2019, month=4, gender="T", area_code=OWN
    ).value


def _enter(client, user, indicator, typed: str):
    client.force_login(user)
    return client.post(
        reverse("followup:indicator-values", args=[indicator.pk]),
        {"value_T": typed, "value_K": "7,2", "value_M": "5,1"},
    )


def test_indicator_entry_stores_the_largest_value_exactly(client, goal_owner, sick_leave):
    response = _enter(client, goal_owner, sick_leave.indicator, VALUE_FITS)
    assert response.status_code == 302
    assert _entered(sick_leave.indicator) == Decimal("99999999999999.9999")


def test_indicator_entry_refuses_a_value_too_large(client, goal_owner, sick_leave):
    before = _entered(sick_leave.indicator)
    response = _enter(client, goal_owner, sick_leave.indicator, VALUE_TOO_LARGE)
    assert response.status_code == 400
    assert response.context["form"].errors == {"value_T": [refusal(VALUE_TOO_LARGE, VALUE_LARGEST)]}
    assert _entered(sick_leave.indicator) == before
    assert not AuditEntry.objects.exists()


@pytest.fixture
def indicators(db):
    Municipality.objects.create(name="Kalmar kommun", code="0880")
    return indicator_lineage([2019], code="HME", kolada_kpi="N00005")


def _import_indicators(tmp_path: Path, value: str) -> None:
    path = tmp_path / "värden.csv"
    path.write_text(f"indicator;period;gender;value\nHME;2019;;{value}\n")
    call_command("import_indicators", str(path), stdout=io.StringIO())


def test_import_indicators_stores_the_largest_value_exactly(indicators, tmp_path) -> None:
    _import_indicators(tmp_path, VALUE_FITS)
    assert IndicatorValue.objects.get().value == Decimal("99999999999999.9999")


def test_import_indicators_refuses_a_value_too_large_naming_its_line(indicators, tmp_path) -> None:
    with pytest.raises(CommandError) as raised:
        _import_indicators(tmp_path, VALUE_TOO_LARGE)
    expected = f"Rad 2: {refusal(VALUE_TOO_LARGE, VALUE_LARGEST)}"
    assert str(raised.value) == f"Ingenting importerades.\n{expected}"
    assert not IndicatorValue.objects.exists()


def _import_kolada(tmp_path: Path, value: str) -> None:
    # Kolada's JSON numbers, as written in its files.
    item = {"kpi": "N00005", "municipality": "0880", "period": 2019, "values": []}
    document = json.dumps({"values": [item]}).replace(
        '"values": []',
        f'"values": [{{"count": 1, "gender": "T", "status": "", "value": {value}, '
        '"isdeleted": false}]',
    )
    path = tmp_path / "kolada.json"
    path.write_text(document)
    call_command("import_kolada", str(path), stdout=io.StringIO())


def test_import_kolada_stores_the_largest_value_exactly(indicators, tmp_path) -> None:
    _import_kolada(tmp_path, "99999999999999.9999")
    assert IndicatorValue.objects.get().value == Decimal("99999999999999.9999")


def test_import_kolada_refuses_a_value_too_large_naming_its_item(indicators, tmp_path) -> None:
    with pytest.raises(CommandError) as raised:
        _import_kolada(tmp_path, "100000000000000.0")
    shown = written("100 000 000 000 000,0")
    assert str(raised.value) == (
        f"Ingenting importerades.\nPost 1: {refusal(shown, VALUE_LARGEST)}"
    )
    assert not IndicatorValue.objects.exists()


# The other decimal columns typed in the admin --------------------------------------------------


def test_admin_thresholds_take_the_largest_and_refuse_the_smallest_too_large(rf, operator) -> None:
    """The admin shows the thresholds read-only (the settings page changes them), with the
    fields every decimal column of the admin has."""
    request = rf.get("/")
    request.user = operator
    fields = admin.site._registry[Municipality].get_form(request).base_fields
    assert fields["comment_threshold_amount"].clean("9 999 999 999 999 999,99") == KRONOR_FITS
    assert fields["comment_threshold_percent"].clean("9 999,99") == Decimal("9999.99")
    with pytest.raises(ValidationError) as raised:
        fields["comment_threshold_amount"].clean("10 000 000 000 000 000")
    assert raised.value.messages == [refusal("10 000 000 000 000 000")]
    with pytest.raises(ValidationError) as raised:
        fields["comment_threshold_percent"].clean("10 000")
    assert raised.value.messages == [refusal("10 000", "9\xa0999,99\xa0%")]


def test_admin_indicator_target_value_holds_what_indicator_values_hold(rf, operator) -> None:
    request = rf.get("/")
    request.user = operator
    field = admin.site._registry[Indicator].get_form(request).base_fields["target_value"]
    assert field.clean(VALUE_FITS) == Decimal("99999999999999.9999")
    with pytest.raises(ValidationError) as raised:
        field.clean(VALUE_TOO_LARGE)
    assert raised.value.messages == [refusal(VALUE_TOO_LARGE, VALUE_LARGEST)]
