"""Building a report in the background: a ``ReportBuild`` row is queued, the Celery task
``followup.reports.tasks.report_build`` renders its PDF committee by committee, telling the
row its progress and step (and beating while the pages are laid out, which tells none), and
stores the PDF, its page count and checksum — or, when anything goes wrong, that it failed
and why in words (the traceback goes to the log). The row is a tracked job
(``municipality.jobs``): a build whose worker died is found by the sweeper and shown as
interrupted. Starting and retrying a build (queueing the task) is
``followup.reports.background``'s."""

from __future__ import annotations

import hashlib
import logging

from django.utils.translation import gettext as _

from followup.reports.models import ReportBuild
from followup.reports.render import document_pdf, html_pdf, report_html
from municipality.jobs.services import job_claim, job_done, job_failed, job_heartbeat, job_progress

logger = logging.getLogger(__name__)

State = ReportBuild.State
# How much of the progress bar reading the committees takes; laying out the pages the rest.
READING_SHARE = 60
LAYOUT_AT = 65
# A build whose worker died this often (its task delivered again each time) fails instead.
MAX_ATTEMPTS = 3
# How often a build beats while its pages are laid out (well inside ReportBuild.stale_after).
HEARTBEAT_EVERY = 10


def build_progress(build_id: int, progress: int, step: str) -> None:
    """Tell the build's row (outside any transaction, so that the page sees it at once)."""
    job_progress(ReportBuild, build_id, progress, step)


def build_claim(build_id: int) -> ReportBuild | None:
    """The build, marked running; None when it is gone or already done (the task is then a
    repeat delivery and does nothing)."""
    return job_claim(
        ReportBuild,
        build_id,
        select_related=("period__fiscal_year", "committee"),
        max_attempts=MAX_ATTEMPTS,
    )


def build_render(build: ReportBuild) -> tuple[bytes, int]:
    """The build's PDF and its page count, progress told per committee."""

    def reading(committee_name: str, done: float) -> None:
        step = _("Reading %(committee)s") % {"committee": committee_name}
        build_progress(build.pk, int(done * READING_SHARE), step)

    if build.committee is not None:
        reading(build.committee.name, 0)
    html = report_html(build.period, build.committee, for_pdf=True, progress=reading)
    build_progress(build.pk, LAYOUT_AT, _("Laying out the pages"))
    with job_heartbeat(ReportBuild, build.pk, every=HEARTBEAT_EVERY):
        document = html_pdf(html)
        del html
        pages = len(document.pages)
        build_progress(build.pk, 90, _("Writing the PDF (%(pages)d pages)") % {"pages": pages})
        return document_pdf(document), pages


def build_failed(build_id: int, step: str, error: Exception) -> None:
    reason = str(error) or error.__class__.__name__
    message = _("The report could not be built (at the step “%(step)s”): %(reason)s") % {
        "step": step or _("Starting"),
        "reason": reason,
    }
    job_failed(ReportBuild, build_id, message)


def build_run(build_id: int) -> str:
    """Run the build: idempotent (a done build is left as it is, a failed or interrupted one
    is built again from the start, and so is a running one whose worker died and whose task
    was delivered again). Returns the state it ends in."""
    build = build_claim(build_id)
    if build is None:
        state = ReportBuild.objects.filter(pk=build_id).values_list("state", flat=True).first()
        return state or State.DONE
    try:
        pdf, pages = build_render(build)
    except Exception as error:
        logger.exception("Report build %s failed", build_id)
        step = ReportBuild.objects.filter(pk=build_id).values_list("step", flat=True).first()
        build_failed(build_id, step or "", error)
        return State.FAILED
    job_done(
        ReportBuild,
        build_id,
        pdf=pdf,
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        pages=pages,
    )
    return State.DONE
