"""Putting the reports' slow work in the background: freezing a period's reports once its
lock commits, and starting (or retrying) a report build. Each queues a Celery task
(``followup.reports.tasks``) after the transaction commits, and does the work in-process
when Redis is away, so that nothing waits on Redis."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from followup.reports.building import build_run
from followup.reports.freeze import period_reports_freeze
from followup.reports.models import ReportBuild
from followup.reports.tasks import freeze_period_reports, report_build
from municipality.models import Committee, ReportingPeriod, User
from municipality.tasks import task_enqueue, task_enqueue_on_commit

State = ReportBuild.State


def freeze_reports_queue(period_id: int) -> None:
    """Queue the freezing; freeze here if Redis is away (the lock never waits on Redis)."""
    task_enqueue(
        task=freeze_period_reports,
        args=(period_id,),
        in_process=lambda: period_reports_freeze(period_id),
        what=f"freezing the reports of {period_id}",
    )


def reports_freeze_on_lock(
    sender: object, *, period: ReportingPeriod, new_state: str, **kwargs: Any
) -> None:
    """``period_state_changed`` receiver: once a lock has committed, freeze the reports."""
    if new_state != ReportingPeriod.State.LOCKED:
        return
    period_id = period.pk
    transaction.on_commit(lambda: freeze_reports_queue(period_id))


def build_enqueue(build: ReportBuild) -> None:
    """Queue the build once the transaction commits; build it here if Redis is away."""
    build_id = build.pk
    task_enqueue_on_commit(
        task=report_build,
        args=(build_id,),
        in_process=lambda: build_run(build_id),
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
    """Queue a failed build again, from the start."""
    with transaction.atomic():
        ReportBuild.objects.filter(pk=build.pk).update(
            state=State.QUEUED, progress=0, step="", message="", finished_at=None
        )
        build_enqueue(build)
    build.refresh_from_db()
    return build
