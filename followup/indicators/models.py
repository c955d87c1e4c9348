"""Indicators (nyckeltal) measuring the goals, with their targets, and their values per year,
month, gender and area (the municipality's own and those it is compared with).

An indicator is copied to the next year with the goal structure; ``origin`` keeps the first
of the chain, so its values are read across the years.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from followup.goals.models import CarriedOver, CommitteeGoal, CouncilGoal
from municipality.models import FiscalYear


class Indicator(CarriedOver):
    """Indikator, nyckeltal: a measure of a goal, with its target for the year."""

    class Unit(models.TextChoices):
        PERCENT = "percent", _("%")
        COUNT = "count", _("number")
        KRONOR = "kronor", _("kr")
        INDEX = "index", _("index")
        DAYS = "days", _("days")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")
        # A count such as the staff's: its change is shown, never judged better or worse.
        NONE = "none", _("Neither higher nor lower is better")

    class TargetKind(models.TextChoices):
        NONE = "none", _("No target")
        VALUE = "value", _("A value")
        INCREASE = "increase", _("Increase (Öka)")
        DECREASE = "decrease", _("Decrease (Minska)")

    class Comparison(models.TextChoices):
        AT_LEAST = "gte", "≥"
        AT_MOST = "lte", "≤"

    class Source(models.TextChoices):
        ENTERED = "entered", _("Entered")
        IMPORTED = "imported", _("Imported")
        KOLADA = "kolada", _("Kolada")

    fiscal_year = models.ForeignKey(
        FiscalYear, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("year")
    )
    code = models.CharField(
        _("code"),
        max_length=30,
        validators=[RegexValidator(r"^[\w.-]+$", _("Letters, digits, dot and dash."))],
        help_text=_("What import files call the indicator, such as HME or SJUK."),
    )
    name = models.CharField(_("name"), max_length=300)
    definition = models.TextField(_("definition"), blank=True)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    decimals = models.PositiveSmallIntegerField(
        _("decimals"), default=0, validators=[MaxValueValidator(4)]
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.NONE
    )
    target_kind = models.CharField(
        _("target"), max_length=10, choices=TargetKind.choices, default=TargetKind.NONE
    )
    target_comparison = models.CharField(
        _("comparison"), max_length=3, choices=Comparison.choices, blank=True
    )
    target_value = models.DecimalField(
        _("target value"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    split_by_gender = models.BooleanField(_("split by gender"), default=False)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.ENTERED
    )
    kolada_kpi = models.CharField(
        _("Kolada KPI"),
        max_length=10,
        blank=True,
        validators=[RegexValidator(r"^[A-Z]\d{5}$", _("A Kolada KPI id, such as N00005."))],
    )
    # Off: the scheduled Kolada fetch (``followup.kolada``) leaves the indicator's KPI alone.
    kolada_fetched = models.BooleanField(
        _("fetched from Kolada"),
        default=True,
        help_text=_("With a Kolada KPI, its values are fetched from Kolada every week."),
    )
    # Explicitly published: shown on the public results site and in the open data.
    published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Shown, with its values, on the public results site and in the open data."),
    )
    committee_goals = models.ManyToManyField(
        CommitteeGoal, blank=True, related_name="indicators", verbose_name=_("committee goals")
    )
    council_goals = models.ManyToManyField(
        CouncilGoal, blank=True, related_name="indicators", verbose_name=_("council goals")
    )
    # The first of the chain of yearly copies: values are read along it, so trends span years.
    origin = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    history = HistoricalRecords(
        verbose_name=_("historical indicator"), m2m_fields=["committee_goals", "council_goals"]
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["fiscal_year", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "code"], name="indicator_code_once"),
            models.CheckConstraint(
                condition=~Q(target_kind="value")
                | (Q(target_value__isnull=False) & ~Q(target_comparison="")),
                name="indicator_value_target_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def lineage_id(self) -> int:
        return self.origin_id or self.pk


class Gender(models.TextChoices):
    TOTAL = "T", pgettext_lazy("indicator series", "Total")
    WOMEN = "K", _("Women")
    MEN = "M", _("Men")


class IndicatorValue(models.Model):
    """One value of an indicator: for a year (and cut-off month), a gender and an area.

    ``area_code`` is the municipality's own code for its own values, another
    municipality's (``1880``) or a peer group's Kolada id (``G33948``) for comparisons.
    ``month`` is 12 for a whole year's value, 4 or 8 for a tertial's. ``org_unit`` is set for
    one organisational unit's value (a staff survey's Kommunledningskontoret beside Kalmar
    kommun); empty, the value is the whole area's.
    """

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicator")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"), default=12)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, default="T")
    area_code = models.CharField(_("area"), max_length=10)
    area_name = models.CharField(_("area name"), max_length=150, blank=True)
    org_unit = models.ForeignKey(
        "municipality.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisational unit"),
        help_text=_("Empty: the value of the whole municipality (or area)."),
    )
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    source = models.CharField(
        _("source"), max_length=10, choices=Indicator.Source.choices, default="entered"
    )
    updated_by = models.ForeignKey(
        "municipality.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "year", "month", "area_code", "gender"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "month", "gender", "area_code", "org_unit"],
                name="indicator_value_once",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1) & Q(month__lte=12), name="indicator_value_month"
            ),
        ]

    def __str__(self) -> str:
        unit = f" {self.org_unit_id}" if self.org_unit_id else ""
        return (
            f"{self.indicator_id} {self.year}-{self.month:02} {self.gender} {self.area_code}{unit}"
        )

    @property
    def area_key(self) -> str:
        """The series the value belongs to: its area, or its area's unit (``0880-u17``)."""
        return area_key(self.area_code, self.org_unit_id)


def area_key(area_code: str, org_unit_id: int | None) -> str:
    """An area's series key, or one of its units' (a unit's values are a series of their own
    beside the municipality's, as another area's are)."""
    return area_code if org_unit_id is None else f"{area_code}-u{org_unit_id}"
