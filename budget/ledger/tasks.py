"""The recompute of a year's figures as a Celery task, queued once an import has committed.

Its name stays ``budget.tasks.recompute_figures``, where it was defined before the ledger
had a package of its own. What depends on the figures (the forecast proposals) listens to
``budget.ledger.signals.figures_recomputed`` rather than being called from here.
"""

from __future__ import annotations

from functools import partial

from celery import shared_task
from django.db import transaction

from budget.ledger.figures import figures_recompute
from budget.ledger.models import FigureState
from budget.ledger.signals import figures_recomputed
from municipality.models import FiscalYear
from municipality.tasks import task_enqueue


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


def recompute_in_process(year: int) -> None:
    """The recompute without a worker; the signal says so, so its listeners run here too."""
    figures_recompute(year=year)
    figures_recomputed.send(FigureState, year=year, in_process=True)


def recompute_after_commit(years: set[int]) -> None:
    """Queue the recompute once the import has committed; run it here if Redis is away.

    The import never fails because Redis is down: the figures are then
    computed in this process, and until they are the pages say they are stale.
    """

    def enqueue() -> None:
        # A year's figures also hold the next year's prior-year column.
        affected = years | {year + 1 for year in years}
        existing = FiscalYear.objects.filter(year__in=affected).values_list("year", flat=True)
        for year in sorted(existing):
            task_enqueue(
                task=recompute_figures,
                args=(year,),
                in_process=partial(recompute_in_process, year),
                what=f"recomputing {year}",
            )

    transaction.on_commit(enqueue)
