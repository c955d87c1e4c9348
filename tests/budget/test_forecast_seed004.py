"""Seed 004's Driftredovisning, entered through the forecast grid as economists would, comes
out of the grid exactly as Kalmar printed it: per line with its subtotals, and per
verksamhetsområde."""

from __future__ import annotations

import html as htmllib
import re

import pytest
from django.urls import reverse

from budget.forecasting.grid import forecast_grid
from budget.forecasting.totals import forecast_figures
from municipality.formats.numbers import format_amount
from tests.budget.seed004 import (
    LINES,
    SEED004_COMMITTEE,
    SEED004_FORECASTS,
    SEED004_SUM,
    SEED004_UNITS,
    seed004_build,
    tkr,
)

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def seed004(ledger, open_period):
    return {**seed004_build(open_period), "period": open_period}


def _cells(html: str) -> list[str]:
    """The text of a table row's cells, tags stripped."""
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", html, re.S)
    ]


def _row(html: str, table_id: str, label: str) -> list[str]:
    section = html.split(f'id="{table_id}"', 1)[1]
    label = re.escape(htmllib.escape(label))
    row = re.search(rf"<tr[^>]*>\s*<th scope=\"row\">(?:<a[^>]*>)?{label}.*?</tr>", section, re.S)
    assert row, label
    return _cells(row.group(0))


def test_seed004_through_the_grid(client, seed004) -> None:
    client.force_login(seed004["economist"])
    groups = seed004["groups"]
    for name, unit in seed004["units"].items():
        for code in LINES:
            response = client.post(
                reverse("budget:forecast-cell", args=[unit.pk]),
                {
                    "row": f"g{groups[code].pk}",
                    "field": "amount",
                    f"amount-g{groups[code].pk}": format_amount(SEED004_FORECASTS[name][code]),
                    f"amount-g{groups[code].pk}-version": 0,
                },
                **HTMX,
            )
            assert response.status_code == 200
            assert "has-error" not in response.content.decode()

    # The committee's grid, as the page shows it: "Kommunstyrelsen med enheterna under".
    root = seed004["root"]
    page = client.get(reverse("budget:forecast", args=[root.pk])).content.decode()
    for code, label in [
        ("INT", "Intäkter"),
        ("PERS", "Personalkostnader"),
        ("LOK", "Lokalkostnader"),
        ("KAP", "Kapitalkostnader"),
        ("OVR", "Övriga kostnader"),
        ("SUMK", "Summa kostnader"),
        ("SUMR", "Summa resultat"),
    ]:
        budget, forecast, deviation = SEED004_COMMITTEE[code]
        cells = _row(page, "grid-subtree", label)
        assert cells[1:4] == [
            format_amount(budget),
            format_amount(forecast),
            format_amount(deviation),
        ]
    printed = [format_amount(v) for v in (6_500, -6_000, 0, 0, -2_733, -8_733, -2_233)]
    shown = [_row(page, "grid-subtree", label)[3] for label in (
        "Intäkter", "Personalkostnader", "Lokalkostnader", "Kapitalkostnader", "Övriga kostnader",
        "Summa kostnader", "Summa resultat")]  # fmt: skip
    assert shown == printed

    # Per verksamhetsområde: the units below, with the sum.
    for name, (budget, forecast, deviation) in SEED004_UNITS.items():
        cells = _row(page, "children-heading", f"{seed004['units'][name].code} {name}")
        assert cells[1:4] == [
            format_amount(budget),
            format_amount(forecast),
            format_amount(deviation),
        ]
    grid = forecast_grid(period=seed004["period"], unit=root)
    assert (
        grid.unit_totals.budget,
        grid.unit_totals.forecast,
        grid.unit_totals.deviation,
    ) == tuple(tkr(v) for v in SEED004_SUM)
    deviations = [c.totals.deviation / 1000 for c in grid.children if c.totals.deviation]
    assert [format_amount(d) for d in deviations] == [
        "1\xa0500", "3\xa0000", "\u22124\xa0500", "\u22122\xa0233"]  # fmt: skip
    figures = forecast_figures(period=grid.period, unit_ids=[root.pk])
    assert sum(f.deviation for f in figures.values()) == tkr(-2_233)
