"""The demo as each of its users first meets it: the period they land on (issue 11 item 6)
and the navigation they are offered (issue 11 item 7), on the demo built once for the module."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from demo.organisation import DEMO_PASSWORD, DEMO_USERS
from municipality.models import OrgUnit, ReportingPeriod, User

pytestmark = pytest.mark.usefixtures("demo_2019")

_NAVIGATION = re.compile(r'<nav class="(?:main-nav|sub-nav)"[^>]*>(.*?)</nav>', re.S)
_LINK = re.compile(r'<a href="([^"]+)"[^>]*>(.*?)</a>', re.S)
_CHOSEN = re.compile(r'<option value="(\d+)" selected>')
_HEADING = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)


def _logged_in(username: str) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, username
    return client


def _navigation_links(html: str) -> list[tuple[str, str]]:
    """(href, label) of every link in the main navigation and the section's sub-navigation."""
    return [
        (unescape(href), unescape(label).strip())
        for block in _NAVIGATION.findall(html)
        for href, label in _LINK.findall(block)
    ]


def _chosen_period(html: str) -> ReportingPeriod:
    (pk,) = _CHOSEN.findall(html)
    return ReportingPeriod.objects.select_related("fiscal_year").get(pk=pk)


# --- Item 7: no link a role cannot open -------------------------------------------------------


@pytest.mark.parametrize("username", [demo.username for demo in DEMO_USERS])
def test_every_navigation_link_of_every_demo_role_opens(username: str) -> None:
    """From the start page, every link of the main navigation, and every link of the
    sub-navigation each of those pages shows, answers 200 (after its redirects)."""
    client = _logged_in(username)
    seen: dict[str, str] = {}
    waiting = [(reverse("municipality:start"), "start")]
    while waiting:
        url, label = waiting.pop(0)
        if url in seen:
            continue
        response = client.get(url, follow=True)
        seen[url] = label
        status = response.status_code
        assert status == 200, f"{username}: {label} ({url}) answers {status}"
        waiting += _navigation_links(response.content.decode())
    assert reverse("budget:followup") in seen  # every demo role has the economy section
    forecasts = {reverse("budget:forecast-start"), reverse("budget:forecast-overview")}
    assert forecasts & set(seen), f"{username} is offered no forecast"


@pytest.mark.parametrize("username", ["lasare", "admin"])
def test_municipality_wide_readers_reach_the_forecasts_and_read_them(username: str) -> None:
    client = _logged_in(username)
    html = client.get(reverse("budget:followup")).content.decode()
    forecast = next(
        href for href, label in _navigation_links(html) if href.startswith("/ekonomi/prognos/")
    )
    overview = client.get(forecast, follow=True)
    assert overview.status_code == 200
    unit = OrgUnit.objects.valid_in(2019).get(code="1000")
    assert f'href="{reverse("budget:forecast", args=[unit.pk])}"' in overview.content.decode()
    grid = client.get(reverse("budget:forecast", args=[unit.pk]))
    assert grid.status_code == 200
    assert _is_read_only(grid.content.decode())


def test_a_unit_reader_reads_the_grid_of_their_unit(db) -> None:
    unit = OrgUnit.objects.valid_in(2019).get(code="1000")
    reader = User.objects.create_user(username="enhetslasare", password=DEMO_PASSWORD)
    reader.role_assignments.create(role="reader", unit=unit)
    client = _logged_in("enhetslasare")
    html = client.get(reverse("budget:followup"), follow=True).content.decode()
    assert (reverse("budget:forecast-start"), "Prognos") in _navigation_links(html)
    grid = client.get(reverse("budget:forecast-start"), follow=True)
    assert grid.redirect_chain[-1][0] == reverse("budget:forecast", args=[unit.pk])
    assert _is_read_only(grid.content.decode())


def test_the_economist_still_edits_the_open_period() -> None:
    client = _logged_in("ekonom")
    grid = client.get(reverse("budget:forecast-start"), follow=True).content.decode()
    assert not _is_read_only(grid)


def _is_read_only(html: str) -> bool:
    """No input of the grid, no plain save form, no cell route and no workflow button."""
    return (
        'name="amount-' not in html
        and 'name="comment-' not in html
        and 'id="forecast-form"' not in html
        and "/cell/" not in html
        and 'name="action"' not in html
    )


def test_the_goal_owners_page_has_one_name(client) -> None:
    """13 (part): the navigation and the page call the page the same."""
    client = _logged_in("malagare")
    html = client.get(reverse("followup:overview")).content.decode()
    url = reverse("municipality:goals")
    (label,) = [label for href, label in _navigation_links(html) if href == url]
    page = client.get(url).content.decode()
    (heading,) = _HEADING.findall(page)
    assert heading.split()[0:1] == [label] and label == "Målägare"
    assert f"<title>{label} ·" in page


# --- Item 6: the period each role lands on -----------------------------------------------------


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("ekonom", "Oktober 2019"),  # the open forecast period
        ("malagare", "Oktober 2019"),  # the period they assess
        ("controller", "Oktober 2019"),  # the period whose forecasts and goals they approve
        ("lasare", "Delårsrapport (tertial 2) 2019"),  # the latest with decided assessments
        ("admin", "Delårsrapport (tertial 2) 2019"),
    ],
)
def test_each_role_lands_on_its_period(username: str, expected: str) -> None:
    client = _logged_in(username)
    html = client.get(reverse("municipality:start")).content.decode()
    assert _chosen_period(html).name == expected


def test_a_reader_lands_on_assessed_council_goals() -> None:
    """Not a page of "Ej bedömd": every KF-mål of the reader's first period has a status."""
    client = _logged_in("lasare")
    overview = client.get(reverse("followup:overview")).context["overview"]
    assert overview.council_goals
    assert all(goal.period_status for goal in overview.council_goals)


@pytest.mark.parametrize("username", ["lasare", "controller", "admin"])
def test_forecast_accuracy_opens_in_the_latest_closed_year(username: str) -> None:
    client = _logged_in(username)
    response = client.get(reverse("budget:forecast-accuracy"))
    assert response.context["year"] == 2018
    assert response.context["table"] is not None


def test_the_chosen_period_is_remembered_at_the_next_login() -> None:
    t1 = ReportingPeriod.objects.get(fiscal_year__year=2019, kind=ReportingPeriod.Kind.T1)
    first = _logged_in("ekonom")
    first.post(reverse("municipality:period-choose"), {"period": t1.pk, "next": "/"})
    first.post(reverse("logout"))
    later = _logged_in("ekonom")
    html = later.get(reverse("municipality:start")).content.decode()
    assert _chosen_period(html) == t1
    # Someone else's choice is theirs: the economist's does not move the reader.
    reader = _logged_in("lasare").get(reverse("municipality:start")).content.decode()
    assert _chosen_period(reader).kind == ReportingPeriod.Kind.T2
