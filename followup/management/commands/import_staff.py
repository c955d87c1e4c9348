from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from budget.ledger.imports.errors import ImportFailed
from followup.indicators.imports.staff import staff_apply, staff_prepare
from followup.management.commands._values import file_read, result_print
from municipality.access import policy
from municipality.people.operator import operator_current


class Command(BaseCommand):
    help = (
        "Import staff figures (sick leave, short-term sick leave, employees, full-time "
        "equivalents; total, women, men) per unit and period from an HR system's .xlsx or .csv: "
        "År;Månad;Enhet;Sjukfrånvaro totalt;… or År;Månad;Enhet;Mått;Totalt;Kvinnor;Män. "
        "The preview is printed first; --dry-run stops there."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Check and preview only.")

    def handle(self, *args: object, file: str, dry_run: bool, **options: object) -> None:
        data = file_read(file)
        operator = operator_current()
        if operator.user is not None and not policy.can(operator.user, policy.Action.IMPORT_DATA):
            raise CommandError(
                _("%(name)s may not import data.") % {"name": operator.user.username}
            )
        try:
            prepared = staff_prepare(data, file_name=Path(file).name)
            self.stdout.write(_("Preview of %(file)s:") % {"file": prepared.file_name})
            result_print(self, prepared.result, preview=True)
            if dry_run:
                self.stdout.write(_("Dry run: nothing was written."))
                return
            result = staff_apply(prepared, user=operator.user)
        except ImportFailed as error:
            problems = "\n".join(str(problem) for problem in error.problems)
            raise CommandError(f"{_('Nothing was imported.')}\n{problems}") from error
        self.stdout.write(_("Imported:"))
        result_print(self, result)
        self.stdout.write(operator.announcement)
