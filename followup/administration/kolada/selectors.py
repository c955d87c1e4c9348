"""What the Kolada page reads, in a fixed number of queries: the year's indicators with a
Kolada KPI, the units with a Kolada id, the last fetches and the schedule in words."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

from followup.indicators.models import Indicator
from followup.kolada.fetching import kolada_units
from followup.kolada.models import KoladaFetch
from municipality.models import FiscalYear, OrgUnit

# The beat schedule's entry of the weekly fetch (config.settings.CELERY_BEAT_SCHEDULE).
BEAT_ENTRY = "kolada-fetch"
# How many fetches the page lists.
FETCHES_SHOWN = 10


def kolada_year(asked: str) -> FiscalYear | None:
    """The year asked for (``?year=``), else this year, else the latest."""
    years = {y.year: y for y in FiscalYear.objects.all()}
    if asked.isdigit() and int(asked) in years:
        return years[int(asked)]
    this_year = timezone.localdate().year
    return years.get(this_year) or (years[max(years)] if years else None)


def kolada_indicators(fiscal_year: FiscalYear | None) -> list[Indicator]:
    """The year's indicators with a Kolada KPI, in their order."""
    if fiscal_year is None:
        return []
    return list(
        Indicator.objects.filter(fiscal_year=fiscal_year)
        .exclude(kolada_kpi="")
        .order_by("order", "name", "pk")
    )


def kolada_unit_list() -> QuerySet[OrgUnit]:
    """The units with a Kolada id, with their committees, in the tree's order."""
    return kolada_units().select_related("committee").order_by("committee__order", "path")


def kolada_fetches() -> QuerySet[KoladaFetch]:
    """The last fetches, newest first."""
    return KoladaFetch.objects.select_related("requested_by").order_by("-created", "-pk")[
        :FETCHES_SHOWN
    ]


def kolada_schedule() -> str:
    """When the weekly fetch runs, in words: "Mondays at 04:30"; "" if it is not scheduled."""
    entry = settings.CELERY_BEAT_SCHEDULE.get(BEAT_ENTRY)
    if entry is None:
        return ""
    schedule = entry["schedule"]
    days = sorted(getattr(schedule, "day_of_week", ()))
    hours = sorted(getattr(schedule, "hour", ()))
    minutes = sorted(getattr(schedule, "minute", ()))
    if len(days) != 1 or len(hours) != 1 or len(minutes) != 1:
        return str(schedule)
    # Celery counts the days from Sunday (0), Django's names from Monday (0).
    return _("Every %(day)s at %(time)s") % {
        "day": WEEKDAYS[(days[0] - 1) % 7],
        "time": f"{hours[0]:02}:{minutes[0]:02}",
    }
