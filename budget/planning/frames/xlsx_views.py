"""The frames workbook: downloaded by whoever may read the plan, uploaded by the controller."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from budget.forecasting.excel.upload import UploadRejected
from budget.forecasting.excel.workbook import CONTENT_TYPE
from budget.planning.frames.selectors import plan_of_year
from budget.planning.frames.views import may_manage, page_url, year_of
from budget.planning.frames.xlsx import frames_upload as upload_frames
from budget.planning.frames.xlsx import frames_workbook
from budget.planning.models import Decided
from municipality.access import policy
from municipality.access.http import SignedInRequest

MAX_UPLOAD = 5 * 1024 * 1024


@policy.opens(policy.Page.FRAMES)
def frames_download(request: SignedInRequest) -> HttpResponse:
    plan = plan_of_year(year_of(request.GET.get("year")))
    if plan is None:
        raise Http404
    response = HttpResponse(frames_workbook(plan), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="ramar-{plan.year}.xlsx"'
    return response


@require_POST
@policy.opens(policy.Page.FRAMES)
def frames_upload(request: SignedInRequest) -> HttpResponse:
    if not may_manage(request):
        raise PermissionDenied
    plan = plan_of_year(year_of(request.POST.get("year")))
    if plan is None:
        raise Http404
    upload = request.FILES.get("file")
    if upload is None or (upload.size or 0) > MAX_UPLOAD:
        messages.error(request, _("Choose a frames workbook (.xlsx) of at most 5 MB."))
        return redirect(page_url(plan))
    try:
        saved, problems = upload_frames(plan=plan, data=upload.read(), user=request.user)
    except (UploadRejected, Decided) as problem:
        messages.error(request, getattr(problem, "message", None) or problem.messages[0])  # type: ignore[union-attr]
        return redirect(page_url(plan))
    for text in problems:
        messages.error(request, text)
    if problems:
        messages.error(request, _("Nothing was saved; correct the workbook and upload it again."))
    else:
        messages.success(request, _("%(count)s values saved.") % {"count": saved})
    return redirect(page_url(plan))
