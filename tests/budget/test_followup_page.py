from __future__ import annotations

import pytest
from django.urls import reverse

from budget.ledger.figures import figures_recompute
from budget.ledger.imports.actuals import actuals_apply, actuals_prepare
from budget.ledger.imports.sheets import actual_rows_from_sheet
from budget.models import ImportBatch
from tests.factories import OrgUnitFactory

CSV = "year;month;unit;account;amount\n2019;1;1031;5011;1000\n2019;2;1100;4011;500\n"


@pytest.fixture
def figures(ledger, open_period):
    data = CSV.encode()
    prepared = actuals_prepare(
        actual_rows_from_sheet(data, file_name="u.csv"),
        kind=ImportBatch.Kind.ACTUALS,
        file_name="u.csv",
        sha256="x",
    )
    actuals_apply(prepared, user=None)
    figures_recompute(year=2019)
    return ledger


def test_economist_is_sent_to_their_unit(client, economist, figures) -> None:
    client.force_login(economist)
    response = client.get(reverse("budget:followup"))
    assert response.status_code == 302
    assert response.url.endswith(f"?unit={figures.department.pk}")
    page = client.get(response.url)
    assert page.status_code == 200
    assert "Ekonomi- och lönecenter" in page.content.decode()  # its child unit


def test_units_outside_the_role_are_refused(client, economist, outsider, figures) -> None:
    client.force_login(economist)
    url = reverse("budget:followup")
    assert client.get(url, {"unit": figures.sibling.pk}).status_code == 403
    assert client.get(url, {"unit": figures.sibling.pk, "export": "csv"}).status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 403


def test_municipality_level_for_a_controller(client, controller, figures) -> None:
    client.force_login(controller)
    page = client.get(reverse("budget:followup"))
    html = page.content.decode()
    assert "Kommunstyrelsen" in html and "Socialnämnden" in html
    assert "Linjärt riktvärde: 33,3 % av budgeten" in html  # T1: no deviation columns yet
    assert "Avvikelse" not in html


def test_stale_figures_are_announced(client, controller, figures) -> None:
    from budget.ledger.figures import figures_mark_changed

    figures_mark_changed(years={2019})
    client.force_login(controller)
    html = client.get(reverse("budget:followup")).content.decode()
    assert "summeras just nu" in html
    figures_recompute(year=2019)
    html = client.get(reverse("budget:followup")).content.decode()
    assert "summeras just nu" not in html


@pytest.mark.parametrize("level", ["municipality", "committee", "unit"])
def test_query_count_does_not_grow(
    client, controller, figures, django_assert_max_num_queries, level: str
) -> None:
    params = {
        "municipality": {},
        "committee": {"committee": figures.committee.pk},
        "unit": {"unit": figures.administration.pk},
    }[level]
    client.force_login(controller)
    url = reverse("budget:followup")
    client.get(url, params)
    with django_assert_max_num_queries(20) as small:
        assert client.get(url, params).status_code == 200
    for i in range(40):
        OrgUnitFactory(committee=figures.committee, parent=figures.administration, name=f"E{i}")
    figures_recompute(year=2019)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url, params).status_code == 200


def test_xlsx_export(client, controller, figures) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(controller)
    response = client.get(
        reverse("budget:followup"),
        {"unit": figures.administration.pk, "table": "groups", "export": "xlsx"},
    )
    sheet = load_workbook(BytesIO(response.content)).active
    header, *lines = sheet.iter_rows(values_only=True)
    actual = header.index("Utfall jan–apr 2019")
    rows = {row[0]: row for row in lines}
    assert rows["Personalkostnader"][actual] == 1  # 1 000 kr is 1 tkr, as on the page
    assert rows["Övriga kostnader"][actual] == 1  # 500 kr rounds half up to 1 tkr
