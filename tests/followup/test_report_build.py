"""The report built in the background: the municipality-wide compilation of the demo as one
PDF with every committee and the summary table's numbers, its progress, a failure stored in
words and retried, the pages that start and follow a build, and the task on a real worker."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from followup.models import ReportBuild
from followup.reports import sections
from followup.reports.background import build_retry
from followup.reports.building import build_run
from followup.reports.compilation import compilation_committees
from followup.reports.document import report_context_of
from followup.reports.tasks import report_build
from municipality.formats.numbers import format_tkr
from municipality.models import (
    Committee,
    OrgUnit,
    ReportingPeriod,
    Role,
    RoleAssignment,
)
from tests.factories import UserFactory

YEAR = 2019
State = ReportBuild.State


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "build.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True)
    return done.stdout.replace("\xa0", " ")


@pytest.fixture(scope="module")
def whole(demo_2019: None, django_db_blocker: object) -> Iterator[int]:
    """The compilation of the demo's T1, built once for the module by the task itself."""
    with django_db_blocker.unblock():
        period = ReportingPeriod.objects.get(fiscal_year__year=YEAR, kind="t1")
        build = ReportBuild.objects.create(period=period, committee=None)
        assert report_build(build.pk) == State.DONE
        yield build.pk


@pytest.fixture
def t1(demo_2019: None, db: None) -> ReportingPeriod:
    return ReportingPeriod.objects.get(fiscal_year__year=YEAR, kind=ReportingPeriod.Kind.T1)


def test_the_compilation_has_every_committee_and_the_summary_numbers(whole, tmp_path) -> None:
    build = ReportBuild.objects.get(pk=whole)
    assert (build.state, build.progress, build.message) == (State.DONE, 100, "")
    assert bytes(build.pdf).startswith(b"%PDF") and build.pages > 30
    text = _text(bytes(build.pdf), tmp_path)
    assert f"Page 1 of {build.pages}" in text or f"Sida 1 av {build.pages}" in text
    summary = text.split("\f")[2]  # title page, table of contents, then the summary
    for committee in compilation_committees(build.period):
        assert committee.name in text
        ctx = report_context_of(build.period, committee)
        first = committee.name.split()[0].rstrip("-")
        row = next(line for line in summary.splitlines() if line.startswith(first))
        amounts = [
            format_tkr(ctx.grids[0].shown(ctx.totals.budget)),
            format_tkr(ctx.totals.deviation),
        ]
        for amount in amounts:
            assert amount.replace("\xa0", " ") in row, (committee.name, row, amount)
    assert re.search(r"Kommunstyrelsen\s+646 478\s+648 711\s+−2 233", summary)


def test_the_build_is_idempotent(whole) -> None:
    before = ReportBuild.objects.values_list("pdf_sha256", "finished_at").get(pk=whole)
    assert build_run(whole) == State.DONE
    assert ReportBuild.objects.values_list("pdf_sha256", "finished_at").get(pk=whole) == before


def test_a_failure_is_stored_in_words_and_a_retry_works(
    t1, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    ks = Committee.objects.get(short_code="KS")
    build = ReportBuild.objects.create(period=t1, committee=ks)

    def broken(ctx: object) -> dict:
        raise ValueError("the staff figures are missing")

    monkeypatch.setitem(sections.BUILDERS, "staff", broken)
    assert build_run(build.pk) == State.FAILED
    build.refresh_from_db()
    assert build.state == State.FAILED and build.pdf is None
    assert "the staff figures are missing" in build.message
    assert "Kommunstyrelsen" in build.message  # the step it failed in

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=False) as queued:
        build_retry(build)
    assert len(queued) == 1 and ReportBuild.objects.get(pk=build.pk).state == State.QUEUED
    assert build_run(build.pk) == State.DONE
    build.refresh_from_db()
    assert (build.state, build.progress, build.message) == (State.DONE, 100, "")
    assert len(build.pdf_sha256) == 64 and build.pages >= 5


def _reader_of_ks() -> object:
    user = UserFactory()
    root = OrgUnit.objects.valid_in(YEAR).get(code="1000")
    RoleAssignment.objects.create(user=user, role=Role.READER, unit=root)
    return user


def test_starting_a_build_queues_it_and_shows_its_page(
    client, t1, django_capture_on_commit_callbacks
) -> None:
    controller = UserFactory()
    RoleAssignment.objects.create(user=controller, role=Role.CONTROLLER, unit=None)
    client.force_login(controller)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(reverse("followup:report-build-start"), {"period": t1.pk})
    build = ReportBuild.objects.get(requested_by=controller)
    assert response.status_code == 302
    assert response["Location"] == reverse("followup:report-build", args=[build.pk])
    assert (build.committee, build.state, len(queued)) == (None, State.QUEUED, 1)
    page = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert f'href="{reverse("followup:reports")}" aria-current="page"' in page
    assert reverse("followup:report-build-progress", args=[build.pk]) in page
    assert client.get(reverse("followup:report-build-pdf", args=[build.pk])).status_code == 404


def test_the_polled_partial_stops_when_done_and_links_the_pdf(client, whole) -> None:
    client.force_login(UserFactory(is_superuser=True))
    partial = client.get(reverse("followup:report-build-progress", args=[whole])).content
    assert b"hx-trigger" not in partial and b'aria-valuenow="100"' in partial
    download = reverse("followup:report-build-pdf", args=[whole])
    assert download.encode() in partial
    response = client.get(download)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content == bytes(ReportBuild.objects.get(pk=whole).pdf)


