from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path

from django.core.management.base import BaseCommand

from followup.indicators.imports.indicators import indicator_values_import
from followup.management.commands._values import file_read, import_run


class Command(BaseCommand):
    help = (
        "Import the municipality's own indicator values from .xlsx or .csv: "
        "indicator;period;gender;value."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file")

    def handle(self, *args: object, file: str, **options: object) -> None:
        data = file_read(file)
        import_run(
            self, lambda user: indicator_values_import(data, file_name=Path(file).name, user=user)
        )
