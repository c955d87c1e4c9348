"""Putting an uploaded import in the background: the request stores the file and queues
its check; the preview's "Import" queues its apply; a failed or interrupted job is queued
again. Each task is queued once the transaction commits (``task_enqueue_on_commit``), and
runs in this process instead when Redis is away, so that nothing waits on Redis."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from budget.ledger.imports.running import import_apply_run, import_check_run
from budget.ledger.imports.tasks import apply_import, check_import
from budget.ledger.models import PendingImport
from budget.ledger.storage import import_storage, upload_name
from municipality.jobs.services import job_queued_afresh, job_retry
from municipality.models import User
from municipality.tasks import task_enqueue_on_commit

Phase = PendingImport.Phase
State = PendingImport.State


def _in_process(pk: int, phase: str) -> None:
    PendingImport.objects.filter(pk=pk).update(ran_in_process=True)
    (import_check_run if phase == Phase.CHECK else import_apply_run)(pk)


def import_queue(pk: int, phase: str) -> None:
    """Queue the job's ``phase`` once the transaction commits; run it here if Redis is away."""
    task = check_import if phase == Phase.CHECK else apply_import
    task_enqueue_on_commit(
        task=task,
        args=(pk,),
        in_process=lambda: _in_process(pk, phase),
        what=f"{phase} of import {pk}",
    )


def import_upload(
    *,
    kind: str,
    upload: UploadedFile,
    options: dict[str, Any],
    user: User,
    mapping: UploadedFile | None = None,
) -> PendingImport:
    """Store the uploaded file (no reading of it here) and queue its check; ``mapping``,
    an organisation's sheet of committees, is stored beside it and named in its options."""
    if mapping is not None:
        stored = import_storage().save(upload_name(None, mapping.name or ""), mapping)
        options = {**options, "mapping_file": stored, "mapping_name": mapping.name or ""}
    with transaction.atomic():
        pending = PendingImport(
            kind=kind, file_name=upload.name or "", options=options, uploaded_by=user
        )
        pending.file.save(upload.name or "upload", upload, save=False)
        pending.heartbeat_at = timezone.now()
        pending.save()
        import_queue(pending.pk, Phase.CHECK)
    return pending


def import_apply_start(pending: PendingImport) -> bool:
    """Queue the apply of a checked file; False when it is not waiting for one (already
    queued, applied or refused: a second click does nothing)."""
    with transaction.atomic():
        started = PendingImport.objects.filter(
            pk=pending.pk,
            phase=Phase.CHECK,
            state=State.DONE,
            outcome=PendingImport.Outcome.CHECKED,
        ).update(phase=Phase.APPLY, **job_queued_afresh())
        if started:
            import_queue(pending.pk, Phase.APPLY)
    return bool(started)


def import_retry(pending: PendingImport) -> bool:
    """Queue a failed or interrupted check or apply again, from the start."""
    with transaction.atomic():
        retried = job_retry(PendingImport, pending.pk)
        if retried:
            import_queue(pending.pk, pending.phase)
    return retried
