"""Investment projects' outcome for tests, booked as one import would book it."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from budget.models import Account, ImportBatch, InvestmentActual, InvestmentProject


def investment_actuals_book(
    rows: Iterable[tuple[int, int, InvestmentProject, str, Decimal | int]],
    *,
    file_name: str = "investeringar.csv",
) -> ImportBatch:
    """(year, month, project, account number, amount in kronor, ledger sign) rows as one
    import's batch of one year; the accounts are made as needed."""
    rows = list(rows)
    batch = ImportBatch.objects.create(
        kind=ImportBatch.Kind.INVESTMENT,
        file_name=file_name,
        sha256=file_name,
        year=rows[0][0],
        months=sorted({row[1] for row in rows}),
        rows=len(rows),
    )
    actuals = []
    for year, month, project, number, amount in rows:
        account, _ = Account.objects.get_or_create(
            number=number, defaults={"name": f"Konto {number}"}
        )
        actuals.append(
            InvestmentActual(
                project=project,
                account=account,
                year=year,
                month=month,
                amount=Decimal(amount),
                batch=batch,
            )
        )
    InvestmentActual.objects.bulk_create(actuals)
    return batch
