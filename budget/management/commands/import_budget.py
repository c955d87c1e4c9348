"""``manage.py import_budget``: read a budget version from an Excel or CSV file."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from budget.ledger.models import ImportBatch
from budget.management.commands._importing import run_import


class Command(BaseCommand):
    help = "Import a budget version from .xlsx or .csv: year;unit;account;amount (or group)."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # --version names the budget version here, as the issue asks, not Django's version.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--version",
            required=True,
            dest="budget_version",
            help="The budget version, created if new (e.g. 'Budget 2019 KF').",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check and preview only.")

    def handle(
        self, *args: object, file: str, budget_version: str, dry_run: bool, **options: object
    ) -> None:
        run_import(
            self, file, kind=ImportBatch.Kind.BUDGET, dry_run=dry_run, budget_version=budget_version
        )
