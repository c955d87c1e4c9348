"""How an import tells how far it has come: a callable taking the share done (0–100) and
the step in words, that the background check writes to its job row for the progress bar."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

Progress = Callable[[int, str], None]


def progress_ignored(percent: int, step: str) -> None:
    """The progress of an import that nobody watches (tests, the command line)."""


Source = bytes | Path


def source_bytes(source: Source) -> bytes:
    """The whole file, for the readers that take it in one piece."""
    return source if isinstance(source, bytes) else Path(source).read_bytes()
