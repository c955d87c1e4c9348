"""What the import commands share: read the file, print the preview, apply or fail clearly."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from budget.investments.imports.checking import PreparedInvestments
from budget.ledger.imports.errors import ImportFailed
from budget.ledger.imports.pipeline import Prepared, import_apply, import_prepare
from municipality.formats.numbers import format_amount
from municipality.people.operator import operator_current


def _print_totals(command: BaseCommand, totals: dict[str, Decimal]) -> None:
    for committee, amount in sorted(totals.items()):
        command.stdout.write(f"  {committee:<8} {format_amount(amount, decimals=2):>20}")
    total = sum(totals.values(), Decimal(0))
    command.stdout.write(f"  {'Summa':<8} {format_amount(total, decimals=2):>20}")


def _print_preview(command: BaseCommand, prepared: Prepared) -> None:
    command.stdout.write(
        f"{prepared.file_name}{f' ({prepared.source})' if prepared.source else ''}"
    )
    for note in prepared.notes:
        command.stdout.write(f"  Note: {note}")
    if prepared.actuals:
        a = prepared.actuals
        command.stdout.write(
            f"Actuals {a.year}, months {', '.join(map(str, a.months))}: {a.rows_read} rows read, "
            f"{a.rows} amounts, {a.skipped_balance_rows} rows outside classes 3–8 not imported, "
            f"{len(a.new_accounts)} new accounts; replaces {a.replaces_rows} current amounts."
        )
        _print_totals(command, a.totals)
    if prepared.budget:
        b = prepared.budget
        action = "replaces" if b.version_exists else "creates"
        command.stdout.write(
            f"Budget {b.year}: {b.rows_read} rows read, {b.rows} amounts; {action} version "
            f"“{b.version_name}” ({b.replaces_rows} current amounts)."
        )
        _print_totals(command, b.totals)
    if isinstance(prepared.part, PreparedInvestments):
        _print_investments(command, prepared.part)


def _print_investments(command: BaseCommand, i: PreparedInvestments) -> None:
    command.stdout.write(
        f"Investment outcome {i.year}, months {', '.join(map(str, i.months))}: "
        f"{i.rows_read} rows read, {i.rows} amounts on {i.projects} projects, "
        f"{i.without_project.rows} rows without a project not imported, "
        f"{len(i.new_accounts)} new accounts; replaces {i.replaces_rows} current amounts."
    )
    for project in i.new_projects:
        command.stdout.write(
            f"  New project {project.code} “{project.name}”, unit {project.unit_code} "
            f"(line {project.line})"
        )
    _print_totals(command, i.totals)


def run_import(
    command: BaseCommand, path: str, *, kind: str, dry_run: bool, **options: Any
) -> None:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}") from error
    try:
        prepared = import_prepare(data, kind=kind, file_name=Path(path).name, **options)
        _print_preview(command, prepared)
        if dry_run:
            command.stdout.write("Dry run: nothing was written.")
            return
        operator = operator_current()
        batches = import_apply(prepared, user=operator.user, run_by=operator.name)
    except ImportFailed as error:
        problems = "\n".join(str(problem) for problem in error.problems)
        raise CommandError(f"Nothing was imported.\n{problems}") from error
    numbers = ", ".join(f"#{batch.pk}" for batch in batches)
    command.stdout.write(command.style.SUCCESS(f"Imported as {numbers}."))
    command.stdout.write(operator.announcement)
