"""The page to write a report's texts: what each role sees, htmx and plain saves, conflicts,
assigning writers, and a constant number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followup.models import GoalArea, Report, ReportStatus, ReportText, SectionKind, TextStatus
from followup.reports.texts import report_get_or_create, report_texts_make
from municipality.models import Committee, ReportingPeriod
from tests.factories import PeriodFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
K = SectionKind


@pytest.fixture
def period(goals) -> ReportingPeriod:
    return PeriodFactory(fiscal_year=goals.area.fiscal_year, state=ReportingPeriod.State.OPEN)


def url(period, name="report-texts") -> str:
    return reverse(f"followup:{name}", args=[period.pk, "KS"])


def summary() -> ReportText:
    return ReportText.objects.get(kind=K.SUMMARY)


def page_of(client, user, period) -> str:
    client.force_login(user)
    response = client.get(url(period))
    assert response.status_code == 200
    return response.content.decode()


def key(text: ReportText) -> str:
    area = [str(text.goal_area_id)] if text.goal_area_id else []
    return "-".join(["t", text.kind, *([text.part] if text.part else []), *area])


def made(client, user, period) -> None:
    """Log in and make the report and its texts, as a first save would."""
    client.force_login(user)
    report_texts_make(report_get_or_create(Committee.objects.get(short_code="KS"), period))


def save(client, period, text, field, value, version=0, htmx=True):
    data = {"id": key(text), "field": field, field: value, f"{field}-version": version}
    return client.post(url(period, "report-text-save"), data, **(HTMX if htmx else {}))


def test_the_controller_sees_every_text_to_write_and_the_writers(
    client, period, controller, goal_owner
) -> None:
    page = page_of(client, controller, period)
    assert not Report.objects.exists()  # made by the first save, not by reading
    made(client, controller, period)
    report = Report.objects.get()
    assert (report.committee.short_code, report.version) == ("KS", 1)
    texts = ReportText.objects.filter(report=report)
    assert texts.count() == 7
    for text in texts:
        assert f'id="text-{key(text)}"' in page and f'id="status-{key(text)}"' in page
        assert f'id="writer-select-{key(text)}"' in page
    assert f'<option value="{goal_owner.pk}"' in page
    assert 'aria-valuenow="0"' in page and 'aria-valuemax="7"' in page
    # The page is one of the reports: the main navigation says so, not "Goals".
    assert f'href="{reverse("followup:reports")}" aria-current="page"' in page


def test_a_writer_sees_a_field_only_for_their_text(client, period, controller, goal_owner):
    made(client, controller, period)
    ReportText.objects.filter(kind=K.SUMMARY).update(writer=goal_owner, text="<p>Sammanfattat</p>")
    page = page_of(client, goal_owner, period)
    assert f'id="text-{key(summary())}"' in page
    assert page.count("<textarea") == 1 and "writer-select" not in page
    assert "&lt;p&gt;Sammanfattat&lt;/p&gt;</textarea>" in page


def test_a_reader_reads_and_an_outsider_is_refused(client, period, controller, reader, outsider):
    made(client, controller, period)
    ReportText.objects.filter(kind=K.SUMMARY).update(text="<p>Läsbart</p>")
    page = page_of(client, reader, period)
    assert "<textarea" not in page and "<p>Läsbart</p>" in page
    client.force_login(outsider)
    assert client.get(url(period)).status_code == 403
    assert save(client, period, summary(), "text", "x").status_code == 403


def test_a_saved_text_answers_with_its_version_writer_and_progress(client, period, controller):
    made(client, controller, period)
    text = summary()
    response = save(client, period, text, "text", "<p onclick='x'>Ett bra år</p>")
    assert response.status_code == 200 and response["HX-Trigger"] == "report-text-saved"
    answer = response.content.decode()
    assert f'id="v-text-{key(text)}" value="1" hx-swap-oob="true"' in answer
    assert f'id="last-{key(text)}" hx-swap-oob="true"' in answer and str(controller) in answer
    assert summary().text == "<p>Ett bra år</p>"
    answer = save(client, period, text, "status", TextStatus.DONE).content.decode()
    assert f'id="v-status-{key(text)}" value="1"' in answer
    assert 'id="report-progress" hx-swap-oob="true"' in answer and 'aria-valuenow="1"' in answer


def test_a_conflict_keeps_the_other_value_and_offers_to_save_mine(
    client, period, controller, goal_owner
) -> None:
    made(client, controller, period)
    text = summary()
    ReportText.objects.filter(pk=text.pk).update(writer=goal_owner)
    client.force_login(goal_owner)
    save(client, period, text, "text", "<p>Först</p>")
    client.force_login(controller)
    response = save(client, period, text, "text", "<p>Sen</p>", version=0)
    answer = response.content.decode()
    assert "HX-Trigger" not in response
    assert f'id="v-text-{key(text)}" value="1"' in answer  # their version, to save mine again
    assert f'data-resave="text-{key(text)}"' in answer
    assert summary().text == "<p>Först</p>"


def test_refusals_are_answered_not_saved(client, period, controller) -> None:
    made(client, controller, period)
    Report.objects.update(status=ReportStatus.DECIDED)
    response = save(client, period, summary(), "text", "<p>Sent</p>")
    assert response.status_code == 200 and "HX-Trigger" not in response
    assert f'id="msg-text-{key(summary())}"' in response.content.decode()
    assert summary().text == ""
    assert "<textarea" not in page_of(client, controller, period)
    Report.objects.update(status=ReportStatus.DRAFT)
    ReportingPeriod.objects.filter(pk=period.pk).update(state=ReportingPeriod.State.LOCKED)
    save(client, period, summary(), "text", "<p>Sent</p>")
    assert summary().text == ""
    assert "<textarea" not in page_of(client, controller, period)


def test_the_plain_form_saves_text_and_status(client, period, controller) -> None:
    made(client, controller, period)
    text = summary()
    response = client.post(
        url(period, "report-text-save"),
        {"id": key(text), "text": "<p>Utan JS</p>", "text-version": 0, "status": "done",
         "status-version": 0},
    )  # fmt: skip
    assert response.status_code == 302 and response["Location"].endswith(f"#{key(text)}")
    stored = summary()
    assert (stored.text, stored.status, stored.updated_by) == ("<p>Utan JS</p>", "done", controller)


def test_the_controller_assigns_a_writer(client, period, controller, goal_owner, economist):
    made(client, controller, period)
    text = summary()
    data = {"id": key(text), "writer": goal_owner.pk}
    answer = client.post(url(period, "report-text-assign"), data, **HTMX).content.decode()
    assert f'id="writer-{key(text)}" hx-swap-oob="true"' in answer
    assert summary().writer == goal_owner
    client.force_login(economist)
    data = {"id": key(text), "writer": economist.pk}
    assert client.post(url(period, "report-text-assign"), data).status_code == 403
    assert summary().writer == goal_owner


def test_the_page_reads_a_fixed_number_of_queries(client, period, controller, goal_owner):
    def count(user) -> int:
        made(client, user, period)
        ReportText.objects.update(writer=goal_owner, updated_by=goal_owner)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(period)).status_code == 200
        return len(queries)

    before = {user: count(user) for user in (controller, goal_owner)}
    for n in range(8):
        GoalArea.objects.create(fiscal_year=period.fiscal_year, name=f"Område {n}")
    assert {user: count(user) for user in (controller, goal_owner)} == before
    assert ReportText.objects.count() == 15
    assert max(before.values()) <= 17


def writes(queries: CaptureQueriesContext) -> list[str]:
    """The writes of a request, but for the session's own (its idle timeout)."""
    return [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].lstrip().split(" ", 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}
        and '"django_session"' not in query["sql"]
    ]


