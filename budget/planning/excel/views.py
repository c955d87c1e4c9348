"""The budget grid's Excel round trip: the workbook to download, and its upload.

The upload is read and written in the request (a workbook is 5 MB at most): every cell is
checked first, and if any cannot be read, is on a row the user may not change, or was
changed by someone else since the download, nothing is written and the messages say where.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from budget.planning.budgets.grid import PlanGrid, budget_grid
from budget.planning.budgets.services import budget_for
from budget.planning.excel.download import budget_workbook
from budget.planning.excel.plan import budget_upload_apply, budget_upload_plan
from budget.planning.excel.upload import budget_upload_read
from budget.planning.excel.workbook import entry_refusal, workbook_file_name
from municipality.access.http import SignedInRequest
from municipality.formats.forms import WorkbookUploadForm
from municipality.formats.workbooks import CONTENT_TYPE, UploadRejected, values_saved
from municipality.models import Committee, FiscalYear

# At most this many problems are listed; the count of the rest is said.
SHOWN_PROBLEMS = 20


def _grid(request: SignedInRequest, query: dict[str, str]) -> PlanGrid:
    """The grid of the committee and year the link or the form names, as the user may see
    it; 403 for whoever may see none of the committee's units."""
    committee_pk, year = query.get("committee", ""), query.get("year", "")
    if not committee_pk.isdigit() or not year.isdigit():
        raise Http404
    committee = get_object_or_404(Committee, pk=committee_pk)
    if not FiscalYear.objects.filter(year=int(year)).exists():
        raise Http404
    budget = budget_for(committee=committee, year=int(year))
    grid = budget_grid(budget=budget, user=request.user)
    if not grid.units:
        raise PermissionDenied
    return grid


def _page(grid: PlanGrid) -> str:
    query = f"?committee={grid.budget.committee_id}&year={grid.year}"
    return f"{reverse('budget:plan-budget')}{query}"


@require_GET
def plan_budget_xlsx(request: SignedInRequest) -> HttpResponse:
    """The grid as a workbook: for entry when the user may change some unit's rows, else
    for reading."""
    grid = _grid(request, request.GET.dict())
    data = budget_workbook(grid, reason=entry_refusal(grid))
    response = HttpResponse(data, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{workbook_file_name(grid)}"'
    return response


def _problems(request: SignedInRequest, problems: list[str]) -> None:
    messages.error(
        request,
        ngettext(
            "The file was not saved: %(count)s problem. Correct it and upload the file again.",
            "The file was not saved: %(count)s problems. Correct them and upload the file again.",
            len(problems),
        )
        % {"count": len(problems)},
    )
    for problem in problems[:SHOWN_PROBLEMS]:
        messages.error(request, problem)
    if len(problems) > SHOWN_PROBLEMS:
        messages.error(
            request,
            _("… and %(count)s more.") % {"count": len(problems) - SHOWN_PROBLEMS},
        )


@require_POST
def plan_budget_upload(request: SignedInRequest) -> HttpResponse:
    """Read the uploaded workbook and save what changed in it, all or nothing."""
    grid = _grid(request, request.POST.dict())
    back = redirect(_page(grid))
    refusal = entry_refusal(grid)
    if refusal:
        messages.error(request, refusal)
        return back
    form = WorkbookUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return back
    upload = form.cleaned_data["file"]
    try:
        read = budget_upload_read(upload.read(), file_name=upload.name, grid=grid)
    except UploadRejected as rejected:
        messages.error(request, rejected.message)
        return back
    plan = budget_upload_plan(read, grid)
    if plan.problems:
        _problems(request, plan.problems)
        return back
    try:
        count = budget_upload_apply(plan=plan, grid=grid, user=request.user)
    except ValidationError as refused:  # decided, submitted or changed in the meantime
        _problems(request, refused.messages)
        return back
    if count:
        messages.success(request, values_saved(count, upload.name))
    else:
        messages.info(
            request,
            _("%(file)s held no changes: the budget is already as the file says.")
            % {"file": upload.name},
        )
    return back
