"""How an import tells how far it has come: a callable taking the share done (0–100) and
the step in words, that the background check writes to its job row for the progress bar."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

Progress = Callable[[int, str], None]


def progress_ignored(percent: int, step: str) -> None:
    """The progress of an import that nobody watches (tests, the command line)."""


Source = bytes | Path


def source_bytes(source: Source) -> bytes:
    """The whole file, for the readers that take it in one piece."""
    return source if isinstance(source, bytes) else Path(source).read_bytes()


def source_hash(source: Source) -> str:
    """The file's SHA-256, read from disk in pieces when it is there."""
    if isinstance(source, bytes):
        return hashlib.sha256(source).hexdigest()
    digest = hashlib.sha256()
    with Path(source).open("rb") as file:
        while piece := file.read(1 << 20):
            digest.update(piece)
    return digest.hexdigest()
