"""What the preview of a checked import shows, as JSON kept on its job
(``PendingImport.preview``): written once by the worker that checked the file, so that the
page renders it without reading the file again."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from budget.ledger.imports.pipeline import Prepared


def _totals(totals: dict[str, Decimal]) -> dict[str, str]:
    # Exact sums as strings, like ImportBatch.totals.
    return {name: str(amount) for name, amount in totals.items()}


def preview_of(prepared: Prepared) -> dict[str, Any]:
    """The preview of ``prepared``: the source, notes, and per part (actuals, budget) its
    year, months, counts and totals per committee."""
    preview: dict[str, Any] = {"source": prepared.source, "notes": list(prepared.notes)}
    actuals = prepared.actuals
    if actuals is not None:
        preview["actuals"] = {
            "year": actuals.year,
            "months": list(actuals.months),
            "rows_read": actuals.rows_read,
            "rows": actuals.rows,
            "skipped_balance_rows": actuals.skipped_balance_rows,
            "new_accounts": len(actuals.new_accounts),
            "replaces_rows": actuals.replaces_rows,
            "totals": _totals(actuals.totals),
        }
    budget = prepared.budget
    if budget is not None:
        preview["budget"] = {
            "year": budget.year,
            "version_name": budget.version_name,
            "version_exists": budget.version_exists,
            "rows_read": budget.rows_read,
            "rows": budget.rows,
            "totals": _totals(budget.totals),
        }
    return preview


def preview_totals(part: dict[str, Any]) -> dict[str, Decimal]:
    """A part's totals per committee, as amounts again."""
    return {name: Decimal(amount) for name, amount in part.get("totals", {}).items()}
