"""Writes of the report types page: a report type's name, a section, a financial table. Each
goes through the stale-edit guard, and simple-history records who changed what and when."""

from __future__ import annotations

from django.db import transaction

from followup.reports.models import FinancialTable
from municipality.history.guard import history_check


@transaction.atomic
def financial_table_delete(*, table: FinancialTable, seen: int) -> None:
    """Take a table out of the financial section, unless someone changed it after ``seen``."""
    history_check(table, seen)
    table.delete()
