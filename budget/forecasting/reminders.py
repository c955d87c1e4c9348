"""Email reminders to the economists of units whose forecast has not been submitted.

Run daily by Celery beat. ``Municipality.reminder_days_before`` days before an open period's
deadline (set by the controller in the administration; ``FORECAST_REMINDER_DAYS_BEFORE`` while
there is no municipality) the economists get a reminder; from the day after the deadline, a
"late" mail every day until their units have submitted. Each economist gets one mail listing all
their units, with links to the grids.

A mail is sent at most once per kind, period, user and day, however often the task runs
or is retried: the first run of the day claims a key in Django's cache (Redis in
production) before sending, atomically, so two workers cannot both send it either.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from budget.forecasting.models import ForecastSubmission
from budget.forecasting.overview import DONE_STATES
from municipality.models import OrgUnit, ReportingPeriod, Role, RoleAssignment, User
from municipality.organisation.selectors import municipality_current, units_in_tree_order

logger = logging.getLogger(__name__)

DUE = "due"
LATE = "late"
# Long enough to outlive the day it is for in any time zone, short enough to clean itself up.
CLAIM_SECONDS = 2 * 24 * 3600


@dataclass
class Reminder:
    """One mail: a user, the period, and the user's units that have not submitted."""

    user: User
    period: ReportingPeriod
    kind: str  # DUE or LATE
    units: list[OrgUnit] = field(default_factory=list)

    @property
    def deadline(self) -> date:
        """The period's deadline: reminders are only made for a period that has one."""
        deadline = self.period.deadline
        assert deadline is not None
        return deadline

    def claim_key(self, today: date) -> str:
        return f"forecast-reminder:{self.kind}:{self.period.pk}:{self.user.pk}:{today.isoformat()}"


def reminder_days_before() -> int:
    """How many days before a deadline the reminder goes out: the municipality's setting, read
    at each run so that a change in the administration holds from the next one."""
    municipality = municipality_current()
    if municipality is None:
        return int(settings.FORECAST_REMINDER_DAYS_BEFORE)
    return municipality.reminder_days_before


def _kind(period: ReportingPeriod, today: date, days_before: int) -> str | None:
    deadline = period.deadline
    if deadline is None:  # not asked: only periods with a deadline are
        return None
    if today > deadline:
        return LATE
    if today == deadline - timedelta(days=days_before):
        return DUE
    return None


def reminders_due(*, today: date) -> list[Reminder]:
    """The mails to send today, one per period and economist with unsubmitted units.

    An economist's role covers the unit's whole subtree, and a role without a unit the
    whole municipality, as everywhere else (``municipality.policy``).
    """
    days_before = reminder_days_before()
    periods = [
        (period, kind)
        for period in ReportingPeriod.objects.filter(
            state=ReportingPeriod.State.OPEN, deadline__isnull=False
        ).select_related("fiscal_year")
        if (kind := _kind(period, today, days_before)) is not None
    ]
    if not periods:
        return []
    economists: dict[int | None, list[User]] = defaultdict(list)
    for assignment in RoleAssignment.objects.filter(
        role=Role.ECONOMIST, user__is_active=True
    ).select_related("user"):
        if assignment.user.email:
            economists[assignment.unit_id].append(assignment.user)
    reminders: list[Reminder] = []
    for period, kind in periods:
        done = set(
            ForecastSubmission.objects.filter(period=period, state__in=DONE_STATES).values_list(
                "unit_id", flat=True
            )
        )
        by_user: dict[int, Reminder] = {}
        for unit in units_in_tree_order(OrgUnit.objects.valid_in(period.year)):
            if unit.pk in done:
                continue
            covering = {
                user.pk: user
                for holder in [None, *unit.ancestor_ids, unit.pk]
                for user in economists.get(holder, ())
            }
            for user in covering.values():
                by_user.setdefault(user.pk, Reminder(user, period, kind)).units.append(unit)
        reminders += sorted(by_user.values(), key=lambda r: r.user.pk)
    return reminders


def _grid_url(unit: OrgUnit) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("budget:forecast", args=[unit.pk])


def reminder_send(reminder: Reminder, *, today: date) -> bool:
    """Send one reminder unless it has gone out today already; True if it was sent now."""
    key = reminder.claim_key(today)
    if not cache.add(key, True, timeout=CLAIM_SECONDS):
        return False
    context = {
        "user": reminder.user,
        "period": reminder.period,
        "kind": reminder.kind,
        "deadline": reminder.deadline,
        "days_left": (reminder.deadline - today).days,
        "days_late": (today - reminder.deadline).days,
        "units": [(unit, _grid_url(unit)) for unit in reminder.units],
    }
    # Mail has no request to take a language from: it goes out in the site's language.
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("budget/email/forecast_reminder_subject.txt", context)
        body = render_to_string("budget/email/forecast_reminder.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, None, [reminder.user.email])
    except Exception:
        cache.delete(key)  # not sent after all: a retry must be able to send it
        raise
    return True


def forecast_reminders_send(*, today: date) -> int:
    """Send today's reminders; returns how many mails went out now."""
    sent = 0
    for reminder in reminders_due(today=today):
        if reminder_send(reminder, today=today):
            sent += 1
            logger.info(
                "Forecast reminder (%s, %s) sent to %s for %d units",
                reminder.kind,
                reminder.period,
                reminder.user.email,
                len(reminder.units),
            )
    return sent


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_forecast_reminders() -> int:
    """Daily, from Celery beat. Safe to run again: what went out today is not sent twice."""
    return forecast_reminders_send(today=timezone.localdate())
