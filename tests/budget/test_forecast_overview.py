"""The controller's forecast overview and the deviation overview: statuses, late flags,
totals, drill-down, sorting, downloads, who may see what, and a constant query count."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from html import unescape

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from budget.forecasting.deviations import deviation_overview
from budget.forecasting.overview import forecast_overview
from budget.ledger.figures import figures_recompute
from budget.models import AccountGroup, BudgetAmount, BudgetVersion, Forecast, ForecastSubmission
from municipality.models import FiscalYear, OrgUnit, ReportingPeriod, Role, RoleAssignment
from tests.budget.seed004 import SEED004_FORECASTS, SEED004_UNITS, seed004_build, tkr
from tests.factories import OrgUnitFactory, PeriodFactory, UserFactory

State = ForecastSubmission.State
DEADLINE = date(2019, 5, 10)
AFTER_DEADLINE = "2019-05-15 09:00 +0200"


def _group(code: str) -> AccountGroup:
    return AccountGroup.objects.get(fiscal_year__year=2019, code=code)


def _budget(amounts: dict[OrgUnit, dict[str, int]]) -> None:
    """An active 2019 budget: whole tkr per report line code and unit, summed up."""
    version, _ = BudgetVersion.objects.get_or_create(
        fiscal_year=FiscalYear.objects.get(year=2019), name="Budget", defaults={"is_active": True}
    )
    BudgetAmount.objects.bulk_create(
        BudgetAmount(version=version, unit=unit, group=_group(code), amount=tkr(value))
        for unit, lines in amounts.items()
        for code, value in lines.items()
    )
    figures_recompute(year=2019)


def _forecast(period: ReportingPeriod, unit: OrgUnit, code: str, value: int) -> None:
    Forecast.objects.create(period=period, unit=unit, group=_group(code), amount=tkr(value))


def _status(period: ReportingPeriod, unit: OrgUnit, state: str, user: object = None) -> None:
    ForecastSubmission.objects.create(
        period=period, unit=unit, state=state, updated_by=user, updated_at=timezone.now()
    )


@pytest.fixture
def workflow(ledger, open_period, economist):
    """KS with a budget and every workflow state; SN approved. Deadline 2019-05-10."""
    org = ledger
    ReportingPeriod.objects.filter(pk=open_period.pk).update(deadline=DEADLINE)
    open_period.refresh_from_db()
    _budget(
        {
            org.department: {"PERS": 1_000},
            org.sub_unit: {"PERS": 2_000},
            org.sibling: {"PERS": 3_000, "INT": -500},
            org.other_root: {"OVR": 4_000},
        }
    )
    _forecast(open_period, org.sibling, "PERS", 3_200)  # deviation −200
    _forecast(open_period, org.other_root, "OVR", 3_900)  # deviation +100
    _status(open_period, org.department, State.SUBMITTED, economist)
    _status(open_period, org.sub_unit, State.IN_PROGRESS, economist)
    _status(open_period, org.sibling, State.RETURNED)
    _status(open_period, org.other_root, State.APPROVED)
    return org


def _rows(html: str) -> dict[int, str]:
    """Each unit row of the overview by unit id: its opening tag."""
    return {int(pk): tag for tag, pk in re.findall(r'(<tr data-unit="(\d+)"[^>]*>)', html)}


# --- The controller's overview -------------------------------------------------------


def test_overview_shows_status_late_flags_and_committee_totals(
    client, controller, economist, workflow, open_period
) -> None:
    org = workflow
    ForecastSubmission.objects.filter(unit=org.department).update(
        updated_at=datetime(2019, 5, 2, 6, 30, tzinfo=UTC)
    )
    client.force_login(controller)
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        response = client.get(reverse("budget:forecast-overview"))
    assert response.status_code == 200
    html = response.content.decode()
    rows = _rows(html)
    expected = {
        org.administration.pk: (State.NOT_STARTED, True),
        org.department.pk: (State.SUBMITTED, False),
        org.sub_unit.pk: (State.IN_PROGRESS, True),
        org.sibling.pk: (State.RETURNED, True),
        org.other_root.pk: (State.APPROVED, False),
    }
    assert set(rows) == set(expected)
    for pk, (state, late) in expected.items():
        assert f'data-state="{state}"' in rows[pk]
        assert ('class="is-late"' in rows[pk]) is late
    # The tree in order: the administration, its departments, the unit under Ekonomi.
    order = [int(pk) for pk in re.findall(r'<tr data-unit="(\d+)"', html)]
    assert order == [
        org.administration.pk,
        org.department.pk,
        org.sub_unit.pk,
        org.sibling.pk,
        org.other_root.pk,
    ]
    assert f'href="{reverse("budget:forecast", args=[org.sub_unit.pk])}"' in html
    # Who changed the status last, and when, in Swedish time.
    assert f"<td>{economist}</td><td><time>2019-05-02 08:30</time></td>" in html
    ks = html.split(f'id="committee-{org.committee.pk}"')[1].split("</tbody>")[0]
    assert '<span data-figure="budget">5\xa0500</span>' in ks  # 1 000 + 2 000 + 3 000 − 500
    assert '<span data-figure="forecast">5\xa0700</span>' in ks
    assert '<span data-figure="deviation" class="negative">\u2212200</span>' in ks
    assert ks.count('data-count="') == 5  # four states present, and the late count
    assert re.search(r'data-count="late">[^<]*: 3<', ks)
    sn = html.split(f'id="committee-{org.other_committee.pk}"')[1].split("</tbody>")[0]
    assert '<span data-figure="deviation">100</span>' in sn


def test_overview_selector_counts_and_who_changed(workflow, open_period, economist) -> None:
    overview = forecast_overview(period=open_period, today=date(2019, 5, 15))
    ks, sn = overview.committees
    assert dict(ks.counts) == {
        State.NOT_STARTED: 1,
        State.SUBMITTED: 1,
        State.IN_PROGRESS: 1,
        State.RETURNED: 1,
    }
    assert (ks.late, sn.late, overview.late) == (3, 0, 3)
    assert (ks.done, ks.unit_count) == (1, 4)
    department = next(u for u in ks.units if u.pk == workflow.department.pk)
    assert department.changed_by == str(economist)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", department.changed_at)
    assert (ks.totals.budget, ks.totals.forecast) == (tkr(5_500), tkr(5_700))
    # Before the deadline nothing is late.
    early = forecast_overview(period=open_period, today=DEADLINE)
    assert early.late == 0 and not early.deadline_passed


def test_overview_filters(client, controller, workflow, open_period) -> None:
    org = workflow
    client.force_login(controller)
    url = reverse("budget:forecast-overview")
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        submitted = _rows(client.get(url, {"status": State.SUBMITTED}).content.decode())
        late = _rows(client.get(url, {"late": "1"}).content.decode())
        social = client.get(url, {"committee": org.other_committee.pk}).content.decode()
        late_in_sn = client.get(url, {"late": "1", "committee": org.other_committee.pk})
    assert set(submitted) == {org.department.pk}
    assert set(late) == {org.administration.pk, org.sub_unit.pk, org.sibling.pk}
    assert set(_rows(social)) == {org.other_root.pk}
    assert f'id="committee-{org.committee.pk}"' not in social
    assert _rows(late_in_sn.content.decode()) == {}


@pytest.mark.parametrize("who", ["reader", "economist", "goal_owner", "outsider"])
def test_only_municipality_wide_roles_see_the_overview(client, workflow, request, who: str):
    """Those with a unit start at their unit's grid (issue 11 item 7)."""
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("budget:forecast-overview")).status_code == 403


