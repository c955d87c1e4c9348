"""A report's status workflow and its details: only the controller moves them, each change in
the audit trail; a decided report is read by readers and written by nobody."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from followup.models import Report, ReportStatus, SectionKind
from followup.reports.texts import (
    ReportDecided,
    report_get_or_create,
    report_text_save,
    report_texts_make,
)
from followup.reports.workflow import report_details_save, report_set_status, status_choices
from municipality.editing.gate import audit_trail
from municipality.models import ReportingPeriod
from tests.factories import PeriodFactory

S = ReportStatus


@pytest.fixture
def period(goals) -> ReportingPeriod:
    return PeriodFactory(fiscal_year=goals.area.fiscal_year, state=ReportingPeriod.State.OPEN)


@pytest.fixture
def report(org, period) -> Report:
    return report_get_or_create(org.committee, period)


def test_the_controller_moves_a_report_to_ready_back_and_to_decided(report, controller) -> None:
    assert [value for value, _label in status_choices(report)] == [S.READY]
    report = report_set_status(user=controller, report=report, status=S.READY)
    assert {value for value, _label in status_choices(report)} == {S.DRAFT, S.DECIDED}
    report = report_set_status(user=controller, report=report, status=S.DRAFT)
    report = report_set_status(user=controller, report=report, status=S.READY)
    report = report_set_status(user=controller, report=report, status=S.DECIDED)

    report.refresh_from_db()
    assert report.status == S.DECIDED
    assert report.decision_date == datetime.date.today()  # deciding without a date: today
    assert status_choices(report) == []
    trail = [(e.field, e.old_value, e.new_value) for e in audit_trail(report)]
    statuses = [(old, new) for field, old, new in trail if field == "status"]
    assert sorted(statuses) == sorted(
        [
            (S.DRAFT, S.READY),
            (S.READY, S.DRAFT),
            (S.DRAFT, S.READY),
            (S.READY, S.DECIDED),
        ]
    )
    assert all(entry.user == controller for entry in audit_trail(report))


def test_a_draft_cannot_be_decided_directly(report, controller) -> None:
    with pytest.raises(ValidationError):
        report_set_status(user=controller, report=report, status=S.DECIDED)
    report.refresh_from_db()
    assert report.status == S.DRAFT


@pytest.mark.parametrize("who", ["economist", "goal_owner", "reader", "outsider"])
def test_only_the_controller_moves_the_status_or_writes_the_details(report, who, request):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        report_set_status(user=user, report=report, status=S.READY)
    with pytest.raises(PermissionDenied):
        report_details_save(
            user=user, report=report, case_number="X", handling_officer="", decision_date=None
        )
    report.refresh_from_db()
    assert report.status == S.DRAFT and report.case_number == ""


def test_the_details_are_written_until_decided(report, controller) -> None:
    report = report_details_save(
        user=controller,
        report=report,
        case_number=" KS 2019/0123 ",
        handling_officer="Anna Andersson",
        decision_date=datetime.date(2019, 5, 28),
    )
    report.refresh_from_db()
    assert (report.case_number, report.handling_officer) == ("KS 2019/0123", "Anna Andersson")
    assert {e.field for e in audit_trail(report)} == {
        "case_number",
        "handling_officer",
        "decision_date",
    }
    report_set_status(user=controller, report=report, status=S.READY)
    report_set_status(user=controller, report=report, status=S.DECIDED)
    report.refresh_from_db()
    assert report.decision_date == datetime.date(2019, 5, 28)  # the date given is kept
    with pytest.raises(ReportDecided):
        report_details_save(
            user=controller,
            report=report,
            case_number="KS 2019/9999",
            handling_officer="",
            decision_date=None,
        )
    report.refresh_from_db()
    assert report.case_number == "KS 2019/0123"


def test_a_decided_reports_texts_cannot_be_written(report, controller, client, period):
    client.force_login(controller)
    report_texts_make(report)
    report_set_status(user=controller, report=report, status=S.READY)
    report_set_status(user=controller, report=report, status=S.DECIDED)
    with pytest.raises((ReportDecided, PermissionDenied)):
        report_text_save(
            user=controller,
            report=report,
            kind=SectionKind.SUMMARY,
            value="<p>Ändrat efter beslut</p>",
            expected_version=0,
        )
    assert not report.texts.filter(text__contains="Ändrat").exists()


def test_a_reader_reads_a_decided_report(report, controller, reader, client, period) -> None:
    report_set_status(user=controller, report=report, status=S.READY)
    report_set_status(user=controller, report=report, status=S.DECIDED)
    client.force_login(reader)
    page = client.get(reverse("followup:report", args=[period.pk, "KS"]))
    assert page.status_code == 200
    assert 'id="report-state"' in page.content.decode()
    assert client.get(reverse("followup:report-texts", args=[period.pk, "KS"])).status_code == 200


def test_the_status_is_moved_from_the_overview_by_the_controller_only(
    report, controller, reader, client
) -> None:
    url = reverse("followup:report-status", args=[report.pk])
    client.force_login(reader)
    assert client.post(url, {"status": S.READY}).status_code == 403
    client.force_login(controller)
    response = client.post(url, {"status": S.READY})
    assert response.status_code == 302 and response.url == reverse("followup:reports")
    report.refresh_from_db()
    assert report.status == S.READY
    client.post(url, {"status": "nonsense"})  # refused with a message, nothing changes
    report.refresh_from_db()
    assert report.status == S.READY
    details = reverse("followup:report-details", args=[report.pk])
    client.post(details, {"case_number": "KS 2019/1", "decision_date": "2019-05-28"})
    report.refresh_from_db()
    assert report.case_number == "KS 2019/1"
    assert report.decision_date == datetime.date(2019, 5, 28)
