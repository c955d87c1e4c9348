"""The reports overview of the chosen period, and the controller's actions on a report:
its status, its details, a new version, freezing it."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from followup.reports.freeze import report_freeze, report_new_version
from followup.reports.models import Report
from followup.reports.overview import reports_overview
from followup.reports.views.builds import may_build
from followup.reports.workflow import report_details_save, report_set_status
from municipality.access import policy
from municipality.access.choice import current_period
from municipality.access.http import SignedInRequest


@require_GET
@policy.opens(policy.Page.REPORTS)
def reports_overview_page(request: SignedInRequest) -> HttpResponse:
    period = current_period(request)
    if period is None:
        raise Http404(_("There is no reporting period."))
    overview = reports_overview(request.user, period)
    return render(
        request,
        "followup/reports/overview.html",
        {
            "overview": overview,
            "period": period,
            "section": "reports",
            "may_build_whole": may_build(request.user, period, None),
        },
    )


def _report(report_pk: int) -> Report:
    return get_object_or_404(
        Report.objects.select_related("period__fiscal_year", "committee").defer(
            "snapshot_html", "pdf"
        ),
        pk=report_pk,
    )


def _date(value: str) -> datetime.date | None:
    if not value.strip():
        return None
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError as error:
        raise ValidationError(_("Enter a date as YYYY-MM-DD."), code="invalid_date") from error


def _done(request: SignedInRequest, action: Callable[[], object]) -> HttpResponse:
    """Run the action; a refusal becomes a message, not a failed page."""
    try:
        action()
    except PermissionDenied:
        raise
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Saved."))
    return redirect("followup:reports")


@require_POST
def report_status_view(request: SignedInRequest, report_pk: int) -> HttpResponse:
    report = _report(report_pk)
    status = request.POST.get("status", "")
    return _done(
        request, lambda: report_set_status(user=request.user, report=report, status=status)
    )


@require_POST
def report_details_view(request: SignedInRequest, report_pk: int) -> HttpResponse:
    report = _report(report_pk)
    return _done(
        request,
        lambda: report_details_save(
            user=request.user,
            report=report,
            case_number=request.POST.get("case_number", ""),
            handling_officer=request.POST.get("handling_officer", ""),
            decision_date=_date(request.POST.get("decision_date", "")),
        ),
    )


@require_POST
def report_new_version_view(request: SignedInRequest, report_pk: int) -> HttpResponse:
    report = _report(report_pk)
    return _done(request, lambda: report_new_version(report, request.user))


@require_POST
def report_freeze_view(request: SignedInRequest, report_pk: int) -> HttpResponse:
    report = _report(report_pk)
    return _done(request, lambda: report_freeze(report, request.user))
