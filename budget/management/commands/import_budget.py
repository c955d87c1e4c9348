from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path

from django.core.management.base import BaseCommand

from budget.imports.actuals import file_hash
from budget.imports.budgets import budget_apply, budget_prepare
from budget.imports.errors import ImportFailed
from budget.imports.sheets import budget_rows_from_sheet
from budget.management.commands._importing import fail, print_totals, read_file


class Command(BaseCommand):
    help = "Import a budget version from .xlsx or .csv: year;unit;account;amount (or group)."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: object) -> ArgumentParser:
        # --version names the budget version here, as the issue asks, not Django's version.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--version",
            required=True,
            dest="version_name",
            help="The budget version, created if new (e.g. 'Budget KF').",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check and preview only.")

    def handle(
        self, *args: object, file: str, version_name: str, dry_run: bool, **options: object
    ) -> None:
        data = read_file(file)
        name = Path(file).name
        try:
            prepared = budget_prepare(
                budget_rows_from_sheet(data, file_name=name),
                version_name=version_name,
                file_name=name,
                sha256=file_hash(data),
            )
            action = "replaces" if prepared.version_exists else "creates"
            self.stdout.write(
                f"{name}: {prepared.rows_read} rows read, {prepared.rows} amounts for "
                f"{prepared.year}; {action} version “{version_name}”"
                f" ({prepared.replaces_rows} current amounts)."
            )
            print_totals(self, prepared.totals)
            if dry_run:
                self.stdout.write("Dry run: nothing was written.")
                return
            batch = budget_apply(prepared, user=None)
        except ImportFailed as error:
            raise fail(error) from error
        self.stdout.write(self.style.SUCCESS(f"Imported as import #{batch.pk}."))