def test_a_failed_build_says_why_and_offers_a_retry(client, t1) -> None:
    build = ReportBuild.objects.create(
        period=t1, committee=None, state=State.FAILED, message="Boom: no figures"
    )
    client.force_login(UserFactory(is_superuser=True))
    partial = client.get(reverse("followup:report-build-progress", args=[build.pk])).content
    assert b"Boom: no figures" in partial and b"hx-trigger" not in partial
    assert reverse("followup:report-build-retry", args=[build.pk]).encode() in partial


def test_a_committee_reader_may_build_its_report_but_not_the_whole_municipality(
    client, t1, whole, django_capture_on_commit_callbacks
) -> None:
    client.force_login(_reader_of_ks())
    start = reverse("followup:report-build-start")
    with django_capture_on_commit_callbacks(execute=False):
        own = client.post(start, {"period": t1.pk, "committee": "KS"})
        others = client.post(start, {"period": t1.pk, "committee": "SN"})
        everyone = client.post(start, {"period": t1.pk})
    assert (own.status_code, others.status_code, everyone.status_code) == (302, 403, 403)
    assert client.get(reverse("followup:report-build", args=[whole])).status_code == 403
    assert client.get(reverse("followup:report-build-pdf", args=[whole])).status_code == 403
    client.force_login(UserFactory())
    assert client.get(reverse("followup:report-build-progress", args=[whole])).status_code == 403


def test_render_report_renders_the_whole_municipality(t1, tmp_path) -> None:
    out = tmp_path / "all.html"
    call_command(
        "render_report",
        "--committee",
        "ALL",
        "--period",
        "2019-T1",
        "--format",
        "html",
        "-o",
        str(out),
    )
    html = out.read_text()
    assert html.count('class="report-part"') == len(compilation_committees(t1)) > 3
    assert 'id="compilation-summary-table"' in html


def test_the_report_page_offers_a_background_build(client, t1) -> None:
    client.force_login(_reader_of_ks())
    page = client.get(reverse("followup:report", args=[t1.pk, "KS"])).content.decode()
    form = page.split('class="report-build-start"', 1)[1].split("</form>", 1)[0]
    assert 'name="committee" value="KS"' in form and f'name="period" value="{t1.pk}"' in form
    assert reverse("followup:report-build-start") in page


def test_an_interrupted_build_says_why_and_a_retry_queues_it_again(
    client, t1, django_capture_on_commit_callbacks
) -> None:
    build = ReportBuild.objects.create(
        period=t1, committee=None, state=State.INTERRUPTED, message="Avbruten: inget livstecken"
    )
    client.force_login(UserFactory(is_superuser=True))
    page = client.get(reverse("followup:report-build", args=[build.pk])).content.decode()
    retry = reverse("followup:report-build-retry", args=[build.pk])
    assert "Avbruten" in page and "inget livstecken" in page and "hx-trigger" not in page
    assert f'action="{retry}"' in page and 'id="report-build-retry"' in page

    with django_capture_on_commit_callbacks(execute=False) as queued:
        client.post(retry)
    build.refresh_from_db()
    assert len(queued) == 1 and build.state == State.QUEUED and build.message == ""


def test_a_running_build_is_not_retried(client, t1, django_capture_on_commit_callbacks):
    build = ReportBuild.objects.create(period=t1, committee=None, state=State.RUNNING)
    client.force_login(UserFactory(is_superuser=True))
    with django_capture_on_commit_callbacks(execute=False) as queued:
        client.post(reverse("followup:report-build-retry", args=[build.pk]))
    build.refresh_from_db()
    assert (build.state, len(queued)) == (State.RUNNING, 0)
    partial = client.get(reverse("followup:report-build-progress", args=[build.pk])).content
    assert b'hx-trigger="every 1s"' in partial and b"report-build-retry" not in partial


def test_a_build_done_in_the_web_process_says_so(client, whole) -> None:
    ReportBuild.objects.filter(pk=whole).update(ran_in_process=True)
    client.force_login(UserFactory(is_superuser=True))
    page = client.get(reverse("followup:report-build", args=[whole])).content.decode()
    assert "Redis gick inte att nå, så detta kördes i webbserverns egen process" in page


def _announced(partial: str) -> str | None:
    """What the partial's status region says, or None when the poll leaves the region be."""
    found = re.search(
        r'<p class="visually-hidden" id="report-build-announce"[^>]*>(.*?)</p>', partial
    )
    return found.group(1) if found else None


def test_the_progress_is_told_in_words_and_a_change_of_state_announced_once(client, t1) -> None:
    build = ReportBuild.objects.create(
        period=t1, committee=None, state=State.RUNNING, progress=40, step="Läser siffrorna"
    )
    client.force_login(UserFactory(is_superuser=True))
    url = reverse("followup:report-build-progress", args=[build.pk])
    page = client.get(reverse("followup:report-build", args=[build.pk])).content.decode()
    assert 'aria-valuenow="40" aria-valuetext="40 %: Läser siffrorna"' in page
    assert """hx-vals='{"shown": "running"}'""" in page
    assert _announced(page) == ""  # the region is in the page, empty
    assert _announced(client.get(url, {"shown": "running"}).content.decode()) is None

    ReportBuild.objects.filter(pk=build.pk).update(state=State.FAILED, message="Boom")
    partial = client.get(url, {"shown": "running"}).content.decode()
    assert _announced(partial) == "Rapportbyggets förlopp: Misslyckades"
    assert (
        'id="report-build-announce" aria-live="polite" aria-atomic="true" hx-swap-oob="innerHTML"'
        in partial
    )
    assert 'role="alert">Boom</p>' in partial
