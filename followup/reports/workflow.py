"""A report's status: utkast → klar för beslut → beslutad (and back from klar to utkast).

Only those who manage the reports (the controller, ``policy.Action.MANAGE_REPORTS``) move a
report's status or write its case number, handling officer and decision date; every change is
recorded in the audit trail. A decided report is read-only: its texts refuse writes
(``texts.ReportDecided``) and its details are fixed.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from followup.reports.models import Report, ReportStatus
from followup.reports.texts import ReportDecided
from municipality.access import policy
from municipality.editing.gate import audit_record
from municipality.models import User

STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    ReportStatus.DRAFT: frozenset({ReportStatus.READY}),
    ReportStatus.READY: frozenset({ReportStatus.DRAFT, ReportStatus.DECIDED}),
    ReportStatus.DECIDED: frozenset(),
}
DETAILS = ("case_number", "handling_officer", "decision_date")


def may_manage(user: User, report: Report) -> bool:
    """Whether the user moves the report's status and writes its details (in any period
    state: a frozen report may still be decided, see ``status_choices``)."""
    return policy.granted(user, policy.Action.MANAGE_REPORTS)


def status_choices(report: Report) -> list[tuple[str, str | Promise]]:
    """The statuses the report may move to, as (value, label)."""
    allowed = STATUS_TRANSITIONS[report.status]
    if report.frozen_at is not None:
        # A frozen report's texts and figures are fixed: it can only still be decided.
        allowed = allowed & {ReportStatus.DECIDED}
    return [(value, label) for value, label in ReportStatus.choices if value in allowed]


def _locked(report: Report) -> Report:
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("period", "committee")
        .get(pk=report.pk)
    )


def report_set_status(*, user: User, report: Report, status: str) -> Report:
    """Move the report to ``status`` if the user may and the workflow allows it.

    Deciding without a decision date records today as the date. Raises ``PermissionDenied``
    or ``ValidationError``.
    """
    if not may_manage(user, report):
        raise PermissionDenied
    with transaction.atomic():
        report = _locked(report)
        if status not in {value for value, _label in status_choices(report)}:
            raise ValidationError(
                _("The report cannot go from “%(old)s” to “%(new)s”.")
                % {"old": report.get_status_display(), "new": status},
                code="invalid_transition",
            )
        old = report.status
        report.status = status
        fields = ["status", "updated"]
        if status == ReportStatus.DECIDED and report.decision_date is None:
            report.decision_date = timezone.localdate()
            fields.append("decision_date")
            _audit(report, user, "decision_date", None, report.decision_date)
        report.save(update_fields=fields)
        _audit(report, user, "status", old, status)
        return report


def report_details_save(
    *,
    user: User,
    report: Report,
    case_number: str,
    handling_officer: str,
    decision_date: datetime.date | None,
) -> Report:
    """Save the report's case number, handling officer and decision date (until decided)."""
    if not may_manage(user, report):
        raise PermissionDenied
    values = {
        "case_number": case_number.strip(),
        "handling_officer": handling_officer.strip(),
        "decision_date": decision_date,
    }
    with transaction.atomic():
        report = _locked(report)
        if report.is_decided:
            raise ReportDecided(report)
        changed = [field for field in DETAILS if getattr(report, field) != values[field]]
        for field in changed:
            _audit(report, user, field, getattr(report, field), values[field])
            setattr(report, field, values[field])
        if changed:
            report.save(update_fields=[*changed, "updated"])
        return report


def _audit(report: Report, user: User, field: str, old: object, new: object) -> None:
    audit_record(
        report,
        field=field,
        label=_("Report %(report)s") % {"report": report},
        old=old,
        new=new,
        user=user,
        period=report.period,
        unit=None,
    )
