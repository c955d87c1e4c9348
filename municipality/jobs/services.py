"""What a background task tells its job's row as it goes, and how a stalled job is found.

A task claims its job (``job_claim``), tells its progress (``job_progress``) or, around slow
work that cannot (laying out a PDF), beats (``job_heartbeat``), and ends it done or failed
(``job_done``, ``job_failed``). Progress and heartbeats are written outside any transaction
so that the page polling the job sees them at once. ``jobs_interrupt_stalled`` is the
sweeper's: a running job whose heartbeat is too old lost its worker, a queued one that no
worker picked up in time was lost on the way; both become interrupted, with the reason in
words, and ``job_retry`` queues them again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import TypeVar, cast

from django.db import DatabaseError, connection, transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from municipality.jobs.models import JobState, TrackedJob

logger = logging.getLogger(__name__)

Job = TypeVar("Job", bound=TrackedJob)

DEFAULT_STALE_AFTER = timedelta(minutes=5)
DEFAULT_QUEUED_AFTER = timedelta(minutes=30)


def job_progress(model: type[TrackedJob], pk: int, percent: float, step: str) -> None:
    """Tell a running job's progress (0–100) and step; it is also a sign of life."""
    model._default_manager.filter(pk=pk, state=JobState.RUNNING).update(
        progress=max(0, min(int(percent), 100)), step=step[:200], heartbeat_at=timezone.now()
    )


def job_claim(
    model: type[Job], pk: int, *, select_related: Iterable[str] = (), max_attempts: int = 0
) -> Job | None:
    """The job, marked running; None when it is gone or already done (the task is then a
    repeat delivery and does nothing).

    A job found running was claimed before by a run that died (its message was delivered
    again); with ``max_attempts`` it fails instead once it has been tried that often, so that
    work that kills its worker every time is not retried for ever.
    """
    now = timezone.now()
    with transaction.atomic():
        rows = model._default_manager.select_for_update(of=("self",)).filter(pk=pk)
        job = rows.select_related(*select_related).first() if select_related else rows.first()
        if job is None or job.state == JobState.DONE:
            return None
        if max_attempts and job.state == JobState.RUNNING and job.attempts >= max_attempts:
            job.state = JobState.FAILED
            job.message = _("Stopped %(attempts)d times without finishing; not tried again.") % {
                "attempts": job.attempts
            }
            job.finished_at = now
            job.save(update_fields=["state", "message", "finished_at"])
            return None
        job.state = JobState.RUNNING
        job.attempts += 1
        job.progress = 0
        job.step = _("Starting")
        job.message = ""
        job.started_at = job.heartbeat_at = now
        job.finished_at = None
        job.save(
            update_fields=[
                "state", "attempts", "progress", "step", "message",
                "started_at", "heartbeat_at", "finished_at",
            ]
        )  # fmt: skip
        return job


def job_done(model: type[TrackedJob], pk: int, **fields: object) -> None:
    """The job is done; ``fields`` are what it made (a PDF, counts), and may set ``step``."""
    now = timezone.now()
    values: dict[str, object] = {"progress": 100, "step": _("Done"), "message": ""}
    values.update(fields)
    model._default_manager.filter(pk=pk).update(
        state=JobState.DONE, finished_at=now, heartbeat_at=now, **values
    )


def job_failed(model: type[TrackedJob], pk: int, message: str) -> None:
    """The job failed, and ``message`` says why in words (the traceback goes to the log)."""
    model._default_manager.filter(pk=pk).exclude(state=JobState.DONE).update(
        state=JobState.FAILED, message=message, finished_at=timezone.now()
    )


def job_queued_afresh() -> dict[str, object]:
    """The fields of a job queued (again) from the start, for an ``update()``; queued now,
    so the sweeper counts from here."""
    return {
        "state": JobState.QUEUED,
        "progress": 0,
        "step": "",
        "message": "",
        "attempts": 0,
        "started_at": None,
        "finished_at": None,
        "heartbeat_at": timezone.now(),
        "ran_in_process": False,
    }


def job_retry(model: type[TrackedJob], pk: int) -> bool:
    """Queue a failed or interrupted job again, from the start; False for any other (a
    queued, running or done job is left as it is). The caller queues its task."""
    return bool(
        model._default_manager.filter(
            pk=pk, state__in=(JobState.FAILED, JobState.INTERRUPTED)
        ).update(**job_queued_afresh())
    )


def _beat(model: type[TrackedJob], pk: int, every: float, stop: threading.Event) -> None:
    try:
        while not stop.wait(every):
            try:
                model._default_manager.filter(pk=pk, state=JobState.RUNNING).update(
                    heartbeat_at=timezone.now()
                )
            except DatabaseError:
                logger.warning("Heartbeat of %s %s not written", model.__name__, pk)
    finally:
        connection.close()  # this thread's own connection


@contextmanager
def job_heartbeat(model: type[TrackedJob], pk: int, every: float = 10) -> Iterator[None]:
    """Touch the job's ``heartbeat_at`` every ``every`` seconds from a daemon thread while
    the block runs slow work that tells no progress; the thread stops when the block ends.
    The thread dies with the process, so a dead worker's job stops beating."""
    stop = threading.Event()
    thread = threading.Thread(
        target=_beat, args=(model, pk, every, stop), name=f"heartbeat-{pk}", daemon=True
    )
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=every + 5)


def _stalled_reason(job: TrackedJob) -> str:
    alive: datetime = job.last_alive  # type: ignore[attr-defined]  # the sweeper's annotation
    last_alive = timezone.localtime(alive).strftime("%Y-%m-%d %H:%M")
    if job.state == JobState.RUNNING:
        return _(
            "Interrupted: no sign of life since %(when)s at the step “%(step)s”; the process "
            "doing the work has probably stopped. Retry to run it again."
        ) % {"when": last_alive, "step": job.step or _("Starting")}
    return _(
        "Interrupted: queued at %(when)s but never started; the work was lost on its way to "
        "a worker. Retry to queue it again."
    ) % {"when": last_alive}


def jobs_interrupt_stalled(
    model: type[TrackedJob],
    *,
    stale_after: timedelta = DEFAULT_STALE_AFTER,
    queued_after: timedelta = DEFAULT_QUEUED_AFTER,
) -> int:
    """Mark interrupted, with the reason, every running job with no sign of life for
    ``stale_after`` and every queued one that no worker started within ``queued_after``;
    returns how many. A job being claimed at this moment is skipped (locked rows)."""
    now = timezone.now()
    stalled = cast(
        "QuerySet[TrackedJob]",
        model._default_manager.annotate(
            last_alive=Coalesce("heartbeat_at", "started_at", "created")
        )
        .filter(
            Q(state=JobState.RUNNING, last_alive__lt=now - stale_after)
            | Q(state=JobState.QUEUED, last_alive__lt=now - queued_after)
        )
        .select_for_update(skip_locked=True, of=("self",)),
    )
    interrupted = 0
    with transaction.atomic():
        for job in stalled:
            model._default_manager.filter(pk=job.pk, state=job.state).update(
                state=JobState.INTERRUPTED, message=_stalled_reason(job), finished_at=now
            )
            interrupted += 1
    if interrupted:
        logger.warning("%d %s interrupted", interrupted, model._meta.verbose_name_plural)
    return interrupted
