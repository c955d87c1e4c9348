"""Goal follow-up: goal areas, council and committee goals, activities, assignments and
indicators, and their assessments per period.

The goal structure is per fiscal year. Carrying it over to the next year copies it and keeps
each copy's ``predecessor``, so status histories and indicator trends span the years.
Assessments, area observations and a committee's submission are entered into a period
through ``municipality.editing`` (locking, versions, audit trail), as forecasts are.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from municipality.models import (
    Committee,
    FiscalYear,
    OrgUnit,
    PeriodEntry,
    ReportingPeriod,
    Submission,
)


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
GOAL_RANK = {
    GoalStatus.FULFILLED: 0,
    GoalStatus.PARTLY: 1,
    GoalStatus.NOT_FULFILLED: 2,
}
WORK_RANK = {
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

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["committee__order", "order", "title"]

    def __str__(self) -> str:
        return self.title


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
    ``month`` is 12 for a whole year's value, 4 or 8 for a tertial's.
    """

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicator")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"), default=12)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, default="T")
    area_code = models.CharField(_("area"), max_length=10)
    area_name = models.CharField(_("area name"), max_length=150, blank=True)
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
                fields=["indicator", "year", "month", "gender", "area_code"],
                name="indicator_value_once",
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1) & Q(month__lte=12), name="indicator_value_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.year}-{self.month:02} {self.gender} {self.area_code}"


class Assessment(PeriodEntry):
    """A period's bedömning of one goal, activity or assignment: status, completion, comment.

    Exactly one of the four targets is set. Each field has its own version, so that two
    people may write the status and the comment of the same goal without conflict.
    """

    council_goal = models.ForeignKey(
        CouncilGoal, on_delete=models.CASCADE, null=True, blank=True, related_name="assessments"
    )
    committee_goal = models.ForeignKey(
        CommitteeGoal, on_delete=models.CASCADE, null=True, blank=True, related_name="assessments"
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, null=True, blank=True, related_name="assessments"
    )
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, null=True, blank=True, related_name="assessments"
    )
    status = models.CharField(
        _("status"),
        max_length=15,
        blank=True,
        choices=[*GoalStatus.choices, *WorkStatus.choices],
    )
    completion = models.PositiveSmallIntegerField(
        _("completion (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    comment = models.TextField(_("comment"), blank=True)
    status_version = models.PositiveIntegerField(default=0, editable=False)
    completion_version = models.PositiveIntegerField(default=0, editable=False)
    comment_version = models.PositiveIntegerField(default=0, editable=False)

    TARGETS = ("council_goal", "committee_goal", "activity", "assignment")

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        council_goal__isnull=False,
                        committee_goal=None,
                        activity=None,
                        assignment=None,
                    )
                    | Q(
                        council_goal=None,
                        committee_goal__isnull=False,
                        activity=None,
                        assignment=None,
                    )
                    | Q(
                        council_goal=None,
                        committee_goal=None,
                        activity__isnull=False,
                        assignment=None,
                    )
                    | Q(
                        council_goal=None,
                        committee_goal=None,
                        activity=None,
                        assignment__isnull=False,
                    )
                ),
                name="assessment_one_target",
            ),
            models.CheckConstraint(
                condition=Q(completion__isnull=True) | Q(completion__lte=100),
                name="assessment_completion_percent",
            ),
            *(
                models.UniqueConstraint(
                    fields=["period", target],
                    condition=Q(**{f"{target}__isnull": False}),
                    name=f"assessment_once_per_{target}",
                )
                for target in ("council_goal", "committee_goal", "activity", "assignment")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_id} {self.target_kind} {self.target_id}: {self.status}"

    @property
    def target_kind(self) -> str:
        return next(t for t in self.TARGETS if getattr(self, f"{t}_id") is not None)

    @property
    def target_id(self) -> int:
        return getattr(self, f"{self.target_kind}_id")


class AreaObservation(PeriodEntry):
    """A committee's positive observations and areas for improvement in a goal area (seed 001)."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="+", verbose_name=_("committee")
    )
    goal_area = models.ForeignKey(
        GoalArea, on_delete=models.CASCADE, related_name="observations", verbose_name=_("goal area")
    )
    positive = models.TextField(_("positive observations"), blank=True)
    improvement = models.TextField(_("areas for improvement"), blank=True)
    positive_version = models.PositiveIntegerField(default=0, editable=False)
    improvement_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("observations in a goal area")
        verbose_name_plural = _("observations in goal areas")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "committee", "goal_area"], name="area_observation_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_id} {self.committee_id} {self.goal_area_id}"


class AssessmentSubmission(Submission):
    """Where a committee's assessments of a period stand in the workflow."""

    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        related_name="assessment_submissions",
        verbose_name=_("committee"),
    )

    class Meta:
        verbose_name = _("assessment status")
        verbose_name_plural = _("assessment statuses")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "committee"], name="assessment_submission_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_id} {self.committee_id}: {self.state}"


# Reports (issue 6): which sections a report type has, a report per committee and period,
# and the texts written for it.


