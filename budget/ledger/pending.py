"""Uploads waiting to be applied (``PendingImport``): how long they and their files stay.

Both uploads that preview before they write (the ledger's imports and the forecast
workbook) keep the file as a pending import in the ``imports`` storage. A beat task
(``budget.ledger.imports.tasks.expire_pending_imports``) deletes, every hour, the rows
older than ``PENDING_HOURS`` with their files, and any stored file that no row names.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from budget.ledger.models import PendingImport
from budget.ledger.storage import import_storage, stored_delete

PENDING_HOURS = 24


def pending_imports_expire(now: datetime | None = None) -> int:
    """Delete the uploads (rows and files) older than ``PENDING_HOURS``, but for one a
    worker is checking or applying right now; returns how many rows were deleted."""
    cutoff = (now or timezone.now()) - timedelta(hours=PENDING_HOURS)
    old = PendingImport.objects.filter(created__lt=cutoff).exclude(
        state=PendingImport.State.RUNNING
    )
    names = [name for name in old.values_list("file", flat=True) if name]
    deleted = old.count()
    old.delete()
    for name in names:
        stored_delete(name)
    _orphans_delete(cutoff)
    return deleted


def _orphans_delete(cutoff: datetime) -> None:
    """Files no row names any more (a request that died between storing and saving)."""
    storage = import_storage()
    try:
        _folders, names = storage.listdir("")
    except FileNotFoundError:
        return  # nothing was ever uploaded
    known = set(PendingImport.objects.exclude(file="").values_list("file", flat=True))
    for name in names:
        if name not in known and storage.get_modified_time(name) < cutoff:
            storage.delete(name)


def pending_file_drop(pending: PendingImport) -> None:
    """Delete the upload's file (it was applied or refused): its row stays, to be shown."""
    name = pending.file.name
    PendingImport.objects.filter(pk=pending.pk).update(file="")
    pending.file.name = ""
    stored_delete(name)
    stored_delete(pending.options.get("mapping_file"))


def pending_delete(pending: PendingImport) -> None:
    """Delete the upload, row and file (a forecast workbook applied or refused)."""
    name = pending.file.name
    pending.delete()
    stored_delete(name)
