"""The forecast proposals as a Celery task: queued when a period opens for entry and
whenever a year's figures have been recomputed (``budget.ledger.tasks``)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import partial

from celery import shared_task

from budget.forecasting.proposals import proposal_accuracy_compute, proposals_compute
from budget.ledger.models import FigureState
from municipality.models import ReportingPeriod
from municipality.tasks import task_enqueue_on_commit

logger = logging.getLogger(__name__)


# Idempotent (the period's proposals are written over), so delivered again when its worker
# died, and harmless when the outbox sends it twice.
@shared_task(
    name="budget.tasks.compute_proposals",
    bind=True,
    reject_on_worker_lost=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=5,
)
def compute_proposals(self: object, period_id: int) -> int:
    """The period's forecast proposals, then its year's backtest; returns the rows written.

    The backtest is per year, not per period, but it reads the same actuals and takes
    seconds, so every run brings it up to date rather than needing a trigger of its own.
    """
    period = ReportingPeriod.objects.select_related("fiscal_year").filter(pk=period_id).first()
    if period is None:
        logger.info("Period %s is gone; no proposals to compute", period_id)
        return 0
    written = proposals_compute(period=period)
    proposal_accuracy_compute(year=period.fiscal_year.year)
    return written


def _open_period_ids(year: int) -> list[int]:
    return list(
        ReportingPeriod.objects.filter(
            fiscal_year__year=year, state=ReportingPeriod.State.OPEN
        ).values_list("pk", flat=True)
    )


def proposals_queue(period_ids: Iterable[int]) -> None:
    """Queue the proposals of these periods once the transaction commits (recorded in it);
    compute them here if Redis is away."""
    for period_id in period_ids:
        task_enqueue_on_commit(
            task=compute_proposals,
            args=(period_id,),
            in_process=partial(compute_proposals, period_id),
            what=f"computing the proposals of {period_id}",
        )


def proposals_on_period_open(
    sender: type[ReportingPeriod],
    *,
    period: ReportingPeriod,
    old_state: str,
    new_state: str,
    **kwargs: object,
) -> None:
    """A period opened for entry gets its proposals as soon as the opening has committed."""
    if new_state == ReportingPeriod.State.OPEN:
        proposals_queue([period.pk])


def proposals_after_recompute(
    sender: type[FigureState], *, year: int, in_process: bool, **kwargs: object
) -> None:
    """``figures_recomputed`` receiver: the proposals read the figures just rebuilt, so they
    are queued only now, never beside them; computed here when the recompute ran here."""
    if in_process:
        for period_id in _open_period_ids(year):
            compute_proposals(period_id)
    else:
        proposals_queue(_open_period_ids(year))
