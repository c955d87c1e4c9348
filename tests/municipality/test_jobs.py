"""Tracked jobs (``municipality.jobs``), on the one kind there is today, the report build:
claimed once, told progress only while running, done or failed, retried only when failed or
interrupted, beaten while slow work runs, and swept to "interrupted" with the reason when
its worker is gone or it never started."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.translation import override

from followup.models import ReportBuild
from municipality.jobs.services import (
    job_claim,
    job_done,
    job_failed,
    job_heartbeat,
    job_progress,
    job_retry,
    jobs_interrupt_stalled,
)
from municipality.jobs.tasks import jobs_sweep, tracked_job_models
from municipality.models import ReportingPeriod

State = ReportBuild.State


@pytest.fixture
def build(open_period: ReportingPeriod) -> ReportBuild:
    return ReportBuild.objects.create(period=open_period)


def _row(build: ReportBuild) -> ReportBuild:
    return ReportBuild.objects.defer("pdf").get(pk=build.pk)


def test_the_sweeper_knows_every_kind_of_tracked_job() -> None:
    assert ReportBuild in tracked_job_models()


def test_a_claim_marks_the_job_running_and_counts_the_attempt(build) -> None:
    claimed = job_claim(ReportBuild, build.pk, select_related=("period",))
    assert claimed is not None and claimed.period.pk == build.period_id
    row = _row(build)
    assert (row.state, row.attempts, row.progress) == (State.RUNNING, 1, 0)
    assert row.started_at is not None and row.heartbeat_at == row.started_at


def test_a_done_job_is_not_claimed_again(build) -> None:
    job_claim(ReportBuild, build.pk)
    job_done(ReportBuild, build.pk, pages=3)
    assert job_claim(ReportBuild, build.pk) is None
    row = _row(build)
    assert (row.state, row.progress, row.pages, row.attempts) == (State.DONE, 100, 3, 1)
    assert job_claim(ReportBuild, build.pk + 1000) is None  # gone


def test_progress_is_told_only_while_running(build) -> None:
    job_progress(ReportBuild, build.pk, 40, "Reading")
    assert _row(build).progress == 0  # queued: nobody runs it
    job_claim(ReportBuild, build.pk)
    job_progress(ReportBuild, build.pk, 140, "x" * 300)
    row = _row(build)
    assert (row.progress, len(row.step)) == (100, 200)


def test_a_job_redelivered_after_its_worker_died_fails_after_max_attempts(build) -> None:
    for attempt in (1, 2):
        assert job_claim(ReportBuild, build.pk, max_attempts=2) is not None
        assert _row(build).attempts == attempt
    assert job_claim(ReportBuild, build.pk, max_attempts=2) is None
    row = _row(build)
    assert row.state == State.FAILED and "2" in row.message


def test_retry_accepts_failed_and_interrupted_jobs_only(build) -> None:
    assert not job_retry(ReportBuild, build.pk)  # queued
    job_claim(ReportBuild, build.pk)
    assert not job_retry(ReportBuild, build.pk)  # running
    job_failed(ReportBuild, build.pk, "Boom")
    assert _row(build).message == "Boom"
    assert job_retry(ReportBuild, build.pk)
    row = _row(build)
    assert (row.state, row.message, row.attempts, row.started_at) == (State.QUEUED, "", 0, None)
    ReportBuild.objects.filter(pk=build.pk).update(state=State.INTERRUPTED)
    assert job_retry(ReportBuild, build.pk)
    job_claim(ReportBuild, build.pk)
    job_done(ReportBuild, build.pk)
    assert not job_retry(ReportBuild, build.pk)  # done
    job_failed(ReportBuild, build.pk, "late failure")  # a done job stays done
    assert _row(build).state == State.DONE


def test_a_running_job_without_a_sign_of_life_is_interrupted_with_the_reason(build) -> None:
    job_claim(ReportBuild, build.pk)
    job_progress(ReportBuild, build.pk, 65, "Laying out the pages")
    assert jobs_interrupt_stalled(ReportBuild, stale_after=timedelta(minutes=3)) == 0
    ReportBuild.objects.filter(pk=build.pk).update(
        heartbeat_at=timezone.now() - timedelta(minutes=4)
    )
    with override("sv"):
        assert jobs_interrupt_stalled(ReportBuild, stale_after=timedelta(minutes=3)) == 1
    row = _row(build)
    assert row.state == State.INTERRUPTED and row.finished_at is not None
    assert "Avbruten: inget livstecken sedan" in row.message
    assert "Laying out the pages" in row.message
    assert jobs_interrupt_stalled(ReportBuild, stale_after=timedelta(minutes=3)) == 0


def test_a_queued_job_never_started_is_interrupted_and_a_retry_restarts_the_clock(build):
    ReportBuild.objects.filter(pk=build.pk).update(created=timezone.now() - timedelta(hours=2))
    assert jobs_interrupt_stalled(ReportBuild, queued_after=timedelta(hours=3)) == 0
    assert jobs_interrupt_stalled(ReportBuild, queued_after=timedelta(hours=1)) == 1
    assert _row(build).state == State.INTERRUPTED
    assert job_retry(ReportBuild, build.pk)
    assert jobs_interrupt_stalled(ReportBuild, queued_after=timedelta(hours=1)) == 0


def test_the_sweep_uses_each_kind_s_own_deadlines(build, monkeypatch) -> None:
    job_claim(ReportBuild, build.pk)
    ReportBuild.objects.filter(pk=build.pk).update(
        heartbeat_at=timezone.now() - timedelta(minutes=2)
    )
    assert jobs_sweep() == 0  # ReportBuild.stale_after is 3 minutes
    monkeypatch.setattr(ReportBuild, "stale_after", timedelta(minutes=1), raising=False)
    assert jobs_sweep() == 1
    assert _row(build).state == State.INTERRUPTED


def test_the_heartbeat_beats_while_the_block_runs_and_stops_after(
    transactional_db, open_period
) -> None:
    build = ReportBuild.objects.create(period=open_period)
    job_claim(ReportBuild, build.pk)
    claimed_at = _row(build).heartbeat_at
    with job_heartbeat(ReportBuild, build.pk, every=0.05):
        deadline = time.monotonic() + 10
        while _row(build).heartbeat_at == claimed_at:
            assert time.monotonic() < deadline, "no heartbeat within 10 s"
            time.sleep(0.02)
    assert _row(build).heartbeat_at > claimed_at
    assert not [t for t in threading.enumerate() if t.name == f"heartbeat-{build.pk}"]
