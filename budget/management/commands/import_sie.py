from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from budget.imports.actuals import actuals_apply
from budget.imports.budgets import budget_apply
from budget.imports.errors import ImportFailed
from budget.imports.sie_import import sie_prepare
from budget.management.commands._importing import fail, print_totals, read_file


class Command(BaseCommand):
    help = "Import actuals (and a budget, from #PBUDGET) from an SIE file of type 1–4."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--dimension",
            type=int,
            default=1,
            help="The object dimension holding the responsibility unit (1).",
        )
        parser.add_argument("--default-unit", help="Unit code for amounts without an object.")
        parser.add_argument(
            "--budget-version", help="Import #PBUDGET rows into this budget version."
        )
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
        data = read_file(file)
        name = Path(file).name
        try:
            prepared = sie_prepare(
                data,
                file_name=name,
                dimension=dimension,
                default_unit=default_unit,
                budget_version=budget_version,
            )
            sie = prepared.sie
            self.stdout.write(
                f"{name}: SIE type {sie.sie_type or '?'} from {sie.program or 'unknown program'}"
                f", {sie.company_name}, read as {sie.encoding}."
            )
            for note in prepared.notes:
                self.stdout.write(f"  Note: {note}")
            if prepared.actuals:
                a = prepared.actuals
                self.stdout.write(
                    f"Actuals {a.year}, months {', '.join(map(str, a.months))}: {a.rows} amounts"
                    f", {a.skipped_balance_rows} balance-sheet rows not imported, "
                    f"{len(a.new_accounts)} new accounts; replaces {a.replaces_rows} amounts."
                )
                print_totals(self, a.totals)
            if prepared.budget:
                self.stdout.write(
                    f"Budget “{prepared.budget.version_name}”: {prepared.budget.rows} amounts."
                )
                print_totals(self, prepared.budget.totals)
            if dry_run:
                self.stdout.write("Dry run: nothing was written.")
                return
            with transaction.atomic():
                batches = []
                if prepared.actuals:
                    batches.append(actuals_apply(prepared.actuals, user=None))
                if prepared.budget:
                    batches.append(budget_apply(prepared.budget, user=None))
        except ImportFailed as error:
            raise fail(error) from error
        numbers = ", ".join(f"#{batch.pk}" for batch in batches)
        self.stdout.write(self.style.SUCCESS(f"Imported as {numbers}."))
