"""The chart of accounts and the report lines accounts roll up to."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from municipality.formats.times import format_time
from municipality.models import FiscalYear, PeriodEntry, Submission

ACCOUNT_DIGITS = RegexValidator(r"^\d{2,10}$", _("Digits only, such as 5011."))
# Ranges are given as account prefixes ("30"–"35"); padded to this width they compare as numbers.
RANGE_WIDTH = 10


class Account(models.Model):
    """A ledger account of the municipality's Kommun-Bas plan."""

    number = models.CharField(_("account"), max_length=10, unique=True, validators=[ACCOUNT_DIGITS])
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    @property
    def is_operating(self) -> bool:
        """Classes 3–8 are followed up; 1–2 are the balance sheet."""
        return self.number[0] in "345678"


class AccountGroup(models.Model):
    """One line of a year's operating statement: a line accounts map to, or a subtotal."""

    class Kind(models.TextChoices):
        LINE = "line", _("Line")
        SUBTOTAL = "subtotal", _("Subtotal")

    fiscal_year = models.ForeignKey(
        FiscalYear,
        on_delete=models.PROTECT,
        related_name="account_groups",
        verbose_name=_("fiscal year"),
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.LINE)
    components = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="subtotals",
        verbose_name=_("sum of"),
        help_text=_("For a subtotal: the lines it adds up."),
    )

    class Meta:
        verbose_name = _("account group")
        verbose_name_plural = _("account groups")
        ordering = ["fiscal_year", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "code"], name="group_code_per_year")
        ]

    def __str__(self) -> str:
        return self.name


class AccountRange(models.Model):
    """Accounts from ``first`` to ``last`` (prefixes, inclusive) roll up to ``group``."""

    group = models.ForeignKey(
        AccountGroup,
        on_delete=models.CASCADE,
        related_name="ranges",
        verbose_name=_("account group"),
        limit_choices_to={"kind": AccountGroup.Kind.LINE},
    )
    first = models.CharField(_("from account"), max_length=10, validators=[ACCOUNT_DIGITS])
    last = models.CharField(_("to account"), max_length=10, validators=[ACCOUNT_DIGITS])

    class Meta:
        verbose_name = _("account range")
        verbose_name_plural = _("account ranges")
        ordering = ["first"]

    def __str__(self) -> str:
        return f"{self.first}–{self.last}"

    @property
    def low(self) -> str:
        return self.first.ljust(RANGE_WIDTH, "0")

    @property
    def high(self) -> str:
        return self.last.ljust(RANGE_WIDTH, "9")

    def clean(self) -> None:
        if self.first and self.last and self.low > self.high:
            raise ValidationError(_("The range ends before it starts."))
        if self.group_id and self.group.kind != AccountGroup.Kind.LINE:
            raise ValidationError(_("Accounts map to lines, not to subtotals."))
        if not (self.group_id and self.first and self.last):
            return
        others = (
            AccountRange.objects.filter(group__fiscal_year=self.group.fiscal_year_id)
            .exclude(pk=self.pk)
            .select_related("group")
        )
        for other in others:
            if other.low <= self.high and self.low <= other.high:
                raise ValidationError(
                    _("Accounts %(range)s already map to %(group)s.")
                    % {"range": other, "group": other.group}
                )


class ImportBatch(models.Model):
    """One import of a file: who, when, what, and what it replaced (for rollback)."""

    class Kind(models.TextChoices):
        SIE = "sie", _("SIE file")
        ACTUALS = "actuals", _("Actuals (Excel/CSV)")
        BUDGET = "budget", _("Budget")
        FORECAST = "forecast", _("Forecast (Excel)")

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
    """The council's budget for a year, or a later revision of it; one is active."""

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


