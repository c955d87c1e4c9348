"""The background tasks of an uploaded import (Celery): check the file, apply it, and, on
beat's schedule, delete the uploads nobody applied. ``CELERY_IMPORTS`` makes the worker load
this module; ``budget.ledger.imports.background`` queues the first two.

Both are acknowledged only when they end (``acks_late``) and given back to the queue when
their worker dies (``reject_on_worker_lost``), which is safe: a check only writes its own
job, and an apply commits the import and its job's "done" together, so that a repeated
delivery finds the job done and does nothing."""

from __future__ import annotations

from celery import shared_task

from budget.ledger.imports.running import import_apply_run, import_check_run
from budget.ledger.pending import pending_imports_expire


@shared_task(
    name="budget.ledger.imports.tasks.check_import", acks_late=True, reject_on_worker_lost=True
)
def check_import(pk: int) -> str:
    """Check an uploaded file and keep what its preview shows; returns the outcome."""
    return import_check_run(pk)


@shared_task(
    name="budget.ledger.imports.tasks.apply_import", acks_late=True, reject_on_worker_lost=True
)
def apply_import(pk: int) -> str:
    """Check an uploaded file again and apply it, all or nothing; returns the outcome."""
    return import_apply_run(pk)


@shared_task(name="budget.ledger.imports.tasks.expire_pending_imports")
def expire_pending_imports() -> int:
    """Delete the uploads and files left too long (``budget.ledger.pending``); idempotent."""
    return pending_imports_expire()
