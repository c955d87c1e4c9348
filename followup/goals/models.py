"""The goal structure of a fiscal year: goal areas, council and committee goals, activities
and assignments, and the status scales (colour, symbol, rank) they are assessed on.

The goal structure is per fiscal year. Carrying it over to the next year copies it and keeps
each copy's ``predecessor``, so status histories and indicator trends span the years.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from municipality.models import Committee, FiscalYear, OrgUnit


class Colour(models.TextChoices):
    """The colour a status is shown in; always together with its word and symbol."""

    GREEN = "green", _("Green")
    YELLOW = "yellow", _("Yellow")
    RED = "red", _("Red")
    GREY = "grey", _("Grey")
    BLUE = "blue", _("Blue")


class GoalStatus(models.TextChoices):
    """Måluppfyllelse: how far a goal is met (DOMAIN.md, status scales)."""

    FULFILLED = "fulfilled", _("Fulfilled")
    PARTLY = "partly", _("Partly fulfilled")
    NOT_FULFILLED = "not_fulfilled", _("Not fulfilled")
    NOT_ASSESSED = "not_assessed", _("Not assessed")


class WorkStatus(models.TextChoices):
    """Where an activity or an assignment stands."""

    NOT_STARTED = "not_started", _("Not started")
    STARTED = "started", _("Started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DELAYED = "delayed", _("Delayed")
    CANCELLED = "cancelled", _("Cancelled")


# Colour and symbol of every status: the symbol carries the meaning in black-and-white print
# and for colour-blind readers, as the word does on screen.
STATUS_LOOK: dict[str, tuple[Colour, str]] = {
    GoalStatus.FULFILLED: (Colour.GREEN, "●"),
    GoalStatus.PARTLY: (Colour.YELLOW, "◐"),
    GoalStatus.NOT_FULFILLED: (Colour.RED, "○"),
    GoalStatus.NOT_ASSESSED: (Colour.GREY, "–"),
    WorkStatus.NOT_STARTED: (Colour.GREY, "–"),
    WorkStatus.STARTED: (Colour.BLUE, "◔"),
    WorkStatus.IN_PROGRESS: (Colour.YELLOW, "◑"),
    WorkStatus.DONE: (Colour.GREEN, "●"),
    WorkStatus.DELAYED: (Colour.RED, "!"),
    WorkStatus.CANCELLED: (Colour.RED, "×"),
}
# A red status needs a comment saying why.
RED_STATUSES = frozenset(s for s, (colour, _symbol) in STATUS_LOOK.items() if colour == Colour.RED)
# Statuses ordered from best to worst, to say whether a change is better or worse.
GOAL_RANK: dict[str, int] = {
    GoalStatus.FULFILLED: 0,
    GoalStatus.PARTLY: 1,
    GoalStatus.NOT_FULFILLED: 2,
}
WORK_RANK: dict[str, int] = {
    WorkStatus.DONE: 0,
    WorkStatus.IN_PROGRESS: 1,
    WorkStatus.STARTED: 1,
    WorkStatus.NOT_STARTED: 2,
    WorkStatus.DELAYED: 3,
    WorkStatus.CANCELLED: 3,
}


class CarriedOver(models.Model):
    """Something of the goal structure that is copied to the next year."""

    order = models.PositiveSmallIntegerField(_("order"), default=0)
    predecessor = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successor",
        verbose_name=_("the year before"),
    )

    class Meta:
        abstract = True


class GoalArea(CarriedOver):
    """Målområde (Kalmar: fokusområde): the council's grouping of its goals for a year."""

    fiscal_year = models.ForeignKey(
        FiscalYear, on_delete=models.PROTECT, related_name="goal_areas", verbose_name=_("year")
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords(verbose_name=_("historical goal area"))

    class Meta:
        verbose_name = _("goal area")
        verbose_name_plural = _("goal areas")
        ordering = ["fiscal_year", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "name"], name="goal_area_once"),
        ]

    def __str__(self) -> str:
        return self.name


class CouncilGoal(CarriedOver):
    """KF-mål: a goal the council sets in a goal area."""

    goal_area = models.ForeignKey(
        GoalArea,
        on_delete=models.CASCADE,
        related_name="council_goals",
        verbose_name=_("goal area"),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    owner_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible unit"),
        help_text=_("Who assesses the goal; empty: those who assess for the whole municipality."),
    )

    history = HistoricalRecords(verbose_name=_("historical council goal"))

    class Meta:
        verbose_name = _("council goal")
        verbose_name_plural = _("council goals")
        ordering = ["goal_area__order", "order", "title"]

    def __str__(self) -> str:
        return self.title


class CommitteeGoal(CarriedOver):
    """Nämndsmål: a committee's goal, breaking down one or more council goals."""

    fiscal_year = models.ForeignKey(
        FiscalYear, on_delete=models.PROTECT, related_name="committee_goals", verbose_name=_("year")
    )
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="goals", verbose_name=_("committee")
    )
    goal_area = models.ForeignKey(
        GoalArea,
        on_delete=models.PROTECT,
        related_name="committee_goals",
        verbose_name=_("goal area"),
    )
    council_goals = models.ManyToManyField(
        CouncilGoal, blank=True, related_name="committee_goals", verbose_name=_("council goals")
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    owner_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible unit"),
        help_text=_("The unit whose goal owners assess the goal, usually the administration."),
    )

    history = HistoricalRecords(
        verbose_name=_("historical committee goal"), m2m_fields=["council_goals"]
    )

    class Meta:
        verbose_name = _("committee goal")
        verbose_name_plural = _("committee goals")
        ordering = ["committee__order", "goal_area__order", "order", "title"]

    def __str__(self) -> str:
        return self.title


class Activity(CarriedOver):
    """Aktivitet: what a unit does towards a committee goal."""

    goal = models.ForeignKey(
        CommitteeGoal,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("committee goal"),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    owner_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible unit")
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)

    history = HistoricalRecords(verbose_name=_("historical activity"))

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["goal", "order", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True)
                | Q(end__isnull=True)
                | Q(end__gte=models.F("start")),
                name="activity_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Assignment(CarriedOver):
    """Uppdrag: a task the council or the executive board gives a committee."""

    class Giver(models.TextChoices):
        COUNCIL = "council", _("Municipal council (KF)")
        BOARD = "board", _("Municipal executive board (KS)")

    fiscal_year = models.ForeignKey(
        FiscalYear, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("year")
    )
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("committee")
    )
    goal_area = models.ForeignKey(
        GoalArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("goal area"),
    )
    given_by = models.CharField(_("given by"), max_length=10, choices=Giver.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    owner_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible unit")
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)

    history = HistoricalRecords(verbose_name=_("historical assignment"))

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["committee__order", "order", "title"]

    def __str__(self) -> str:
        return self.title
