"""The recompute of a year's figures as a Celery task, queued once an import has committed.

Its name stays ``budget.tasks.recompute_figures``, where it was defined before the ledger
had a package of its own. What depends on the figures (the forecast proposals) listens to
``budget.ledger.signals.figures_recomputed`` rather than being called from here.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import transaction
from kombu.exceptions import OperationalError

from budget.ledger.figures import figures_recompute
from budget.ledger.models import FigureState
from budget.ledger.signals import figures_recomputed
from municipality.models import FiscalYear

logger = logging.getLogger(__name__)


@shared_task(
    name="budget.tasks.recompute_figures",
    bind=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=5,
)
def recompute_figures(self: object, year: int) -> int:
    figures_recompute(year=year)
    figures_recomputed.send(FigureState, year=year, in_process=False)
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
                figures_recomputed.send(FigureState, year=year, in_process=True)

    transaction.on_commit(enqueue)
