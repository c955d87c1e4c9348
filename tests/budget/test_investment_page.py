"""Ekonomi › Investeringar: per project and per unit, for a unit, a committee or the whole
municipality, at the chosen period; its downloads, its door and its query count."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from budget.investments.selectors import investment_followup
from budget.models import Forecast, InvestmentProject, InvestmentYear
from municipality.models import ReportingPeriod
from tests.budget.investment_fixtures import investment_actuals_book
from tests.factories import OrgUnitFactory, PeriodFactory


@pytest.fixture
def t1(db) -> ReportingPeriod:
    return PeriodFactory(kind=ReportingPeriod.Kind.T1, state=ReportingPeriod.State.OPEN)


def _project(unit, code: str, *, expenditure: int, income: int = 0, **fields) -> InvestmentProject:
    project = InvestmentProject.objects.create(
        code=code, name=f"Projekt {code}", unit=unit, **fields
    )
    InvestmentYear.objects.create(
        project=project, year=2019, expenditure=expenditure, income=income
    )
    return project


@pytest.fixture
def projects(org, t1):
    """A two-year project on Ekonomi's unit, one on Brandkåren, one in the other committee."""
    school = _project(
        org.sub_unit,
        "P1",
        expenditure=1_000_000,
        income=200_000,
        start=datetime.date(2018, 3, 1),
        end=datetime.date(2020, 6, 30),
        total_budget=Decimal(3_000_000),
    )
    fire = _project(org.sibling, "P2", expenditure=500_000)
    social = _project(org.other_root, "P3", expenditure=2_000_000)
    investment_actuals_book([(2018, 9, school, "1290", 700_000)], file_name="2018.csv")
    investment_actuals_book(
        [
            (2019, 2, school, "1290", 300_000),
            (2019, 4, school, "1290", 100_000),
            (2019, 5, school, "1290", 5_000_000),  # after the cut-off: not yet outcome
            (2019, 3, fire, "1220", 250_000),
            (2019, 1, social, "1220", 1_000_000),
        ],
        file_name="2019.csv",
    )
    Forecast.objects.create(period=t1, unit=org.sub_unit, project=school, amount=900_000)
    return school, fire, social


def test_a_project_row_holds_the_year_and_the_whole_life(org, t1, projects) -> None:
    data = investment_followup(period=t1, unit=org.administration)
    rows = {row.code: row for row in data.projects}
    assert set(rows) == {"P1", "P2"}
    school = rows["P1"]
    assert (school.expenditure, school.income, school.budget) == (1_000_000, 200_000, 800_000)
    assert school.actual == 400_000  # February and April; May is after April's cut-off
    assert school.consumption == 50
    assert (school.forecast, school.deviation) == (900_000, -100_000)
    assert (school.total_budget, school.life_actual, school.prior_year) == (
        3_000_000,
        1_100_000,
        700_000,
    )
    fire = rows["P2"]
    assert (fire.forecast, fire.forecast_entered, fire.deviation) == (500_000, False, 0)
    units = {row.label: row for row in data.children}
    assert list(units) == ["Ekonomi", "Brandkåren"]  # the project below Ekonomi sums on it
    assert units["Ekonomi"].actual == 400_000
    assert data.total.budget == 1_300_000


def test_the_municipality_is_summed_per_committee(client, controller, org, projects) -> None:
    client.force_login(controller)
    page = client.get(reverse("budget:investments"))
    assert page.status_code == 200
    children = {row.record["label"]: row.record for row in page.context["children"].rows}
    assert list(children) == ["Kommunstyrelsen", "Socialnämnden"]
    assert children["Socialnämnden"]["actual"] == 1_000_000  # ledger sign: an outlay positive
    assert children["Kommunstyrelsen"]["budget"] == 1_300_000
    html = page.content.decode()
    assert "Projekt P3" in html and "Investeringar" in html
    assert 'href="/ekonomi/investeringar/"' in html  # in the Ekonomi sub-navigation


def test_the_project_table_downloads_as_on_the_page(client, controller, org, projects) -> None:
    client.force_login(controller)
    response = client.get(
        reverse("budget:investments"),
        {"unit": org.administration.pk, "table": "projects", "export": "xlsx"},
    )
    header, *rows = load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True)
    assert header == ("Projekt", "Utgifter 2019", "Inkomster 2019", "Budget 2019",
                      "Utfall jan–apr 2019", "Förbrukning %", "Prognos 2019", "Avvikelse",
                      "Total budget", "Utfall hela projektet")  # fmt: skip
    assert rows[0] == ("P1 Projekt P1", 1000, -200, 800, 400, 50, 900, -100, 3000, 1100)
    assert rows[-1][0] == "Summa"
    csv = client.get(
        reverse("budget:investments"),
        {"unit": org.administration.pk, "table": "units", "export": "csv"},
    )
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Enhet;Utfall 2018;Utfall jan–apr 2019;Budget 2019;Prognos 2019;Avvikelse"
    assert lines[1] == "Ekonomi;700;400;800;900;-100"


def test_units_outside_the_role_are_refused(client, economist, outsider, org, projects) -> None:
    url = reverse("budget:investments")
    client.force_login(economist)
    assert client.get(url, {"unit": org.other_root.pk}).status_code == 403
    mine = client.get(url)
    assert mine.status_code == 302 and mine["Location"].endswith(f"?unit={org.department.pk}")
    page = client.get(url, {"unit": org.department.pk})
    assert [row.code for row in page.context["data"].projects] == ["P1"]
    client.force_login(outsider)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("level", ["municipality", "committee", "unit"])
def test_query_count_does_not_grow(
    client, controller, org, projects, django_assert_max_num_queries, level: str
) -> None:
    params = {
        "municipality": {},
        "committee": {"committee": org.committee.pk},
        "unit": {"unit": org.administration.pk},
    }[level]
    client.force_login(controller)
    url = reverse("budget:investments")
    client.get(url, params)
    with django_assert_max_num_queries(20) as small:
        assert client.get(url, params).status_code == 200
    for i in range(30):
        unit = OrgUnitFactory(committee=org.committee, parent=org.administration, name=f"E{i}")
        project = _project(unit, f"N{i}", expenditure=100_000 + i)
        investment_actuals_book(
            [(2019, m, project, "1290", 1_000 * m) for m in (1, 2, 3)], file_name=f"n{i}.csv"
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(url, params)
    assert len(page.context["data"].projects) >= 30