def test_reading_the_page_writes_nothing(client, period, controller, goal_owner, reader) -> None:
    for user in (reader, goal_owner, controller):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url(period)).content.decode()
        assert writes(queries) == [] and 'id="t-summary"' in page
        assert (Report.objects.count(), ReportText.objects.count()) == (0, 0)
    made(client, controller, period)
    ReportText.objects.filter(kind=K.SUMMARY).delete()  # a text added to the report later
    client.force_login(reader)
    with CaptureQueriesContext(connection) as queries:
        assert 'id="t-summary"' in client.get(url(period)).content.decode()
    assert writes(queries) == [] and ReportText.objects.count() == 6


def test_the_first_save_makes_the_report_and_the_text(
    client, period, controller, goal_owner
) -> None:
    page = page_of(client, controller, period)
    assert 'name="id" value="t-summary"' in page and not Report.objects.exists()
    data = {"id": "t-summary", "field": "text", "text": "<p>Först</p>", "text-version": 0}
    response = client.post(url(period, "report-text-save"), data, **HTMX)
    assert response.status_code == 200 and response["HX-Trigger"] == "report-text-saved"
    assert 'id="v-text-t-summary" value="1"' in response.content.decode()
    assert Report.objects.get().version == 1
    assert summary().text == "<p>Först</p>" and ReportText.objects.count() == 1
    data = {"id": "t-cover-proposal", "writer": goal_owner.pk}
    client.post(url(period, "report-text-assign"), data, **HTMX)
    assert ReportText.objects.get(part="proposal").writer == goal_owner
