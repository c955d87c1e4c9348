"""The forecast grid shows whole tkr everywhere, also in its inputs, while amounts are stored
exactly; and a deviation is coloured by what it shows, so that one rounding to 0 is plain 0."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from budget.models import Forecast, ForecastProposal, ProposalMethod
from municipality.models import ReportingPeriod
from tests.budget.forecast_fixtures import budgets_build, line

HTMX = {"HTTP_HX_REQUEST": "true"}
MINUS, NBSP = "\u2212", "\xa0"


@pytest.fixture
def budgets(ledger, open_period):
    org = ledger
    budgets_build({org.department: {"INT": -1_000, "PERS": 3_000, "OVR": 500}})
    return org


def _key(code: str) -> str:
    return f"g{line(code).pk}"


def _period() -> ReportingPeriod:
    return ReportingPeriod.objects.get(fiscal_year__year=2019, kind=ReportingPeriod.Kind.T1)


def _cell(client, unit, key: str, value: str, version: int = 0):
    return client.post(
        reverse("budget:forecast-cell", args=[unit.pk]),
        {"row": key, "field": "amount", f"amount-{key}": value, f"amount-{key}-version": version},
        **HTMX,
    )


def _stored(code: str, unit, amount: str) -> Forecast:
    return Forecast.objects.create(
        period=_period(), unit=unit, group=line(code), amount=Decimal(amount), amount_version=1
    )


def _input(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" id="[^"]*"\s+value="([^"]*)"', html)
    assert found, name
    return found.group(1)


def _hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, name
    return found.group(1)


def _grid_with_odd_kronor(client, economist, unit) -> str:
    """The grid page of ``unit`` with forecasts of −450 203 kr and 1 106 519 kr."""
    _stored("INT", unit, "-450203")
    _stored("PERS", unit, "1106519")
    client.force_login(economist)
    return client.get(reverse("budget:forecast", args=[unit.pk])).content.decode()


def test_inputs_show_whole_tkr_like_the_rest_of_the_row(client, economist, budgets) -> None:
    unit = budgets.department
    html = _grid_with_odd_kronor(client, economist, unit)
    assert _input(html, f"amount-{_key('INT')}") == f"{MINUS}450"
    assert _input(html, f"amount-{_key('PERS')}") == f"1{NBSP}107"
    # The plain form's "what the page showed" is what the input shows.
    assert _hidden(html, f"amount-{_key('PERS')}-original") == f"1{NBSP}107"
    assert "450,203" not in html and "106,519" not in html


def test_the_shown_value_submitted_again_keeps_the_exact_amount(client, economist, budgets):
    unit = budgets.department
    _stored("PERS", unit, "1106519")
    client.force_login(economist)
    for typed in (f"1{NBSP}107", "1107", "1 107,0"):
        response = _cell(client, unit, _key("PERS"), typed, version=1)
        assert response.status_code == 200
        cell = Forecast.objects.get(unit=unit, group=line("PERS"))
        assert (cell.amount, cell.amount_version) == (Decimal("1106519"), 1)
        assert f'id="msg-amount-{_key("PERS")}" role="alert"></span>' in response.content.decode()
    # A value typed in tkr is stored as typed.
    _cell(client, unit, _key("PERS"), "1108", version=1)
    cell = Forecast.objects.get(unit=unit, group=line("PERS"))
    assert (cell.amount, cell.amount_version) == (Decimal("1108000"), 2)


def test_the_plain_form_leaves_untouched_cells_exact(client, economist, budgets) -> None:
    unit = budgets.department
    html = _grid_with_odd_kronor(client, economist, unit)
    form = {}
    for code in ("INT", "PERS"):
        name = f"amount-{_key(code)}"
        form[name] = _input(html, name)
        form[f"{name}-version"] = _hidden(html, f"{name}-version")
        form[f"{name}-original"] = _hidden(html, f"{name}-original")
    form[f"amount-{_key('INT')}"] = "-451"  # the one cell changed
    assert client.post(reverse("budget:forecast", args=[unit.pk]), form).status_code == 302
    amounts = dict(Forecast.objects.filter(unit=unit).values_list("group__code", "amount"))
    assert amounts == {"INT": Decimal("-451000"), "PERS": Decimal("1106519")}


def test_the_taken_proposal_is_the_one_shown(client, economist, budgets) -> None:
    unit = budgets.department
    ForecastProposal.objects.create(
        period=_period(), unit=unit, group=line("OVR"), method=ProposalMethod.RUN_RATE,
        amount=Decimal("630756"), mape=None,
    )  # fmt: skip
    client.force_login(economist)
    html = client.get(reverse("budget:forecast", args=[unit.pk])).content.decode()
    assert 'data-proposal="631"' in html  # what * and "take" put in the cell
    assert ">631</span>" in html  # the proposal column
    _cell(client, unit, _key("OVR"), "631")
    assert Forecast.objects.get(unit=unit, group=line("OVR")).amount == Decimal("631000")


@pytest.mark.parametrize("typed", ["500,4", "499,6"])
def test_a_deviation_that_rounds_to_zero_is_a_plain_zero(
    client, economist, controller, budgets, typed
) -> None:
    unit = budgets.department
    client.force_login(economist)
    html = _cell(client, unit, _key("OVR"), typed).content.decode()
    assert f'<td class="number deviation" id="dev-{_key("OVR")}" hx-swap-oob="true">0<' in html
    totals = client.get(reverse("budget:forecast-totals", args=[unit.pk]), **HTMX)
    totals_html = totals.content.decode()
    assert 'id="unit-deviation" class="">0<' in totals_html
    assert 'id="committee-deviation" class="">0<' in totals_html
    client.force_login(controller)
    page = client.get(reverse("budget:forecast", args=[budgets.administration.pk]))
    page_html = page.content.decode()
    assert 'class="number negative">0<' not in page_html  # the units below
    assert f'id="sub-dev-t{line("OVR").pk}">0<' in page_html  # the subtree
    assert f"{MINUS}0<" not in page_html + html + totals_html
    overview = client.get(reverse("budget:forecast-overview")).content.decode()
    assert '<span data-figure="deviation">0<' in overview


def test_a_deviation_of_half_a_tkr_or_more_is_coloured(client, economist, budgets) -> None:
    client.force_login(economist)
    html = _cell(client, budgets.department, _key("OVR"), "500,5").content.decode()
    assert f'class="number deviation negative" id="dev-{_key("OVR")}"' in html


def test_the_workbook_shows_what_the_grid_shows(client, economist, budgets) -> None:
    import io

    from openpyxl import load_workbook

    from budget.forecasting.excel import workbook

    unit = budgets.department
    _stored("PERS", unit, "1106519")
    ForecastProposal.objects.create(
        period=_period(), unit=unit, group=line("OVR"), method=ProposalMethod.RUN_RATE,
        amount=Decimal("630756"), mape=None,
    )  # fmt: skip
    client.force_login(economist)
    response = client.get(reverse("budget:forecast-excel", args=[unit.pk]))
    ws = load_workbook(io.BytesIO(response.content))[workbook.SHEET]
    rows = {ws[f"A{n}"].value: n for n in range(workbook.FIRST_ROW, ws.max_row + 1)}
    pers, ovr = rows[_key("PERS")], rows[_key("OVR")]
    assert ws[f"G{ovr}"].value == 631  # the proposal as the grid shows it and * takes it
    assert ws[f"H{pers}"].value == 1106.519  # stored exactly, so that it comes back exactly
    assert ws[f"H{pers}"].number_format == workbook.TKR_FORMAT  # and shown as whole tkr
    # The deviation is rounded as the grid rounds it: −0,4 tkr reads 0, never −0.
    assert ws[f"I{pers}"].value == f'=IF(H{pers}="","",ROUND(D{pers}-H{pers},0))'
