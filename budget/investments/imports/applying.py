"""Writing a checked investment import, all of it or nothing, and undoing one."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from budget.investments.imports.checking import PreparedInvestments
from budget.investments.models import InvestmentActual, InvestmentProject
from budget.ledger.bulk import rows_insert
from budget.ledger.imports.actuals import (
    accounts_create,
    locked_month_problems,
    monthly_batch_create,
)
from budget.ledger.imports.errors import ImportFailed, Problem
from budget.ledger.models import Account, ImportBatch
from municipality.models import User


@transaction.atomic
def investments_apply(
    prepared: PreparedInvestments, *, user: User | None, run_by: str = ""
) -> ImportBatch:
    """Write ``prepared``: the projects and accounts it creates, then its amounts, which
    replace every project's current outcome of the months it covers (kept, superseded by
    the new batch, for a roll-back)."""
    # Checked again inside the transaction: a period may have been locked since the preview.
    problems = locked_month_problems(prepared.year, prepared.months)
    if problems:
        raise ImportFailed(problems)
    accounts_create(prepared.new_accounts)
    if prepared.new_projects:
        # A project created by someone since the check is kept as it is.
        InvestmentProject.objects.bulk_create(
            [
                InvestmentProject(code=p.code, name=p.name, unit_id=p.unit_id)
                for p in prepared.new_projects
            ],
            ignore_conflicts=True,
        )
    codes = {code for (code, _account, _month) in prepared.sums}
    numbers = {number for (_code, number, _month) in prepared.sums}
    project_ids = dict(InvestmentProject.objects.filter(code__in=codes).values_list("code", "pk"))
    account_ids = dict(Account.objects.filter(number__in=numbers).values_list("number", "pk"))
    batch = monthly_batch_create(prepared, user=user, run_by=run_by)
    InvestmentActual.objects.current().filter(year=prepared.year, month__in=prepared.months).update(
        superseded_by=batch
    )
    rows_insert(
        InvestmentActual,
        ("project_id", "account_id", "year", "month", "amount", "batch_id"),
        (
            (project_ids[code], account_ids[number], prepared.year, month, amount, batch.pk)
            for (code, number, month), amount in sorted(prepared.sums.items())
        ),
    )
    return batch


def investments_rollback(batch: ImportBatch) -> None:
    """Remove ``batch``'s outcome and bring back what it replaced, in the caller's
    transaction; refused in a locked month or when a later import replaced it. Projects the
    import created stay (they may have budgets by now); delete them in the administration."""
    problems = locked_month_problems(batch.year, batch.months)
    if problems:
        raise ImportFailed(problems)
    if InvestmentActual.objects.filter(batch=batch, superseded_by__isnull=False).exists():
        message = _("A later import has replaced these figures; roll that one back first.")
        raise ImportFailed([Problem(None, message)])
    InvestmentActual.objects.filter(batch=batch).delete()
    InvestmentActual.objects.filter(superseded_by=batch).update(superseded_by=None)
