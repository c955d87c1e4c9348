"""What the ledger holds: budget versions and amounts, booked actuals, and the imports
that brought them (the uploads waiting to be applied are ``uploads``')."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from budget.ledger.models.accounts import Account, AccountGroup
from municipality.formats.times import format_time
from municipality.models import FiscalYear


class ImportBatch(models.Model):
    """One import of a file: who, when, what, and what it replaced (for rollback)."""

    class Kind(models.TextChoices):
        SIE = "sie", _("SIE file")
        ACTUALS = "actuals", _("Actuals (Excel/CSV)")
        BUDGET = "budget", _("Budget")
        FORECAST = "forecast", _("Forecast (Excel)")
        # Investment projects' outcome, from SIE or a sheet (budget.investments).
        INVESTMENT = "invest", _("Investment outcome")
        # An uploaded organisation (PendingImport.kind): its units are no batch of amounts.
        ORGANISATION = "org", _("Organisation")
        # An uploaded HR export of staff figures (PendingImport.kind, followup's page): its
        # values are indicator values, no batch of amounts.
        STAFF = "staff", _("Staff figures")

    class State(models.TextChoices):
        APPLIED = "applied", _("Applied")
        ROLLED_BACK = "rolled_back", _("Rolled back")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.APPLIED
    )
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    imported_by = models.ForeignKey(
        "municipality.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    run_by = models.CharField(
        _("run by"),
        max_length=150,
        blank=True,
        help_text=_("The operating-system user who ran the import on the command line."),
    )
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    rolled_back_by = models.ForeignKey(
        "municipality.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rolled back by"),
    )
    rolled_back_at = models.DateTimeField(_("rolled back"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    months = models.JSONField(_("months"), default=list, blank=True)
    budget_version = models.ForeignKey(
        "BudgetVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="imports",
        verbose_name=_("budget version"),
    )
    rows = models.PositiveIntegerField(_("rows"), default=0)
    # {"KS": "646478.00", ...}: exact sums as strings, per committee short code.
    totals = models.JSONField(_("totals per committee"), default=dict, blank=True)
    notes = models.JSONField(_("notes"), default=list, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({format_time(self.imported_at)})"


class BudgetVersion(models.Model):
    """A year's budget for the follow-up: imported, or written by a committee budget's
    decision (``budget.planning``); one is active. The changes decided during the year
    (``BudgetChange``) are added to the active version as of each period."""

    class Kind(models.TextChoices):
        IMPORTED = "imported", _("Imported")
        DECIDED = "decided", _("Decided in Tertial")

    fiscal_year = models.ForeignKey(
        FiscalYear,
        on_delete=models.PROTECT,
        related_name="budget_versions",
        verbose_name=_("fiscal year"),
    )
    name = models.CharField(_("name"), max_length=100)
    decided_on = models.DateField(_("decided"), null=True, blank=True)
    decision_reference = models.CharField(_("decision reference"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=False)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.IMPORTED)

    # Which version is active decides the follow-up's budget: who switched it, and when.
    history = HistoricalRecords(verbose_name=_("historical budget version"))

    class Meta:
        verbose_name = _("budget version")
        verbose_name_plural = _("budget versions")
        ordering = ["fiscal_year", "decided_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "name"], name="budget_version_name"),
            models.UniqueConstraint(
                fields=["fiscal_year"],
                condition=models.Q(is_active=True),
                name="one_active_budget_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.fiscal_year.year}"


class SupersedableQuerySet(models.QuerySet):
    def current(self) -> SupersedableQuerySet:
        return self.filter(superseded_by__isnull=True)


class BudgetAmount(models.Model):
    """A yearly budget amount of a version for a unit and a report line (or an account)."""

    class Profile(models.TextChoices):
        EVEN = "even", _("Evenly over the months")
        LAST_YEAR = "last_year", _("As last year's actuals")
        TYPED = "typed", _("Typed per month")

    version = models.ForeignKey(
        BudgetVersion,
        on_delete=models.CASCADE,
        related_name="amounts",
        verbose_name=_("budget version"),
    )
    unit = models.ForeignKey(
        "municipality.OrgUnit",
        on_delete=models.PROTECT,
        related_name="budget_amounts",
        verbose_name=_("unit"),
    )
    group = models.ForeignKey(
        AccountGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_amounts",
        verbose_name=_("account group"),
    )
    account = models.ForeignKey(
        Account,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_amounts",
        verbose_name=_("account"),
    )
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)
    profile = models.CharField(
        _("monthly profile"), max_length=10, choices=Profile.choices, default=Profile.EVEN
    )
    # With the typed profile: the twelve months' amounts as strings ("1234.00"), adding up
    # to ``amount``.
    months = models.JSONField(_("months"), null=True, blank=True)
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    superseded_by = models.ForeignKey(
        ImportBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = SupersedableQuerySet.as_manager()

    class Meta:
        verbose_name = _("budget amount")
        verbose_name_plural = _("budget amounts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(group__isnull=True, account__isnull=False)
                | models.Q(group__isnull=False, account__isnull=True),
                name="budget_amount_group_or_account",
            ),
        ]
        indexes = [models.Index(fields=["version", "unit"], name="budget_amount_version_unit")]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.group or self.account}: {self.amount}"


class Actual(models.Model):
    """Booked amount of a month, per unit and account, kept exactly.

    Re-importing a month supersedes the rows it replaces rather than deleting
    them, so that an import can be rolled back to the state before it.
    """

    unit = models.ForeignKey(
        "municipality.OrgUnit",
        on_delete=models.PROTECT,
        related_name="actuals",
        verbose_name=_("unit"),
    )
    account = models.ForeignKey(
        Account, on_delete=models.PROTECT, related_name="actuals", verbose_name=_("account")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.PROTECT, related_name="actuals", verbose_name=_("import")
    )
    superseded_by = models.ForeignKey(
        ImportBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = SupersedableQuerySet.as_manager()

    class Meta:
        verbose_name = _("actual")
        verbose_name_plural = _("actuals")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "account", "year", "month"],
                condition=models.Q(superseded_by__isnull=True),
                name="one_current_actual",
            ),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="actual_month"
            ),
        ]
        indexes = [
            models.Index(fields=["year", "month"], name="actual_year_month"),
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d} {self.unit.code} {self.account.number}: {self.amount}"
