"""The sweepers (Celery beat, every minute). ``jobs_sweep``: every kind of tracked job,
wherever its app is, is searched for jobs whose worker died or that no worker picked up, and
those are marked interrupted so that their page says so and offers to retry; the kinds are
found among the installed models, so that this app needs to know none of the apps that
define them. ``outbox_sweep``: the queued work whose send was lost is sent again."""

from __future__ import annotations

from celery import shared_task
from django.apps import apps

from municipality.jobs.models import TrackedJob
from municipality.jobs.outbox import outbox_resend
from municipality.jobs.services import (
    DEFAULT_QUEUED_AFTER,
    DEFAULT_STALE_AFTER,
    jobs_interrupt_stalled,
)


def tracked_job_models() -> list[type[TrackedJob]]:
    """Every concrete model that inherits ``TrackedJob``."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, TrackedJob) and not model._meta.abstract
    ]


@shared_task(name="municipality.jobs.tasks.jobs_sweep")
def jobs_sweep() -> int:
    """Interrupt the stalled jobs of every kind; returns how many. Safe to run any time."""
    return sum(
        jobs_interrupt_stalled(
            model,
            stale_after=getattr(model, "stale_after", DEFAULT_STALE_AFTER),
            queued_after=getattr(model, "queued_after", DEFAULT_QUEUED_AFTER),
        )
        for model in tracked_job_models()
    )


@shared_task(name="municipality.jobs.tasks.outbox_sweep")
def outbox_sweep() -> int:
    """Send again the queued work whose send was lost (``outbox.outbox_resend``)."""
    return outbox_resend()
