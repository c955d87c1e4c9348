"""Capital projects (investeringsprojekt): their budget per year, their budget over their
whole life, and their outcome per month from the ledger (investeringsredovisning).

Amounts are kept in the ledger's sign: an expenditure (utgift) is positive, an income
(inkomst, such as a grant towards the project) negative. A year's budget is its budgeted
expenditure less its budgeted income, both typed as positive amounts.
"""

from __future__ import annotations

from typing import Any

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from budget.investments.accounts import AccountRanges, account_ranges, validate_account_ranges
from budget.ledger.models import Account, ImportBatch, SupersedableQuerySet


class InvestmentProject(models.Model):
    """A capital project followed up per year and over its whole life."""

    code = models.CharField(
        _("project code"),
        max_length=20,
        unique=True,
        help_text=_("The code the ledger carries in its project dimension."),
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.ForeignKey(
        "municipality.OrgUnit",
        on_delete=models.PROTECT,
        related_name="investment_projects",
        verbose_name=_("responsible unit"),
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    total_budget = models.DecimalField(
        _("total budget"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The net budget over the project's whole life, for projects of several years."),
    )

    history = HistoricalRecords(verbose_name=_("historical investment project"))

    class Meta:
        verbose_name = _("investment project")
        verbose_name_plural = _("investment projects")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=F("start")),
                name="investment_project_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class InvestmentYear(models.Model):
    """A project's budget for one year: expenditure and income separately, and their net."""

    project = models.ForeignKey(
        InvestmentProject,
        on_delete=models.CASCADE,
        related_name="years",
        verbose_name=_("investment project"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    expenditure = models.DecimalField(
        _("budgeted expenditure"), max_digits=18, decimal_places=2, default=0
    )
    income = models.DecimalField(_("budgeted income"), max_digits=18, decimal_places=2, default=0)
    # The net budget, ledger sign: what the forecast grid and the reports compare against.
    budget = models.GeneratedField(
        expression=F("expenditure") - F("income"),
        output_field=models.DecimalField(max_digits=18, decimal_places=2),
        db_persist=True,
        verbose_name=_("budget"),
    )

    history = HistoricalRecords(verbose_name=_("historical investment year"))

    class Meta:
        verbose_name = _("investment year")
        verbose_name_plural = _("investment years")
        ordering = ["project", "year"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="investment_year_once")
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.year}"


class InvestmentActual(models.Model):
    """A project's booked amount of a month on one account, kept exactly, from an import.

    As with the operating actuals, re-importing a month supersedes the rows it replaces
    rather than deleting them, so that an import can be rolled back.
    """

    project = models.ForeignKey(
        InvestmentProject,
        on_delete=models.PROTECT,
        related_name="actuals",
        verbose_name=_("investment project"),
    )
    account = models.ForeignKey(
        Account, on_delete=models.PROTECT, related_name="+", verbose_name=_("account")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)
    batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.PROTECT,
        related_name="investment_actuals",
        verbose_name=_("import"),
    )
    superseded_by = models.ForeignKey(
        ImportBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = SupersedableQuerySet.as_manager()

    class Meta:
        verbose_name = _("investment actual")
        verbose_name_plural = _("investment actuals")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "account", "year", "month"],
                condition=Q(superseded_by__isnull=True),
                name="one_current_investment_actual",
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="investment_actual_month"
            ),
        ]
        indexes = [
            models.Index(fields=["year", "project"], name="investment_actual_year"),
        ]

    def __str__(self) -> str:
        when = f"{self.year}-{self.month:02d}"
        return f"{when} {self.project.code} {self.account.number}: {self.amount}"


class InvestmentSettings(models.Model):
    """Where the ledger carries the investment projects: one row for the municipality."""

    project_dimension = models.PositiveSmallIntegerField(
        _("project dimension"),
        default=6,
        validators=[MinValueValidator(1)],
        help_text=_("The SIE object dimension whose objects are the project codes (usually 6)."),
    )
    accounts = models.CharField(
        _("investment accounts"),
        max_length=500,
        default="1",
        validators=[validate_account_ranges],
        help_text=_(
            "Account numbers and ranges whose amounts on a project are its outcome, such as "
            "1110–1299, 1410; a number is the start of an account number: 1 is class 1."
        ),
    )

    history = HistoricalRecords(verbose_name=_("historical investment settings"))

    class Meta:
        verbose_name = _("investment settings")
        verbose_name_plural = _("investment settings")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="investment_settings_once"),
        ]

    def __str__(self) -> str:
        return str(_("Investment settings"))

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> InvestmentSettings:
        """The municipality's settings, or the defaults (dimension 6, class 1) if none."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)

    @property
    def account_ranges(self) -> AccountRanges:
        return account_ranges(self.accounts)
