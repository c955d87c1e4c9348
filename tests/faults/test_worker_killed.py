"""A Celery worker killed with SIGKILL in the middle of the whole municipality's report build
(a real ``celery -A config worker`` with the prefork pool, on a Redis of the test's own):

- only its pool process killed: the task is given back to the queue (``acks_late`` with
  ``reject_on_worker_lost``), a new pool process builds the report again, and it is done;
- the whole worker killed: nothing gives the task back before Redis's visibility timeout,
  so the sweeper marks the build interrupted once its heartbeat is old; the page says so
  with a retry button, and the retry, with a fresh worker, builds it.

Either way one build, one PDF: nothing lost, nothing doubled.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from followup.models import ReportBuild
from municipality.jobs.tasks import jobs_sweep
from municipality.models import QueuedWork, ReportingPeriod
from tests.factories import UserFactory
from tests.faults.conftest import RedisServer, WorkerProcess, wait_for

State = ReportBuild.State
BUILD_TASK = "followup.tasks.report_build"


@pytest.fixture
def t1(transactional_db: None) -> ReportingPeriod:
    """The demo municipality, committed (the worker is another process), and its 2019 T1."""
    with override_settings(DEMO_MODE=True):
        call_command("seed_demo", "--year", "2019", stdout=StringIO())
    return ReportingPeriod.objects.get(fiscal_year__year=2019, kind=ReportingPeriod.Kind.T1)


def _build_started(client: object, t1: ReportingPeriod) -> ReportBuild:
    response = client.post(reverse("followup:report-build-start"), {"period": t1.pk}, follow=True)
    assert response.status_code == 200
    assert "Rapporten ligger i kö" in response.content.decode()  # queued, not built here
    return ReportBuild.objects.get()


def _running(build: ReportBuild) -> ReportBuild:
    """Wait until the worker is well into the build (reading the committees)."""
    return wait_for(
        lambda: (
            ReportBuild.objects.defer("pdf")
            .filter(pk=build.pk, state=State.RUNNING, progress__gt=0)
            .first()
        ),
        timeout=120,
        what="the build running with progress",
    )


def _done(build: ReportBuild) -> ReportBuild:
    return wait_for(
        lambda: ReportBuild.objects.filter(pk=build.pk, state=State.DONE).first(),
        timeout=300,
        what="the build done",
    )


def _one_build_one_pdf(build: ReportBuild) -> None:
    assert ReportBuild.objects.count() == 1
    assert bytes(build.pdf).startswith(b"%PDF") and build.pages > 30
    assert len(build.pdf_sha256) == 64 and build.message == ""


def test_a_pool_process_killed_mid_build_is_given_back_and_the_build_finishes(
    client, t1, own_redis: RedisServer, worker: Callable[[], WorkerProcess]
) -> None:
    client.force_login(UserFactory(is_superuser=True))
    process = worker()
    build = _build_started(client, t1)
    _running(build)

    os.kill(process.pool_child(), signal.SIGKILL)

    build = _done(build)
    assert build.attempts == 2  # claimed by the killed run and by the one after it
    _one_build_one_pdf(build)
    sent = QueuedWork.objects.filter(task=BUILD_TASK)
    assert sent.count() == 1 and sent.get().sent_at is not None
    page = client.get(reverse("followup:report-build", args=[build.pk]))
    assert page.status_code == 200 and b'id="report-build-download"' in page.content


def test_a_whole_worker_killed_mid_build_is_interrupted_and_a_retry_builds_it(
    client, t1, own_redis: RedisServer, worker: Callable[[], WorkerProcess], monkeypatch
) -> None:
    client.force_login(UserFactory(is_superuser=True))
    build = _build_started(client, t1)
    killed = worker()
    _running(build)

    killed.kill()
    monkeypatch.setattr(ReportBuild, "stale_after", timedelta(seconds=2))
    wait_for(jobs_sweep, timeout=60, what="the sweeper interrupting the build")

    build.refresh_from_db()
    assert build.state == State.INTERRUPTED and "inget livstecken" in build.message
    page = client.get(reverse("followup:report-build", args=[build.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "Avbruten" in html and "hx-trigger" not in html
    assert 'id="report-build-retry"' in html

    worker()
    retried = client.post(reverse("followup:report-build-retry", args=[build.pk]), follow=True)
    assert retried.status_code == 200 and "Rapporten ligger i kö" in retried.content.decode()
    build = _done(build)
    assert build.attempts == 1  # counted again from the retry
    _one_build_one_pdf(build)
    assert QueuedWork.objects.filter(task=BUILD_TASK, sent_at__isnull=False).count() == 2
