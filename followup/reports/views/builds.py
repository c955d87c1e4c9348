"""Building a report in the background and following it: start a build (one committee's
report, or the compilation for the whole municipality), watch its progress bar (polled with
htmx), download its PDF, retry a failed or interrupted one; each start and retry says
whether the build was queued or built here."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from followup.goals.selectors import committee_visible
from followup.reports.background import build_retry, build_start
from followup.reports.models import ReportBuild
from municipality.access import policy
from municipality.access.http import SignedInRequest
from municipality.models import Committee, ReportingPeriod, User
from municipality.tasks import WorkTicket, work_watch, works_told

State = ReportBuild.State


def may_build(user: User, period: ReportingPeriod, committee: Committee | None) -> bool:
    """A committee's report: whoever may read it; the whole municipality's: whoever manages
    reports or may view every unit."""
    if policy.granted(user, policy.Action.MANAGE_REPORTS):
        return True
    if committee is None:
        return policy.granted(user, policy.Action.VIEW_UNIT)
    return committee_visible(user, committee.pk, period.year)


def _build(request: SignedInRequest, build_pk: int) -> ReportBuild:
    build = get_object_or_404(
        ReportBuild.objects.select_related("period__fiscal_year", "committee").defer("pdf"),
        pk=build_pk,
    )
    if not may_build(request.user, build.period, build.committee):
        raise PermissionDenied
    return build


def build_context(build: ReportBuild) -> dict:
    return {"build": build, "finished": build.is_finished, "State": State}


def build_tell(request: SignedInRequest, tickets: list[WorkTicket]) -> None:
    """Say whether the build was queued or built here (Redis away), or waits to be queued."""
    told = works_told(
        tickets,
        queued=_("The report is queued: it is being built in the background."),
        in_process=_("Redis could not be reached, so the report was built now, while you waited."),
        pending=_("The report could not be queued yet; it will be as soon as Redis answers."),
    )
    if told:
        messages.info(request, told)


@require_POST
def report_build_start(request: SignedInRequest) -> HttpResponse:
    period = get_object_or_404(ReportingPeriod, pk=request.POST.get("period", ""))
    code = request.POST.get("committee", "")
    committee = get_object_or_404(Committee, short_code=code) if code else None
    if not may_build(request.user, period, committee):
        raise PermissionDenied
    with work_watch() as tickets:
        build = build_start(period, committee, request.user)
    build_tell(request, tickets)
    return redirect("followup:report-build", build.pk)


@require_GET
def report_build_page(request: SignedInRequest, build_pk: int) -> HttpResponse:
    build = _build(request, build_pk)
    return render(request, "followup/reports/build.html", build_context(build))


@require_GET
def report_build_progress(request: SignedInRequest, build_pk: int) -> HttpResponse:
    """The polled partial: it stops polling once the build is done, failed or interrupted."""
    build = _build(request, build_pk)
    return render(request, "followup/reports/_build_progress.html", build_context(build))


@require_POST
def report_build_retry(request: SignedInRequest, build_pk: int) -> HttpResponse:
    build = _build(request, build_pk)
    if build.is_retryable:
        with work_watch() as tickets:
            build_retry(build)
        build_tell(request, tickets)
    return redirect("followup:report-build", build.pk)


@require_GET
def report_build_pdf(request: SignedInRequest, build_pk: int) -> HttpResponse:
    build = _build(request, build_pk)
    if build.state != State.DONE:
        raise Http404
    pdf = ReportBuild.objects.values_list("pdf", flat=True).get(pk=build.pk)
    if pdf is None:  # a done build has its PDF
        raise Http404
    who = build.committee.short_code if build.committee else "kommunen"
    name = f"{slugify(who)}-{slugify(build.period.name)}.pdf"
    response = HttpResponse(bytes(pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
