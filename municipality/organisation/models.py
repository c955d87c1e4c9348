"""The organisation: the municipality, its committees and the tree of units under them."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2100)]


def reminder_days_default() -> int:
    """A new municipality's reminder lead time: the installation's setting
    (``FORECAST_REMINDER_DAYS_BEFORE``), which the controller then changes in the
    administration."""
    return int(settings.FORECAST_REMINDER_DAYS_BEFORE)


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
    # The economists whose unit has not submitted its forecast are mailed this many days
    # before the period's deadline (budget.forecasting.reminders), and daily once it has passed.
    reminder_days_before = models.PositiveSmallIntegerField(
        _("reminder, days before the deadline"),
        default=reminder_days_default,
        validators=[MaxValueValidator(60)],
        help_text=_("0 sends no reminder before the deadline, only after it."),
    )
    # The municipalities and Kolada groups the indicators are compared with (Kolada's ids).
    kolada_peers = models.CharField(
        _("Kolada comparisons"),
        max_length=500,
        blank=True,
        validators=[
            RegexValidator(
                r"^\s*(G?\d{4,6})(\s*,\s*G?\d{4,6})*\s*$",
                _("Kolada ids separated by commas, such as 0880, 1480, G33948."),
            )
        ],
        help_text=_(
            "Municipalities (four digits, such as 1480) and Kolada groups (G and digits, such "
            "as G33948) the indicators are compared with, separated by commas."
        ),
    )

    history = HistoricalRecords(verbose_name=_("historical municipality"))

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

    # Shown on the public results site (``/resultat/``): what its decided reports contain.
    published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_(
            "The committee's decided goal status, key figures and reports are shown on the "
            "public results site."
        ),
    )

    objects = ValidityQuerySet.as_manager()

    history = HistoricalRecords(verbose_name=_("historical committee"))

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
    created (see ``people.services.unit_reorganise``), so each year's figures stay
    attached to the tree they were reported in.

    ``path`` is a materialised path of primary keys (``/3/17/42/``): a whole
    subtree is one ``startswith`` query, all ancestors one ``pk__in`` query.
    """

    class PublicCategory(models.TextChoices):
        """What a citizen looks for on the public results site."""

        SCHOOL = "school", pgettext_lazy("public category", "School")
        PRESCHOOL = "preschool", pgettext_lazy("public category", "Preschool")
        CARE_HOME = "care_home", pgettext_lazy("public category", "Care home")
        HOME_CARE = "home_care", pgettext_lazy("public category", "Home care")
        OTHER = "other", pgettext_lazy("public category", "Other operation")

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
    # The public results site (``/resultat/``) shows a published unit: a school, a care home.
    published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("The unit and its published results are shown on the public results site."),
    )
    public_category = models.CharField(
        _("category on the public site"),
        max_length=20,
        choices=PublicCategory.choices,
        blank=True,
        help_text=_("What citizens look for it as, such as a school or a care home."),
    )
    # Kolada's id of the unit (organisatorisk enhet), for unit-level comparisons.
    kolada_ou = models.CharField(
        _("Kolada unit id"),
        max_length=20,
        blank=True,
        validators=[
            RegexValidator(r"^V\d{2}E\d{6,12}$", _("A Kolada unit id, such as V15E088000301."))
        ],
        help_text=_("Kolada's id of the unit (OU), for schools and care: such as V15E088000301."),
    )
    path = models.CharField(max_length=255, editable=False, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)

    objects = ValidityQuerySet.as_manager()

    history = HistoricalRecords(verbose_name=_("historical org unit"))

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

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The path needs the primary key, so a new unit is written, then pathed.
        super().save(*args, **kwargs)
        parent_path = self.parent.path if self.parent is not None else "/"
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
        if self.valid_from is None:  # refused as a required field; nothing to compare with
            return
        errors: dict[str, StrOrPromise] = {}
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
