"""An uploaded file between its upload and its application (``PendingImport``): the file
itself in the ``imports`` storage on disk (``budget.ledger.storage``), and the background
job that checks it and then applies it, with what its preview shows."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from budget.ledger.models.entries import ImportBatch
from budget.ledger.storage import import_storage, upload_name
from municipality.formats.times import format_time
from municipality.jobs.models import TrackedJob


class PendingImport(TrackedJob):
    """An upload waiting to be applied, and the job that checks and applies it.

    The file is kept in the ``imports`` storage, which every web process and every worker
    reaches, so that any of them can check or apply what another received. A ledger import
    is checked by a task (``phase`` check), shown from ``preview`` or ``problems``, then
    applied by a task (``phase`` apply) that checks the file again; the file is deleted once
    it is applied or refused. A forecast workbook is small and checked in the request: its
    row is born done. Rows and files nobody applied expire (``budget.ledger.pending``).
    """

    class Phase(models.TextChoices):
        CHECK = "check", _("Checking")
        APPLY = "apply", _("Importing")

    class Outcome(models.TextChoices):
        NONE = "", _("Not yet checked")
        CHECKED = "checked", _("Checked")
        REFUSED = "refused", _("Refused")
        APPLIED = "applied", _("Applied")

    kind = models.CharField(max_length=10, choices=ImportBatch.Kind.choices)
    file_name = models.CharField(max_length=255)
    file = models.FileField(
        storage=import_storage, upload_to=upload_name, max_length=255, blank=True
    )
    options = models.JSONField(default=dict, blank=True)
    uploaded_by = models.ForeignKey("municipality.User", on_delete=models.CASCADE, related_name="+")
    phase = models.CharField(max_length=5, choices=Phase.choices, default=Phase.CHECK)
    outcome = models.CharField(max_length=7, choices=Outcome.choices, blank=True)
    # What the preview shows (budget.ledger.imports.preview), so that the page never parses.
    preview = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)
    batches = models.ManyToManyField(ImportBatch, blank=True, related_name="+")

    class Meta:
        verbose_name = _("uploaded import")
        verbose_name_plural = _("uploaded imports")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({format_time(self.created)})"
