"""The committee's budget grid: the page, a cell saved on leaving it (htmx), the plain form
without JavaScript, a unit's months, the workflow buttons and the decision.

Every write goes through ``budget.planning.budgets.services``; these views only read the
request, call the service, and show what came of it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from budget.ledger import signs
from budget.planning.budgets import services
from budget.planning.budgets.folding import opened_units
from budget.planning.budgets.grid import PlanGrid, PlanRow, budget_grid
from budget.planning.budgets.selectors import PlanLine, plan_lines, planning_year_default
from budget.planning.models import BudgetProfile, BudgetRowSubmission, CommitteeBudget
from municipality.access import policy
from municipality.access.http import SignedInRequest
from municipality.editing.gate import EditConflict
from municipality.editing.workflow import step_with_messages
from municipality.formats.numbers import AmountError, format_tkr
from municipality.models import MONTH_NAMES, Committee, FiscalYear, OrgUnit
from municipality.organisation.selectors import municipality_current
from municipality.people.selectors import highest_unit

AMOUNTS = services.AMOUNT_FIELDS
# In the order of the grid's columns.
FORM_FIELDS = ("volume", "amount", "plan1", "plan2", "profile")


def _context(request: SignedInRequest, grid: PlanGrid, **extra: object) -> dict[str, object]:
    """What the grid's templates need."""
    opened = [block.unit.pk for block in grid.units if block.opened]
    return {
        "section": "planning",
        "grid": grid,
        "budget": grid.budget,
        "page_url": _page_url(grid.budget),
        # The units open now, kept when a folded one is opened without JavaScript.
        "open_query": "".join(f"&unit={pk}" for pk in opened) if grid.is_folded else "",
        "cell_url": reverse("budget:plan-budget-cell", args=[grid.budget.pk]),
        "profiles": BudgetProfile.choices,
        "may_decide": grid.can_decide and policy.can(request.user, policy.Action.MANAGE_PLANNING),
        **extra,
    }


def _committee_for(request: SignedInRequest, year: int) -> Committee:
    chosen = request.GET.get("committee", "")
    if chosen.isdigit():
        return get_object_or_404(Committee, pk=chosen)
    unit = highest_unit(request.user, year)
    if unit is not None:
        return unit.committee
    committee = Committee.objects.valid_in(year).first()
    if committee is None:
        raise Http404(_("There is no committee in %(year)s.") % {"year": year})
    return committee


def _may_see(request: SignedInRequest, budget: CommitteeBudget) -> None:
    """Outsiders of the committee get 403: whoever may see none of its units."""
    if policy.granted(request.user, policy.Action.VIEW_UNIT):
        return
    units = OrgUnit.objects.valid_in(budget.fiscal_year.year).filter(
        committee_id=budget.committee_id
    )
    if not units.filter(policy.units_filter(request.user, policy.Action.VIEW_UNIT)).exists():
        raise PermissionDenied


def _budget_of(request: SignedInRequest, pk: int) -> CommitteeBudget:
    budget = get_object_or_404(
        CommitteeBudget.objects.select_related("committee", "fiscal_year", "version"), pk=pk
    )
    _may_see(request, budget)
    return budget


def _page_url(budget: CommitteeBudget, anchor: str = "", *, opened: Sequence[int] = ()) -> str:
    """The grid's page; with ``opened``, those units shown row by row."""
    url = reverse("budget:plan-budget")
    query = f"?committee={budget.committee_id}&year={budget.fiscal_year.year}"
    query += "".join(f"&unit={pk}" for pk in opened)
    return f"{url}{query}{'#' + anchor if anchor else ''}"


@policy.opens(policy.Page.PLAN_BUDGET)
def plan_budget_view(request: SignedInRequest) -> HttpResponse:
    """The grid; a POST is the plain form, for browsers without JavaScript."""
    chosen = request.GET.get("year", "")
    year = int(chosen) if chosen.isdigit() else planning_year_default()
    if year is None or not FiscalYear.objects.filter(year=year).exists():
        return render(request, "budget/planning/no_plan.html", {"section": "planning"})
    committee = _committee_for(request, year)
    budget = services.budget_for(committee=committee, year=year)
    budget = _budget_of(request, budget.pk)
    if request.method == "POST":
        return _form_save(request, budget)
    opened = opened_units(request.GET.getlist("unit"))
    grid = budget_grid(budget=budget, user=request.user, opened=opened)
    committees = Committee.objects.valid_in(year)
    context = _context(request, grid, committees=committees)
    return render(request, "budget/planning/budget.html", context)


