"""Background work of the follow-up app (Celery)."""

from __future__ import annotations

import logging

from celery import shared_task
from kombu.exceptions import OperationalError

from followup.reports.freeze import period_reports_freeze

logger = logging.getLogger(__name__)


@shared_task(bind=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def freeze_period_reports(self: object, period_id: int) -> int:
    """Freeze the locked period's reports; returns how many were frozen now."""
    return len(period_reports_freeze(period_id))


def freeze_reports_queue(period_id: int) -> None:
    """Queue the freezing; freeze here if the broker is away (the lock never waits on Redis)."""
    try:
        freeze_period_reports.apply_async((period_id,), retry=False)
    except OperationalError:
        logger.warning("Broker unreachable; freezing the reports of %s in-process", period_id)
        period_reports_freeze(period_id)


@shared_task
def report_build(build_id: int) -> str:
    """Build a queued report's PDF (``followup.reports.building``); returns its end state."""
    from followup.reports.building import build_run

    return build_run(build_id)
