"""What the preview of a checked import shows, as JSON kept on its job
(``PendingImport.preview``): written once by the worker that checked the file, so that the
page renders it without reading the file again."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from budget.ledger.imports.kinds import import_kind
from budget.ledger.imports.organisation.planning import PreparedOrganisation
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
    if prepared.organisation is not None:
        preview["organisation"] = _organisation(prepared.organisation)
    handler = import_kind(prepared.kind)
    if prepared.part is not None and handler is not None:
        preview[handler.name] = handler.preview(prepared.part)
    return preview


def _organisation(o: PreparedOrganisation) -> dict[str, Any]:
    new_by_committee = Counter(o.committees[row.committee] for row in o.new_units)
    return {
        "year": o.year,
        "units": len(o.rows),
        "changes": o.changes,
        "changed": len(o.renames) + len(o.moves) + len(o.kind_changes),
        "new_committees": [[c.short_code, c.name, c.line] for c in o.new_committees],
        "new_units": len(o.new_units),
        "new_by_committee": dict(sorted(new_by_committee.items())),
        "renames": [[r.line, r.code, r.old, r.new] for r in o.renames],
        "kind_changes": [[k.line, k.code, k.old, k.new] for k in o.kind_changes],
        "moves": [[m.line, m.code, m.name, m.old_place, m.new_place] for m in o.moves],
        "unchanged": o.unchanged,
        "left_alone": o.left_alone,
        "rule": o.rule,
        "by_mapping": o.by_mapping,
        "by_rule": o.by_rule,
        "accounts": {
            "new": len(o.new_accounts),
            "renamed": len(o.renamed_accounts),
            "unchanged": o.unchanged_accounts,
            "other": o.other_accounts,
            "unmapped": o.unmapped_accounts,
        },
    }


def preview_totals(part: dict[str, Any]) -> dict[str, Decimal]:
    """A part's totals per committee, as amounts again."""
    return {name: Decimal(amount) for name, amount in part.get("totals", {}).items()}