class SectionKind(models.TextChoices):
    """The kinds of section a report is made of; a report type chooses and orders them."""

    COVER = "cover", _("Cover and decision memo")
    SUMMARY = "summary", _("Summary and analysis")
    EVENTS = "events", _("Significant events")
    OUTLOOK = "outlook", _("Expected development")
    GOALS = "goals", _("Goal follow-up")
    INDICATORS = "indicators", _("Indicators")
    OPERATING = "operating", _("Operating accounts")
    INVESTMENTS = "investments", _("Investment accounts")
    ACTION_PLAN = "action_plan", _("Action plan")
    STAFF = "staff", _("Staff and sick leave")
    ACCURACY = "accuracy", _("Forecast accuracy")


class ReportType(models.Model):
    """A municipality's report for one kind of follow-up: tertialrapport, delårsrapport, …"""

    municipality = models.ForeignKey(
        "municipality.Municipality",
        on_delete=models.CASCADE,
        related_name="report_types",
        verbose_name=_("municipality"),
    )
    period_kind = models.CharField(
        _("follow-up"), max_length=10, choices=ReportingPeriod.Kind.choices
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("report type")
        verbose_name_plural = _("report types")
        ordering = ["municipality", "period_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "period_kind"], name="report_type_once_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ReportSection(models.Model):
    """One section of a report type, in its place, under its title, or left out."""

    report_type = models.ForeignKey(
        ReportType, on_delete=models.CASCADE, related_name="sections", verbose_name=_("report type")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SectionKind.choices)
    title = models.CharField(
        _("title"), max_length=150, blank=True, help_text=_("Empty: the kind's usual title.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    enabled = models.BooleanField(_("included"), default=True)

    class Meta:
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")
        ordering = ["report_type", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report_type", "kind"], name="report_section_once_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return self.title or str(self.get_kind_display())


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    READY = "ready", _("Ready for decision")
    DECIDED = "decided", _("Decided")


class Report(models.Model):
    """A committee's report of a period (no committee: the municipality's compilation).

    A report is made in version 1; a new version is only made explicitly, so a decided
    version stays as it was decided.
    """

    Status = ReportStatus

    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("committee"),
        help_text=_("Empty: the compilation for the whole municipality."),
    )
    period = models.ForeignKey(
        "municipality.ReportingPeriod",
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("period"),
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    case_number = models.CharField(_("case number"), max_length=50, blank=True)
    handling_officer = models.CharField(_("handling officer"), max_length=150, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    # Frozen when its period is locked: the report as it was, never computed again.
    frozen_at = models.DateTimeField(_("frozen"), null=True, blank=True, editable=False)
    snapshot_html = models.TextField(_("snapshot"), blank=True, editable=False)
    pdf = models.BinaryField(_("archived PDF"), null=True, blank=True, editable=False)
    pdf_sha256 = models.CharField(
        _("SHA-256 of the PDF"), max_length=64, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["period", "committee", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "period", "version"],
                nulls_distinct=False,
                name="report_version_once",
            ),
        ]

    def __str__(self) -> str:
        whole = self.committee or _("whole municipality")
        return f"{whole}, {self.period_id} v{self.version}"

    @property
    def is_decided(self) -> bool:
        return self.status == ReportStatus.DECIDED


class TextPart(models.TextChoices):
    """Which text of a section: most sections have one, the decision memo two."""

    MAIN = "", _("Text")
    PROPOSAL = "proposal", _("Proposed decision")
    BACKGROUND = "background", _("Background")


class TextStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    DONE = "done", _("Done")


class ReportText(PeriodEntry):
    """A text written for a report's section (per goal area in the goal follow-up).

    ``text`` is sanitised HTML (``followup.reports.texts.text_sanitise``), written through
    ``municipality.editing.field_save`` like every other entry.
    """

    Status = TextStatus

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="texts", verbose_name=_("report")
    )
    kind = models.CharField(_("section"), max_length=20, choices=SectionKind.choices)
    part = models.CharField(
        _("part"), max_length=20, choices=TextPart.choices, blank=True, default=TextPart.MAIN
    )
    goal_area = models.ForeignKey(
        GoalArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("goal area"),
    )
    text = models.TextField(_("text"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=TextStatus.choices, default=TextStatus.DRAFT
    )
    writer = models.ForeignKey(
        "municipality.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("writer"),
    )
    text_version = models.PositiveIntegerField(default=0, editable=False)
    status_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("report text")
        verbose_name_plural = _("report texts")
        ordering = ["report", "kind", "goal_area", "part"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "kind", "part", "goal_area"],
                nulls_distinct=False,
                name="report_text_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} {self.kind} {self.part} {self.goal_area_id or ''}".strip()


class ReportBuild(models.Model):
    """A report built in the background (Celery): its progress, its PDF, or why it failed."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    period = models.ForeignKey(
        "municipality.ReportingPeriod",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("period"),
    )
    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("committee"),
        help_text=_("Empty: the compilation for the whole municipality."),
    )
    requested_by = models.ForeignKey(
        "municipality.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    state = models.CharField(
        _("status"), max_length=10, choices=State.choices, default=State.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=200, blank=True)
    message = models.TextField(_("message"), blank=True)
    pdf = models.BinaryField(_("PDF"), null=True, blank=True, editable=False)
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    created = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("report build")
        verbose_name_plural = _("report builds")
        ordering = ["-created"]

    def __str__(self) -> str:
        whole = self.committee or _("whole municipality")
        return f"{whole}, {self.period_id}: {self.state}"
