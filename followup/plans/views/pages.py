"""The list of a year's plans, a plan's page, its PDF, and making a plan (the controller)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from followup.plans.models import CommitteePlan
from followup.plans.page import plan_page, plans_of_year
from followup.plans.render import plan_pdf
from followup.plans.services import may_manage_plans, may_read_plan, plan_for
from followup.plans.tables import PlanListTable
from municipality.access import policy
from municipality.access.http import SignedInRequest
from municipality.models import Committee, FiscalYear


def plan_readable(request: SignedInRequest, pk: int) -> CommitteePlan:
    """The plan, if the user may read it (403 otherwise)."""
    plan = get_object_or_404(
        CommitteePlan.objects.select_related("committee", "fiscal_year"), pk=pk
    )
    if not may_read_plan(request.user, plan.committee):
        raise PermissionDenied
    return plan


def _year(request: SignedInRequest, years: list[int]) -> int | None:
    """The year asked for (``?year=``), else the latest year set up (planning looks ahead);
    None while no year is."""
    raw = request.GET.get("year", "")
    if not raw:
        return years[0] if years else None
    try:
        year = int(raw)
    except ValueError as error:
        raise Http404 from error
    if year not in years:
        raise Http404
    return year


@require_GET
@policy.opens(policy.Page.PLANS)
def plans_page(request: SignedInRequest) -> HttpResponse:
    years = list(FiscalYear.objects.order_by("-year").values_list("year", flat=True))
    year = _year(request, years)
    rows = plans_of_year(request.user, year) if year is not None else []
    return render(
        request,
        "followup/plans/list.html",
        {
            "year": year,
            "years": years,
            "table": PlanListTable(rows),
            "may_manage": may_manage_plans(request.user),
        },
    )


@require_POST
@policy.opens(policy.Page.PLANS)
def plan_create_view(request: SignedInRequest) -> HttpResponse:
    """The controller makes a committee's plan for a year (a draft, no texts yet)."""
    if not may_manage_plans(request.user):
        raise PermissionDenied
    committee = get_object_or_404(Committee, pk=request.POST.get("committee") or 0)
    year = get_object_or_404(FiscalYear, year=request.POST.get("year") or 0).year
    plan = plan_for(committee=committee, year=year)
    return redirect("followup:plan", plan.pk)


@require_GET
@policy.opens(policy.Page.PLANS)
def plan_page_view(request: SignedInRequest, pk: int) -> HttpResponse:
    plan = plan_readable(request, pk)
    return render(request, "followup/plans/page.html", plan_page(request.user, plan))


@require_GET
@policy.opens(policy.Page.PLANS)
def plan_pdf_view(request: SignedInRequest, pk: int) -> HttpResponse:
    """The plan as PDF: a decided plan's archived PDF, else made now."""
    plan = plan_readable(request, pk)
    response = HttpResponse(plan_pdf(plan), content_type="application/pdf")
    name = f"plan-{slugify(plan.committee.short_code)}-{plan.year}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
