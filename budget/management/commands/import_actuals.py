"""``manage.py import_actuals``: read a month's actuals from an Excel or CSV file."""

from __future__ import annotations

from argparse import ArgumentParser

from django.core.management.base import BaseCommand

from budget.ledger.models import ImportBatch
from budget.management.commands._importing import run_import


class Command(BaseCommand):
    help = "Import monthly actuals from .xlsx or .csv: year;month;unit;account;amount."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Check and preview only.")

    def handle(self, *args: object, file: str, dry_run: bool, **options: object) -> None:
        run_import(self, file, kind=ImportBatch.Kind.ACTUALS, dry_run=dry_run)
