"""``manage.py import_sie``: read actuals (and a budget) from an SIE file."""

from __future__ import annotations

from argparse import ArgumentParser

from django.core.management.base import BaseCommand

from budget.ledger.models import ImportBatch
from budget.management.commands._importing import run_import


class Command(BaseCommand):
    help = "Import actuals (and a budget, from #PBUDGET) from an SIE file of type 1–4."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--dimension",
            type=int,
            default=1,
            help="The object dimension holding the responsibility unit (default 1).",
        )
        parser.add_argument("--default-unit", help="Unit code for amounts without an object.")
        parser.add_argument("--budget-version", help="Import #PBUDGET rows into this version.")
        parser.add_argument("--dry-run", action="store_true", help="Check and preview only.")

    def handle(
        self,
        *args: object,
        file: str,
        dimension: int,
        default_unit: str | None,
        budget_version: str | None,
        dry_run: bool,
        **options: object,
    ) -> None:
        run_import(
            self,
            file,
            kind=ImportBatch.Kind.SIE,
            dry_run=dry_run,
            dimension=dimension,
            default_unit=default_unit,
            budget_version=budget_version,
        )
