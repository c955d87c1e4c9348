"""Kolada's background work (Celery): a fetch started by hand (queued through
``followup.kolada.background``), and the weekly one Celery beat starts
(``CELERY_BEAT_SCHEDULE["kolada-fetch"]``). Both are idempotent: a done fetch is left as it is,
and a redelivered one runs again from the start, storing nothing twice."""

from __future__ import annotations

from celery import shared_task

from followup.kolada.fetching import kolada_fetch_new, kolada_fetch_run
from followup.kolada.models import KoladaFetch


@shared_task(name="followup.kolada.tasks.kolada_fetch", reject_on_worker_lost=True)
def kolada_fetch(fetch_id: int) -> str:
    """Run a queued fetch (``fetching.kolada_fetch_run``); returns its end state."""
    return kolada_fetch_run(fetch_id)


@shared_task(name="followup.kolada.tasks.kolada_fetch_scheduled")
def kolada_fetch_scheduled() -> str:
    """The weekly fetch, run here; "busy" (and nothing started) while another is queued or
    running."""
    fetch = kolada_fetch_new(trigger=KoladaFetch.Trigger.SCHEDULE, user=None)
    if fetch is None:
        return "busy"
    return kolada_fetch_run(fetch.pk)