class InvestmentProject(models.Model):
    """A capital project followed up per year (investeringsredovisning)."""

    code = models.CharField(_("project code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    unit = models.ForeignKey(
        "municipality.OrgUnit",
        on_delete=models.PROTECT,
        related_name="investment_projects",
        verbose_name=_("responsible unit"),
    )

    class Meta:
        verbose_name = _("investment project")
        verbose_name_plural = _("investment projects")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class InvestmentYear(models.Model):
    """A project's budget and actual for one year; forecasts come with the forecast issue."""

    project = models.ForeignKey(
        InvestmentProject,
        on_delete=models.CASCADE,
        related_name="years",
        verbose_name=_("investment project"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    budget = models.DecimalField(_("budget"), max_digits=18, decimal_places=2, default=0)
    actual = models.DecimalField(_("actual"), max_digits=18, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("investment year")
        verbose_name_plural = _("investment years")
        ordering = ["project", "year"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="investment_year_once")
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.year}"


class AccountGroupMember(models.Model):
    """Which line an account rolls up to in a year: the mapping, materialised for SQL.

    Rebuilt by the recompute from the account ranges; never edited by hand. This and
    the other derived tables below carry no database foreign keys: their rows come from
    checked tables, and checking hundreds of thousands of them again on every recompute
    doubled its time.
    """

    year = models.PositiveSmallIntegerField()
    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    group = models.ForeignKey(
        AccountGroup,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year", "account"], name="member_once_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.account_id} → {self.group_id}"


class UnitRollup(models.Model):
    """Each unit (of the year, or of the year before) and every unit it counts towards.

    For the year before, a unit counts towards the ancestors of its successor,
    so that last year's figures are shown in this year's organisation.
    """

    year = models.PositiveSmallIntegerField()
    unit = models.ForeignKey(
        "municipality.OrgUnit",
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    rollup = models.ForeignKey(
        "municipality.OrgUnit",
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )

    class Meta:
        indexes = [models.Index(fields=["year", "unit"], name="rollup_year_unit")]

    def __str__(self) -> str:
        return f"{self.year}: {self.unit_id} → {self.rollup_id}"


class FollowupFigure(models.Model):
    """Precomputed actuals of a unit's subtree for a report line and a month.

    ``group`` is empty for accounts that map to no line, so they are shown, not dropped.
    ``prior_actual`` is the same month of the year before, in this year's organisation.
    """

    year = models.PositiveSmallIntegerField()
    unit = models.ForeignKey(
        "municipality.OrgUnit",
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    group = models.ForeignKey(
        AccountGroup,
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    month = models.PositiveSmallIntegerField()
    actual = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    prior_actual = models.DecimalField(max_digits=18, decimal_places=2, default=0)

    class Meta:
        indexes = [models.Index(fields=["year", "unit"], name="figure_year_unit")]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d} {self.unit_id} {self.group_id}: {self.actual}"


class BudgetFigure(models.Model):
    """Precomputed budget of a unit's subtree for a report line, from the active version."""

    year = models.PositiveSmallIntegerField()
    unit = models.ForeignKey(
        "municipality.OrgUnit",
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    group = models.ForeignKey(
        AccountGroup,
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    budget = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    # The part of ``budget`` spread over the months as last year's actuals were; the rest
    # is spread evenly.
    budget_seasonal = models.DecimalField(max_digits=18, decimal_places=2, default=0)

    class Meta:
        indexes = [models.Index(fields=["year", "unit"], name="budget_figure_year_unit")]

    def __str__(self) -> str:
        return f"{self.year} {self.unit_id} {self.group_id}: {self.budget}"


class FigureState(models.Model):
    """Whether a year's precomputed figures are up to date with the imports."""

    year = models.PositiveSmallIntegerField(unique=True)
    changed_at = models.DateTimeField(null=True, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.year}: changed {self.changed_at}, computed {self.computed_at}"

    @property
    def is_stale(self) -> bool:
        return self.changed_at is not None and (
            self.computed_at is None or self.computed_at < self.changed_at
        )


class PendingImport(models.Model):
    """An uploaded file between its preview and its application.

    Kept in the database, not on a web server's disk, so that any web process
    can apply what another one previewed. Applying checks the file again.
    """

    kind = models.CharField(max_length=10, choices=ImportBatch.Kind.choices)
    file_name = models.CharField(max_length=255)
    data = models.BinaryField()
    options = models.JSONField(default=dict, blank=True)
    uploaded_by = models.ForeignKey("municipality.User", on_delete=models.CASCADE, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.file_name} ({format_time(self.uploaded_at)})"


class UnitBudgetFigure(models.Model):
    """Precomputed budget booked on a unit itself (not its subtree), per report line.

    A forecast replaces the budget of the rows it is entered for; this is what it replaces.
    """

    year = models.PositiveSmallIntegerField()
    unit = models.ForeignKey(
        "municipality.OrgUnit",
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    group = models.ForeignKey(
        AccountGroup,
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    budget = models.DecimalField(max_digits=18, decimal_places=2, default=0)

    class Meta:
        indexes = [models.Index(fields=["year", "unit"], name="unit_budget_year_unit")]

    def __str__(self) -> str:
        return f"{self.year} {self.unit_id} {self.group_id}: {self.budget}"


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


class ForecastProposal(models.Model):
    """A computed full-year proposal for a unit's own report line; derived, rebuilt by Celery."""

    period = models.ForeignKey(
        "municipality.ReportingPeriod",
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    unit = models.ForeignKey(
        "municipality.OrgUnit",
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    group = models.ForeignKey(
        AccountGroup,
        on_delete=models.CASCADE,
        null=True,
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
