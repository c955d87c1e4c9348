"""The municipality's own task (clearing expired sessions), and the one way every app queues
a Celery task (``municipality.jobs.outbox``, named here for the callers): a change that needs
work after it uses ``task_enqueue_on_commit``, which records the work in the change's
transaction and queues it once that commits, or runs it in this process instead when the
broker or the result backend cannot be reached, so that no request fails, or leaves its work
half-done, because Redis is down."""

from __future__ import annotations

from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone

from municipality.jobs.outbox import (
    Outcome,
    WorkTicket,
    redis_unreachable,
    task_enqueue,
    task_enqueue_on_commit,
    work_watch,
    works_outcome,
    works_told,
)

__all__ = [
    "Outcome",
    "WorkTicket",
    "clear_expired_sessions",
    "redis_unreachable",
    "task_enqueue",
    "task_enqueue_on_commit",
    "work_watch",
    "works_outcome",
    "works_told",
]


@shared_task
def clear_expired_sessions() -> int:
    """Delete sessions past their expiry; returns how many. Safe to run any number of times."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
