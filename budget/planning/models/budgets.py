"""A committee's budget for a coming year: its grid of rows and their workflow per unit."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from budget.ledger.models.accounts import AccountGroup
from budget.ledger.models.entries import BudgetAmount, BudgetVersion
from budget.planning.models.decision import Decided, Decision, DecisionState
from municipality.editing.models import SubmissionState
from municipality.models import FiscalYear


class CommitteeBudget(Decision):
    """A committee's budget for a budget year: its frame distributed per unit and report
    line, with the two plan years. Deciding it writes the follow-up's budget version."""

    committee = models.ForeignKey(
        "municipality.Committee",
        on_delete=models.PROTECT,
        related_name="budgets",
        verbose_name=_("committee"),
    )
    fiscal_year = models.ForeignKey(
        FiscalYear,
        on_delete=models.PROTECT,
        related_name="committee_budgets",
        verbose_name=_("budget year"),
    )
    # The follow-up's version the decision wrote (the committee's rows, the other
    # committees' as they stood).
    version = models.ForeignKey(
        BudgetVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committee_budgets",
        verbose_name=_("budget version"),
    )

    class Meta:
        verbose_name = _("committee budget")
        verbose_name_plural = _("committee budgets")
        ordering = ["fiscal_year", "committee__order", "committee__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "fiscal_year"], name="committee_budget_once"
            )
        ]

    def __str__(self) -> str:
        return _("Budget %(year)s, %(committee)s") % {
            "year": self.fiscal_year.year,
            "committee": self.committee,
        }


class OfUndecidedBudget(models.Model):
    """A row of a committee's budget: the last guard refuses saving or deleting it once the
    budget is decided (the services check it first, under a row lock)."""

    budget_id: int

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._refuse_if_decided()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        self._refuse_if_decided()
        return super().delete(*args, **kwargs)

    def _refuse_if_decided(self) -> None:
        decided = (
            CommitteeBudget.objects.filter(pk=self.budget_id, state=DecisionState.DECIDED)
            .select_related("committee", "fiscal_year")
            .first()
        )
        if decided is not None:
            raise Decided(decided)


# How a row's yearly budget spreads over the months, for the budget to date.
BudgetProfile = BudgetAmount.Profile


class BudgetRow(OfUndecidedBudget):
    """A row of a committee's budget grid: a unit's budget for a report line in the budget
    year and the two plan years, ledger sign, exact kronor; empty until entered."""

    budget = models.ForeignKey(CommitteeBudget, on_delete=models.CASCADE, related_name="rows")
    unit = models.ForeignKey(
        "municipality.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    group = models.ForeignKey(
        AccountGroup, on_delete=models.PROTECT, related_name="+", verbose_name=_("account group")
    )
    amount = models.DecimalField(
        _("budget"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    amount_version = models.PositiveIntegerField(default=0, editable=False)
    plan1 = models.DecimalField(
        _("plan year 1"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    plan1_version = models.PositiveIntegerField(default=0, editable=False)
    plan2 = models.DecimalField(
        _("plan year 2"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    plan2_version = models.PositiveIntegerField(default=0, editable=False)
    # A known volume change (more pupils, a new home) added to the indexed proposal.
    volume = models.DecimalField(
        _("volume change"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    volume_version = models.PositiveIntegerField(default=0, editable=False)
    profile = models.CharField(
        _("monthly profile"), max_length=10, choices=BudgetProfile.choices,
        default=BudgetProfile.EVEN,
    )  # fmt: skip
    profile_version = models.PositiveIntegerField(default=0, editable=False)
    # With the typed profile: twelve amounts as strings ("1234.00"), adding up to ``amount``.
    months = models.JSONField(_("months"), null=True, blank=True)
    months_version = models.PositiveIntegerField(default=0, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", editable=False,
    )  # fmt: skip
    updated_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta(OfUndecidedBudget.Meta):
        verbose_name = _("budget row")
        verbose_name_plural = _("budget rows")
        constraints = [
            models.UniqueConstraint(fields=["budget", "unit", "group"], name="budget_row_once")
        ]
        indexes = [models.Index(fields=["budget", "unit"], name="budget_row_unit")]

    def __str__(self) -> str:
        return f"{self.budget_id} {self.unit_id} {self.group_id}: {self.amount}"


class BudgetRowSubmission(OfUndecidedBudget):
    """Where a unit's rows of a committee budget stand: submitted, approved or returned,
    as a unit's forecast does (``SubmissionState``)."""

    State = SubmissionState

    budget = models.ForeignKey(
        CommitteeBudget, on_delete=models.CASCADE, related_name="submissions"
    )
    unit = models.ForeignKey(
        "municipality.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    state = models.CharField(
        _("status"), max_length=12, choices=SubmissionState.choices,
        default=SubmissionState.NOT_STARTED,
    )  # fmt: skip
    state_version = models.PositiveIntegerField(default=0, editable=False)
    note = models.TextField(_("controller's comment"), blank=True)
    note_version = models.PositiveIntegerField(default=0, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", editable=False,
    )  # fmt: skip
    updated_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta(OfUndecidedBudget.Meta):
        verbose_name = _("budget status")
        verbose_name_plural = _("budget statuses")
        constraints = [
            models.UniqueConstraint(fields=["budget", "unit"], name="budget_submission_once")
        ]

    def __str__(self) -> str:
        return f"{self.budget_id} {self.unit_id}: {self.state}"
