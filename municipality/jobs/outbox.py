"""Queueing a Celery task so that nothing is left half-done: the transactional outbox.

``task_enqueue_on_commit`` writes a ``QueuedWork`` row in the transaction of the change that
needs the work, and once that commits sends the task (``task_enqueue``), or runs the work in
this process when the broker or the result backend cannot be reached, and marks the row. If
the process dies between the commit and the send, or the work fails here, the row stays
pending and ``outbox_resend`` (the sweeper, Celery beat) sends it again. The tasks are
idempotent, so that a work sent twice does no harm.

Whoever must tell the user which way the work went watches it (``work_watch``) and asks
``works_outcome``: queued, done here because Redis was away, done here because there is no
Redis at all (the embedded default), or still pending (it will be sent when Redis is back).
"""

from __future__ import annotations

import enum
import logging
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta

import redis.exceptions
from celery import Task, current_app
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from kombu.exceptions import OperationalError

from municipality.jobs.models import QueuedWork

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
# A row taken by a process (to send, or to run here) is left to it for this long.
LEASE = timedelta(minutes=5)
# How long a pending row waits before the sweeper sends it (its own process goes first).
RESEND_AFTER = timedelta(minutes=1)
# How long sent and done rows are kept, to look back at.
KEEP = timedelta(days=7)


class Outcome(enum.StrEnum):
    QUEUED = "queued"  # sent to a worker
    EMBEDDED = "embedded"  # no Redis configured: Celery ran it here (the embedded default)
    IN_PROCESS = "in_process"  # Redis could not be reached: done in this process
    PENDING = "pending"  # neither (yet): the sweeper sends it when it can


@dataclass
class WorkTicket:
    """A queued work as its requester sees it: the row, and which way it went."""

    pk: int
    what: str
    outcome: Outcome = Outcome.PENDING


_watching: ContextVar[list[WorkTicket] | None] = ContextVar("work_watching", default=None)


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
    """Queue ``task`` with ``args`` now; True when queued. When the broker or the result
    backend cannot be reached, ``in_process()`` does the work here instead (False).

    ``what`` names the work in the log (``"recomputing 2024"``). Not durable by itself: a
    change that needs the work uses ``task_enqueue_on_commit``.
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


@contextmanager
def work_watch() -> Iterator[list[WorkTicket]]:
    """Collect the tickets of the work queued inside the block, to tell the user which way
    it went once the block (and its transaction) is over."""
    tickets: list[WorkTicket] = []
    token = _watching.set(tickets)
    try:
        yield tickets
    finally:
        _watching.reset(token)


def works_outcome(tickets: list[WorkTicket]) -> Outcome | None:
    """The one outcome to tell of these works (None: there were none): pending if any is,
    else done here if any was, else queued."""
    outcomes = {ticket.outcome for ticket in tickets}
    for outcome in (Outcome.PENDING, Outcome.IN_PROCESS, Outcome.EMBEDDED, Outcome.QUEUED):
        if outcome in outcomes:
            return outcome
    return None


def _work_take(pk: int) -> bool:
    """Take the pending row for this process (for ``LEASE``); False when another has it."""
    now = timezone.now()
    taken = (
        QueuedWork.objects.filter(pk=pk, sent_at=None, done_at=None)
        .filter(Q(tried_at=None) | Q(tried_at__lt=now - LEASE))
        .update(tried_at=now, attempts=F("attempts") + 1)
    )
    return taken == 1


def _work_release(pk: int, error: BaseException) -> None:
    """The row stays pending, with why, for the sweeper's next round."""
    QueuedWork.objects.filter(pk=pk).update(
        tried_at=None, last_error=f"{error.__class__.__name__}: {error}"[:2000]
    )


def work_send(
    ticket: WorkTicket, *, task: Task, args: tuple[object, ...], in_process: Callable[[], object]
) -> None:
    """Send the committed work, or do it here when Redis is away, and mark its row."""
    if not _work_take(ticket.pk):
        return
    try:
        queued = task_enqueue(task=task, args=args, in_process=in_process, what=ticket.what)
    except Exception as error:
        logger.exception("%s failed; left for the sweeper", ticket.what)
        _work_release(ticket.pk, error)
        return
    now = timezone.now()
    if queued and not task.app.conf.task_always_eager:
        QueuedWork.objects.filter(pk=ticket.pk).update(sent_at=now)
        ticket.outcome = Outcome.QUEUED
    else:
        QueuedWork.objects.filter(pk=ticket.pk).update(done_at=now)
        ticket.outcome = Outcome.IN_PROCESS if not queued else Outcome.EMBEDDED


def task_enqueue_on_commit(
    *, task: Task, args: tuple[object, ...], in_process: Callable[[], object], what: str
) -> WorkTicket:
    """Record the work in the current transaction; once it commits, queue it (or do it here
    when Redis is away). Neither a worker nor the in-process run ever sees uncommitted rows,
    and a work whose send is lost is sent again by the sweeper."""
    work = QueuedWork.objects.create(task=task.name, args=list(args), what=what[:200])
    ticket = WorkTicket(pk=work.pk, what=what)
    watching = _watching.get()
    if watching is not None:
        watching.append(ticket)
    transaction.on_commit(lambda: work_send(ticket, task=task, args=args, in_process=in_process))
    return ticket


def outbox_resend(*, after: timedelta = RESEND_AFTER, limit: int = 500) -> int:
    """Send the work still pending ``after`` its commit (its process died before sending
    it, or it failed); returns how many were sent. Stops at the first sign that Redis is
    away: they stay pending for the next round. Old sent and done rows are deleted."""
    now = timezone.now()
    QueuedWork.objects.filter(Q(sent_at__lt=now - KEEP) | Q(done_at__lt=now - KEEP)).delete()
    pending = (
        QueuedWork.objects.filter(sent_at=None, done_at=None, created__lte=now - after)
        .filter(Q(tried_at=None) | Q(tried_at__lt=now - LEASE))
        .values_list("pk", "task", "args")[:limit]
    )
    sent = 0
    for pk, name, args in pending:
        if not _work_take(pk):
            continue
        try:
            current_app.tasks[name].apply_async(tuple(args), retry=False)
        except Exception as error:
            logger.warning("Queued work %s (%s) not sent: %s", pk, name, error)
            _work_release(pk, error)
            if redis_unreachable(error):
                break
            continue
        QueuedWork.objects.filter(pk=pk).update(sent_at=timezone.now())
        sent += 1
    if sent:
        logger.warning("%d queued work sent again", sent)
    return sent


def works_told(
    tickets: list[WorkTicket], *, queued: str, in_process: str, pending: str, embedded: str = ""
) -> str:
    """The sentence that tells the user which way the watched work went ("" if none)."""
    outcome = works_outcome(tickets)
    if outcome is None:
        return ""
    return {
        Outcome.QUEUED: queued,
        Outcome.IN_PROCESS: in_process,
        Outcome.PENDING: pending,
        Outcome.EMBEDDED: embedded,
    }[outcome]
