"""A fetch of Kolada's values, tracked in a row of its own (``municipality.jobs``): who or what
started it, when it ran, how it ended, what it asked for and what it stored per KPI."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from municipality.jobs.models import JobState, TrackedJob

# A fetch queued or running: at most one at a time (``kolada_fetch_one_at_a_time``).
ACTIVE = (JobState.QUEUED, JobState.RUNNING)


class KoladaFetch(TrackedJob):
    """The values of the chosen KPIs fetched from Kolada for the municipality, its peers and
    its units, and stored in one transaction (``followup.kolada.fetching``); a failed fetch
    stores nothing, and ``message`` says why."""

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", _("The weekly schedule")
        USER = "user", _("By hand")

    trigger = models.CharField(_("started by"), max_length=10, choices=Trigger.choices)
    requested_by = models.ForeignKey(
        "municipality.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    # What was asked for: KPIs, municipalities and groups, units' Kolada ids, years.
    kpis = models.JSONField(_("KPIs"), default=list)
    areas = models.JSONField(_("municipalities and groups"), default=list)
    units = models.JSONField(_("units' Kolada ids"), default=list)
    years = models.JSONField(_("years"), default=list)
    pages = models.PositiveIntegerField(_("pages fetched"), default=0)
    stored = models.PositiveIntegerField(_("values stored"), default=0)
    unchanged = models.PositiveIntegerField(_("values unchanged"), default=0)
    skipped = models.PositiveIntegerField(_("values skipped"), default=0)
    # Per KPI: {"N00005": {"stored": 3, "unchanged": 1, "skipped": 0}}.
    per_kpi = models.JSONField(_("per KPI"), default=dict)
    # Why values were skipped, and how many: {"deleted in Kolada": 2}.
    skipped_reasons = models.JSONField(_("why skipped"), default=dict)

    class Meta:
        verbose_name = _("Kolada fetch")
        verbose_name_plural = _("Kolada fetches")
        ordering = ["-created"]
        constraints = [
            # Two fetches never run at once: a second is refused while one is queued or running.
            models.UniqueConstraint(
                models.Value(True),
                condition=Q(state__in=ACTIVE),
                name="kolada_fetch_one_at_a_time",
            )
        ]

    def __str__(self) -> str:
        return f"Kolada {self.created:%Y-%m-%d %H:%M}: {self.state}"
