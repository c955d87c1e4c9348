"""Reminder mails to economists whose units have not submitted their forecast.

The mails are read in English (the msgids), so that these tests say what is sent
whatever state the Swedish catalogue is in.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from budget.forecasting.reminders import send_forecast_reminders
from budget.models import ForecastSubmission
from municipality.models import Municipality, ReportingPeriod, Role, RoleAssignment
from tests.factories import PeriodFactory, UserFactory

State = ForecastSubmission.State
DEADLINE = date(2019, 5, 10)


@pytest.fixture(autouse=True)
def _fresh(settings) -> None:
    """No claims left in Redis from an earlier test, the default lead time, plain msgids."""
    cache.clear()
    settings.FORECAST_REMINDER_DAYS_BEFORE = 3
    settings.SITE_URL = "https://tertial.example.se"
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def period(org, economist, other_economist) -> ReportingPeriod:
    """T1 2019, open, due 2019-05-10; Ekonomi has submitted, nobody else has.

    Alice covers Ekonomi and its unit, Bob Socialförvaltningen, Erik the whole
    administration of Kommunstyrelsen, and Nora has no email address.
    """
    erik = UserFactory(username="erik")
    RoleAssignment.objects.create(user=erik, role=Role.ECONOMIST, unit=org.administration)
    nora = UserFactory(username="nora", email="")
    RoleAssignment.objects.create(user=nora, role=Role.ECONOMIST, unit=org.sibling)
    period = PeriodFactory(state=ReportingPeriod.State.OPEN, deadline=DEADLINE)
    ForecastSubmission.objects.create(period=period, unit=org.department, state=State.SUBMITTED)
    return period


def _at(day: date) -> time_machine.travel:
    return time_machine.travel(f"{day.isoformat()} 07:00 +0200", tick=False)


def _by_recipient() -> dict[str, mail.EmailMessage]:
    assert all(len(message.to) == 1 for message in mail.outbox)
    return {message.to[0]: message for message in mail.outbox}


def _url(unit: object) -> str:
    return "https://tertial.example.se" + reverse("budget:forecast", args=[unit.pk])


def test_reminder_three_days_before_the_deadline(org, period) -> None:
    with _at(DEADLINE - timedelta(days=3)):
        assert send_forecast_reminders() == 3
    mails = _by_recipient()
    assert set(mails) == {"alice@example.se", "bob@example.se", "erik@example.se"}
    alice = mails["alice@example.se"]
    assert alice.subject == "Reminder: the forecast for Tertial 1 2019 is due on 2019-05-10"
    assert "in 3 days" in alice.body
    assert _url(org.sub_unit) in alice.body
    assert org.department.name + "\n" not in alice.body  # submitted: not listed
    erik = mails["erik@example.se"].body
    # One mail listing all of Erik's units that have not submitted, in the tree's order.
    listed = [org.administration, org.sub_unit, org.sibling]
    positions = [erik.index(f"- {unit.code} {unit.name}") for unit in listed]
    assert positions == sorted(positions)
    assert all(_url(unit) in erik for unit in listed)
    assert _url(org.department) not in erik
    assert _url(org.other_root) in mails["bob@example.se"].body


def test_no_second_mail_on_the_same_day(period) -> None:
    with _at(DEADLINE - timedelta(days=3)):
        assert send_forecast_reminders() == 3
        assert send_forecast_reminders() == 0
    assert len(mail.outbox) == 3


def test_no_mail_on_other_days_before_the_deadline(period) -> None:
    for days in (4, 2, 1, 0):
        with _at(DEADLINE - timedelta(days=days)):
            assert send_forecast_reminders() == 0
    assert mail.outbox == []


def test_late_mails_daily_after_the_deadline(org, period, economist) -> None:
    with _at(DEADLINE + timedelta(days=1)):
        assert send_forecast_reminders() == 3
        assert send_forecast_reminders() == 0
    mails = _by_recipient()
    assert mails["alice@example.se"].subject == (
        "Late: the forecast for Tertial 1 2019 was due on 2019-05-10"
    )
    assert "1 day ago" in mails["alice@example.se"].body
    # Ekonomi's unit submits; the next day Alice has nothing left, the others do.
    ForecastSubmission.objects.create(
        period=period, unit=org.sub_unit, state=State.SUBMITTED, updated_at=timezone.now()
    )
    mail.outbox.clear()
    with _at(DEADLINE + timedelta(days=2)):
        assert send_forecast_reminders() == 2
    assert set(_by_recipient()) == {"bob@example.se", "erik@example.se"}
    assert "2 days ago" in mail.outbox[0].body


def test_returned_forecasts_are_not_done(org, period) -> None:
    ForecastSubmission.objects.filter(period=period, unit=org.department).update(
        state=State.RETURNED
    )
    with _at(DEADLINE + timedelta(days=1)):
        send_forecast_reminders()
    assert _url(org.department) in _by_recipient()["alice@example.se"].body


def test_approved_units_and_closed_periods_get_nothing(org, period) -> None:
    for unit in (org.administration, org.sub_unit, org.sibling, org.other_root):
        ForecastSubmission.objects.create(period=period, unit=unit, state=State.APPROVED)
    with _at(DEADLINE + timedelta(days=1)):
        assert send_forecast_reminders() == 0
    ForecastSubmission.objects.filter(period=period).update(state=State.IN_PROGRESS)
    ReportingPeriod.objects.filter(pk=period.pk).update(state=ReportingPeriod.State.CLOSED)
    with _at(DEADLINE + timedelta(days=1)):
        assert send_forecast_reminders() == 0
    assert mail.outbox == []


def test_without_a_municipality_the_lead_time_is_the_setting(period, settings) -> None:
    settings.FORECAST_REMINDER_DAYS_BEFORE = 1
    with _at(DEADLINE - timedelta(days=3)):
        assert send_forecast_reminders() == 0
    with _at(DEADLINE - timedelta(days=1)):
        assert send_forecast_reminders() == 3
    assert "in 1 day." in mail.outbox[0].body


def test_the_lead_time_is_the_municipality_s(period, settings) -> None:
    """The controller's setting (Administration → Inställningar) wins over the installation's,
    read at each run."""
    municipality = Municipality.objects.create(name="Kalmar kommun", code="0880")
    assert municipality.reminder_days_before == 3  # a new municipality takes the setting
    settings.FORECAST_REMINDER_DAYS_BEFORE = 5
    municipality.reminder_days_before = 1
    municipality.save()
    with _at(DEADLINE - timedelta(days=5)):
        assert send_forecast_reminders() == 0
    with _at(DEADLINE - timedelta(days=3)):
        assert send_forecast_reminders() == 0
    with _at(DEADLINE - timedelta(days=1)):
        assert send_forecast_reminders() == 3
    assert "in 1 day." in mail.outbox[0].body
    municipality.reminder_days_before = 0  # none before the deadline, late ones still
    municipality.save()
    cache.clear()
    mail.outbox.clear()
    with _at(DEADLINE - timedelta(days=1)):
        assert send_forecast_reminders() == 0
    with _at(DEADLINE):
        assert send_forecast_reminders() == 3
    with _at(DEADLINE + timedelta(days=1)):
        assert send_forecast_reminders() == 3


def test_a_new_municipality_takes_the_setting_as_its_lead_time(db, settings) -> None:
    settings.FORECAST_REMINDER_DAYS_BEFORE = 7
    assert Municipality.objects.create(name="Kalmar kommun", code="0880").reminder_days_before == 7


@pytest.mark.celery_worker
def test_reminders_on_a_real_worker(celery_worker, org, economist) -> None:
    """Through Redis to a worker thread, which reads the committed rows and sends."""
    yesterday = timezone.localdate() - timedelta(days=1)
    PeriodFactory(state=ReportingPeriod.State.OPEN, deadline=yesterday)
    assert send_forecast_reminders.delay().get(timeout=30) == 1
    assert [message.to for message in mail.outbox] == [["alice@example.se"]]
    assert _url(org.department) in mail.outbox[0].body
    assert send_forecast_reminders.delay().get(timeout=30) == 0  # not twice the same day
    assert len(mail.outbox) == 1
