"""Undoing an import: the rows it wrote go, the rows it replaced come back."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from budget.ledger.figures import figures_mark_changed
from budget.ledger.imports.actuals import locked_month_problems
from budget.ledger.imports.budgets import annual_lock
from budget.ledger.imports.errors import ImportFailed, Problem
from budget.ledger.imports.kinds import import_kind
from budget.ledger.models import Actual, BudgetAmount, ImportBatch
from budget.ledger.tasks import recompute_after_commit
from municipality.models import User


@transaction.atomic
def import_rollback(*, batch: ImportBatch, user: User | None) -> ImportBatch:
    """Restore the state before ``batch``. Only the latest import of its figures can go."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.state != ImportBatch.State.APPLIED:
        raise ImportFailed([Problem(None, _("This import has already been rolled back."))])
    handler = import_kind(batch.kind)
    if handler is not None:
        handler.rollback(batch)  # refuses, or removes the rows and restores what they replaced
        return _rolled_back(batch, user)
    model: type[BudgetAmount] | type[Actual]
    if batch.kind == ImportBatch.Kind.BUDGET:
        model, locked = BudgetAmount, annual_lock(batch.year)
        problems = (
            [Problem(None, _("%(period)s is locked after decision.") % {"period": locked.name})]
            if locked
            else []
        )
    else:
        model, problems = Actual, locked_month_problems(batch.year, batch.months)
    if problems:
        raise ImportFailed(problems)
    if model.objects.filter(batch=batch, superseded_by__isnull=False).exists():
        raise ImportFailed(
            [
                Problem(
                    None, _("A later import has replaced these figures; roll that one back first.")
                )
            ]
        )
    model.objects.filter(batch=batch).delete()
    model.objects.filter(superseded_by=batch).update(superseded_by=None)
    figures_mark_changed(years={batch.year})
    recompute_after_commit({batch.year})
    return _rolled_back(batch, user)


def _rolled_back(batch: ImportBatch, user: User | None) -> ImportBatch:
    batch.state = ImportBatch.State.ROLLED_BACK
    batch.rolled_back_by = user
    batch.rolled_back_at = timezone.now()
    batch.save(update_fields=["state", "rolled_back_by", "rolled_back_at"])
    return batch
