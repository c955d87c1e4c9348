"""The council's frames page: reading for everyone who may view a unit, entering for the
controller (a field saved on leaving it with htmx, or the whole plain form without
JavaScript), the allocations and goals added and removed, the decision, and the history.

The views read the request, call ``services`` (through ``cells``), and show what came of it;
a decided plan's refusal is a message, never an error page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from budget.planning.frames import cells, rules, services
from budget.planning.frames.selectors import plan_frames, plan_history, plan_of_year
from budget.planning.models import CouncilPlan, Decided, FinancialGoal, FrameAllocation
from municipality.access import policy
from municipality.access.http import SignedInRequest
from municipality.editing.gate import EditConflict
from municipality.formats.numbers import AmountError
from municipality.models import Committee


def year_of(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and 1900 < int(text) < 3000 else None


def page_url(plan: CouncilPlan | None, anchor: str = "") -> str:
    url = reverse("budget:frames")
    if plan is not None:
        url += f"?year={plan.year}"
    return url + (f"#{anchor}" if anchor else "")


def may_manage(request: SignedInRequest) -> bool:
    return policy.can(request.user, policy.Action.MANAGE_PLANNING)


def _plan_for_post(request: SignedInRequest) -> CouncilPlan:
    """The plan a form posts to; only the controller changes plans."""
    if not may_manage(request):
        raise PermissionDenied
    plan = plan_of_year(year_of(request.POST.get("year")))
    if plan is None:
        raise Http404
    return plan


def _context(request: SignedInRequest, plan: CouncilPlan | None) -> dict[str, object]:
    plans = list(CouncilPlan.objects.select_related("fiscal_year").order_by("-fiscal_year__year"))
    context: dict[str, object] = {
        "section": "planning",
        "plan": plan,
        "plans": plans,
        "can_manage": may_manage(request),
        "next_year": (plans[0].year + 1) if plans else date.today().year + 1,
    }
    if plan is not None:
        frames = plan_frames(plan)
        context["frames"] = frames
        context["cells"] = cells.every_cell(frames)
        context["index_cells"] = cells.plan_cells(plan)
        context["editable"] = context["can_manage"] and not plan.is_decided
    return context


@policy.opens(policy.Page.FRAMES)
def frames_view(request: SignedInRequest) -> HttpResponse:
    """The plan of ``?year=`` (the latest without it); a POST is the plain form."""
    plan = plan_of_year(year_of(request.GET.get("year")))
    if request.GET.get("year") and plan is None:
        raise Http404(_("There is no plan for that year."))
    if request.method == "POST":
        return _form_save(request)
    return render(request, "budget/planning/frames.html", _context(request, plan))


def _version(request: SignedInRequest, key: str) -> int:
    try:
        return int(request.POST.get(f"{key}-version", ""))
    except ValueError as error:
        raise ValidationError(_("The form is incomplete; reload the page.")) from error


def _problem(key: str, error: Exception) -> str:
    if isinstance(error, EditConflict):
        return cells.conflict_text(key, error)
    if isinstance(error, AmountError):
        return str(error)
    return " ".join(getattr(error, "messages", [str(error)]))


def _form_save(request: SignedInRequest) -> HttpResponse:
    """The plain form: save every field whose value differs from what the page showed."""
    plan = _plan_for_post(request)
    if plan.is_decided:
        messages.error(request, Decided(plan).messages[0])
        return redirect(page_url(plan))
    shown = cells.every_cell(plan_frames(plan))
    saved = 0
    for key, cell in shown.items():
        if key not in request.POST:
            continue
        raw = request.POST[key]
        if raw.strip() == request.POST.get(f"{key}-original", "").strip():
            continue
        try:
            cells.save_cell(
                user=request.user, plan=plan, key=key, raw=raw, version=_version(request, key)
            )
            saved += 1
        except (EditConflict, AmountError, ValidationError) as error:
            messages.error(request, f"{cell.label}: {_problem(key, error)}")
    if saved:
        messages.success(request, _("%(count)s values saved.") % {"count": saved})
    return redirect(page_url(plan))


@require_POST
@policy.opens(policy.Page.FRAMES)
def frames_cell(request: SignedInRequest) -> HttpResponse:
    """Save one field (htmx): answer with the field and the sums of the frames."""
    plan = _plan_for_post(request)
    key = request.POST.get("key", "")
    raw = request.POST.get(key, "")
    error = conflict = ""
    try:
        cells.save_cell(
            user=request.user, plan=plan, key=key, raw=raw, version=_version(request, key)
        )
    except EditConflict as problem:
        conflict = _problem(key, problem)
    except (AmountError, ValidationError) as problem:
        error = _problem(key, problem)
    plan.refresh_from_db()
    context = _context(request, plan)
    cell = context["cells"].get(key)  # type: ignore[attr-defined]
    if cell is None:  # a field of a row removed in the meantime
        return HttpResponse(error or _("There is no such field."), status=409)
    pair = rules.EFFICIENCY_PAIR.get(cells.field_of(key))
    also = [context["cells"][key.rsplit("-", 1)[0] + f"-{pair}"]] if pair else []  # type: ignore[index]
    context.update({"cell": cell, "error": error, "conflict": conflict, "typed": raw, "also": also})
    return render(request, "budget/planning/_frames_saved.html", context)


def _step(request: SignedInRequest, plan: CouncilPlan, step: Callable[[], object], done: str):
    try:
        step()
    except (AmountError, ValidationError) as problem:
        messages.error(request, _problem("", problem))
    else:
        messages.success(request, done)


@require_POST
@policy.opens(policy.Page.FRAMES)
def frames_create(request: SignedInRequest) -> HttpResponse:
    if not may_manage(request):
        raise PermissionDenied
    year = year_of(request.POST.get("year"))
    if year is None:
        messages.error(request, _("Give the budget year."))
        return redirect("budget:frames")
    try:
        plan = services.council_plan_create(year=year, user=request.user)
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
        return redirect("budget:frames")
    messages.success(request, _("The plan for %(year)s has been created.") % {"year": year})
    return redirect(page_url(plan))


@require_POST
@policy.opens(policy.Page.FRAMES)
def frames_allocation(request: SignedInRequest) -> HttpResponse:
    """Add an allocation to a committee's frame of a year, or remove one."""
    plan = _plan_for_post(request)
    remove = request.POST.get("remove", "")
    if remove.isdigit():
        allocation = get_object_or_404(FrameAllocation, pk=remove, frame__plan=plan)
        _step(
            request, plan,
            lambda: services.allocation_remove(allocation=allocation, user=request.user),
            _("The allocation has been removed."),
        )  # fmt: skip
        return redirect(page_url(plan, "allocations"))
    committee = get_object_or_404(Committee, pk=request.POST.get("committee") or 0)

    def add() -> object:
        amount = cells.parse(cells.AMOUNT, request.POST.get("amount", ""))
        return services.allocation_add(
            plan=plan, committee=committee, year=year_of(request.POST.get("plan_year")) or 0,
            name=request.POST.get("name", ""), amount=amount, user=request.user,  # type: ignore[arg-type]
        )  # fmt: skip

    _step(request, plan, add, _("The allocation has been added."))
    return redirect(page_url(plan, f"committee-{committee.pk}"))


