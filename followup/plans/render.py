"""The plan as HTML (the page's body, or the standalone document WeasyPrint lays out) and as
PDF; a decided plan is served from what was frozen when it was decided."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString

from followup.plans.document import plan_document
from followup.plans.models import CommitteePlan
from followup.reports.freeze import snapshot_article
from followup.reports.render import document_pdf, html_pdf


def plan_html(plan: CommitteePlan) -> str:
    """The plan as a standalone HTML document, as the PDF is made from it."""
    return render_to_string("followup/plans/document.html", plan_document(plan, for_pdf=True))


def plan_pdf(plan: CommitteePlan) -> bytes:
    """The plan as PDF: the archived one once decided, else made now from the same templates
    as the page."""
    if plan.frozen_at is not None and plan.pdf is not None:
        return bytes(plan.pdf)
    return document_pdf(html_pdf(plan_html(plan)))


def plan_freeze_into(plan: CommitteePlan) -> list[str]:
    """Render the plan (as it is in memory, about to be decided) and keep the snapshot, the
    PDF made from that very HTML, its checksum and the moment on ``plan``; the caller saves
    the fields returned in the transaction that decides it."""
    with translation.override(settings.LANGUAGE_CODE):  # the archive is the published plan
        html = plan_html(plan)
    pdf = document_pdf(html_pdf(html))
    plan.snapshot_html = html
    plan.pdf = pdf
    plan.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    plan.frozen_at = timezone.now()
    return ["snapshot_html", "pdf", "pdf_sha256", "frozen_at"]


def frozen_plan_body(plan: CommitteePlan) -> SafeString | None:
    """A decided plan's ``<article>`` as frozen, for the page; None while it is not frozen."""
    if plan.frozen_at is None:
        return None
    return snapshot_article(plan.snapshot_html)
