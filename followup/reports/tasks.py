"""The reports' background work (Celery): freezing a locked period's reports and building a
report's PDF. The tasks keep the names they had in ``followup.tasks`` (``name=``), so that
queued work and the worker agree; ``CELERY_IMPORTS`` makes the worker load this module.
They are queued through ``followup.reports.background``. Both are idempotent (a frozen report
stays as it was frozen, a done build as it was built), so a task whose worker process died
is delivered again (``reject_on_worker_lost``, with ``task_acks_late`` on)."""

from __future__ import annotations

from celery import shared_task

from followup.reports.building import build_run
from followup.reports.freeze import period_reports_freeze


@shared_task(
    name="followup.tasks.freeze_period_reports",
    bind=True,
    reject_on_worker_lost=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=5,
)
def freeze_period_reports(self: object, period_id: int) -> int:
    """Freeze the locked period's reports; returns how many were frozen now."""
    return len(period_reports_freeze(period_id))


@shared_task(name="followup.tasks.report_build", reject_on_worker_lost=True)
def report_build(build_id: int) -> str:
    """Build a queued report's PDF (``followup.reports.building``); returns its end state."""
    return build_run(build_id)
