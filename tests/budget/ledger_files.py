"""What tests of the year's ledger share: an actuals file imported as a controller would,
through the ``import_actuals`` command."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

from django.core.management import call_command

from budget.models import ImportBatch


def import_actuals_file(directory: Path, lines: list[str], *, name: str) -> ImportBatch:
    """Write ``lines`` (``year;month;unit;account;amount``) as ``name`` and import it."""
    path = directory / name
    path.write_text("year;month;unit;account;amount\n" + "\n".join(lines) + "\n", encoding="utf-8")
    call_command("import_actuals", str(path), stdout=StringIO())
    return ImportBatch.objects.filter(file_name=name).latest("pk")
