"""``manage.py carry_over_goals 2019 2020``: copy a year's goal structure into the next;
without years, last year's into this year."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from followup.indicators.carry_over import goals_carry_over
from municipality.models import FiscalYear


class Command(BaseCommand):
    help = (
        "Copy goal areas, council and committee goals, unfinished activities and assignments, "
        "and indicators from one year into another, keeping the link to their predecessors."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("from_year", type=int, nargs="?", help="default: last year")
        parser.add_argument("to_year", type=int, nargs="?", help="default: the year after")

    def handle(
        self, *args: object, from_year: int | None, to_year: int | None, **options: object
    ) -> None:
        from_year = from_year or timezone.localdate().year - 1
        to_year = to_year or from_year + 1
        if to_year <= from_year:
            raise CommandError("The year to copy into must come after the year copied from.")
        for year in (from_year, to_year):
            if not FiscalYear.objects.filter(year=year).exists():
                raise CommandError(f"There is no fiscal year {year}.")
        result = goals_carry_over(from_year=from_year, to_year=to_year)
        for kind, count in result.copied.items():
            self.stdout.write(f"{kind}: {count} copied")
        if result.skipped_finished:
            self.stdout.write(
                f"finished activities and assignments left behind: {result.skipped_finished}"
            )
        if not result.total:
            self.stdout.write("Everything already had its copy; nothing to do.")
