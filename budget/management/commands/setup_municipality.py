"""``manage.py setup_municipality``: set up a new municipality in an empty database."""

from __future__ import annotations

from argparse import ArgumentParser

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from budget.ledger.presets import PRESETS
from budget.setup.services import SetupRefused, municipality_setup
from budget.setup.summary import setup_told
from municipality.organisation.models import Municipality


class Command(BaseCommand):
    help = (
        "Set up a new municipality: the municipality, its fiscal years with the standard "
        "reporting periods, and the report lines of a preset. Runs once, on an empty database."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--name", required=True, help="The municipality's name.")
        parser.add_argument(
            "--code", required=True, help="The four-digit SCB/Kolada code, such as 0880."
        )
        parser.add_argument("--year", type=int, required=True, help="The first fiscal year.")
        parser.add_argument(
            "--years", type=int, default=1, help="How many fiscal years from --year (default 1)."
        )
        parser.add_argument(
            "--lines",
            choices=sorted(PRESETS),
            default="kommun-bas",
            help="The preset of report lines and account ranges (default kommun-bas).",
        )
        parser.add_argument(
            "--presentation",
            choices=Municipality.Sign.values,
            default=Municipality.Sign.RESULT.value,
            help="Signs as in the ledger (revenues negative) or as results (default result).",
        )

    def handle(
        self,
        *args: object,
        name: str,
        code: str,
        year: int,
        years: int,
        lines: str,
        presentation: str,
        **options: object,
    ) -> None:
        try:
            result = municipality_setup(
                name=name,
                code=code,
                year=year,
                years=years,
                lines=lines,
                presentation=presentation,
            )
        except SetupRefused as error:
            raise CommandError(
                _("Nothing was set up: %(reason)s") % {"reason": " ".join(error.messages)}
            ) from error
        first, *rest = setup_told(result)
        self.stdout.write(self.style.SUCCESS(first))
        for line in rest:
            self.stdout.write(f"  {line}")
