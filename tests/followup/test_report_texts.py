"""Report texts: sanitised, written by their writers and the controller, never once decided."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from followup.models import Report, ReportStatus, ReportText, SectionKind, TextPart, TextStatus
from followup.reports.text_page import report_progress
from followup.reports.texts import (
    ReportDecided,
    report_get_or_create,
    report_text_assign,
    report_text_save,
    report_texts_make,
    text_sanitise,
    writer_candidates,
)
from municipality.editing.gate import EditConflict, audit_trail
from municipality.models import ReportingPeriod
from municipality.periods.exceptions import PeriodLocked, PeriodNotOpen
from tests.factories import PeriodFactory

K = SectionKind


# Sanitising ------------------------------------------------------------------------------


def test_scripts_styles_and_frames_go_with_their_content() -> None:
    html = (
        "<p>Före<script>alert('x')</script></p><style>p{color:red}</style>"
        "<iframe src='https://evil.example'></iframe><p>Efter</p>"
    )
    assert text_sanitise(html) == "<p>Före</p><p>Efter</p>"


def test_event_handlers_and_javascript_links_are_removed() -> None:
    html = (
        '<p onclick="steal()" style="x">Text <a href="javascript:alert(1)" onmouseover="x">'
        "länk</a> <img src=x onerror=alert(1)></p>"
    )
    cleaned = text_sanitise(html)
    assert "onclick" not in cleaned and "onmouseover" not in cleaned
    assert "javascript" not in cleaned and "<img" not in cleaned and "style" not in cleaned
    assert cleaned.startswith("<p>Text <a") and "länk</a>" in cleaned


def test_allowed_markup_is_kept_and_links_get_rel() -> None:
    html = (
        "<h3>Rubrik</h3><h4>Under</h4><p>Ett <strong>fett</strong>, <b>b</b>, <em>kursivt</em>"
        ", <i>i</i><br></p><ul><li>ett</li></ul><ol><li>två</li></ol>"
    )
    assert text_sanitise(html) == html
    for url in ("https://kalmar.se/", "http://kalmar.se/", "mailto:info@kalmar.se"):
        assert text_sanitise(f'<a href="{url}" target="_blank">x</a>') == (
            f'<a href="{url}" rel="noopener noreferrer">x</a>'
        )
    assert text_sanitise('<a href="ftp://x">x</a>') == '<a rel="noopener noreferrer">x</a>'


def test_other_tags_are_stripped_but_their_text_kept() -> None:
    assert text_sanitise("<div><span>Text</span> <table><tr><td>1</td></tr></table></div>") == (
        "Text 1"
    )


# The report and its texts ----------------------------------------------------------------


@pytest.fixture
def period(goals) -> ReportingPeriod:
    return PeriodFactory(fiscal_year=goals.area.fiscal_year, state=ReportingPeriod.State.OPEN)


@pytest.fixture
def report(org, period) -> Report:
    return report_get_or_create(org.committee, period)


def text_of(report: Report, kind: str, part: str = TextPart.MAIN, area=None) -> ReportText:
    return ReportText.objects.get(report=report, kind=kind, part=part, goal_area=area)


def save(user, report, kind=K.SUMMARY, *, value="<p>Text</p>", field="text", **kw) -> ReportText:
    text = text_of(report, kind, kw.get("part", TextPart.MAIN), kw.get("goal_area"))
    return report_text_save(
        user=user,
        report=report,
        kind=kind,
        field=field,
        value=value,
        expected_version=getattr(text, f"{field}_version"),
        **kw,
    )


def test_the_report_is_made_once_in_version_1(org, period, report) -> None:
    assert report.version == 1 and report.status == ReportStatus.DRAFT
    assert report_get_or_create(org.committee, period) == report
    newer = Report.objects.create(committee=org.committee, period=period, version=2)
    assert report_get_or_create(org.committee, period) == newer
    whole = report_get_or_create(None, period)
    assert whole.committee is None and report_get_or_create(None, period) == whole


def test_the_texts_follow_the_sections(report, goals) -> None:
    texts = report_texts_make(report)
    keys = [(slot.kind, slot.part, slot.goal_area) for slot, _text in texts]
    assert keys == [
        (K.COVER, TextPart.PROPOSAL, None),
        (K.COVER, TextPart.BACKGROUND, None),
        (K.SUMMARY, TextPart.MAIN, None),
        (K.GOALS, TextPart.MAIN, goals.area),
        (K.OPERATING, TextPart.MAIN, None),
        (K.INVESTMENTS, TextPart.MAIN, None),
        (K.STAFF, TextPart.MAIN, None),
    ]
    assert ReportText.objects.filter(report=report).count() == 7
    assert len(report_texts_make(report)) == 7  # not made twice
    assert (report_progress(report).done, report_progress(report).total) == (0, 7)


@pytest.fixture
def texts(report) -> list:
    return report_texts_make(report)


def test_the_controller_writes_every_text_sanitised_with_its_trail(
    report, texts, controller, goals
) -> None:
    saved = save(controller, report, value="<p onclick='x'>Bra år<script>x</script></p>")
    assert saved.text == "<p>Bra år</p>" and saved.text_version == 1
    assert saved.updated_by == controller
    proposal = save(controller, report, K.COVER, part=TextPart.PROPOSAL, value="<p>Godkänn</p>")
    assert proposal.text == "<p>Godkänn</p>"
    area = save(controller, report, K.GOALS, goal_area=goals.area, value="<p>Område</p>")
    assert area.goal_area == goals.area
    [entry] = audit_trail(saved, field="text")
    assert (entry.user, entry.old_value, entry.new_value) == (controller, "", "<p>Bra år</p>")
    assert "Kommunstyrelsen" in entry.label


def test_the_status_is_saved_and_counted(report, texts, controller) -> None:
    save(controller, report, field="status", value=TextStatus.DONE)
    assert report_progress(report).done == 1
    assert report_progress(report).percent == 14
    with pytest.raises(ValidationError) as invalid:
        save(controller, report, field="status", value="bogus")
    assert invalid.value.code == "invalid_status"


def test_writers_write_only_their_own_texts(
    report, texts, controller, goal_owner, economist, other_economist
) -> None:
    assert {goal_owner, economist, controller} <= set(writer_candidates(report))
    assert other_economist not in writer_candidates(report)  # another committee's
    report_text_assign(
        user=controller, report=report, text=text_of(report, K.SUMMARY), writer=goal_owner
    )
    assert save(goal_owner, report).text == "<p>Text</p>"
    with pytest.raises(PermissionDenied):
        save(goal_owner, report, K.OPERATING)  # not assigned to them
    with pytest.raises(PermissionDenied):
        save(economist, report)  # assigned to someone else
    [entry] = audit_trail(text_of(report, K.SUMMARY), field="writer")
    assert (entry.user, entry.new_value) == (controller, str(goal_owner))


def test_only_the_controller_assigns_and_only_those_who_write_for_the_committee(
    report, texts, goal_owner, controller, other_economist
) -> None:
    with pytest.raises(PermissionDenied):
        report_text_assign(
            user=goal_owner, report=report, text=text_of(report, K.SUMMARY), writer=goal_owner
        )
    with pytest.raises(ValidationError) as refused:
        report_text_assign(
            user=controller,
            report=report,
            text=text_of(report, K.SUMMARY),
            writer=other_economist,
        )
    assert refused.value.code == "not_a_writer"
    assert text_of(report, K.SUMMARY).writer is None


def test_readers_and_outsiders_write_nothing(report, texts, reader, outsider) -> None:
    for user in (reader, outsider):
        with pytest.raises(PermissionDenied):
            save(user, report)


def test_an_assigned_writer_without_the_right_writes_nothing(report, texts, controller, reader):
    ReportText.objects.filter(report=report, kind=K.SUMMARY).update(writer=reader)
    with pytest.raises(PermissionDenied):
        save(reader, report)


def test_nobody_writes_a_decided_report(report, texts, controller, goal_owner) -> None:
    ReportText.objects.filter(report=report, kind=K.SUMMARY).update(writer=goal_owner)
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.DECIDED)
    report.refresh_from_db()
    for user in (controller, goal_owner):
        with pytest.raises(ReportDecided):
            save(user, report)
    assert text_of(report, K.SUMMARY).text == ""


def test_nobody_writes_in_a_locked_period(report, texts, period, controller, goal_owner) -> None:
    ReportText.objects.filter(report=report, kind=K.SUMMARY).update(writer=goal_owner)
    ReportingPeriod.objects.filter(pk=period.pk).update(state=ReportingPeriod.State.LOCKED)
    for user in (controller, goal_owner):
        with pytest.raises(PeriodLocked):
            save(user, report)
    assert text_of(report, K.SUMMARY).text == ""


def test_a_closed_period_is_the_controllers_alone(
    report, texts, period, controller, goal_owner
) -> None:
    ReportText.objects.filter(report=report, kind=K.SUMMARY).update(writer=goal_owner)
    ReportingPeriod.objects.filter(pk=period.pk).update(state=ReportingPeriod.State.CLOSED)
    report.period.state = ReportingPeriod.State.CLOSED
    with pytest.raises(PeriodNotOpen):
        save(goal_owner, report)
    assert save(controller, report, value="<p>Slutversion</p>").text == "<p>Slutversion</p>"


def test_a_conflict_names_who_saved_in_between(report, texts, controller, goal_owner) -> None:
    ReportText.objects.filter(report=report, kind=K.SUMMARY).update(writer=goal_owner)
    report_text_save(
        user=goal_owner,
        report=report,
        kind=K.SUMMARY,
        value="<p>Först</p>",
        expected_version=0,
    )
    with pytest.raises(EditConflict) as conflict:
        report_text_save(
            user=controller,
            report=report,
            kind=K.SUMMARY,
            value="<p>Sen</p>",
            expected_version=0,
        )
    assert (conflict.value.by, conflict.value.current) == (goal_owner, "<p>Först</p>")
    assert text_of(report, K.SUMMARY).text == "<p>Först</p>"
    assert audit_trail(text_of(report, K.SUMMARY), field="text").count() == 1
