"""A job tracked in a row of its own: the abstract model every background job inherits
(a report build, an import), so that one sweeper and one progress partial serve them all."""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class TrackedJob(models.Model):
    """A job in the background: queued, running (telling its progress and step, and
    touching ``heartbeat_at`` while it lives), then done, failed (``message`` says why) or
    interrupted (its worker died, or no worker picked it up; the sweeper says so).

    ``heartbeat_at`` is the last sign of life: set when the job is queued again, claimed,
    tells its progress, or beats (``services.job_heartbeat``). A concrete subclass may set
    ``stale_after`` and ``queued_after`` (``timedelta``) to override how long the sweeper
    (``tasks.jobs_sweep``) waits before it calls a running or a queued job interrupted.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        INTERRUPTED = "interrupted", _("Interrupted")

    state = models.CharField(
        _("status"), max_length=12, choices=State.choices, default=State.QUEUED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    step = models.CharField(_("step"), max_length=200, blank=True)
    message = models.TextField(_("message"), blank=True)
    created = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    # Redis could not be reached when the job was queued, so the web process ran it itself.
    ran_in_process = models.BooleanField(_("ran in the web process"), default=False)

    class Meta:
        abstract = True

    @property
    def is_finished(self) -> bool:
        """Done, failed or interrupted: nothing more happens until someone retries."""
        return self.state in (self.State.DONE, self.State.FAILED, self.State.INTERRUPTED)

    @property
    def is_retryable(self) -> bool:
        return self.state in (self.State.FAILED, self.State.INTERRUPTED)


JobState = TrackedJob.State


class QueuedWork(models.Model):
    """A Celery task to run once the transaction that asked for it commits (the outbox).

    The row is written in the same transaction as the change that needs the work (an import
    and the recompute of its year), so that the two commit together or not at all. Once
    committed the task is sent (``sent_at``) or, when Redis cannot be reached, run in the web
    process (``done_at``); a row that is neither, because the process died between the
    commit and the send or the work failed here, is sent again by the sweeper
    (``municipality.jobs.tasks.outbox_sweep``). Every task sent this way is idempotent.
    """

    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list)
    what = models.CharField(_("work"), max_length=200, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    # When a process last took the row to send or run it; another waits a while after that.
    tried_at = models.DateTimeField(_("last tried"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent to the queue"), null=True, blank=True)
    done_at = models.DateTimeField(_("done in the web process"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("queued work")
        verbose_name_plural = _("queued work")
        ordering = ["created"]
        indexes = [
            models.Index(
                fields=["created"],
                condition=models.Q(sent_at__isnull=True, done_at__isnull=True),
                name="queued_work_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)}"

    @property
    def is_pending(self) -> bool:
        return self.sent_at is None and self.done_at is None
