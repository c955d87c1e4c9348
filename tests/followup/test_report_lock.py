"""Locking a period freezes every committee's report after the commit, a new version is made
explicitly, and the overview of a period's reports shows each one in a constant number of
queries (the cast's organisation: these tests do not need the demo)."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followup.models import Report, ReportStatus, ReportText, SectionKind, TextStatus
from followup.reports.freeze import period_reports_freeze, report_freeze, report_new_version
from followup.reports.render import html_pdf
from followup.reports.texts import report_get_or_create, report_text_save, report_texts_make
from followup.reports.workflow import report_set_status
from municipality.models import ReportingPeriod
from municipality.periods.services import period_set_state
from tests.factories import CommitteeFactory, OrgUnitFactory, PeriodFactory
from tests.followup.report_helpers import pdf_text

S = ReportStatus


# The cast's organisation: locking freezes every committee's report --------------------------


@pytest.fixture
def period(goals) -> ReportingPeriod:
    return PeriodFactory(fiscal_year=goals.area.fiscal_year, state=ReportingPeriod.State.OPEN)


@pytest.fixture
def eager():
    """The freezing task runs in this process, as in the embedded default."""
    from config.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


def _decide(report: Report, controller) -> Report:
    report_set_status(user=controller, report=report, status=S.READY)
    return report_set_status(user=controller, report=report, status=S.DECIDED)


def _lock(period: ReportingPeriod, user) -> None:
    period_set_state(period=period, state=ReportingPeriod.State.CLOSED, user=user)
    period_set_state(period=period, state=ReportingPeriod.State.LOCKED, user=user)


def test_locking_freezes_every_committees_report_after_commit(
    org, period, controller, eager, django_capture_on_commit_callbacks, tmp_path
) -> None:
    ks = report_get_or_create(org.committee, period)
    report_texts_make(ks)
    ReportText.objects.filter(report=ks, kind=SectionKind.SUMMARY).update(
        text="<p>Nämnden redovisar ett underskott.</p>", status=TextStatus.DONE
    )
    assert not Report.objects.filter(committee=org.other_committee).exists()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _lock(period, controller)
        assert not Report.objects.filter(frozen_at__isnull=False).exists()  # not before commit
    assert callbacks

    reports = {r.committee.short_code: r for r in Report.objects.filter(period=period)}
    assert set(reports) == {"KS", "SN"}  # Socialnämnden's report was made to be archived
    for report in reports.values():
        assert report.version == 1 and report.frozen_at is not None
        pdf = bytes(report.pdf)
        assert report.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
        assert report.committee.name in pdf_text(pdf, tmp_path)
        assert report.committee.name in report.snapshot_html
    assert "Nämnden redovisar ett underskott." in reports["KS"].snapshot_html
    assert "Nämnden redovisar ett underskott." in pdf_text(bytes(reports["KS"].pdf), tmp_path)
    # The archive is the snapshot made PDF: rendered again from the snapshot, the same text.
    again = html_pdf(reports["KS"].snapshot_html).write_pdf()
    assert pdf_text(again, tmp_path) == pdf_text(bytes(reports["KS"].pdf), tmp_path)
    # A second run freezes nothing new.
    assert period_reports_freeze(period.pk) == []


def test_monthly_periods_and_unlocked_periods_freeze_nothing(org, period, goals) -> None:
    assert period_reports_freeze(period.pk) == []  # open
    month = PeriodFactory(
        fiscal_year=goals.area.fiscal_year,
        kind=ReportingPeriod.Kind.MONTH,
        cutoff_month=6,
        state=ReportingPeriod.State.LOCKED,
    )
    assert period_reports_freeze(month.pk) == []
    assert not Report.objects.filter(period=month).exists()


def test_only_the_controller_makes_versions_and_freezes(
    org, period, controller, reader, economist
) -> None:
    report = report_get_or_create(org.committee, period)
    with pytest.raises(ValidationError):
        report_new_version(report, controller)  # a draft can still be changed
    with pytest.raises(ValidationError):
        report_freeze(report, controller)  # the period is not locked
    report = _decide(report, controller)
    for user in (reader, economist):
        with pytest.raises(PermissionDenied):
            report_new_version(report, user)
        with pytest.raises(PermissionDenied):
            report_freeze(report, user)
    new = report_new_version(report, controller)
    with pytest.raises(ValidationError):
        report_new_version(report, controller)  # only from the latest version
    assert new.version == 2 and new.status == S.DRAFT


def test_a_new_version_copies_the_texts_and_can_be_written(org, period, controller) -> None:
    report = report_get_or_create(org.committee, period)
    report_texts_make(report)
    summary = ReportText.objects.get(report=report, kind=SectionKind.SUMMARY)
    report_text_save(
        user=controller,
        report=report,
        kind=SectionKind.SUMMARY,
        value="<p>Första versionen.</p>",
        expected_version=summary.text_version,
    )
    report = _decide(report, controller)
    new = report_new_version(report, controller)
    copied = ReportText.objects.get(report=new, kind=SectionKind.SUMMARY)
    assert copied.text == "<p>Första versionen.</p>"
    assert ReportText.objects.filter(report=new).count() == report.texts.count()
    report_text_save(
        user=controller,
        report=new,
        kind=SectionKind.SUMMARY,
        value="<p>Andra versionen.</p>",
        expected_version=copied.text_version,
    )
    assert ReportText.objects.get(report=report, kind=SectionKind.SUMMARY).text == (
        "<p>Första versionen.</p>"
    )


# The overview -------------------------------------------------------------------------------


def _overview(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("followup:reports"))
    assert response.status_code == 200
    return response.content.decode()


def _row(page: str, code: str) -> str:
    return re.search(rf'<tr data-committee="{code}".*?</tr>', page, re.S).group(0)


def test_the_overview_shows_every_committees_report_to_the_controller(
    client, org, period, controller
) -> None:
    report = report_get_or_create(org.committee, period)
    report_texts_make(report)
    ReportText.objects.filter(report=report, kind=SectionKind.SUMMARY).update(
        status=TextStatus.DONE
    )
    total = report.texts.count()
    page = _overview(client, controller)
    ks, sn = _row(page, "KS"), _row(page, "SN")
    assert f'data-status="{S.DRAFT}"' in ks and "data-status" not in sn
    assert f'data-done="1" data-total="{total}"' in ks
    assert f'data-done="0" data-total="{total}"' in sn  # no texts yet: as many as to write
    for name in ("report", "report-texts", "report-pdf"):
        assert reverse(f"followup:{name}", args=[period.pk, "KS"]) in ks
    assert reverse("followup:report-status", args=[report.pk]) in ks
    assert f'value="{S.READY}"' in ks and f'value="{S.DECIDED}"' not in ks
    assert reverse("municipality:periods") in page


def test_the_overview_shows_a_frozen_reports_checksum_and_no_actions_to_a_reader(
    client, org, period, controller, reader
) -> None:
    report = report_get_or_create(org.committee, period)
    Report.objects.filter(pk=report.pk).update(
        frozen_at="2019-05-30T12:00:00Z", pdf_sha256="ab" * 32, status=S.DECIDED
    )
    page = _overview(client, reader)
    ks = _row(page, "KS")
    assert f'data-sha256="{"ab" * 32}"' in ks and "2019-05-30" in ks
    table = page.split('id="reports-overview"', 1)[1].split("</table>", 1)[0]
    assert "<form" not in table and "report-status" not in table
    assert 'data-committee="SN"' not in page  # the reader sees Kommunstyrelsen only


def test_the_overview_reads_a_constant_number_of_queries(client, org, period, controller):
    def count() -> int:
        client.force_login(controller)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("followup:reports")).status_code == 200
        return len(queries)

    report_texts_make(report_get_or_create(org.committee, period))
    count()  # the first request reads what later ones have cached
    before = count()
    for code in ("BUN", "MBN", "KFN"):
        committee = CommitteeFactory(short_code=code, name=f"Nämnd {code}")
        OrgUnitFactory(committee=committee, name=code)
        report_texts_make(report_get_or_create(committee, period))
    assert count() == before


def test_the_overview_offers_the_whole_municipalitys_build_to_the_controller(
    client, org, controller, reader, open_period
):
    from django.urls import reverse as _reverse

    client.force_login(controller)
    page = client.get(_reverse("followup:reports")).content.decode()
    assert _reverse("followup:report-build-start") in page
    client.force_login(reader)  # reads only Kommunledningskontoret's part of the municipality
    page = client.get(_reverse("followup:reports")).content.decode()
    assert _reverse("followup:report-build-start") not in page
