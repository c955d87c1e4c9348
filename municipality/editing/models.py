"""What people enter into a period: the base of every entered value, the submission a
unit's or committee's entries stand in, and the audit trail of every change."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipality.formats.times import format_time
from municipality.organisation.models import OrgUnit
from municipality.people.models import User
from municipality.periods.exceptions import PeriodLocked, PeriodNotOpen
from municipality.periods.models import ReportingPeriod


class SubmissionState(models.TextChoices):
    """Where a unit's forecast or a committee's assessments of a period stand."""

    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")


# Who submitted may still change their entries until they submit, and again once returned.
EDITABLE_STATES = frozenset(
    {SubmissionState.NOT_STARTED, SubmissionState.IN_PROGRESS, SubmissionState.RETURNED}
)


class PeriodEntry(models.Model):
    """Something people enter into a period, written through ``municipality.editing.gate``.

    Its model-level last guard refuses saving it in a period that is closed or locked;
    ``updated_by``/``updated_at`` name the latest change (the audit trail keeps them all).
    """

    period = models.ForeignKey(
        "municipality.ReportingPeriod",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("period"),
    )
    updated_by = models.ForeignKey(
        "municipality.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
        editable=False,
    )
    updated_at = models.DateTimeField(_("changed"), null=True, blank=True, editable=False)

    # Set for one save by ``municipality.editing.gate``, which has checked the period's state
    # and holds it (``_period_held``), or lets a closed period take the value (``_allow_closed``).
    _period_held = False
    _allow_closed = False

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if getattr(self, "_period_held", False):
            # ``municipality.editing.gate`` holds the period's row for the transaction and has
            # checked its state; reading it again would only cost a query.
            super().save(*args, **kwargs)
            return
        state = ReportingPeriod.objects.values_list("state", flat=True).get(pk=self.period_id)
        if state == ReportingPeriod.State.LOCKED:
            raise PeriodLocked(self.period)
        if state != ReportingPeriod.State.OPEN and not getattr(self, "_allow_closed", False):
            raise PeriodNotOpen(self.period)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        state = ReportingPeriod.objects.values_list("state", flat=True).get(pk=self.period_id)
        if state == ReportingPeriod.State.LOCKED:
            raise PeriodLocked(self.period)
        return super().delete(*args, **kwargs)


class Submission(PeriodEntry):
    """Where someone's entries of a period stand in the workflow (``editing.workflow``)."""

    State = SubmissionState

    state = models.CharField(
        _("status"), max_length=12, choices=State.choices, default=State.NOT_STARTED
    )
    note = models.TextField(_("controller's comment"), blank=True)
    state_version = models.PositiveIntegerField(default=0, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES


class AuditEntry(models.Model):
    """One change of an entered figure, text or status: who, when, the old and the new value.

    Written by ``municipality.editing.gate`` for forecasts, comments, statuses, assessments and
    report texts alike, and never changed afterwards.
    """

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    field = models.CharField(_("field"), max_length=40)
    label = models.CharField(_("what"), max_length=300)
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("changed by")
    )
    at = models.DateTimeField(_("changed"), default=timezone.now, db_index=True)
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, null=True, related_name="+"
    )
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("change history")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "field"], name="audit_target"),
            models.Index(fields=["period", "unit"], name="audit_period_unit"),
        ]

    def __str__(self) -> str:
        return f"{format_time(self.at)} {self.label}: {self.old_value} → {self.new_value}"
