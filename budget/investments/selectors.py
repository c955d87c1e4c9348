"""What the pages and reports read of the investment projects' outcome."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Sum

from budget.investments.models import InvestmentActual


def project_actuals(
    *, year: int, cutoff: int = 12, project_ids: Iterable[int] | None = None
) -> dict[int, Decimal]:
    """Per project: its outcome of ``year`` up to month ``cutoff``, ledger sign; one query."""
    actuals = InvestmentActual.objects.current().filter(year=year, month__lte=cutoff)
    if project_ids is not None:
        actuals = actuals.filter(project_id__in=list(project_ids))
    return {
        row["project_id"]: row["total"]
        for row in actuals.values("project_id").annotate(total=Sum("amount")).order_by()
    }
