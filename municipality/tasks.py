"""The municipality's own task (clearing expired sessions), and the one way every app queues
a Celery task: ``task_enqueue`` and ``task_enqueue_on_commit`` run the work in this process
instead when the broker or the result backend cannot be reached, so that no request fails,
or leaves its work half-done, because Redis is down."""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable

import redis.exceptions
from celery import Task, shared_task
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

# What kombu (the broker) and redis-py (Celery's Redis result backend) raise when Redis
# cannot be reached or does not answer in time.
UNREACHABLE = (
    OperationalError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    ConnectionError,
    socket.timeout,
)


def redis_unreachable(exc: BaseException) -> bool:
    """Whether this error from ``apply_async`` means the broker or result backend is away.

    Celery's Redis result backend gives up reconnecting with a bare ``RuntimeError``
    ("Retry limit exceeded ...") raised from the connection error, so that one is
    recognised by its cause; any other ``RuntimeError`` is a bug and is not hidden.
    """
    if isinstance(exc, UNREACHABLE):
        return True
    return isinstance(exc, RuntimeError) and isinstance(exc.__cause__, UNREACHABLE)


def task_enqueue(
    *, task: Task, args: tuple[object, ...], in_process: Callable[[], object], what: str
) -> bool:
    """Queue ``task`` with ``args``; True when queued. When the broker or the result
    backend cannot be reached, ``in_process()`` does the work here instead (False).

    ``what`` names the work in the log (``"recomputing 2024"``).
    """
    try:
        task.apply_async(args, retry=False)
    except (*UNREACHABLE, RuntimeError) as exc:
        if not redis_unreachable(exc):
            raise
        logger.warning("Celery unreachable (%s); %s in-process", exc.__class__.__name__, what)
        in_process()
        return False
    return True


def task_enqueue_on_commit(
    *, task: Task, args: tuple[object, ...], in_process: Callable[[], object], what: str
) -> None:
    """``task_enqueue`` once the current transaction has committed, so that neither a
    worker nor the in-process fallback ever sees uncommitted rows."""
    transaction.on_commit(
        lambda: task_enqueue(task=task, args=args, in_process=in_process, what=what)
    )


@shared_task
def clear_expired_sessions() -> int:
    """Delete sessions past their expiry; returns how many. Safe to run any number of times."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
