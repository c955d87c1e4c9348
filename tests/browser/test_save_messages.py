"""A field that saves itself shows the message for the value in it, in Debian's Chromium: after a
refused value, a save the server does not answer says so instead of leaving the message of
the value before under the new one."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from budget.models import Forecast
from followup.models import Assessment
from municipality.models import Role, RoleAssignment
from tests.browser.helpers import ARTIFACTS, log_in, wait_saved
from tests.budget.forecast_fixtures import budgets_build, line
from tests.factories import UserFactory
from tests.followup.goal_fixtures import goals_build

pytestmark = pytest.mark.browser

NOT_SAVED = "Inte sparat: Tertial svarade inte. Försök igen eller ladda om sidan."


def _fails(route) -> None:
    route.fulfill(status=500, content_type="text/html", body="<h1>Server Error (500)</h1>")


def _enter(page, selector: str, value: str) -> None:
    page.locator(selector).fill(value)
    page.keyboard.press("Tab")
    wait_saved(page)


@pytest.fixture
def budgets(transactional_db, ledger, open_period):
    budgets_build({ledger.department: {"PERS": 3_000, "OVR": 500}})
    return ledger


def test_a_forecast_cell_shows_the_message_for_its_value(
    budgets, economist, live_server, page
) -> None:
    unit, key = budgets.department, f"g{line('OVR').pk}"
    log_in(page, live_server, economist.username)
    page.goto(f"{live_server.url}{reverse('budget:forecast', args=[unit.pk])}")
    message = page.locator(f"#msg-amount-{key}")

    _enter(page, f"#amount-{key}", "1e309")
    assert message.inner_text() == '"1e309" är inte ett belopp.'

    # The next save is not answered: the cell says its value was not saved.
    cell_url = f"{live_server.url}{reverse('budget:forecast-cell', args=[unit.pk])}"
    page.route(cell_url, _fails)
    _enter(page, f"#amount-{key}", "200")
    assert message.inner_text() == NOT_SAVED
    assert page.locator(f"#amount-{key}").get_attribute("aria-invalid") == "true"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "forecast-not-saved.png", full_page=True)
    assert not Forecast.objects.filter(unit=unit, amount__isnull=False).exists()

    # Answered again: saved, and no message at all.
    page.unroute(cell_url)
    _enter(page, f"#amount-{key}", "300")
    assert message.inner_text() == ""
    assert page.locator(f"#amount-{key}").get_attribute("aria-invalid") is None
    assert Forecast.objects.get(unit=unit, group=line("OVR")).amount == Decimal(300_000)

    # The comment cell alike.
    comment = page.locator(f"#msg-comment-{key}")
    page.route(cell_url, _fails)
    _enter(page, f"#comment-{key}", "Fler vikarier.")
    assert comment.inner_text() == NOT_SAVED


def test_an_assessment_field_shows_the_message_for_its_value(
    transactional_db, org, open_period, live_server, page
) -> None:
    goals = goals_build(org)
    chief = UserFactory(username="kerstin")
    RoleAssignment.objects.create(user=chief, role=Role.GOAL_OWNER, unit=org.administration)
    key = f"activity-{goals.activity.pk}"
    log_in(page, live_server, chief.username)
    page.goto(f"{live_server.url}/mal/mina/")
    message = page.locator(f"#msg-completion-{key}")

    _enter(page, f"#completion-{key}", "abc")
    refused = message.inner_text()
    assert refused and refused != NOT_SAVED
    field = page.locator(f"#completion-{key}")
    assert field.get_attribute("aria-invalid") == "true"  # tied to its message
    assert field.get_attribute("aria-describedby") == f"msg-completion-{key}"
    assert message.get_attribute("role") == "alert"

    page.route(f"{live_server.url}{reverse('followup:assess')}", _fails)
    _enter(page, f"#completion-{key}", "50")
    assert message.inner_text() == NOT_SAVED
    assert not Assessment.objects.filter(completion__isnull=False).exists()

    page.unroute(f"{live_server.url}{reverse('followup:assess')}")
    _enter(page, f"#completion-{key}", "60")
    assert message.inner_text() == ""
    assert field.get_attribute("aria-invalid") is None
    assert Assessment.objects.get(completion__isnull=False).completion == 60
