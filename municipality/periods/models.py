"""The reporting calendar: fiscal years, their reporting periods, and each period's state."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from municipality.organisation.models import YEAR_VALIDATORS
from municipality.people.models import User
from municipality.periods.exceptions import PeriodLocked


class FiscalYear(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True, validators=YEAR_VALIDATORS)

    history = HistoricalRecords(verbose_name=_("historical fiscal year"))

    class Meta:
        verbose_name = _("fiscal year")
        verbose_name_plural = _("fiscal years")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


MONTH_NAMES = {
    1: _("January"), 2: _("February"), 3: _("March"), 4: _("April"), 5: _("May"),
    6: _("June"), 7: _("July"), 8: _("August"), 9: _("September"), 10: _("October"),
    11: _("November"), 12: _("December"),
}  # fmt: skip


class ReportingPeriod(models.Model):
    """A follow-up point of a fiscal year: the figures up to and including a cut-off month."""

    class Kind(models.TextChoices):
        T1 = "t1", _("Tertial 1")
        T2 = "t2", _("Interim report (tertial 2)")
        ANNUAL = "annual", _("Annual accounts")
        MONTH = "month", _("Monthly follow-up")

    class State(models.TextChoices):
        PLANNED = "planned", _("Not opened")
        OPEN = "open", _("Open for entry")
        CLOSED = "closed", _("Closed for entry")
        LOCKED = "locked", _("Locked after decision")

    DEFAULT_CUTOFF = {Kind.T1: 4, Kind.T2: 8, Kind.ANNUAL: 12}

    fiscal_year = models.ForeignKey(
        FiscalYear, on_delete=models.PROTECT, related_name="periods", verbose_name=_("fiscal year")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    cutoff_month = models.PositiveSmallIntegerField(
        _("cut-off month"),
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        blank=True,
        help_text=_(
            "The last month whose actuals the period covers (4 = January–April). "
            "Left empty, tertial 1 takes April, tertial 2 August and annual accounts December."
        ),
    )
    deadline = models.DateField(_("deadline for entry"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PLANNED, editable=False
    )

    history = HistoricalRecords(verbose_name=_("historical reporting period"))

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["-fiscal_year__year", "-cutoff_month", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "kind", "cutoff_month"], name="period_unique_kind_month"
            ),
            models.CheckConstraint(
                condition=Q(cutoff_month__gte=1, cutoff_month__lte=12), name="period_cutoff_month"
            ),
            models.CheckConstraint(
                condition=~Q(kind="annual") | Q(cutoff_month=12), name="period_annual_is_december"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            stored = ReportingPeriod.objects.filter(pk=self.pk).values_list("state", flat=True)
            if stored.first() == self.State.LOCKED:
                raise PeriodLocked(self)
        if self.cutoff_month is None:
            self.cutoff_month = self.DEFAULT_CUTOFF.get(self.kind)
        super().save(*args, **kwargs)

    @property
    def year(self) -> int:
        return self.fiscal_year.year

    @property
    def name(self) -> str:
        if self.kind == self.Kind.MONTH:
            return f"{MONTH_NAMES[self.cutoff_month]} {self.year}".capitalize()
        return f"{self.get_kind_display()} {self.year}"

    @property
    def months_elapsed(self) -> int:
        return self.cutoff_month

    @property
    def benchmark(self) -> Decimal:
        """The linear benchmark (riktvärde) as a fraction: 4/12 after April."""
        return Decimal(self.cutoff_month) / Decimal(12)

    @property
    def benchmark_percent(self) -> Decimal:
        return Decimal(self.cutoff_month * 100) / Decimal(12)

    @property
    def is_year_end(self) -> bool:
        """The annual accounts (bokslut): the year's outcome is the ledger's, and the period
        is locked only once the ledger holds every month."""
        return self.cutoff_month == 12

    @property
    def is_open_for_entry(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def is_locked(self) -> bool:
        return self.state == self.State.LOCKED

    def clean(self) -> None:
        if self.cutoff_month is None:
            self.cutoff_month = self.DEFAULT_CUTOFF.get(self.kind)
            if self.cutoff_month is None:
                raise ValidationError({"cutoff_month": _("Give the cut-off month.")})
        if self.kind == self.Kind.ANNUAL and self.cutoff_month != 12:
            raise ValidationError({"cutoff_month": _("Annual accounts cover the whole year.")})


class PeriodStateChange(models.Model):
    """Who moved a period between states, and when."""

    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="state_changes"
    )
    from_state = models.CharField(max_length=10, choices=ReportingPeriod.State.choices)
    to_state = models.CharField(max_length=10, choices=ReportingPeriod.State.choices)
    changed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True)
    changed_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("period state change")
        verbose_name_plural = _("period state changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.period}: {self.from_state} → {self.to_state}"
