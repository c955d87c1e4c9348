"""Writing a report's texts: each text saves itself when left (htmx), its status beside it,
who wrote it last, and the progress of the whole report; the controller assigns the writers.
Without JavaScript each text is a plain form with a Save button.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from followup.reports.models import Report, TextStatus
from followup.reports.text_page import TextPage, TextRow, may_read_texts, report_text_page
from followup.reports.texts import (
    FIELDS,
    report_current_or_new,
    report_get_or_create,
    report_text_assign,
    report_text_save,
)
from municipality.access.http import SignedInRequest
from municipality.editing.gate import EditConflict
from municipality.formats.times import format_time
from municipality.models import Committee, ReportingPeriod, User
from municipality.periods.exceptions import PeriodLocked


def _report(request: SignedInRequest, period_pk: int, code: str, *, make: bool = True) -> Report:
    """The committee's report of the period; made only by a write (``make``), never by a read."""
    period = get_object_or_404(ReportingPeriod.objects.select_related("fiscal_year"), pk=period_pk)
    committee = get_object_or_404(Committee, short_code=code)
    if not may_read_texts(request.user, committee):
        raise PermissionDenied
    if not make:
        report = report_current_or_new(committee, period)
        if report.pk is None and period.is_locked:
            raise Http404(_("The period was locked without a report."))
        return report
    try:
        return report_get_or_create(committee, period)
    except PeriodLocked as error:
        raise Http404(_("The period was locked without a report.")) from error


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError as error:
        raise Http404 from error


def _row(page: TextPage, key: str) -> TextRow:
    row = next((row for row in page.rows if row.key == key), None)
    if row is None:
        raise Http404
    return row


def _version(request: SignedInRequest, field: str) -> int:
    try:
        return int(request.POST.get(f"{field}-version", ""))
    except ValueError as error:
        raise ValidationError(_("The form is incomplete; reload the page.")) from error


def _conflict_message(conflict: EditConflict, field: str) -> str:
    if field == "status":
        theirs = dict(TextStatus.choices).get(conflict.current, "–")
        return _("%(who)s set the status to “%(value)s” at %(time)s; yours was not saved.") % {
            "who": conflict.by or _("Someone"),
            "value": theirs,
            "time": format_time(conflict.at),
        }
    return _("%(who)s saved this text at %(time)s; yours was not saved.") % {
        "who": conflict.by or _("Someone"),
        "time": format_time(conflict.at),
    }


def _page_url(report: Report, anchor: str = "") -> str:
    committee = report.committee
    assert committee is not None  # texts are written in a committee's report
    url = reverse("followup:report-texts", args=[report.period_id, committee.short_code])
    return f"{url}#{anchor}" if anchor else url


@require_GET
def report_texts_page(request: SignedInRequest, period_pk: int, code: str) -> HttpResponse:
    report = _report(request, period_pk, code, make=False)
    page = report_text_page(request.user, report)
    return render(request, "followup/reports/texts.html", {"page": page, "report": report})


def _save(request: SignedInRequest, report: Report, row: TextRow, field: str) -> None:
    report_text_save(
        user=request.user,
        report=report,
        kind=row.text.kind,
        part=row.text.part,
        goal_area=row.text.goal_area,
        field=field,
        value=request.POST.get(field, ""),
        expected_version=_version(request, field),
    )


@require_POST
def report_text_save_view(request: SignedInRequest, period_pk: int, code: str) -> HttpResponse:
    """Save one field of a text (htmx), or the text and its status (the plain form)."""
    report = _report(request, period_pk, code)
    text_id = request.POST.get("id", "")
    row = _row(report_text_page(request.user, report), text_id)
    if not request.htmx:
        return _save_form(request, report, row)
    field = request.POST.get("field", "")
    if field not in FIELDS:
        return HttpResponse(status=400)
    error = conflict = ""
    try:
        _save(request, report, row, field)
    except EditConflict as problem:
        conflict = _conflict_message(problem, field)
    except ValidationError as problem:  # a locked or closed period, a decided report
        error = " ".join(problem.messages)
    page = report_text_page(request.user, report)
    response = render(
        request,
        "followup/reports/_text_saved.html",
        {"page": page, "report": report, "row": _row(page, text_id), "field": field,
         "error": error, "conflict": conflict},
    )  # fmt: skip
    if not (error or conflict):
        response["HX-Trigger"] = "report-text-saved"
    return response


def _save_form(request: SignedInRequest, report: Report, row: TextRow) -> HttpResponse:
    saved = False
    for field in FIELDS:
        if field not in request.POST:
            continue
        try:
            _save(request, report, row, field)
            saved = True
        except EditConflict as conflict:
            messages.error(request, _conflict_message(conflict, field))
        except ValidationError as problem:
            messages.error(request, " ".join(problem.messages))
            break
    if saved:
        messages.success(request, _("Saved."))
    return redirect(_page_url(report, row.key))


@require_POST
def report_text_assign_view(request: SignedInRequest, period_pk: int, code: str) -> HttpResponse:
    """The controller assigns who writes a text."""
    report = _report(request, period_pk, code)
    text_id = request.POST.get("id", "")
    text = _row(report_text_page(request.user, report), text_id).text
    writer_id = request.POST.get("writer", "")
    writer = get_object_or_404(User, pk=_int(writer_id)) if writer_id else None
    error = ""
    try:
        report_text_assign(user=request.user, report=report, text=text, writer=writer)
    except ValidationError as problem:
        error = " ".join(problem.messages)
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect(_page_url(report, text_id))
    page = report_text_page(request.user, report)
    return render(
        request,
        "followup/reports/_writer_assigned.html",
        {"page": page, "report": report, "row": _row(page, text_id), "error": error},
    )
