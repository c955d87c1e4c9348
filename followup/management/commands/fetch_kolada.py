from __future__ import annotations

from argparse import ArgumentParser, ArgumentTypeError
from collections.abc import Callable

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from followup.indicators.imports.kolada import (
    AREA_ID,
    KPI_ID,
    YEARS,
    KoladaUnreachable,
    kolada_data_url,
    kolada_fetch,
    kolada_values_store,
)
from followup.management.commands._values import import_run


def _ids(check: Callable[[str], object], what: str) -> Callable[[str], list[str]]:
    """An argparse type for a comma-separated list of ids that each pass ``check``."""

    def parse(text: str) -> list[str]:
        ids = [part.strip() for part in text.split(",") if part.strip()]
        wrong = [part for part in ids if not check(part)]
        if not ids or wrong:
            raise ArgumentTypeError(f"not {what}: {', '.join(wrong) or repr(text)}")
        return ids

    return parse


class Command(BaseCommand):
    help = (
        "Fetch values from Kolada's API (KOLADA_API_URL) and import them like import_kolada, "
        "e.g. --kpi N00005,N00002 --municipality 0880,1880 --year 2018,2019."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--kpi",
            required=True,
            type=_ids(KPI_ID.fullmatch, "Kolada KPI ids"),
            help="Comma-separated KPI ids such as N00005.",
        )
        parser.add_argument(
            "--municipality",
            required=True,
            type=_ids(AREA_ID.fullmatch, "municipality codes"),
            help="Comma-separated municipality codes (0880) or peer group ids (G33948).",
        )
        parser.add_argument(
            "--year",
            default=[],
            type=_ids(lambda y: y.isdigit() and int(y) in YEARS, "years"),
            help="Comma-separated years; all years Kolada has when left out.",
        )
        parser.add_argument("--timeout", type=float, default=30, help="Seconds per request.")

    def handle(
        self,
        *args: object,
        kpi: list[str],
        municipality: list[str],
        year: list[str],
        timeout: float,
        **options: object,
    ) -> None:
        url = kolada_data_url(kpis=kpi, municipalities=municipality, years=[int(y) for y in year])
        self.stdout.write(_("Fetching %(url)s") % {"url": url})
        try:
            document = kolada_fetch(url, timeout=timeout)
        except KoladaUnreachable as error:
            raise CommandError(str(error)) from error
        import_run(self, lambda user: kolada_values_store(document, user=user))