@require_GET
def plan_budget_unit(request: SignedInRequest, pk: int, unit_pk: int) -> HttpResponse:
    """A folded unit's rows, opened in place (htmx): the block the page shows opened."""
    budget = _budget_of(request, pk)
    unit = get_object_or_404(OrgUnit, pk=unit_pk, committee_id=budget.committee_id)
    grid = budget_grid(budget=budget, user=request.user, unit=unit)
    block = grid.block(unit.pk)
    if block is None:  # not a unit the user may see
        raise PermissionDenied
    return render(request, "budget/planning/_unit_block.html", _context(request, grid, block=block))


def _typed(result_sign: bool, field: str, raw: str) -> object:
    """What a cell's text stands for: an amount typed in tkr (presentation sign), or a
    profile."""
    if field in AMOUNTS:
        return signs.typed_tkr(raw, column=services.column(field), result=result_sign)
    return raw


def _target(key: str, lines: list[PlanLine], budget: CommitteeBudget) -> tuple[OrgUnit, PlanLine]:
    """The unit and report line a row key ("u12-g34") names, checked to belong."""
    unit_part, _sep, line_part = key.partition("-")
    if unit_part[1:].isdigit() and line_part[1:].isdigit():
        line = next((x for x in lines if x.pk == int(line_part[1:])), None)
        unit = OrgUnit.objects.filter(
            pk=int(unit_part[1:]), committee_id=budget.committee_id
        ).first()
        if line is not None and unit is not None:
            return unit, line
    raise ValidationError(_("There is no such row in the grid."))


def _conflict_text(grid: PlanGrid, field: str, conflict: EditConflict) -> str:
    shown = grid.shown(conflict.current) if field in AMOUNTS else None
    if shown is not None:
        return conflict.sentence(format_tkr(shown))
    return conflict.sentence(str(conflict.current or ""))


@require_POST
def plan_budget_cell(request: SignedInRequest, pk: int) -> HttpResponse:
    """Save one cell (htmx): answer with the cell, the unit's sums and the frame's."""
    budget = _budget_of(request, pk)
    key, field = request.POST.get("row", ""), request.POST.get("field", "")
    if field not in FORM_FIELDS:
        return HttpResponse(status=400)
    name = f"{field}-{key}"
    raw = request.POST.get(name, "")
    municipality = municipality_current()
    lines = plan_lines(year=budget.fiscal_year.year)
    error = conflict = None
    try:
        unit, line = _target(key, lines, budget)
    except ValidationError:
        return HttpResponse(status=400)
    try:
        services.budget_row_save(
            budget=budget,
            unit=unit,
            group=line,
            field=field,
            value=_typed(signs.result_sign(municipality), field, raw),
            expected_version=int(request.POST.get(f"{name}-version", "-1") or -1),
            user=request.user,
        )
    except AmountError as problem:
        error = problem.message
    except EditConflict as problem:
        conflict = problem
    except ValidationError as problem:
        error = " ".join(problem.messages)
    grid = budget_grid(
        budget=budget, user=request.user, unit=unit, lines=lines, municipality=municipality
    )
    row, block = grid.row(key), grid.block(unit.pk)
    if row is None or block is None:
        return HttpResponse(status=400)
    saved = next((c for c in row.cells if c.field == field), None)
    answer = {"saved_row": row, "saved_cell": saved, "block": block, "typed": raw}
    answer["error"] = error or ""
    answer["conflict"] = _conflict_text(grid, field, conflict) if conflict else ""
    return render(request, "budget/planning/_saved.html", _context(request, grid, **answer))


def _form_changes(request: SignedInRequest, grid: PlanGrid) -> list[services.RowChange]:
    """The plain form's cells whose value differs from what the page showed."""
    changes = []
    for block in grid.units:
        if not block.can_edit:
            continue
        for row in block.rows:
            for field in FORM_FIELDS:
                name = f"{field}-{row.key}"
                if name not in request.POST:
                    continue
                raw = request.POST[name].strip()
                if raw == request.POST.get(f"{name}-original", "").strip():
                    continue
                try:
                    version = int(request.POST.get(f"{name}-version", ""))
                except ValueError as error:
                    raise ValidationError(_("The form is incomplete; reload the page.")) from error
                try:
                    value = _typed(grid.result_sign, field, raw)
                except AmountError as problem:
                    label = services.row_label(grid.budget, block.unit, row.line, field)
                    raise ValidationError(f"{label}: {problem.message}") from problem
                changes.append(services.RowChange(block.unit, row.line, field, value, version))
    return changes


