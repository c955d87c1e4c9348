"""What the indicator value commands share: run an import, print what it did, fail clearly."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from budget.ledger.imports.errors import ImportFailed
from followup.indicators.imports.store import ImportResult
from municipality.models import User
from municipality.people.operator import operator_current


def file_read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise CommandError(
            _("Cannot read %(path)s: %(error)s") % {"path": path, "error": error.strerror}
        ) from error


def result_print(command: BaseCommand, result: ImportResult, *, preview: bool = False) -> None:
    """Per indicator copy, the values created, changed and left as they were; then the skips.
    A ``preview`` says what would be written."""
    ordered = sorted(result.tallies.items(), key=lambda i: (i[0].code, i[0].fiscal_year.year))
    for indicator, tally in ordered:
        command.stdout.write(
            _(
                "%(code)s (%(year)s): %(created)s created, %(changed)s changed, "
                "%(unchanged)s unchanged"
            )
            % {
                "code": indicator.code,
                "year": indicator.fiscal_year.year,
                "created": tally.created,
                "changed": tally.changed,
                "unchanged": tally.unchanged,
            }
        )
    for reason, count in sorted(result.skipped.items()):
        command.stdout.write(
            _("Skipped, %(reason)s: %(count)s") % {"reason": reason, "count": count}
        )
    if preview:
        command.stdout.write(_("%(count)s values would be written.") % {"count": result.written})
        return
    command.stdout.write(
        command.style.SUCCESS(_("%(count)s values written.") % {"count": result.written})
    )


def import_run(command: BaseCommand, run: Callable[[User | None], ImportResult]) -> None:
    """Run an import as the operating-system user's Tertial user (if there is one); a refused
    file becomes a CommandError naming every problem."""
    operator = operator_current()
    try:
        result = run(operator.user)
    except ImportFailed as error:
        problems = "\n".join(str(problem) for problem in error.problems)
        nothing = _("Nothing was imported.")
        raise CommandError(f"{nothing}\n{problems}") from error
    result_print(command, result)
    command.stdout.write(operator.announcement)
