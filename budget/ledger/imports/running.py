"""What the background tasks of an uploaded import do (``budget.ledger.imports.tasks``):
check the stored file with ``import_prepare``, telling its job the progress, and keep what
the preview shows (or every problem, and then drop the file); later check it again and
apply it in one transaction, recording the batches on the job in that same transaction, so
that a repeated delivery of an applied job finds it done and does nothing. A worker killed
half-way leaves nothing written: the transaction never committed, and the job is run again
(the message comes back) or shown interrupted by the sweeper, with a retry.
Queueing the tasks is ``budget.ledger.imports.background``'s."""

from __future__ import annotations

import logging
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from budget.ledger.imports.errors import ImportFailed
from budget.ledger.imports.pipeline import Prepared, import_apply, import_prepare
from budget.ledger.imports.preview import preview_of
from budget.ledger.imports.progress import Progress
from budget.ledger.models import PendingImport
from budget.ledger.pending import pending_file_drop
from budget.ledger.storage import stored_delete, stored_path
from budget.ledger.tasks import figures_told
from municipality.jobs.services import job_claim, job_done, job_failed, job_heartbeat, job_progress
from municipality.tasks import work_watch

logger = logging.getLogger(__name__)

Phase = PendingImport.Phase
Outcome = PendingImport.Outcome
State = PendingImport.State
# A file that kills its worker this often (memory, say) fails instead of being tried again.
MAX_ATTEMPTS = 3
HEARTBEAT_SECONDS = 10
# The share of the apply's progress bar that checking the file again takes.
APPLY_CHECK_SHARE = 80


def progress_reporter(pk: int, scale: float = 1.0) -> Progress:
    """The ``progress`` callback of the job ``pk``: written when the percentage or the step
    changes (at most about a hundred writes a check), else at most once a second."""
    last: dict[str, Any] = {"percent": -1, "step": "", "at": 0.0}

    def progress(percent: int, step: str) -> None:
        now = time.monotonic()
        shown = int(percent * scale)
        if shown == last["percent"] and step == last["step"] and now - last["at"] < 1:
            return
        last.update(percent=shown, step=step, at=now)
        job_progress(PendingImport, pk, shown, step)

    return progress


def _options(job: PendingImport) -> dict[str, Any]:
    # The form's fields as stored: JSON, checked again by import_prepare's keywords.
    return {key: value for key, value in job.options.items() if value not in (None, "")}


def _prepare(job: PendingImport, path: Path, progress: Progress) -> Prepared:
    progress(1, _("Reading the file"))
    options = _options(job)
    mapping_file = options.pop("mapping_file", None)  # stored beside the file
    with ExitStack() as stack:
        if mapping_file:
            options["mapping"] = stack.enter_context(stored_path(mapping_file))
        return import_prepare(
            path, kind=job.kind, file_name=job.file_name, progress=progress, **options
        )


def _claim(pk: int, phase: str) -> PendingImport | None:
    """The job, running; None for a repeated delivery (done, gone, or in the other phase)."""
    if not PendingImport.objects.filter(pk=pk, phase=phase).exists():
        return None
    return job_claim(PendingImport, pk, select_related=("uploaded_by",), max_attempts=MAX_ATTEMPTS)


def _refused(job: PendingImport, failure: ImportFailed) -> str:
    """A refused file is never applied: its problems are kept to be shown, the file is not."""
    pending_file_drop(job)
    problems = [str(problem) for problem in failure.problems]
    job_done(PendingImport, job.pk, outcome=Outcome.REFUSED, problems=problems, step=_("Refused"))
    return Outcome.REFUSED


def _failed(job: PendingImport, error: Exception) -> str:
    logger.exception("Import %s (%s) failed", job.pk, job.phase)
    reason = str(error) or error.__class__.__name__
    if isinstance(error, FileNotFoundError):
        reason = _("the uploaded file is no longer kept; upload it again")
    message = _("The file could not be checked or imported: %(reason)s") % {"reason": reason}
    job_failed(PendingImport, job.pk, message)
    return State.FAILED


def import_check_run(pk: int) -> str:
    """Check the uploaded file of job ``pk`` and keep its preview; returns the outcome."""
    job = _claim(pk, Phase.CHECK)
    if job is None:
        return State.DONE
    try:
        with (
            job_heartbeat(PendingImport, pk, every=HEARTBEAT_SECONDS),
            stored_path(job.file.name) as path,
        ):
            prepared = _prepare(job, path, progress_reporter(pk))
    except ImportFailed as failure:
        return _refused(job, failure)
    except Exception as error:
        return _failed(job, error)
    job_done(PendingImport, pk, outcome=Outcome.CHECKED, preview=preview_of(prepared))
    return Outcome.CHECKED


def _apply_once(pk: int, prepared: Prepared) -> bool:
    """Apply, and record on the job that it is applied, in one transaction; False when it
    was applied before (a repeated delivery)."""
    with transaction.atomic():
        job = PendingImport.objects.select_for_update().select_related("uploaded_by").get(pk=pk)
        if job.outcome == Outcome.APPLIED:
            return False
        batches = import_apply(prepared, user=job.uploaded_by)
        job.batches.set(batches)
        # Applied, with no file to apply again, together with the import (the file itself
        # is deleted after); done once the user can be told how the figures are summed up.
        PendingImport.objects.filter(pk=pk).update(outcome=Outcome.APPLIED, file="")
    return True


def import_apply_run(pk: int) -> str:
    """Check the file of job ``pk`` again and apply it, all or nothing; returns the outcome."""
    job = _claim(pk, Phase.APPLY)
    if job is None:
        return State.DONE
    if job.outcome == Outcome.APPLIED:  # committed by a run that died before it was done
        job_done(PendingImport, pk, step=_("Imported"))
        return Outcome.APPLIED
    try:
        with job_heartbeat(PendingImport, pk, every=HEARTBEAT_SECONDS):
            with stored_path(job.file.name) as path:
                prepared = _prepare(job, path, progress_reporter(pk, APPLY_CHECK_SHARE / 100))
            job_progress(PendingImport, pk, APPLY_CHECK_SHARE, _("Writing the amounts"))
            with work_watch() as recomputes:
                applied = _apply_once(pk, prepared)
    except ImportFailed as failure:
        return _refused(job, failure)
    except Exception as error:
        return _failed(job, error)
    preview = job.preview
    if applied:  # the recompute's way is known once the import has committed
        preview = {**preview, "figures": figures_told(recomputes)}
    job_done(PendingImport, pk, step=_("Imported"), preview=preview)
    stored_delete(job.file.name)  # a worker dying first leaves it to the expiry's sweep
    stored_delete(job.options.get("mapping_file"))
    return Outcome.APPLIED
