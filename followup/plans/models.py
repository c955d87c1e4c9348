"""A committee's plan with budget for a budget year (Nämndens plan med budget, seed 002) and
the texts written for it.

The plan moves utkast → klar för beslut → beslutad (the reports' ``ReportStatus``). Deciding it
freezes it: ``snapshot_html`` is the document as rendered then, ``pdf`` the PDF made from that
very HTML. A decided plan and its texts refuse every change; the services check the state under
a row lock, and the models' ``save`` and ``delete`` refuse as the last guard.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from followup.reports.models import ReportStatus
from municipality.models import Committee, FiscalYear


class PlanDecided(ValidationError):
    """A decided plan refuses every change; a change is a new decision."""

    def __init__(self, plan: object) -> None:
        super().__init__(
            _("%(plan)s has been decided and can no longer be changed.") % {"plan": plan},
            code="plan_decided",
        )


class PlanPart(models.TextChoices):
    """The plan's texts, in the order the document shows them (seed 002)."""

    DECISION = "decision", _("Proposed decision")
    PRIORITIES = "priorities", _("Direction and priority development areas")
    DEVELOPMENT = "development", _("Development portfolios and targeted initiatives")
    RESPONSIBILITY = "responsibility", _("Mission and responsibility")
    RESOURCES = "resources", _("Resource allocation")
    STAFF = "staff", _("Responsibility as employer")


class CommitteePlan(models.Model):
    """Nämndens plan med budget: one per committee and budget year."""

    State = ReportStatus

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="plans", verbose_name=_("committee")
    )
    fiscal_year = models.ForeignKey(
        FiscalYear,
        on_delete=models.PROTECT,
        related_name="committee_plans",
        verbose_name=_("budget year"),
    )
    state = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    decision_reference = models.CharField(
        _("decision reference"), max_length=100, blank=True, help_text=_("Such as § 1.")
    )
    decided_on = models.DateField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("entered as decided by"),
    )  # fmt: skip
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    # Frozen when decided: the document as it was, never computed again.
    frozen_at = models.DateTimeField(_("frozen"), null=True, blank=True, editable=False)
    snapshot_html = models.TextField(_("snapshot"), blank=True, editable=False)
    pdf = models.BinaryField(_("archived PDF"), null=True, blank=True, editable=False)
    pdf_sha256 = models.CharField(
        _("SHA-256 of the PDF"), max_length=64, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("committee plan")
        verbose_name_plural = _("committee plans")
        ordering = ["-fiscal_year__year", "committee__order", "committee__name"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "fiscal_year"], name="committee_plan_once")
        ]

    def __str__(self) -> str:
        return _("Plan with budget %(year)s, %(committee)s") % {
            "year": self.fiscal_year.year,
            "committee": self.committee,
        }

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and plan_is_decided(self.pk):
            raise PlanDecided(self)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if plan_is_decided(self.pk):
            raise PlanDecided(self)
        return super().delete(*args, **kwargs)

    @property
    def is_decided(self) -> bool:
        return self.state == ReportStatus.DECIDED

    @property
    def year(self) -> int:
        return self.fiscal_year.year


def plan_is_decided(plan_id: int | None) -> bool:
    """Whether the plan is decided as stored (not as a changed object in memory says)."""
    return (
        plan_id is not None
        and CommitteePlan.objects.filter(pk=plan_id, state=ReportStatus.DECIDED).exists()
    )


class PlanText(models.Model):
    """One of a plan's texts: sanitised HTML (``followup.reports.texts.text_sanitise``), written
    through ``municipality.editing.gate.field_save`` with no period, by its assigned writer or
    the controller."""

    plan = models.ForeignKey(
        CommitteePlan, on_delete=models.CASCADE, related_name="texts", verbose_name=_("plan")
    )
    part = models.CharField(_("part"), max_length=20, choices=PlanPart.choices)
    text = models.TextField(_("text"), blank=True)
    text_version = models.PositiveIntegerField(default=0, editable=False)
    writer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("writer"),
    )  # fmt: skip
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", editable=False,
    )  # fmt: skip
    updated_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("plan text")
        verbose_name_plural = _("plan texts")
        ordering = ["plan", "part"]
        constraints = [models.UniqueConstraint(fields=["plan", "part"], name="plan_text_once")]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.part}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if plan_is_decided(self.plan_id):
            raise PlanDecided(self.plan)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if plan_is_decided(self.plan_id):
            raise PlanDecided(self.plan)
        return super().delete(*args, **kwargs)