def test_an_administrator_reads_the_overview(client, workflow, administrator) -> None:
    """Who may see every unit reaches every unit's grid through it (issue 11 item 7)."""
    client.force_login(administrator)
    response = client.get(reverse("budget:forecast-overview"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{reverse("budget:forecast", args=[workflow.department.pk])}"' in html
    assert '<form method="post"' not in html.split("<main")[1]


def test_overview_query_count_does_not_grow(
    client, controller, workflow, open_period, django_assert_max_num_queries
) -> None:
    org = workflow
    units = [OrgUnitFactory(committee=org.committee, parent=org.sibling) for _ in range(5)]
    _budget({unit: {"PERS": 100} for unit in units})
    for unit in units[:2]:
        _status(open_period, unit, State.IN_PROGRESS)
    client.force_login(controller)
    url = reverse("budget:forecast-overview")
    client.get(url)
    with django_assert_max_num_queries(25) as small:
        assert len(_rows(client.get(url).content.decode())) == 10
    more = [OrgUnitFactory(committee=org.committee, parent=units[0]) for _ in range(45)]
    _budget({unit: {"PERS": 100, "OVR": 10} for unit in more})
    for unit in more[:20]:
        _status(open_period, unit, State.SUBMITTED)
        _forecast(open_period, unit, "PERS", 90)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(_rows(client.get(url).content.decode())) == 55


# --- The deviation overview ------------------------------------------------------------


@pytest.fixture
def kalmar(db, open_period):
    """Seed 004's Kommunstyrelsen at T1 2019, with a March forecast before it in which only
    Brandkåren deviated (−1 000 tkr on staff) and the published T1 forecasts."""
    march = PeriodFactory(
        kind=ReportingPeriod.Kind.MONTH, cutoff_month=3, state=ReportingPeriod.State.OPEN
    )
    seed = seed004_build(open_period)
    groups = seed["groups"]
    for name, unit in seed["units"].items():
        budgets = seed["budgets"][name]
        Forecast.objects.bulk_create(
            Forecast(period=open_period, unit=unit, group=groups[line], amount=tkr(value))
            for line, value in SEED004_FORECASTS[name].items()
        )
        if name == "Brandkåren":
            Forecast.objects.create(
                period=march, unit=unit, group=groups["PERS"], amount=tkr(budgets["PERS"] + 1_000)
            )
    ReportingPeriod.objects.filter(pk=march.pk).update(state=ReportingPeriod.State.CLOSED)
    seed["march"] = march
    seed["controller"] = UserFactory(username="kalle")
    RoleAssignment.objects.create(user=seed["controller"], role=Role.CONTROLLER)
    return seed


def _table(html: str, heading_id: str) -> list[list[str]]:
    """The cells of the table in the section headed ``heading_id``, row by row, as text."""
    section = html.split(f'id="{heading_id}"')[1].split("</section>")[0]
    body = section.split("<tbody")[1].split("</tbody>")[0]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, flags=re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        rows.append([unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in cells])
    return rows


def _n(value: int) -> str:
    """A whole tkr amount as the page prints it."""
    text = f"{abs(value):,}".replace(",", "\xa0")
    return ("\u2212" if value < 0 else "") + text


def test_deviations_per_committee_and_change_since_the_previous_forecast(
    client, kalmar, open_period
) -> None:
    client.force_login(kalmar["controller"])
    html = client.get(reverse("budget:deviations")).content.decode()
    rows = {row[0]: row[1:] for row in _table(html, "children-heading")}
    # Budget, T1 forecast, deviation, March forecast, change of the deviation since March.
    assert rows["Kommunstyrelsen"] == [
        _n(646_478),
        _n(648_711),
        _n(-2_233),
        _n(647_478),
        _n(-1_233),
    ]
    assert kalmar["march"].name in html  # the heading says which forecast it compares with


def test_deviations_drill_down_from_committee_to_unit_lines(client, kalmar, open_period) -> None:
    client.force_login(kalmar["controller"])
    url = reverse("budget:deviations")
    committee_page = client.get(url, {"committee": kalmar["committee"].pk}).content.decode()
    root = kalmar["root"]
    assert f'href="?unit={root.pk}"' in committee_page
    unit_page = client.get(url, {"unit": root.pk}).content.decode()
    units = {row[0]: row[1:4] for row in _table(unit_page, "children-heading")}
    assert units == {name: [_n(b), _n(f), _n(d)] for name, (b, f, d) in SEED004_UNITS.items()}
    lines = {row[0]: row[1:4] for row in _table(unit_page, "groups-heading")}
    assert lines["Intäkter"] == [_n(-266_590), _n(-273_090), _n(6_500)]
    assert lines["Summa kostnader"] == [_n(913_068), _n(921_801), _n(-8_733)]
    assert lines["Summa resultat"] == [_n(646_478), _n(648_711), _n(-2_233)]
    brand = kalmar["units"]["Brandkåren"]
    assert f'href="?unit={brand.pk}"' in unit_page
    leaf = client.get(url, {"unit": brand.pk}).content.decode()
    assert "children-heading" not in leaf  # no units below: only its lines
    leaf_lines = {row[0]: row[1:] for row in _table(leaf, "groups-heading")}
    # Staff: budget 60 000, T1 64 000, March 61 000: the deviation worsened by 3 000.
    assert leaf_lines["Personalkostnader"] == [
        _n(60_000),
        _n(64_000),
        _n(-4_000),
        _n(61_000),
        _n(-3_000),
    ]


def test_deviation_selector_matches_the_published_tables(kalmar, open_period) -> None:
    data = deviation_overview(period=open_period, unit=kalmar["root"])
    assert (data.total.budget, data.total.forecast) == (tkr(646_478), tkr(648_711))
    assert data.total.deviation == tkr(-2_233)
    assert data.total.change == tkr(-1_233)
    assert data.previous_period == kalmar["march"]


@pytest.mark.parametrize(
    ("sort", "first", "last"),
    [
        ("deviation", "Brandkåren", "Exploateringsverksamheten"),
        ("-deviation", "Exploateringsverksamheten", "Brandkåren"),
        ("budget", "Exploateringsverksamheten", "Gymnasieverksamheten"),
    ],
)
def test_deviations_sort(client, kalmar, sort: str, first: str, last: str) -> None:
    client.force_login(kalmar["controller"])
    response = client.get(reverse("budget:deviations"), {"unit": kalmar["root"].pk, "u-sort": sort})
    names = [row[0] for row in _table(response.content.decode(), "children-heading")]
    assert (names[0], names[-1]) == (first, last)
    assert len(names) == 12


def test_deviations_export(client, kalmar) -> None:
    client.force_login(kalmar["controller"])
    url = reverse("budget:deviations")
    scope = {"unit": kalmar["root"].pk}
    response = client.get(url, {**scope, "table": "children", "export": "xlsx"})
    assert response["Content-Disposition"].endswith('.xlsx"')
    header, *lines = load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    assert len(header) == 6
    rows = {row[0]: row[1:] for row in lines}
    assert rows["Brandkåren"] == (54_578, 59_078, -4_500, 55_578, -3_500)
    assert lines[-1][1:4] == (646_478, 648_711, -2_233)  # the total line
    response = client.get(url, {**scope, "table": "groups", "export": "csv"})
    text = response.content.decode("utf-8-sig")
    lines = {row[0]: row[1:] for row in csv.reader(io.StringIO(text), delimiter=";")}
    assert lines["Summa resultat"][:3] == ["646478", "648711", "-2233"]


def test_a_unit_economist_sees_only_their_subtree(client, economist, reader, outsider, workflow):
    org = workflow
    url = reverse("budget:deviations")
    client.force_login(economist)
    response = client.get(url)
    assert response.status_code == 302 and response.url.endswith(f"?unit={org.department.pk}")
    assert client.get(url, {"committee": org.committee.pk}).url == response.url
    page = client.get(response.url).content.decode()
    assert [row[0] for row in _table(page, "children-heading")] == [org.sub_unit.name]
    assert f'href="{url}?committee=' not in page  # no breadcrumb above what they may see
    assert client.get(url, {"unit": org.sub_unit.pk}).status_code == 200
    for elsewhere in (org.sibling, org.administration, org.other_root):
        assert client.get(url, {"unit": elsewhere.pk}).status_code == 403
        assert client.get(url, {"unit": elsewhere.pk, "export": "csv"}).status_code == 403
    client.force_login(reader)  # a reader of the administration starts there
    assert client.get(url).url.endswith(f"?unit={org.administration.pk}")
    client.force_login(outsider)
    assert client.get(url).status_code == 403


def test_municipality_wide_readers_see_every_committee(client, controller, workflow) -> None:
    client.force_login(controller)
    page = client.get(reverse("budget:deviations")).content.decode()
    rows = {row[0]: row[1:4] for row in _table(page, "children-heading")}
    assert rows == {
        "Kommunstyrelsen": [_n(5_500), _n(5_700), _n(-200)],
        "Socialnämnden": [_n(4_000), _n(3_900), _n(100)],
    }
    assert "Förändring" not in page and "Change in deviation" not in page  # nothing before T1


@pytest.mark.parametrize("level", ["municipality", "committee", "unit"])
def test_deviation_query_count_does_not_grow(
    client, controller, workflow, open_period, django_assert_max_num_queries, level: str
) -> None:
    org = workflow
    params = {
        "municipality": {},
        "committee": {"committee": org.committee.pk},
        "unit": {"unit": org.administration.pk},
    }[level]
    units = [OrgUnitFactory(committee=org.committee, parent=org.administration) for _ in range(5)]
    _budget({unit: {"PERS": 100} for unit in units})
    client.force_login(controller)
    url = reverse("budget:deviations")
    client.get(url, params)
    with django_assert_max_num_queries(25) as small:
        assert client.get(url, params).status_code == 200
    more = [OrgUnitFactory(committee=org.committee, parent=org.administration) for _ in range(45)]
    _budget({unit: {"PERS": 100, "OVR": 10} for unit in more})
    for unit in more[:20]:
        _forecast(open_period, unit, "PERS", 90)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url, params).status_code == 200


def test_economy_pages_link_to_each_other(client, controller, economist, workflow) -> None:
    client.force_login(controller)
    html = client.get(reverse("budget:deviations")).content.decode()
    for name in ("budget:followup", "budget:forecast-overview", "budget:forecast-accuracy"):
        assert f'href="{reverse(name)}"' in html
    assert f'href="{reverse("budget:deviations")}" aria-current="page"' in html
    client.force_login(economist)
    html = client.get(reverse("budget:followup"), follow=True).content.decode()
    assert f'href="{reverse("budget:deviations")}"' in html
    assert f'href="{reverse("budget:forecast-overview")}"' not in html
    assert f'href="{reverse("budget:forecast-start")}"' in html


def test_no_forecast_entered_counts_as_budget(workflow, open_period) -> None:
    data = deviation_overview(period=open_period, unit=workflow.department)
    assert data.total.budget == data.total.forecast == tkr(3_000)
    assert data.total.deviation == Decimal(0)
