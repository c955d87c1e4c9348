"""Where uploaded import files wait between their upload and their application: Django's
file storage named ``imports`` (``STORAGES["imports"]`` in the settings, a folder on disk
that the web processes and the workers share, ``IMPORT_STORAGE_DIR``), never the database.

A request only stores the file (Django has already streamed a large upload to a temporary
file; the storage moves or copies it in chunks); the worker that checks it reads it from
its path on disk, or from a local copy when the storage has no paths of its own."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.files import File
from django.core.files.storage import Storage, storages


def import_storage() -> Storage:
    """The storage of uploaded import files (a callable, so that the settings decide)."""
    return storages["imports"]


def upload_name(instance: object, file_name: str) -> str:
    """A stored upload's name: unguessable and never clashing, keeping the file's suffix."""
    suffix = Path(file_name).suffix.lower()[:10]
    return f"{uuid.uuid4().hex}{suffix}"


@contextmanager
def stored_path(name: str | None) -> Iterator[Path]:
    """A local path of the stored file ``name`` for as long as the block runs
    (``FileNotFoundError`` when there is none: applied, refused or expired)."""
    if not name:
        raise FileNotFoundError("no stored file")
    storage = import_storage()
    try:
        local_path = Path(storage.path(name))
    except NotImplementedError:  # a storage without local paths: copy it down in chunks
        local_path = None
    if local_path is not None:
        yield local_path
        return
    with tempfile.NamedTemporaryFile(suffix=Path(name).suffix) as local:
        with storage.open(name, "rb") as stored:
            for chunk in File(stored).chunks():
                local.write(chunk)
        local.flush()
        yield Path(local.name)


def stored_delete(name: str | None) -> None:
    """Delete the stored file ``name``; one already gone is no error."""
    if name:
        import_storage().delete(name)
