"""Imports of amounts kept outside the ledger's own tables, registered by the app that keeps
them (the investment projects' outcome, ``budget.investments.imports``), so that the ledger's
page, commands and background jobs check, preview, apply and roll them back as their own
without the ledger depending on that app. An app registers its kind in ``BudgetConfig.ready``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from budget.ledger.models import ImportBatch


@dataclass(frozen=True)
class ImportKind:
    """What the ledger's pipeline calls for a registered kind of import.

    ``prepare(upload, file_name=, progress=, **options)`` checks the file and returns its
    part (raising ``ImportFailed`` naming each problem and its line), with ``source`` and
    ``notes`` attributes; ``apply(part, user=, run_by=)`` writes it in the caller's
    transaction and returns its batch; ``preview(part)`` is what the preview page shows, as
    JSON, under the key ``name``, in ``template`` (given it as ``part``, and its totals per
    committee as ``part_totals``); ``rollback(batch)`` refuses (``ImportFailed``) or removes
    the batch's rows and restores those it superseded, in the caller's transaction.
    """

    name: str
    prepare: Callable[..., Any]
    apply: Callable[..., ImportBatch]
    preview: Callable[[Any], dict[str, Any]]
    rollback: Callable[[ImportBatch], None]
    template: str


KINDS: dict[str, ImportKind] = {}


def import_kind_register(kind: str, handler: ImportKind) -> None:
    """Make ``kind`` (an ``ImportBatch.Kind``) importable through the ledger's pipeline."""
    KINDS[kind] = handler


def import_kind(kind: str) -> ImportKind | None:
    return KINDS.get(kind)
