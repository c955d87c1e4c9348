"""Reports (issue 6): which sections a report type has, a report per committee and period,
the texts written for it, and the builds of its PDF in the background.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from followup.goals.models import GoalArea
from municipality.models import Committee, PeriodEntry, ReportingPeriod, TrackedJob


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
    FINANCIAL = "financial", _("Cost development and budget deviation")


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

    history = HistoricalRecords(verbose_name=_("historical report type"))

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

    history = HistoricalRecords(verbose_name=_("historical report section"))

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


class FinancialTableKind(models.TextChoices):
    """The tables of the section "Kostnadsutveckling och budgetavvikelse" (seed 000, 4.1–4.2)."""

    OVERVIEW = "overview", _("The committee's top units together")
    UNITS = "units", _("Per unit")
    GROUPS = "groups", _("Per account group")


class FinancialTable(models.Model):
    """A table the committee's report shows in its financial section, in its place.

    Without any for the committee (nor any for every committee) a report shows the default
    tables: the top units together, then per top unit its children and its account groups.
    """

    Kind = FinancialTableKind

    report_type = models.ForeignKey(
        ReportType,
        on_delete=models.CASCADE,
        related_name="financial_tables",
        verbose_name=_("report type"),
    )
    committee = models.ForeignKey(
        Committee,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("committee"),
        help_text=_("Empty: every committee that has chosen no tables of its own."),
    )
    kind = models.CharField(_("table"), max_length=10, choices=FinancialTableKind.choices)
    unit = models.ForeignKey(
        "municipality.OrgUnit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
        help_text=_("A top unit of the committee; empty: a table for each of its top units."),
    )
    level = models.PositiveSmallIntegerField(
        _("level"),
        null=True,
        blank=True,
        help_text=_(
            "Per unit: the level of the organisation the rows are at (1 = the top units, "
            "as RN1). Empty: the unit's children."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords(verbose_name=_("historical financial table"))

    class Meta:
        verbose_name = _("financial table")
        verbose_name_plural = _("financial tables")
        ordering = ["report_type", "committee", "order", "pk"]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    def clean(self) -> None:
        errors = {}
        if self.level is not None and self.kind != FinancialTableKind.UNITS:
            errors["level"] = _("Only a table per unit has its rows at a level.")
        if self.unit is not None:
            if self.kind == FinancialTableKind.OVERVIEW:
                errors["unit"] = _("The top units together are of no one unit.")
            elif self.unit.parent_id is not None:
                errors["unit"] = _("Choose one of the committee's top units.")
            elif self.committee_id is not None and self.unit.committee_id != self.committee_id:
                errors["unit"] = _("The unit belongs to another committee.")
        if errors:
            raise ValidationError(errors)


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
    # The report's tables of amounts as frozen, by table id (``ReportTable.as_json``): what
    # the XLSX downloads of a frozen report serve, as the snapshot serves the page.
    snapshot_tables = models.JSONField(_("frozen tables"), default=dict, blank=True, editable=False)

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


class ReportBuild(TrackedJob):
    """A report built in the background (Celery): its progress, its PDF, or why it failed or
    was interrupted (``municipality.jobs``)."""

    # Laying out the pages tells no progress, but beats every few seconds (job_heartbeat).
    stale_after = timedelta(minutes=3)
    queued_after = timedelta(minutes=30)

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
    pdf = models.BinaryField(_("PDF"), null=True, blank=True, editable=False)
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)

    class Meta:
        verbose_name = _("report build")
        verbose_name_plural = _("report builds")
        ordering = ["-created"]

    def __str__(self) -> str:
        whole = self.committee or _("whole municipality")
        return f"{whole}, {self.period_id}: {self.state}"
