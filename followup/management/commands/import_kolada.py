from __future__ import annotations

from argparse import ArgumentParser

from django.core.management.base import BaseCommand

from followup.indicators.imports.kolada import kolada_import
from followup.management.commands._values import file_read, import_run


class Command(BaseCommand):
    help = "Import comparison values from a Kolada file (API v3's JSON data format)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file")

    def handle(self, *args: object, file: str, **options: object) -> None:
        data = file_read(file)
        import_run(self, lambda user: kolada_import(data, user=user))
