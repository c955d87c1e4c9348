"""Starting a Kolada fetch by hand ("Hämta nu") and retrying a failed one: the job is recorded
in the request's transaction and its task queued once that commits (the outbox,
``municipality.tasks.task_enqueue_on_commit``), or run in this process when Redis is away."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from followup.kolada.fetching import kolada_fetch_new, kolada_fetch_run
from followup.kolada.models import ACTIVE, KoladaFetch
from followup.kolada.tasks import kolada_fetch
from municipality.jobs.services import job_retry
from municipality.models import User
from municipality.tasks import WorkTicket, task_enqueue_on_commit


def fetch_here(fetch_id: int) -> str:
    """The fetch run in this process, because Redis could not be reached; its page says so."""
    KoladaFetch.objects.filter(pk=fetch_id).update(ran_in_process=True)
    return kolada_fetch_run(fetch_id)


def fetch_enqueue(fetch_id: int) -> WorkTicket:
    """Queue the fetch once the transaction commits; fetch here if Redis is away."""
    return task_enqueue_on_commit(
        task=kolada_fetch,
        args=(fetch_id,),
        in_process=lambda: fetch_here(fetch_id),
        what=f"fetching from Kolada ({fetch_id})",
    )


def fetch_active() -> KoladaFetch | None:
    """The fetch queued or running, if one is."""
    return KoladaFetch.objects.filter(state__in=ACTIVE).first()


def fetch_start(user: User) -> tuple[KoladaFetch | None, bool]:
    """A new fetch by ``user``, queued: (the fetch, True); while another is queued or running,
    that one and False."""
    with transaction.atomic():
        fetch = kolada_fetch_new(trigger=KoladaFetch.Trigger.USER, user=user)
        if fetch is not None:
            fetch_enqueue(fetch.pk)
            return fetch, True
    return fetch_active(), False


def fetch_retry(fetch: KoladaFetch) -> bool:
    """Queue a failed or interrupted fetch again, from the start; False when it is not one, or
    while another fetch is queued or running."""
    try:
        with transaction.atomic():
            if not job_retry(KoladaFetch, fetch.pk):
                return False
            fetch_enqueue(fetch.pk)
    except IntegrityError:
        return False
    return True