@require_POST
@policy.opens(policy.Page.FRAMES)
def frames_goal(request: SignedInRequest) -> HttpResponse:
    """Add a financial goal, or remove one."""
    plan = _plan_for_post(request)
    remove = request.POST.get("remove", "")
    if remove.isdigit():
        goal = get_object_or_404(FinancialGoal, pk=remove, plan=plan)
        _step(
            request, plan, lambda: services.goal_remove(goal=goal, user=request.user),
            _("The financial goal has been removed."),
        )  # fmt: skip
        return redirect(page_url(plan, "goals"))

    def add() -> object:
        target = cells.parse(cells.PERCENT, request.POST.get("target_percent", ""))
        return services.goal_add(
            plan=plan, text=request.POST.get("text", ""), target_percent=target,  # type: ignore[arg-type]
            user=request.user,
        )  # fmt: skip

    _step(request, plan, add, _("The financial goal has been added."))
    return redirect(page_url(plan, "goals"))


@require_POST
@policy.opens(policy.Page.FRAMES)
def frames_decide(request: SignedInRequest) -> HttpResponse:
    """Enter the plan as decided by the council."""
    plan = _plan_for_post(request)
    try:
        decided_on = date.fromisoformat(request.POST.get("decided_on", ""))
    except ValueError:
        decided_on = None
    _step(
        request, plan,
        lambda: services.council_plan_decide(
            plan=plan, reference=request.POST.get("reference", ""), decided_on=decided_on,
            user=request.user,
        ),
        _("The plan has been entered as decided."),
    )  # fmt: skip
    return redirect(page_url(plan, "decision"))


@policy.opens(policy.Page.FRAMES)
def frames_history(request: SignedInRequest) -> HttpResponse:
    """Every change of the plan's figures and texts: who, when, old and new."""
    plan = plan_of_year(year_of(request.GET.get("year")))
    if plan is None:
        raise Http404
    entries = plan_history(plan)[:2000]
    return render(
        request,
        "budget/planning/frames_history.html",
        {"section": "planning", "plan": plan, "entries": entries},
    )
