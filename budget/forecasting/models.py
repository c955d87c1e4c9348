"""Forecasts and their workflow: the full-year forecasts of a period, where a unit's
forecast stands, a committee's action plan, and the computed proposals with their accuracy."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from budget.investments.models import InvestmentProject
from budget.ledger.models.accounts import AccountGroup
from budget.ledger.models.figures import UnitLineRow
from municipality.models import PeriodEntry, Submission


class Forecast(PeriodEntry):
    """A full-year forecast (helårsprognos) of a period for a unit's own report line, or for
    an investment project, with its comment.

    Amounts are the ledger's sign, in kronor, exact. ``amount`` is empty until entered. The
    amount and the comment are versioned separately, so that two people may write the
    figure and the explanation of the same row without conflict.
    """

    unit = models.ForeignKey(
        "municipality.OrgUnit",
        on_delete=models.PROTECT,
        related_name="forecasts",
        verbose_name=_("unit"),
    )
    group = models.ForeignKey(
        AccountGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forecasts",
        verbose_name=_("account group"),
    )
    project = models.ForeignKey(
        InvestmentProject,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forecasts",
        verbose_name=_("investment project"),
    )
    amount = models.DecimalField(
        _("forecast"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)
    amount_version = models.PositiveIntegerField(default=0, editable=False)
    comment_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("forecast")
        verbose_name_plural = _("forecasts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(group__isnull=True, project__isnull=False)
                | models.Q(group__isnull=False, project__isnull=True),
                name="forecast_group_or_project",
            ),
            models.UniqueConstraint(
                fields=["period", "unit", "group"],
                condition=models.Q(group__isnull=False),
                name="forecast_once_per_group",
            ),
            models.UniqueConstraint(
                fields=["period", "project"],
                condition=models.Q(project__isnull=False),
                name="forecast_once_per_project",
            ),
        ]
        indexes = [models.Index(fields=["period", "unit"], name="forecast_period_unit")]

    def __str__(self) -> str:
        return f"{self.period_id} {self.unit_id} {self.group or self.project}: {self.amount}"


class ForecastSubmission(Submission):
    """Where a unit's forecast of a period stands in the workflow."""

    unit = models.ForeignKey(
        "municipality.OrgUnit",
        on_delete=models.PROTECT,
        related_name="forecast_submissions",
        verbose_name=_("unit"),
    )

    class Meta:
        verbose_name = _("forecast status")
        verbose_name_plural = _("forecast statuses")
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="submission_once"),
        ]

    def __str__(self) -> str:
        return f"{self.period_id} {self.unit_id}: {self.state}"


class ActionPlan(PeriodEntry):
    """Åtgärder med konsekvenser: what a committee forecasting a deficit will do about it."""

    committee = models.ForeignKey(
        "municipality.Committee",
        on_delete=models.PROTECT,
        related_name="action_plans",
        verbose_name=_("committee"),
    )
    text = models.TextField(_("actions and their consequences"), blank=True)
    text_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [
            models.UniqueConstraint(fields=["period", "committee"], name="action_plan_once"),
        ]

    def __str__(self) -> str:
        return f"{self.period_id} {self.committee_id}"


class ProposalMethod(models.TextChoices):
    RUN_RATE = "run_rate", _("Run rate")
    SEASONAL = "seasonal", _("Seasonal")
    BUDGET = "budget", _("Budget")
    PREVIOUS = "previous", _("Previous forecast")


class ForecastProposal(UnitLineRow):
    """A computed full-year proposal for a unit's own report line; derived, rebuilt by Celery."""

    period = models.ForeignKey(
        "municipality.ReportingPeriod",
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    method = models.CharField(max_length=10, choices=ProposalMethod.choices)
    amount = models.DecimalField(max_digits=18, decimal_places=2)
    # Mean absolute percentage error of the method for this row when backtested on the
    # earlier years' actuals at the same cut-off month; empty without history.
    mape = models.DecimalField(max_digits=9, decimal_places=2, null=True)

    class Meta:
        indexes = [models.Index(fields=["period", "unit"], name="proposal_period_unit")]

    def __str__(self) -> str:
        return f"{self.period_id} {self.unit_id} {self.group_id} {self.method}: {self.amount}"


class ProposalAccuracy(models.Model):
    """Backtest of a method over the whole municipality: MAPE per cut-off month of the year."""

    year = models.PositiveSmallIntegerField()
    method = models.CharField(max_length=10, choices=ProposalMethod.choices)
    cutoff_month = models.PositiveSmallIntegerField()
    mape = models.DecimalField(max_digits=9, decimal_places=2, null=True)
    rows = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["year", "method", "cutoff_month"], name="accuracy_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.method} {self.cutoff_month}: {self.mape}"
