"""Organisation, people and the reporting calendar of one municipality."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from municipality.exceptions import PeriodLocked, PeriodNotOpen
from municipality.times import format_time

YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2100)]


class User(AbstractUser):
    """A person who signs in. What they may do comes from their role assignments."""

    # The period last chosen in the header: where the user starts at their next login.
    chosen_period = models.ForeignKey(
        "ReportingPeriod",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chosen period"),
        editable=False,
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Municipality(models.Model):
    """The organisation; one per installation."""

    class Sign(models.TextChoices):
        # Kalmar (seed 004): the ledger's sign, revenues negative, Avvikelse = Budget − Prognos.
        LEDGER = "ledger", _("Ledger sign (revenues negative, net cost positive)")
        # Örebro (seed 000): results, net cost negative, Avvikelse = Utfall − Budget.
        RESULT = "result", _("Result sign (net cost negative)")

    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(
        _("municipality code"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^\d{4}$", _("Four digits, such as 0880."))],
        help_text=_("The four-digit code used by SCB and Kolada, such as 0880 for Kalmar."),
    )
    presentation_sign = models.CharField(
        _("sign presentation"), max_length=10, choices=Sign.choices, default=Sign.LEDGER
    )
    # A forecast row whose unfavourable deviation exceeds both thresholds needs a comment.
    comment_threshold_amount = models.DecimalField(
        _("comment needed from deviation (kr)"),
        max_digits=18,
        decimal_places=2,
        default=Decimal(100_000),
        help_text=_(
            "A forecast row whose deviation is worse than both this amount and the "
            "percentage below must be explained before the unit can be submitted."
        ),
    )
    comment_threshold_percent = models.DecimalField(
        _("comment needed from deviation (%)"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(1),
        help_text=_("Of the row's budget; a row without budget needs only the amount."),
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class ValidityQuerySet(models.QuerySet):
    def valid_in(self, year: int) -> ValidityQuerySet:
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=year), valid_from__lte=year)


class Committee(models.Model):
    """A political committee (nämnd, styrelse) owning goals and a budget frame."""

    name = models.CharField(_("name"), max_length=150)
    short_code = models.CharField(_("short code"), max_length=20, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    valid_from = models.PositiveSmallIntegerField(_("active from year"), validators=YEAR_VALIDATORS)
    valid_to = models.PositiveSmallIntegerField(
        _("active until year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="committee_valid_range",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def is_valid_in(self, year: int) -> bool:
        return self.valid_from <= year and (self.valid_to is None or year <= self.valid_to)


class OrgUnit(models.Model):
    """A responsibility unit in a committee's tree.

    A unit keeps its place in the tree for the years it is valid. When the
    organisation changes between years the unit is closed and a successor is
    created (see ``services.unit_reorganise``), so each year's figures stay
    attached to the tree they were reported in.

    ``path`` is a materialised path of primary keys (``/3/17/42/``): a whole
    subtree is one ``startswith`` query, all ancestors one ``pk__in`` query.
    """

    class Kind(models.TextChoices):
        ADMINISTRATION = "administration", pgettext_lazy("unit kind", "Administration")
        DEPARTMENT = "department", pgettext_lazy("unit kind", "Department")
        UNIT = "unit", pgettext_lazy("unit kind", "Unit")
        OPERATION = "operation", pgettext_lazy("unit kind", "Area of operation")

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="units", verbose_name=_("committee")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    valid_from = models.PositiveSmallIntegerField(_("valid from year"), validators=YEAR_VALIDATORS)
    valid_to = models.PositiveSmallIntegerField(
        _("valid until year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    predecessor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("predecessor"),
        help_text=_("The unit this one replaced at a reorganisation."),
    )
    # Reports follow the unit tree; where a municipality presents a unit's own bookings with
    # another unit (Kalmar: Kommunledningskontoret's with Koncernledning, seed 004), say so.
    reported_with = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("own rows reported with"),
        help_text=_(
            "In the report per area of operation, the unit's own rows are shown with this unit "
            "(one of its children) instead of on a row of their own."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    path = models.CharField(max_length=255, editable=False, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisational unit")
        verbose_name_plural = _("organisational units")
        ordering = ["committee__order", "path"]
        indexes = [
            models.Index(
                fields=["path"], name="orgunit_path_idx", opclasses=["varchar_pattern_ops"]
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="orgunit_valid_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def save(self, *args: object, **kwargs: object) -> None:
        # The path needs the primary key, so a new unit is written, then pathed.
        super().save(*args, **kwargs)
        parent_path = self.parent.path if self.parent_id else "/"
        new_path = f"{parent_path}{self.pk}/"
        if new_path == self.path:
            return
        old_path, old_depth = self.path, self.depth
        self.path, self.depth = new_path, new_path.count("/") - 2
        OrgUnit.objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)
        if old_path:
            # Moving a unit moves its subunits: rewrite their path prefix in one statement.
            OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                path=Concat(models.Value(new_path), Substr("path", len(old_path) + 1)),
                depth=models.F("depth") + (self.depth - old_depth),
            )

    @property
    def ancestor_ids(self) -> list[int]:
        """Primary keys from the root down to the parent, read off the path."""
        return [int(part) for part in self.path.strip("/").split("/")[:-1] if part]

    def is_valid_in(self, year: int) -> bool:
        return self.valid_from <= year and (self.valid_to is None or year <= self.valid_to)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.valid_to is not None and self.valid_to < self.valid_from:
            errors["valid_to"] = _("A unit cannot end before it starts.")
        if self.parent is not None:
            if self.parent.committee_id != self.committee_id:
                errors["parent"] = _("The parent unit must belong to the same committee.")
            elif self.pk and self.parent.path.startswith(self.path):
                errors["parent"] = _("A unit cannot be placed under itself or its own subunits.")
            elif self.parent.valid_from > self.valid_from or (
                self.parent.valid_to is not None
                and (self.valid_to is None or self.valid_to > self.parent.valid_to)
            ):
                errors["parent"] = _("The unit must be valid only in years its parent is valid.")
        clashes = (
            OrgUnit.objects.filter(code=self.code)
            .exclude(pk=self.pk)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=self.valid_from))
        )
        if self.valid_to is not None:
            clashes = clashes.filter(valid_from__lte=self.valid_to)
        if clashes.exists():
            errors["code"] = _("Another unit has this code in some of the same years.")
        if errors:
            raise ValidationError(errors)


class Role(models.TextChoices):
    ECONOMIST = "economist", _("Economist")
    GOAL_OWNER = "goal_owner", _("Goal owner")
    READER = "reader", _("Reader")
    CONTROLLER = "controller", _("Controller")
    ADMINISTRATOR = "administrator", _("Administrator")


MUNICIPALITY_WIDE_ROLES = (Role.CONTROLLER, Role.ADMINISTRATOR)


class RoleAssignment(models.Model):
    """A role granted to a user on a unit, covering the unit's whole subtree.

    Without a unit the role covers the whole municipality; controllers and
    administrators always work municipality-wide.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("unit"),
        help_text=_("Empty means the whole municipality."),
    )
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)
    granted_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["user", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "unit"],
                condition=Q(unit__isnull=False),
                name="role_once_per_unit",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(unit__isnull=True),
                name="role_once_municipality_wide",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=MUNICIPALITY_WIDE_ROLES) | Q(unit__isnull=True),
                name="central_roles_are_municipality_wide",
            ),
        ]

    def __str__(self) -> str:
        scope = self.unit or _("whole municipality")
        return f"{self.user}: {self.get_role_display()} ({scope})"

    def clean(self) -> None:
        if self.role in MUNICIPALITY_WIDE_ROLES and self.unit_id is not None:
            raise ValidationError(
                {"unit": _("Controllers and administrators work for the whole municipality.")}
            )


class FiscalYear(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True, validators=YEAR_VALIDATORS)

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

    def save(self, *args: object, **kwargs: object) -> None:
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
    """Something people enter into a period, written through ``municipality.editing``.

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

    class Meta:
        abstract = True

    def save(self, *args: object, **kwargs: object) -> None:
        if getattr(self, "_period_held", False):
            # ``municipality.editing`` holds the period's row for the transaction and has
            # checked its state; reading it again would only cost a query.
            super().save(*args, **kwargs)
            return
        state = ReportingPeriod.objects.values_list("state", flat=True).get(pk=self.period_id)
        if state == ReportingPeriod.State.LOCKED:
            raise PeriodLocked(self.period)
        if state != ReportingPeriod.State.OPEN and not getattr(self, "_allow_closed", False):
            raise PeriodNotOpen(self.period)
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        state = ReportingPeriod.objects.values_list("state", flat=True).get(pk=self.period_id)
        if state == ReportingPeriod.State.LOCKED:
            raise PeriodLocked(self.period)
        return super().delete(*args, **kwargs)


class Submission(PeriodEntry):
    """Where someone's entries of a period stand in the workflow (``municipality.workflow``)."""

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

    Written by ``municipality.editing`` for forecasts, comments, statuses, assessments and
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
