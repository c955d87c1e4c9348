"""One entry point for every kind of import, shared by the browser and the commands."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.db import transaction
from django.utils.translation import gettext as _

from budget.ledger.imports.actuals import PreparedActuals, actuals_apply, actuals_prepare, file_hash
from budget.ledger.imports.budgets import PreparedBudget, budget_apply, budget_prepare
from budget.ledger.imports.errors import ImportFailed
from budget.ledger.imports.kinds import import_kind
from budget.ledger.imports.organisation.applying import organisation_apply
from budget.ledger.imports.organisation.planning import (
    PreparedOrganisation,
    organisation_prepare,
    organisation_year,
)
from budget.ledger.imports.organisation.reading import organisation_read
from budget.ledger.imports.progress import Progress, Source, progress_ignored, source_bytes
from budget.ledger.imports.sheet_fast import sheet_actuals_prepare
from budget.ledger.imports.sheets import Parsed, parse_actual_sheet, parse_budget_sheet
from budget.ledger.imports.sie_import import sie_prepare
from budget.ledger.models import ImportBatch
from municipality.models import User

T = TypeVar("T")


@dataclass
class Prepared:
    """What an import will do: shown as the preview, then applied as it stands."""

    kind: str
    file_name: str
    actuals: PreparedActuals | None = None
    budget: PreparedBudget | None = None
    organisation: PreparedOrganisation | None = None
    # The part of a kind registered by another app (budget.ledger.imports.kinds).
    part: Any = None
    notes: list[str] = field(default_factory=list)
    source: str = ""  # e.g. "SIE typ 4 från Visma, läst som cp437"

    @property
    def totals(self) -> dict[str, Decimal]:
        part = self.actuals or self.budget
        return part.totals if part else {}


def import_prepare(
    upload: Source,
    *,
    kind: str,
    file_name: str,
    dimension: int = 1,
    default_unit: str | None = None,
    budget_version: str | None = None,
    year: int | None = None,
    mapping: Source | None = None,
    mapping_name: str = "",
    prefix_rule: str = "",
    progress: Progress = progress_ignored,
) -> Prepared:
    """Check a file of ``kind`` (its bytes, or its path on disk); raises ``ImportFailed``
    naming each problem and its line. ``progress`` is told how far the check has come.
    An organisation (``kind`` ORGANISATION) is a sheet of units, or an SIE file whose
    units take their committee from the ``mapping`` sheet or the ``prefix_rule``."""
    if import_kind(kind) is not None:
        options = {"dimension": dimension, "default_unit": default_unit, "year": year}
        return _registered_prepare(
            upload, kind=kind, file_name=file_name, progress=progress, **options
        )
    if kind == ImportBatch.Kind.ORGANISATION:
        return _organisation_prepare(
            upload,
            file_name=file_name,
            dimension=dimension,
            year=year,
            mapping=mapping,
            mapping_name=mapping_name,
            prefix_rule=prefix_rule,
            progress=progress,
        )
    if kind == ImportBatch.Kind.SIE:
        sie = sie_prepare(
            upload,
            file_name=file_name,
            dimension=dimension,
            default_unit=default_unit,
            budget_version=budget_version,
            progress=progress,
        )
        progress(100, _("The file is checked"))
        source = f"SIE {sie.sie.sie_type or '?'} · {sie.sie.program or '?'} · {sie.sie.encoding}"
        return Prepared(
            kind=kind,
            file_name=file_name,
            actuals=sie.actuals,
            budget=sie.budget,
            notes=sie.notes,
            source=source,
        )
    if kind == ImportBatch.Kind.ACTUALS:
        fast = sheet_actuals_prepare(upload, file_name=file_name, progress=progress)
        if fast is not None:
            progress(100, _("The file is checked"))
            return Prepared(kind=kind, file_name=file_name, actuals=fast, notes=fast.notes)
        progress(50, _("Reading the file line by line"))
    data = source_bytes(upload)
    if kind == ImportBatch.Kind.ACTUALS:
        actuals = with_problems(
            parse_actual_sheet(data, file_name=file_name),
            lambda rows: actuals_prepare(
                rows, kind=kind, file_name=file_name, sha256=file_hash(data)
            ),
        )
        return Prepared(kind=kind, file_name=file_name, actuals=actuals, notes=actuals.notes)
    budget = with_problems(
        parse_budget_sheet(data, file_name=file_name),
        lambda rows: budget_prepare(
            rows, version_name=budget_version or "", file_name=file_name, sha256=file_hash(data)
        ),
    )
    return Prepared(kind=kind, file_name=file_name, budget=budget)


def _registered_prepare(
    upload: Source, *, kind: str, file_name: str, progress: Progress, **options: Any
) -> Prepared:
    """A file of a kind another app registered (``budget.ledger.imports.kinds``)."""
    handler = import_kind(kind)
    assert handler is not None
    part = handler.prepare(upload, file_name=file_name, progress=progress, **options)
    progress(100, _("The file is checked"))
    return Prepared(
        kind=kind, file_name=file_name, part=part, notes=list(part.notes), source=part.source
    )


def _organisation_prepare(
    upload: Source,
    *,
    file_name: str,
    dimension: int,
    year: int | None,
    mapping: Source | None,
    mapping_name: str,
    prefix_rule: str,
    progress: Progress,
) -> Prepared:
    year = organisation_year(year)
    progress(10, _("Reading the file"))
    read, rule = organisation_read(
        source_bytes(upload),
        file_name=file_name,
        dimension=dimension,
        mapping=source_bytes(mapping) if mapping is not None else None,
        mapping_name=mapping_name,
        prefix_rule_text=prefix_rule,
    )
    progress(60, _("Checking the units against the organisation"))
    organisation = organisation_prepare(read, year=year)
    if rule is not None:
        organisation.rule = rule.described()
    progress(100, _("The file is checked"))
    return Prepared(
        kind=ImportBatch.Kind.ORGANISATION,
        file_name=file_name,
        organisation=organisation,
        notes=organisation.notes,
        source=read.source,
    )


def with_problems(parsed: Parsed, prepare: Callable[[list], T]) -> T:
    """Check the readable rows too, so that one preview lists every problem in the file:
    ``prepare``'s with those of the lines that could not be read, in line order."""
    if parsed.problems and not parsed.rows:
        raise ImportFailed(parsed.problems)
    try:
        prepared = prepare(parsed.rows)
    except ImportFailed as failure:
        problems = parsed.problems + failure.problems
        raise ImportFailed(sorted(problems, key=lambda p: p.line or 0)) from failure
    if parsed.problems:
        raise ImportFailed(parsed.problems)
    return prepared


@transaction.atomic
def import_apply(prepared: Prepared, *, user: User | None, run_by: str = "") -> list[ImportBatch]:
    """Write everything the preview showed, in one transaction; ``run_by`` names the
    operating-system user of a command-line import."""
    batches = []
    if prepared.actuals is not None:
        batches.append(actuals_apply(prepared.actuals, user=user, run_by=run_by))
    if prepared.budget is not None:
        batches.append(budget_apply(prepared.budget, user=user, run_by=run_by))
    if prepared.organisation is not None:
        organisation_apply(prepared.organisation, user=user)
    handler = import_kind(prepared.kind)
    if prepared.part is not None and handler is not None:
        batches.append(handler.apply(prepared.part, user=user, run_by=run_by))
    return batches
