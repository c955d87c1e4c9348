from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path

from django.core.management.base import BaseCommand

from budget.imports.actuals import actuals_apply, actuals_prepare, file_hash
from budget.imports.errors import ImportFailed
from budget.imports.sheets import actual_rows_from_sheet
from budget.management.commands._importing import fail, print_totals, read_file
from budget.models import ImportBatch


class Command(BaseCommand):
    help = "Import monthly actuals from .xlsx or .csv: year;month;unit;account;amount."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Check and preview only.")

    def handle(self, *args: object, file: str, dry_run: bool, **options: object) -> None:
        data = read_file(file)
        name = Path(file).name
        try:
            prepared = actuals_prepare(
                actual_rows_from_sheet(data, file_name=name),
                kind=ImportBatch.Kind.ACTUALS,
                file_name=name,
                sha256=file_hash(data),
            )
            self.stdout.write(
                f"{name}: {prepared.rows_read} rows read, {prepared.rows} amounts for "
                f"{prepared.year} months {', '.join(map(str, prepared.months))}; "
                f"replaces {prepared.replaces_rows} current amounts."
            )
            print_totals(self, prepared.totals)
            if dry_run:
                self.stdout.write("Dry run: nothing was written.")
                return
            batch = actuals_apply(prepared, user=None)
        except ImportFailed as error:
            raise fail(error) from error
        self.stdout.write(self.style.SUCCESS(f"Imported as import #{batch.pk}."))