def _form_save(request: SignedInRequest, budget: CommitteeBudget) -> HttpResponse:
    """The plain form: every changed cell in one go, or none with the first refusal named."""
    grid = budget_grid(budget=budget, user=request.user)
    try:
        changes = _form_changes(request, grid)
        services.budget_rows_save(budget=budget, changes=changes, user=request.user)
    except AmountError as problem:
        messages.error(request, problem.message)
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
    else:
        if changes:
            messages.success(request, _("%(count)s values saved.") % {"count": len(changes)})
    return redirect(_page_url(budget, opened=opened_units(request.GET.getlist("unit"))))


@require_POST
def plan_budget_status(request: SignedInRequest, pk: int, unit_pk: int) -> HttpResponse:
    """Submit, approve or return a unit's rows, or fill its empty amounts with proposals."""
    budget = _budget_of(request, pk)
    unit = get_object_or_404(OrgUnit, pk=unit_pk, committee_id=budget.committee_id)
    user, note = request.user, request.POST.get("note", "")
    action = request.POST.get("action", "")
    if action == "proposal":
        step_with_messages(
            request,
            lambda: services.budget_unit_use_proposal(budget=budget, unit=unit, user=user),
            _("The empty amounts have been filled with the proposals."),
        )
        return redirect(_page_url(budget, f"u{unit.pk}", opened=[unit.pk]))
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        return HttpResponse(status=400)
    done = {
        "submit": _("The budget has been submitted."),
        "approve": _("The budget has been approved."),
        "return": _("The budget has been returned to the unit."),
    }
    services_of: dict[str, Callable[..., BudgetRowSubmission]] = {
        "submit": services.budget_unit_submit,
        "approve": services.budget_unit_approve,
        "return": partial(services.budget_unit_return, note=note),
    }
    if action not in done:
        return HttpResponse(status=400)
    step = partial(services_of[action], budget=budget, unit=unit, user=user)
    step_with_messages(request, partial(step, expected_version=version), done[action])
    return redirect(_page_url(budget, f"u{unit.pk}"))


@require_POST
def plan_budget_decide(request: SignedInRequest, pk: int) -> HttpResponse:
    """Enter the committee's decision: writes the follow-up's budget version."""
    budget = _budget_of(request, pk)
    try:
        decided_on = date.fromisoformat(request.POST.get("decided_on", ""))
    except ValueError:
        messages.error(request, _("Give the date of the decision as YYYY-MM-DD."))
        return redirect(_page_url(budget, "decision"))
    step_with_messages(
        request,
        lambda: services.committee_budget_decide(
            budget=budget,
            reference=request.POST.get("reference", ""),
            decided_on=decided_on,
            user=request.user,
        ),
        _("The budget has been decided; the follow-up shows it once the figures are summed up."),
    )
    return redirect(_page_url(budget, "decision"))


def _months_typed(request: SignedInRequest, grid: PlanGrid) -> list[Decimal | None]:
    """The twelve months as typed (tkr, presentation sign); a refusal names the month."""
    column = services.column("amount")
    months = []
    for number in range(1, 13):
        raw = request.POST.get(f"month-{number}", "")
        try:
            months.append(signs.typed_tkr(raw, column=column, result=grid.result_sign))
        except AmountError as problem:
            raise ValidationError(f"{MONTH_NAMES[number]}: {problem.message}") from problem
    return months


def plan_budget_months(request: SignedInRequest, pk: int, key: str) -> HttpResponse:
    """A row's budget typed per month: twelve amounts that add up to the budget."""
    budget = _budget_of(request, pk)
    unit, line = _target(key, plan_lines(year=budget.fiscal_year.year), budget)
    grid = budget_grid(budget=budget, user=request.user, unit=unit)
    row: PlanRow | None = grid.row(key)
    if row is None:
        raise Http404
    if request.method == "POST":
        try:
            typed = _months_typed(request, grid)
            services.budget_rows_save(
                budget=budget,
                changes=[
                    services.RowChange(unit, line, "months", typed, row.months_version),
                    services.RowChange(
                        unit, line, "profile", BudgetProfile.TYPED, row.profile_version
                    ),
                ],
                user=request.user,
            )
        except ValidationError as problem:
            messages.error(request, " ".join(problem.messages))
        else:
            messages.success(request, _("The months have been saved."))
            return redirect(_page_url(budget, f"row-{key}", opened=[unit.pk]))
    stored: list[Decimal | None] = [Decimal(m) for m in row.months] if row.months else [None] * 12
    months = [
        (number, MONTH_NAMES[number], request.POST.get(f"month-{number}"), value)
        for number, value in enumerate(stored, start=1)
    ]
    context = _context(request, grid, row=row, months=months, can_edit=grid.can_edit)
    return render(request, "budget/planning/months.html", context)
