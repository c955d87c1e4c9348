"""The forecast grid's Excel round trip: download, upload, preview, apply.

An upload is kept as a ``PendingImport`` between the preview and the apply, its file in the
``imports`` storage like the imports of actuals and budgets, so that any web process can
apply what another previewed. A workbook is small (5 MB at most) and read in the request.
The preview and the apply both read the file again against the forecasts as they are then;
the apply refuses when that is no longer what the preview showed.
"""

from __future__ import annotations

import django_tables2 as tables
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from budget.forecasting.excel.download import forecast_workbook
from budget.forecasting.excel.plan import Plan, forecast_upload_apply, forecast_upload_plan
from budget.forecasting.excel.upload import forecast_upload_read
from budget.forecasting.excel.workbook import CONTENT_TYPE, entry_refusal, workbook_file_name
from budget.forecasting.grid import Grid, forecast_grid
from budget.ledger.models import ImportBatch, PendingImport
from budget.ledger.pending import pending_delete
from municipality.access import policy
from municipality.access.choice import choose_period, current_period
from municipality.access.http import SignedInRequest
from municipality.editing.gate import EditConflict
from municipality.formats.forms import WorkbookUploadForm
from municipality.formats.times import TimeColumn
from municipality.formats.workbooks import UploadRejected, values_saved
from municipality.models import OrgUnit, ReportingPeriod


class ChangeTable(tables.Table):
    caption = gettext_lazy("Changes")
    cell = tables.Column(verbose_name=gettext_lazy("Cell"))
    label = tables.Column(verbose_name=gettext_lazy("Row"))
    field_label = tables.Column(verbose_name=gettext_lazy("Value"))
    old_text = tables.Column(
        verbose_name=gettext_lazy("Now"),
        attrs={"td": {"class": "number"}, "th": {"class": "number"}},
    )
    new_text = tables.Column(
        verbose_name=gettext_lazy("In the file"),
        attrs={"td": {"class": "number"}, "th": {"class": "number"}},
    )

    class Meta:
        attrs = {"class": "data-table", "id": "excel-changes"}
        orderable = False


class ConflictTable(tables.Table):
    caption = gettext_lazy("Changed by someone else since the download")
    cell = tables.Column(verbose_name=gettext_lazy("Cell"))
    label = tables.Column(verbose_name=gettext_lazy("Row"))
    field_label = tables.Column(verbose_name=gettext_lazy("Value"))
    yours = tables.Column(verbose_name=gettext_lazy("In the file"))
    theirs = tables.Column(verbose_name=gettext_lazy("Saved since the download"))
    by = tables.Column(verbose_name=gettext_lazy("By"), default="–")
    at = TimeColumn(verbose_name=gettext_lazy("When"))

    class Meta:
        attrs = {"class": "data-table", "id": "excel-conflicts"}
        orderable = False


def _period(request: SignedInRequest) -> ReportingPeriod:
    """The period named by the link or the form, else the one chosen in the header."""
    chosen = request.GET.get("period") or request.POST.get("period")
    if chosen:
        if not chosen.isdigit():
            raise Http404
        return get_object_or_404(ReportingPeriod.objects.select_related("fiscal_year"), pk=chosen)
    period = current_period(request)
    if period is None:
        raise Http404(_("No reporting period has been set up."))
    return period


def _grid(request: SignedInRequest, unit: OrgUnit, period: ReportingPeriod) -> Grid:
    """The grid, for a user who may see the unit; 403 for anyone else."""
    if not policy.can(request.user, policy.Action.VIEW_UNIT, unit=unit):
        raise PermissionDenied
    if not unit.is_valid_in(period.year):
        raise Http404(_("The unit does not exist in %(year)s.") % {"year": period.year})
    return forecast_grid(period=period, unit=unit)


def _require_edit_right(request: SignedInRequest, grid: Grid) -> None:
    """403 for a user who may not enter forecasts on the unit while the period is open.

    A period that is not open is no question of rights: the preview says it is closed.
    """
    period = grid.period
    if period.is_open_for_entry and not policy.can(
        request.user, policy.Action.EDIT_FORECAST, unit=grid.unit, period=period
    ):
        raise PermissionDenied


