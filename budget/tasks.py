from __future__ import annotations

import logging
from collections.abc import Iterable

from celery import shared_task
from django.db import transaction
from kombu.exceptions import OperationalError

from budget.figures import figures_recompute
from budget.forecasting.proposals import proposal_accuracy_compute, proposals_compute
from municipality.models import FiscalYear, ReportingPeriod

logger = logging.getLogger(__name__)


@shared_task(bind=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def recompute_figures(self: object, year: int) -> int:
    figures_recompute(year=year)
    # The proposals read the figures just rebuilt: queued only now, never beside them.
    transaction.on_commit(lambda: proposals_queue(_open_period_ids(year)))
    return year


def recompute_after_commit(years: set[int]) -> None:
    """Queue the recompute once the import has committed; run it here if the broker is away.

    The import never fails because Redis is down: the figures are then
    computed in this process, and until they are the pages say they are stale.
    """

    def enqueue() -> None:
        # A year's figures also hold the next year's prior-year column.
        affected = years | {year + 1 for year in years}
        existing = FiscalYear.objects.filter(year__in=affected).values_list("year", flat=True)
        for year in sorted(existing):
            try:
                recompute_figures.apply_async((year,), retry=False)
            except OperationalError:
                logger.warning("Broker unreachable; recomputing %s in-process", year)
                figures_recompute(year=year)
                for period_id in _open_period_ids(year):
                    compute_proposals(period_id)

    transaction.on_commit(enqueue)


@shared_task(bind=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
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
    """Queue the proposals of these periods; compute them here if the broker is away."""
    for period_id in period_ids:
        try:
            compute_proposals.apply_async((period_id,), retry=False)
        except OperationalError:
            logger.warning("Broker unreachable; computing the proposals of %s here", period_id)
            compute_proposals(period_id)


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
        period_id = period.pk
        transaction.on_commit(lambda: proposals_queue([period_id]))
