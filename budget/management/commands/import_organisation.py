"""``manage.py import_organisation``: the organisation from a sheet of units, or from the
dimension-1 objects and the accounts of an SIE file."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from budget.ledger.imports.errors import ImportFailed
from budget.ledger.imports.organisation.planning import PreparedOrganisation
from budget.ledger.imports.pipeline import import_apply, import_prepare
from budget.ledger.models import ImportBatch
from municipality.people.operator import operator_current

SHOWN = 50  # changes listed one by one; more are counted


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}") from error


class Command(BaseCommand):
    help = (
        "Import the organisation from a sheet (code;name;committee;parent, optionally kind "
        "and valid_from) or from an SIE file's dimension-1 objects and #KONTO accounts."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--year", type=int, help="The year (default: the current one).")
        parser.add_argument("--dry-run", action="store_true", help="Check and preview only.")
        parser.add_argument(
            "--mapping", help="SIE only: a sheet code;committee giving each unit's committee."
        )
        parser.add_argument(
            "--prefix-rule",
            default="",
            help="SIE only: committees by code prefix, such as 1=KS,2=SN (the longest wins).",
        )
        parser.add_argument(
            "--dimension", type=int, default=1, help="SIE only: the units' dimension (1)."
        )

    def handle(
        self,
        *args: object,
        file: str,
        year: int | None,
        dry_run: bool,
        mapping: str | None,
        prefix_rule: str,
        dimension: int,
        **options: object,
    ) -> None:
        data = _read(file)
        try:
            prepared = import_prepare(
                data,
                kind=ImportBatch.Kind.ORGANISATION,
                file_name=Path(file).name,
                year=year,
                dimension=dimension,
                mapping=_read(mapping) if mapping else None,
                mapping_name=Path(mapping).name if mapping else "",
                prefix_rule=prefix_rule,
            )
            assert prepared.organisation is not None
            self._preview(prepared.organisation, prepared.source)
            if not prepared.organisation.changes:
                self.stdout.write("Nothing to change: the organisation is as the file says.")
                return
            if dry_run:
                self.stdout.write("Dry run: nothing was written.")
                return
            operator = operator_current()
            import_apply(prepared, user=operator.user, run_by=operator.name)
        except ImportFailed as error:
            problems = "\n".join(str(problem) for problem in error.problems)
            raise CommandError(f"Nothing was imported.\n{problems}") from error
        self.stdout.write(self.style.SUCCESS(f"Imported: {prepared.organisation.changes} changes."))
        self.stdout.write(operator.announcement)

    def _preview(self, o: PreparedOrganisation, source: str) -> None:
        write = self.stdout.write
        write(f"Organisation {o.year}{f' ({source})' if source else ''}: {len(o.rows)} units read.")
        for rule in o.rule:
            write(f"  Prefix rule: {rule}")
        if o.by_mapping or o.by_rule:
            write(
                f"  Committee from the mapping: {o.by_mapping}, from the prefix rule: {o.by_rule}"
            )
        for new in o.new_committees:
            write(f"  New committee: {new.name} ({new.short_code}), line {new.line}")
        write(
            f"  New units: {len(o.new_units)}; renamed: {len(o.renames)}; moved: {len(o.moves)}; "
            f"kind changed: {len(o.kind_changes)}; unchanged: {o.unchanged}; "
            f"units not in the file, left as they are: {o.left_alone}"
        )
        for r in o.renames[:SHOWN]:
            write(f"  Line {r.line}: {r.code} renamed “{r.old}” → “{r.new}”")
        for m in o.moves[:SHOWN]:
            write(f"  Line {m.line}: {m.code} {m.name} moves from {m.old_place} to {m.new_place}")
        for k in o.kind_changes[:SHOWN]:
            write(f"  Line {k.line}: {k.code} kind {k.old} → {k.new}")
        if o.new_accounts or o.renamed_accounts or o.unchanged_accounts:
            write(
                f"  Accounts (classes 3–8): new {len(o.new_accounts)}, renamed "
                f"{len(o.renamed_accounts)}, unchanged {o.unchanged_accounts}; "
                f"{o.other_accounts} other accounts not followed up"
            )
        if o.unmapped_accounts:
            write(f"  Accounts outside every report line: {', '.join(o.unmapped_accounts)}")
        for note in o.notes:
            write(f"  Note: {note}")
