"""``manage.py load_account_groups``: give a fiscal year the report lines of a preset."""

from __future__ import annotations

from argparse import ArgumentParser

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from budget.ledger.presets import PRESETS
from budget.ledger.services import account_groups_load_preset
from municipality.models import FiscalYear


class Command(BaseCommand):
    help = "Give a fiscal year the report lines of a preset (kalmar, orebro or kommun-bas)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--preset", choices=sorted(PRESETS), required=True)

    def handle(self, *args: object, year: int, preset: str, **options: object) -> None:
        fiscal_year = FiscalYear.objects.filter(year=year).first()
        if fiscal_year is None:
            raise CommandError(f"There is no fiscal year {year}; create it first.")
        try:
            groups = account_groups_load_preset(fiscal_year=fiscal_year, preset=PRESETS[preset])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"{year}: {len(groups)} account groups from {PRESETS[preset].label}.")
