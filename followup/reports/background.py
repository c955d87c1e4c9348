"""Putting the reports' slow work in the background: freezing a period's reports once its
lock commits, and starting (or retrying) a report build. Each is recorded in the transaction
that asks for it and queued as a Celery task (``followup.reports.tasks``) once that commits
(``municipality.tasks.task_enqueue_on_commit``, the outbox), and done in-process when Redis
is away, so that nothing waits on Redis and nothing is lost when the process dies between
the commit and the queueing."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from followup.reports.building import build_run
from followup.reports.freeze import period_reports_freeze
from followup.reports.models import ReportBuild
from followup.reports.tasks import freeze_period_reports, report_build
from municipality.jobs.services import job_retry
from municipality.models import Committee, ReportingPeriod, User
from municipality.tasks import WorkTicket, task_enqueue_on_commit

State = ReportBuild.State


def reports_freeze_on_lock(
    sender: object, *, period: ReportingPeriod, new_state: str, **kwargs: Any
) -> None:
    """``period_state_changed`` receiver (inside the lock's transaction): once the lock has
    committed, freeze the reports; freeze here if Redis is away (the lock never waits)."""
    if new_state != ReportingPeriod.State.LOCKED:
        return
    period_id = period.pk
    task_enqueue_on_commit(
        task=freeze_period_reports,
        args=(period_id,),
        in_process=lambda: period_reports_freeze(period_id),
        what=f"freezing the reports of {period_id}",
    )


def build_here(build_id: int) -> str:
    """The build run in this process, because Redis could not be reached; its page says so."""
    ReportBuild.objects.filter(pk=build_id).update(ran_in_process=True)
    return build_run(build_id)


def build_enqueue(build: ReportBuild) -> WorkTicket:
    """Queue the build once the transaction commits; build it here if Redis is away."""
    build_id = build.pk
    return task_enqueue_on_commit(
        task=report_build,
        args=(build_id,),
        in_process=lambda: build_here(build_id),
        what=f"building report {build_id}",
    )


def build_start(
    period: ReportingPeriod, committee: Committee | None, user: User | None
) -> ReportBuild:
    """A new build of the period's report (None: the whole municipality), queued."""
    with transaction.atomic():
        build = ReportBuild.objects.create(period=period, committee=committee, requested_by=user)
        build_enqueue(build)
    return build


def build_retry(build: ReportBuild) -> ReportBuild:
    """Queue a failed or interrupted build again, from the start (any other is left as it
    is: a queued or running build is on its way, a done one is done)."""
    with transaction.atomic():
        if job_retry(ReportBuild, build.pk):
            build_enqueue(build)
    build.refresh_from_db()
    return build
