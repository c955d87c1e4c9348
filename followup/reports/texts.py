"""The texts written for a report: sanitised, saved field by field, written by whom.

A report's texts follow its sections (``config.TEXT_PARTS``): the decision memo's proposal
and background, the summary, per goal area a text in the goal follow-up, and so on. The
controller assigns a writer to each text; the writer may write it, the controller every text.
Nobody writes a decided report or in a locked period. Every save goes through
``municipality.editing.field_save`` (the period lock, the versions and the audit trail).
What the page to write them shows is ``text_page``'s.
"""

from __future__ import annotations

from dataclasses import dataclass

import nh3
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from followup.goals.models import GoalArea
from followup.reports.config import PER_GOAL_AREA, PER_TABLE, TEXT_PARTS, sections_for
from followup.reports.models import Report, ReportText, TextPart, TextStatus
from followup.reports.sections.financial import comment_parts
from municipality.access import policy
from municipality.editing.gate import audit_record, field_save, period_hold_open
from municipality.models import (
    Committee,
    OrgUnit,
    ReportingPeriod,
    RoleAssignment,
    User,
)
from municipality.periods.exceptions import PeriodLocked

ALLOWED_TAGS = frozenset({"p", "br", "ul", "ol", "li", "strong", "b", "em", "i", "a", "h3", "h4"})
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
FIELDS = ("text", "status")


