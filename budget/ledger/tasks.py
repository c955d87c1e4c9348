"""The recompute of a year's figures as a Celery task, queued once an import has committed,
and what the user is told of it.

Its name stays ``budget.tasks.recompute_figures``, where it was defined before the ledger
had a package of its own. What depends on the figures (the forecast proposals) listens to
``budget.ledger.signals.figures_recomputed`` rather than being called from here.
"""

from __future__ import annotations

from functools import partial

from celery import shared_task
from django.utils.translation import gettext as _

from budget.ledger.figures import figures_recompute
from budget.ledger.models import FigureState
from budget.ledger.signals import figures_recomputed
from municipality.models import FiscalYear
from municipality.tasks import WorkTicket, task_enqueue_on_commit, works_told


# Idempotent (the year's figures are rebuilt from scratch), so a task whose worker died is
# delivered again, and a recompute the outbox sends twice does no harm.
@shared_task(
    name="budget.tasks.recompute_figures",
    bind=True,
    reject_on_worker_lost=True,
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
    """Record the recompute in the import's transaction and queue it once that commits; run
    it here if Redis is away (``municipality.tasks.task_enqueue_on_commit``).

    The import never fails because Redis is down: the figures are then computed in this
    process, and until they are the pages say they are stale. If the process dies between
    the commit and the queueing, the sweeper queues the recompute later.
    """
    # A year's figures also hold the next year's prior-year column.
    affected = years | {year + 1 for year in years}
    existing = FiscalYear.objects.filter(year__in=affected).values_list("year", flat=True)
    for year in sorted(existing):
        task_enqueue_on_commit(
            task=recompute_figures,
            args=(year,),
            in_process=partial(recompute_in_process, year),
            what=f"recomputing {year}",
        )


def figures_told(recomputes: list[WorkTicket]) -> str:
    """Whether the year's figures are being summed up in the background or were here."""
    return works_told(
        recomputes,
        queued=_("Queued: the follow-up figures are being summed up in the background."),
        in_process=_("Redis could not be reached, so the follow-up figures were summed up now."),
        pending=_(
            "The summing up of the follow-up figures could not be queued yet; it will be as "
            "soon as Redis answers, and until then the pages say the figures are stale."
        ),
        embedded=_("The follow-up figures are summed up."),
    )
