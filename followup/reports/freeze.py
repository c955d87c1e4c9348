"""Freezing the reports of a locked period: what the committee decided stays as it was.

When a period is locked every committee's report of it is frozen: ``snapshot_html`` is the
report's document HTML as rendered then, ``pdf`` the PDF WeasyPrint made from that very HTML
(so the archive and the snapshot agree), ``pdf_sha256`` its checksum, ``frozen_at`` the moment.
A frozen report is served from the snapshot and the archive, never computed again; later
changes to the figures show only in a new version (``report_new_version``), which renders live
data until it is frozen explicitly (``report_freeze``).

The freezing runs after the lock commits, as a Celery task (``followup.reports.tasks``,
queued by ``followup.reports.background``): rendering every committee's PDF takes seconds each.
"""

from __future__ import annotations

import hashlib
import logging
import re

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from followup.reports.config import sections_for
from followup.reports.models import Report, ReportText
from followup.reports.render import document_pdf, html_pdf, report_html, report_pdf, report_tables
from followup.reports.tables import ReportTable
from followup.reports.workflow import may_manage
from municipality.models import Committee, ReportingPeriod, User
from municipality.organisation.selectors import committees_in_year
from municipality.periods.lock import period_system_write

logger = logging.getLogger(__name__)

_ARTICLE = re.compile(r"<article\b.*</article>", re.S)


def report_freeze_now(report: Report) -> Report:
    """Freeze the report unless it already is: snapshot, archived PDF, checksum, moment, and
    its tables of amounts for the XLSX downloads.

    Idempotent and safe beside a second run: the row is locked and checked again.
    """
    with transaction.atomic():
        report = (
            Report.objects.select_for_update(of=("self",))
            .select_related("period__fiscal_year", "committee")
            .get(pk=report.pk)
        )
        if report.frozen_at is not None:
            return report
        if report.committee is None:
            raise ValueError("The municipality's compilation is not frozen here.")
        # The archive is the report as the municipality publishes it: in Swedish, whatever
        # language the controller who froze it reads the site in.
        with translation.override(settings.LANGUAGE_CODE):
            html = report_html(report.period, report.committee, for_pdf=True, report=report)
        pdf = document_pdf(html_pdf(html))
        tables = report_tables(report.period, report.committee, report=report)
        report.snapshot_tables = {table_id: t.as_json() for table_id, t in tables.items()}
        report.snapshot_html = html
        report.pdf = pdf
        report.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
        report.frozen_at = timezone.now()
        report.save(
            update_fields=[
                "snapshot_html", "snapshot_tables", "pdf", "pdf_sha256", "frozen_at", "updated",
            ]
        )  # fmt: skip
        return report


def period_committees(period: ReportingPeriod) -> list[Committee]:
    """The committees active in the period's year, in their order."""
    return list(committees_in_year(period.year))


def period_reports_freeze(period_id: int) -> list[Report]:
    """Freeze every committee's reports of the locked period, making version 1 where a
    committee has none, so that every committee's report is archived. Returns those frozen."""
    period = ReportingPeriod.objects.select_related("fiscal_year").filter(pk=period_id).first()
    if period is None or not period.is_locked:
        logger.info("Period %s is gone or not locked; no reports to freeze", period_id)
        return []
    if not sections_for(period):
        return []  # a monthly follow-up without a report type has no report
    for committee in period_committees(period):
        if not Report.objects.filter(period=period, committee=committee).exists():
            try:
                with transaction.atomic():
                    Report.objects.create(period=period, committee=committee, version=1)
            except IntegrityError:
                pass  # made at the same moment by another run
    unfrozen = (
        Report.objects.filter(period=period, committee__isnull=False, frozen_at__isnull=True)
        .order_by("committee__order", "committee__name", "version")
        .only("pk")
    )
    return [report_freeze_now(report) for report in unfrozen]


def report_freeze(report: Report, user: User) -> Report:
    """The controller freezes a report version of a locked period explicitly (a new version
    made after the lock is not frozen by it)."""
    if not may_manage(user, report):
        raise PermissionDenied
    if not report.period.is_locked:
        raise ValidationError(
            _("Only a report of a locked period can be frozen."), code="period_not_locked"
        )
    return report_freeze_now(report)


def report_new_version(report: Report, user: User) -> Report:
    """Make the next version of the report as a draft with the texts copied: it renders the
    data as they are now. Only from the latest version, and only of a decided or frozen one."""
    if not may_manage(user, report):
        raise PermissionDenied
    with transaction.atomic():
        latest = (
            Report.objects.select_for_update()
            # A None committee_id is the municipality's report: Django makes it IS NULL.
            .filter(period_id=report.period_id, committee_id=report.committee_id)  # type: ignore[misc]  # None: IS NULL
            .order_by("-version")
            .first()
        )
        if latest is None or latest.pk != report.pk:
            raise ValidationError(
                _("A new version is made from the latest version."), code="not_latest"
            )
        if not (latest.is_decided or latest.frozen_at is not None):
            raise ValidationError(
                _("The report can still be changed; no new version is needed."),
                code="still_open",
            )
        new = Report.objects.create(
            period_id=latest.period_id,
            committee_id=latest.committee_id,
            version=latest.version + 1,
            case_number=latest.case_number,
            handling_officer=latest.handling_officer,
        )
        # bulk_create as a system write: the texts are copied whatever the period's state, a
        # locked one too (people change them through field_save, which keeps to its rules).
        with period_system_write():
            ReportText.objects.bulk_create(
                ReportText(
                    report=new,
                    period_id=text.period_id,
                    kind=text.kind,
                    part=text.part,
                    goal_area_id=text.goal_area_id,
                    text=text.text,
                    status=text.status,
                    writer_id=text.writer_id,
                    updated_by_id=text.updated_by_id,
                    updated_at=text.updated_at,
                )
                for text in ReportText.objects.filter(report=latest)
            )
        return Report.objects.select_related("period__fiscal_year", "committee").get(pk=new.pk)


def frozen_body(report: Report) -> SafeString:
    """The frozen report's ``<article>`` from its snapshot, for the page inside the site.

    The snapshot is the HTML Tertial rendered itself (texts sanitised when saved)."""
    return snapshot_article(report.snapshot_html)


def snapshot_article(snapshot_html: str) -> SafeString:
    """A frozen document's ``<article>`` (a report's, a plan's), to show inside the site."""
    match = _ARTICLE.search(snapshot_html)
    return mark_safe(match.group(0) if match else "")


def served_html(period: ReportingPeriod, committee: Committee, report: Report | None) -> str:
    """The report's document HTML: the snapshot if frozen, else rendered now."""
    if report is not None and report.frozen_at is not None:
        return report.snapshot_html
    return report_html(period, committee, for_pdf=True, report=report)


def served_tables(
    period: ReportingPeriod, committee: Committee, report: Report | None
) -> dict[str, ReportTable]:
    """The report's tables of amounts: as frozen, else as the data are now. (A report frozen
    before its tables were kept serves them as they are now.)"""
    if report is not None and report.frozen_at is not None and report.snapshot_tables:
        return {
            table_id: ReportTable.from_json(table_id, data)
            for table_id, data in report.snapshot_tables.items()
        }
    return report_tables(period, committee, report=report)


def served_pdf(period: ReportingPeriod, committee: Committee, report: Report | None) -> bytes:
    """The report's PDF: the archived one if frozen, else made now."""
    if report is not None and report.frozen_at is not None and report.pdf is not None:
        return bytes(report.pdf)
    return report_pdf(period, committee, report=report)
