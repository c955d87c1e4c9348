"""Writing a plan's parts (each saves itself when left, with htmx; without JavaScript a plain
form with a Save button), assigning their writers, moving the plan's state and fetching its
goals from the year before."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from followup.plans.models import CommitteePlan, PlanPart
from followup.plans.page import part_row
from followup.plans.services import plan_goals_fetch, plan_text_assign, plan_text_save
from followup.plans.views.pages import plan_readable
from followup.plans.workflow import plan_set_state
from municipality.access import policy
from municipality.access.http import SignedInRequest
from municipality.editing.gate import EditConflict
from municipality.formats.times import format_time
from municipality.models import User


def _part(request: SignedInRequest) -> str:
    part = request.POST.get("part", "")
    if part not in PlanPart.values:
        raise ValidationError(_("The plan has no such text."))
    return part


def _page_url(plan: CommitteePlan, anchor: str = "") -> str:
    url = reverse("followup:plan", args=[plan.pk])
    return f"{url}#{anchor}" if anchor else url


def conflict_message(conflict: EditConflict) -> str:
    return _("%(who)s saved this text at %(time)s; yours was not saved.") % {
        "who": conflict.by or _("Someone"),
        "time": format_time(conflict.at),
    }


@require_POST
@policy.opens(policy.Page.PLANS)
def plan_text_save_view(request: SignedInRequest, pk: int) -> HttpResponse:
    """Save a part's text: htmx answers with the part's version, message and history; the
    plain form goes back to the page with a message."""
    plan = plan_readable(request, pk)
    error = conflict = ""
    part = ""
    try:
        part = _part(request)
        version = int(request.POST.get("text-version", ""))
        plan_text_save(
            user=request.user,
            plan=plan,
            part=part,
            text=request.POST.get("text", ""),
            expected_version=version,
        )
    except EditConflict as problem:
        conflict = conflict_message(problem)
    except ValueError:
        error = _("The form is incomplete; reload the page.")
    except ValidationError as problem:  # a decided plan, no such part
        error = " ".join(problem.messages)
    if not request.htmx:
        if error or conflict:
            messages.error(request, error or conflict)
        else:
            messages.success(request, _("Saved."))
        return redirect(_page_url(plan, f"p-{part}" if part else ""))
    if not part:
        return HttpResponse(error, status=400)
    response = render(
        request,
        "followup/plans/_part_saved.html",
        {"row": part_row(request.user, plan, part), "error": error, "conflict": conflict},
    )
    if not (error or conflict):
        response["HX-Trigger"] = "plan-text-saved"
    return response


@require_POST
@policy.opens(policy.Page.PLANS)
def plan_text_assign_view(request: SignedInRequest, pk: int) -> HttpResponse:
    """The controller assigns who writes a part."""
    plan = plan_readable(request, pk)
    part = _part(request)
    writer_id = request.POST.get("writer", "")
    writer = get_object_or_404(User, pk=int(writer_id)) if writer_id.isdigit() else None
    try:
        plan_text_assign(user=request.user, plan=plan, part=part, writer=writer)
        messages.success(request, _("Saved."))
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
    return redirect(_page_url(plan, f"p-{part}"))


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value.strip()) if value.strip() else None
    except ValueError as error:
        raise ValidationError(_("Write the date as 2018-01-16.")) from error


@require_POST
@policy.opens(policy.Page.PLANS)
def plan_state_view(request: SignedInRequest, pk: int) -> HttpResponse:
    """The controller moves the plan: klar för beslut, back to utkast, or beslutad with the
    decision's reference and date."""
    plan = plan_readable(request, pk)
    try:
        plan = plan_set_state(
            user=request.user,
            plan=plan,
            state=request.POST.get("state", ""),
            decision_reference=request.POST.get("decision_reference", ""),
            decided_on=_date(request.POST.get("decided_on", "")),
        )
        messages.success(
            request, _("The plan is now “%(state)s”.") % {"state": plan.get_state_display()}
        )
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
    return redirect(_page_url(plan))


@require_POST
@policy.opens(policy.Page.PLANS)
def plan_fetch_goals_view(request: SignedInRequest, pk: int) -> HttpResponse:
    """Hämta från föregående år: the committee's goals of the year before as a start."""
    plan = plan_readable(request, pk)
    try:
        result = plan_goals_fetch(user=request.user, plan=plan)
        messages.success(
            request,
            _("%(count)s copied from %(year)s to %(next)s.")
            % {"count": result.total, "year": plan.year - 1, "next": plan.year},
        )
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
    return redirect(_page_url(plan, "plan-goals"))
