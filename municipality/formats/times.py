"""Times as users read them: in the municipality's time zone, ``2026-12-06 22:49``.

Times are stored in UTC (``USE_TZ``); everything a person sees (a page, a message, a PDF, an
e-mail, an export) is in ``TIME_ZONE``, Europe/Stockholm, summer time included. Python's own
formatting (``f"{at:%H:%M}"``, ``isoformat()``) would print UTC, so every time shown goes
through ``format_time``: in templates the ``local_time`` filter, in tables ``TimeColumn``.
"""

from __future__ import annotations

from datetime import datetime

import django_tables2 as tables
from django.utils import timezone

MINUTES = "%Y-%m-%d %H:%M"
SECONDS = "%Y-%m-%d %H:%M:%S"


def format_time(value: datetime | None, *, seconds: bool = False) -> str:
    """``value`` in local time to the minute (or the second); ``""`` when there is none.

    A naive datetime raises: it says nothing of its time zone, so any guess could be an hour off.
    """
    if value is None:
        return ""
    return timezone.localtime(value).strftime(SECONDS if seconds else MINUTES)


class TimeColumn(tables.Column):
    """A time in local time (``format_time``), on the page and in the downloads alike."""

    def render(self, value: datetime) -> str:
        return format_time(value)

    def value(self, value: datetime | None) -> str:
        return format_time(value)
