"""``manage.py import_investments``: read investment projects' outcome from an SIE file or
an Excel/CSV sheet (year;month;project;account;amount)."""

from __future__ import annotations

from argparse import ArgumentParser

from django.core.management.base import BaseCommand

from budget.ledger.models import ImportBatch
from budget.management.commands._importing import run_import


class Command(BaseCommand):
    help = (
        "Import investment projects' outcome per month: from an SIE file (#TRANS rows on the "
        "investment accounts carrying a project object) or from .xlsx/.csv with the columns "
        "year;month;project;account;amount (and project_name;unit to create a project)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Check and preview only.")
        parser.add_argument(
            "--year", type=int, help="The year to import (default: the file's only or current)."
        )
        parser.add_argument(
            "--unit", help="Responsible unit of projects the file creates without naming one."
        )
        parser.add_argument(
            "--dimension",
            type=int,
            default=1,
            help="SIE: the object dimension holding the responsibility unit (default 1).",
        )

    def handle(
        self,
        *args: object,
        file: str,
        dry_run: bool,
        year: int | None,
        unit: str | None,
        dimension: int,
        **options: object,
    ) -> None:
        run_import(
            self,
            file,
            kind=ImportBatch.Kind.INVESTMENT,
            dry_run=dry_run,
            year=year,
            default_unit=unit,
            dimension=dimension,
        )