def text_sanitise(html: str) -> str:
    """Keep paragraphs, lists, emphasis, headings and http(s)/mailto links; drop the rest.

    Scripts, styles and iframes go with their content; event handlers, other attributes and
    ``javascript:`` URLs are removed; links get ``rel="noopener noreferrer"``.
    """
    return nh3.clean(
        html or "",
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


class ReportDecided(ValidationError):
    """Raised by a write into a report that has been decided."""

    def __init__(self, report: Report) -> None:
        super().__init__(
            _("The report has been decided and cannot be changed; make a new version."),
            code="report_decided",
        )
        self.report = report


def report_current(committee: Committee | None, period: ReportingPeriod) -> Report | None:
    """The latest version of the committee's report of the period, if there is one."""
    return (
        Report.objects.filter(committee=committee, period=period)
        .select_related("committee", "period__fiscal_year")
        .order_by("-version")
        .first()
    )


def report_current_or_new(committee: Committee | None, period: ReportingPeriod) -> Report:
    """The latest version of the report, or version 1 not saved yet: reading never writes,
    the report is made by the first text saved (``report_get_or_create``)."""
    report = report_current(committee, period)
    if report is not None:
        return report
    return Report(committee=committee, period=period, version=1)


def report_get_or_create(committee: Committee | None, period: ReportingPeriod) -> Report:
    """The latest version of the report, or version 1 made now (not in a locked period)."""
    report = report_current(committee, period)
    if report is not None:
        return report
    if period.is_locked:
        raise PeriodLocked(period)
    try:
        with transaction.atomic():
            Report.objects.create(committee=committee, period=period, version=1)
    except IntegrityError:
        pass  # made by someone else at the same moment
    report = report_current(committee, period)
    assert report is not None  # made just now, or by someone else at the same moment
    return report


@dataclass(frozen=True)
class TextSlot:
    """Where a text belongs: its section, its part and (in the goal follow-up) its goal area."""

    kind: str
    part: str
    goal_area: GoalArea | None
    section_title: str
    label: str = ""  # what the text is under, when its part names a table

    @property
    def key(self) -> tuple[str, str, int | None]:
        return (self.kind, self.part, self.goal_area.pk if self.goal_area else None)


def report_text_slots(report: Report) -> list[TextSlot]:
    """The texts the report's sections ask for, in the order of the sections."""
    goal_areas: list[GoalArea] | None = None
    slots = []
    for section in sections_for(report.period):
        parts = TEXT_PARTS.get(section.kind, ())
        if section.kind in PER_GOAL_AREA:
            if goal_areas is None:
                goal_areas = list(
                    GoalArea.objects.filter(fiscal_year_id=report.period.fiscal_year_id)
                )
            areas: list[GoalArea | None] = list(goal_areas)
        else:
            areas = [None]
        slots += [
            TextSlot(kind=section.kind, part=part, goal_area=area, section_title=section.title)
            for area in areas
            for part in parts
        ]
        if section.kind in PER_TABLE and report.committee is not None:
            slots += [
                TextSlot(
                    kind=section.kind,
                    part=part,
                    goal_area=None,
                    section_title=section.title,
                    label=_("Comment under the table %(table)s") % {"table": caption},
                )
                for part, caption in comment_parts(report.period, report.committee)
            ]
    return slots


def report_texts(report: Report) -> list[tuple[TextSlot, ReportText]]:
    """Every text of the report in section order; one not written yet is shown empty and
    unsaved (its first save makes it), so that reading never writes.

    A locked period's or a decided report shows only the texts it has.
    """
    found = _texts_by_key(report) if report.pk else {}
    open_ = not report.period.is_locked and not report.is_decided
    return [
        (slot, found.get(slot.key) or _text_new(report, slot))
        for slot in report_text_slots(report)
        if slot.key in found or open_
    ]


def _text_new(report: Report, slot: TextSlot) -> ReportText:
    return ReportText(
        report=report,
        period_id=report.period_id,
        kind=slot.kind,
        part=slot.part,
        goal_area=slot.goal_area,
    )


def report_texts_make(report: Report) -> list[tuple[TextSlot, ReportText]]:
    """Every text of the report in section order, made (empty, as drafts) where missing.

    Missing texts are made only while the period is not locked; a locked period's report
    keeps the texts it has.
    """
    texts = report_texts(report)
    if any(text.pk is None for _slot, text in texts):
        # bulk_create skips PeriodEntry.save's state check: report_texts checked the state.
        ReportText.objects.bulk_create(
            [text for _slot, text in texts if text.pk is None], ignore_conflicts=True
        )
        texts = report_texts(report)
    return texts


def _texts_by_key(report: Report) -> dict[tuple[str, str, int | None], ReportText]:
    return {
        (text.kind, text.part, text.goal_area_id): text
        for text in ReportText.objects.filter(report=report).select_related("writer", "updated_by")
    }


@dataclass(frozen=True)
class Rights:
    """What a user may do with a report's texts (read once per report and user)."""

    manage: bool  # the controller: write every text, assign the writers
    write_assigned: bool  # may write the texts assigned to them
    user_id: int | None

    def may_write(self, text: ReportText) -> bool:
        return self.manage or (self.write_assigned and text.writer_id == self.user_id)


def report_rights(user: User, report: Report) -> Rights:
    """Who may write in the report: nobody in a decided report or a locked period."""
    period = report.period
    if report.is_decided or period.is_locked:
        return Rights(manage=False, write_assigned=False, user_id=user.pk)
    manage = policy.can(user, policy.Action.MANAGE_REPORTS, period=period)
    return Rights(
        manage=manage,
        write_assigned=_writes_for(user, report.committee, period),
        user_id=user.pk,
    )


def _writes_for(user: User, committee: Committee | None, period: ReportingPeriod) -> bool:
    """Whether the user may write report texts for (a unit of) the committee in the period."""
    if committee is None:
        return policy.can(user, policy.Action.WRITE_REPORT, period=period)
    unit = (
        OrgUnit.objects.filter(committee=committee)
        .filter(policy.units_filter(user, policy.Action.WRITE_REPORT))
        .order_by("path")
        .first()
    )
    return unit is not None and policy.can(
        user, policy.Action.WRITE_REPORT, unit=unit, period=period
    )


def writer_candidates(report: Report) -> list[User]:
    """Who may be assigned to write the report's texts: those who write for its committee."""
    return committee_writers(report.committee_id)


def committee_writers(committee_id: int | None) -> list[User]:
    """Those who write for the committee (``WRITE_REPORT`` on one of its units or everywhere);
    without a committee, those who write for the whole municipality and its committees."""
    roles = [
        role
        for role, actions in policy.ROLE_ACTIONS.items()
        if policy.Action.WRITE_REPORT in actions
    ]
    scope = Q(unit__isnull=True)
    if committee_id is not None:
        scope |= Q(unit__committee_id=committee_id)
    user_ids = RoleAssignment.objects.filter(scope, role__in=roles).values("user_id")
    return list(
        User.objects.filter(pk__in=user_ids, is_active=True).order_by("last_name", "first_name")
    )


def _part_label(text: ReportText) -> str:
    """The part a text is: a table's comment by the table's caption, as the texts page names
    it, else the part's name."""
    report = text.report
    if text.kind in PER_TABLE and report.committee is not None:
        captions = dict(comment_parts(report.period, report.committee))
        if text.part in captions:
            return _("Comment under the table %(table)s") % {"table": captions[text.part]}
    return text.get_part_display()


def _text_label(text: ReportText) -> str:
    parts = [str(text.report), text.get_kind_display()]
    if text.part:
        parts.append(_part_label(text))
    if text.goal_area_id:
        parts.append(str(text.goal_area))
    return " · ".join(parts)


def _text_locked(
    report: Report, *, kind: str, part: str, goal_area: GoalArea | None
) -> tuple[Report, ReportText]:
    """The report (checked not decided) and its text, both read ``FOR UPDATE``."""
    report = Report.objects.select_for_update().select_related("period").get(pk=report.pk)
    if report.is_decided:
        raise ReportDecided(report)
    text = (
        ReportText.objects.select_for_update(of=("self",))
        .select_related("updated_by", "goal_area")
        .filter(report=report, kind=kind, part=part, goal_area=goal_area)
        .first()
    )
    if text is None:  # not written yet: its first save makes it
        slot = next(
            (
                slot
                for slot in report_text_slots(report)
                if slot.key == (kind, part, goal_area.pk if goal_area else None)
            ),
            None,
        )
        if slot is None:
            raise ValidationError(_("The report has no such text."), code="no_text")
        text = _text_new(report, slot)
        text._period_held = True  # the caller holds the period open
        text.save()
    return report, text


def report_text_save(
    *,
    user: User,
    report: Report,
    kind: str,
    goal_area: GoalArea | None = None,
    part: str = TextPart.MAIN,
    field: str = "text",
    value: str,
    expected_version: int,
) -> ReportText:
    """Save a report text's ``text`` (sanitised) or ``status``, if the user may.

    Raises ``PermissionDenied``, ``ReportDecided``, ``PeriodLocked``/``PeriodNotOpen`` or
    ``EditConflict``.
    """
    if field not in FIELDS:
        raise ValueError(field)
    if field == "status" and value not in TextStatus.values:
        raise ValidationError(_("Choose a status."), code="invalid_status")
    if field == "text":
        value = text_sanitise(value)
    period = report.period
    with transaction.atomic():
        rights = report_rights(user, report)
        period_hold_open(period, allow_closed=rights.manage)
        report, text = _text_locked(report, kind=kind, part=part, goal_area=goal_area)
        if not rights.may_write(text):
            raise PermissionDenied
        saved = field_save(
            text,
            field=field,
            value=value,
            expected_version=expected_version,
            user=user,
            label=_text_label(text),
            period=period,
            unit=None,
            allow_closed=rights.manage,
            period_held=True,
            locked=True,
        )
        assert isinstance(saved, ReportText)  # field_save returns the row it saved
        return saved


def report_text_assign(
    *, user: User, report: Report, text: ReportText, writer: User | None
) -> ReportText:
    """The controller assigns (or, with ``None``, unassigns) who writes a text."""
    period = report.period
    with transaction.atomic():
        rights = report_rights(user, report)
        if not rights.manage:
            raise PermissionDenied
        period_hold_open(period, allow_closed=True)
        report, text = _text_locked(
            report, kind=text.kind, part=text.part, goal_area=text.goal_area
        )
        if writer is not None and writer.pk not in {u.pk for u in writer_candidates(report)}:
            raise ValidationError(
                _("This person does not write for the committee."), code="not_a_writer"
            )
        if text.writer_id == (writer.pk if writer else None):
            return text
        old = text.writer
        text.writer = writer
        text._period_held = True
        text.save(update_fields=["writer"])
        audit_record(
            text,
            field="writer",
            label=_text_label(text),
            old=old,
            new=writer,
            user=user,
            period=period,
            unit=None,
        )
        return text
