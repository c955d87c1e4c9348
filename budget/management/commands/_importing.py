"""What the import commands share: reading the file, printing the preview, failing clearly."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from budget.imports.errors import ImportFailed
from municipality.numbers import format_amount


def read_file(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}") from error


def fail(error: ImportFailed) -> CommandError:
    lines = [str(problem) for problem in error.problems]
    return CommandError("Nothing was imported.\n" + "\n".join(lines))


def print_totals(command: BaseCommand, totals: dict[str, Decimal]) -> None:
    for committee, amount in sorted(totals.items()):
        command.stdout.write(f"  {committee:<8} {format_amount(amount, decimals=2):>20}")
    total = sum(totals.values(), Decimal(0))
    command.stdout.write(f"  {'Summa':<8} {format_amount(total, decimals=2):>20}")