@require_GET
def forecast_excel(request: SignedInRequest, unit_pk: int) -> HttpResponse:
    """The grid as a workbook: for entry when the user may enter, else for reading."""
    unit = get_object_or_404(OrgUnit.objects.select_related("committee"), pk=unit_pk)
    grid = _grid(request, unit, _period(request))
    reason = entry_refusal(user=request.user, grid=grid)
    data = forecast_workbook(grid, editable=not reason, reason=reason)
    response = HttpResponse(data, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{workbook_file_name(grid)}"'
    return response


@require_POST
def forecast_excel_upload(request: SignedInRequest, unit_pk: int) -> HttpResponse:
    unit = get_object_or_404(OrgUnit.objects.select_related("committee"), pk=unit_pk)
    grid = _grid(request, unit, _period(request))
    _require_edit_right(request, grid)
    form = WorkbookUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("budget:forecast", unit.pk)
    upload = form.cleaned_data["file"]
    pending = PendingImport(
        kind=ImportBatch.Kind.FORECAST,
        file_name=upload.name,
        options={"unit": unit.pk, "period": grid.period.pk},
        uploaded_by=request.user,
        state=PendingImport.State.DONE,  # nothing to do in the background: born done
    )
    pending.file.save(upload.name, upload, save=False)
    pending.save()
    return redirect("budget:forecast-excel-preview", pending.pk)


def _pending(request: SignedInRequest, pending_pk: int) -> tuple[PendingImport, Grid]:
    pending = get_object_or_404(
        PendingImport, pk=pending_pk, uploaded_by=request.user, kind=ImportBatch.Kind.FORECAST
    )
    unit = get_object_or_404(
        OrgUnit.objects.select_related("committee"), pk=pending.options.get("unit")
    )
    period = get_object_or_404(
        ReportingPeriod.objects.select_related("fiscal_year"), pk=pending.options.get("period")
    )
    grid = _grid(request, unit, period)
    _require_edit_right(request, grid)
    return pending, grid


def _plan(pending: PendingImport, grid: Grid) -> Plan:
    try:
        with pending.file.open("rb") as stored:
            data = stored.read()
    except (FileNotFoundError, ValueError) as gone:  # expired, or no file at all
        raise Http404(_("The uploaded file is no longer kept; upload it again.")) from gone
    upload = forecast_upload_read(data, file_name=pending.file_name, grid=grid)
    return forecast_upload_plan(upload, grid)


@require_GET
def forecast_excel_preview(request: SignedInRequest, pending_pk: int) -> HttpResponse:
    """Every changed cell with its old and new value, every conflict and unreadable cell.

    Nothing is written here.
    """
    pending, grid = _pending(request, pending_pk)
    context: dict[str, object] = {
        "section": "economy",
        "pending": pending,
        "unit": grid.unit,
        "period": grid.period,
        "refusal": entry_refusal(user=request.user, grid=grid),
    }
    try:
        plan = _plan(pending, grid)
    except UploadRejected as rejected:
        context["rejected"] = rejected.message
        pending_delete(pending)  # not the unit's workbook, never applied: nothing is kept
    else:
        context["plan"] = plan
        context["changes"] = ChangeTable(plan.changes) if plan.changes else None
        context["conflicts"] = ConflictTable(plan.conflicts) if plan.conflicts else None
    return render(request, "budget/forecast/excel_preview.html", context)


@require_POST
def forecast_excel_apply(request: SignedInRequest, pending_pk: int) -> HttpResponse:
    """Save the previewed changes, all or none, if they are still what the preview showed."""
    pending, grid = _pending(request, pending_pk)
    back = redirect("budget:forecast-excel-preview", pending.pk)
    refusal = entry_refusal(user=request.user, grid=grid)
    if refusal:
        messages.error(request, refusal)
        return back
    try:
        plan = _plan(pending, grid)
    except UploadRejected as rejected:
        messages.error(request, rejected.message)
        return back
    if plan.problems:
        messages.error(request, _("Correct the cells that cannot be read and upload again."))
        return back
    if plan.fingerprint != request.POST.get("plan"):
        messages.error(
            request,
            _("The forecast has changed since the preview. Check the changes again."),
        )
        return back
    try:
        count = forecast_upload_apply(plan=plan, grid=grid, user=request.user)
    except EditConflict as conflict:
        messages.error(
            request,
            _("%(who)s saved a value in the meantime; nothing was saved. Check the changes again.")
            % {"who": conflict.by or _("Someone")},
        )
        return back
    except ValidationError as problem:  # a period locked or a unit submitted just now
        for message in problem.messages:
            messages.error(request, message)
        return back
    pending_delete(pending)
    if count:
        messages.success(request, values_saved(count, pending.file_name))
    else:
        messages.info(request, _("%(file)s held no changes.") % {"file": pending.file_name})
    choose_period(request, grid.period)  # the grid shows the period just entered
    return redirect("budget:forecast", grid.unit.pk)
