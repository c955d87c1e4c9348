"""The investment import as the ledger's pipeline, page, command and background jobs use it
(registered as ``ImportBatch.Kind.INVESTMENT`` in ``BudgetConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from budget.investments.imports.applying import investments_apply, investments_rollback
from budget.investments.imports.checking import PreparedInvestments, investments_prepare
from budget.investments.imports.reading import investments_read
from budget.investments.models import InvestmentSettings
from budget.ledger.imports.kinds import ImportKind, import_kind_register
from budget.ledger.imports.pipeline import with_problems
from budget.ledger.imports.progress import Progress, Source, progress_ignored, source_hash
from budget.ledger.imports.sheets import Parsed
from budget.ledger.models import ImportBatch

PREVIEW_KEY = "investments"


def investments_import_prepare(
    upload: Source,
    *,
    file_name: str,
    year: int | None = None,
    default_unit: str | None = None,
    dimension: int = 1,
    progress: Progress = progress_ignored,
    **_options: Any,
) -> PreparedInvestments:
    """Read and check an investment file (SIE, .xlsx or .csv; its bytes or its path).

    ``year``: the year to import (an SIE file's #RAR of that year; a sheet's rows of other
    years are left out); without it, an SIE file's current year and a sheet's only year.
    ``default_unit``: the responsible unit of projects the file creates when their rows name
    none. ``dimension``: the SIE object dimension of the units (1). The project dimension
    and the investment accounts are the municipality's ``InvestmentSettings``. Raises
    ``ImportFailed`` naming each problem and its line; writes nothing.
    """
    settings = InvestmentSettings.current()
    progress(10, _("Reading the file"))
    read = investments_read(
        upload,
        file_name=file_name,
        accounts=settings.account_ranges,
        project_dimension=settings.project_dimension,
        unit_dimension=dimension,
        year=year,
    )
    progress(60, _("Checking the projects, units and accounts"))
    return with_problems(
        Parsed(read.rows, read.problems),
        lambda rows: investments_prepare(
            rows,
            file_name=file_name,
            sha256=source_hash(upload),
            year=read.year or year,
            declared=read.declared,
            account_names=read.account_names,
            default_unit=default_unit,
            without_project=read.without_project,
            source=read.source,
        ),
    )


def investments_preview(prepared: PreparedInvestments) -> dict[str, Any]:
    """What the preview page shows, as JSON kept on the upload's job."""
    return {
        "year": prepared.year,
        "months": list(prepared.months),
        "rows_read": prepared.rows_read,
        "rows": prepared.rows,
        "projects": prepared.projects,
        "new_projects": [[p.line, p.code, p.name, p.unit_code] for p in prepared.new_projects],
        "new_accounts": len(prepared.new_accounts),
        "without_project": prepared.without_project.rows,
        "replaces_rows": prepared.replaces_rows,
        "totals": {name: str(amount) for name, amount in sorted(prepared.totals.items())},
    }


def investments_import_register() -> None:
    import_kind_register(
        ImportBatch.Kind.INVESTMENT,
        ImportKind(
            name=PREVIEW_KEY,
            prepare=investments_import_prepare,
            apply=investments_apply,
            preview=investments_preview,
            rollback=investments_rollback,
            template="budget/partials/investment_import_preview.html",
        ),
    )
