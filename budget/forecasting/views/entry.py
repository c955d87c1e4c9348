"""The forecast grid: the page, a cell saved on leaving it (htmx), the plain form without
JavaScript, and the workflow buttons.

Every write goes through ``budget.forecasting.services``; these views only read the
request, call the service, and show what came of it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from budget.forecasting import services
from budget.forecasting.grid import Grid, forecast_grid
from budget.forecasting.models import Forecast, ForecastSubmission
from budget.forecasting.views.scope import unit_and_period
from budget.investments.models import InvestmentProject
from budget.ledger import signs
from budget.ledger.models import AccountGroup
from budget.ledger.selectors import ReportLine, report_lines
from municipality.access import policy
from municipality.access.choice import current_period
from municipality.access.http import SignedInRequest
from municipality.editing.gate import EditConflict
from municipality.editing.workflow import step_with_messages
from municipality.formats.numbers import AmountError, format_tkr
from municipality.models import OrgUnit, ReportingPeriod
from municipality.organisation.selectors import municipality_current
from municipality.people.selectors import highest_unit

FIELDS = ("amount", "comment")
RETURNABLE = (ForecastSubmission.State.SUBMITTED, ForecastSubmission.State.APPROVED)


def _permissions(request: SignedInRequest, grid: Grid) -> dict[str, bool]:
    decision = policy.decide(request.user, unit=grid.unit, period=grid.period)
    state = grid.submission.state
    editable_state = grid.submission.is_editable
    return {
        "can_edit": editable_state and decision.can(policy.Action.EDIT_FORECAST),
        "can_submit": editable_state and decision.can(policy.Action.SUBMIT_FORECAST),
        "can_approve": state == ForecastSubmission.State.SUBMITTED
        and decision.can(policy.Action.APPROVE_FORECAST),
        "can_return": state in RETURNABLE and decision.can(policy.Action.APPROVE_FORECAST),
        # Not "not now" but "not yours": a reader of the unit, whatever the period's state.
        "reads_only": policy.Action.EDIT_FORECAST not in decision.granted,
    }


def _grid_context(
    request: SignedInRequest, grid: Grid, *, page: bool = True, **extra: object
) -> dict[str, object]:
    """What the grid's templates need; ``page`` adds what only the whole page shows."""
    unit = grid.unit
    context: dict[str, object] = {
        "section": "economy",
        "grid": grid,
        "unit": unit,
        "period": grid.period,
        "is_root": unit.parent_id is None,
        **_permissions(request, grid),
    }
    if page:
        context["ancestors"] = list(
            OrgUnit.objects.filter(pk__in=unit.ancestor_ids).order_by("depth")
        )
        if unit.parent_id is None:
            context["action_plan"] = services.action_plan_of(
                period=grid.period, committee=unit.committee
            )
    context.update(extra)
    return context


@policy.opens(policy.Page.FORECAST)
def forecast_start(request: SignedInRequest) -> HttpResponse:
    """The way in: every unit's forecast for whoever may see them all (controllers, and
    municipality-wide readers, who read), else the grid of the user's own unit."""
    if policy.may_open(request.user, policy.Page.FORECAST_OVERVIEW):
        return redirect("budget:forecast-overview")
    period = current_period(request)
    if period is None:
        raise Http404(_("No reporting period has been set up."))
    unit = highest_unit(request.user, period.year)
    if unit is None:
        raise Http404(_("None of your units exists in %(year)s.") % {"year": period.year})
    return redirect("budget:forecast", unit.pk)


def forecast_view(request: SignedInRequest, unit_pk: int) -> HttpResponse:
    """The grid; a POST is the plain form, for browsers without JavaScript."""
    unit, period = unit_and_period(request, unit_pk)
    if request.method == "POST":
        return _form_save(request, unit, period)
    grid = forecast_grid(period=period, unit=unit)
    return render(request, "budget/forecast/grid.html", _grid_context(request, grid))


def _target(
    key: str, unit: OrgUnit, period: ReportingPeriod, lines: list[ReportLine]
) -> services.ForecastLine | InvestmentProject:
    """The report line ("g12") or project ("p3") a grid row key names, checked to belong."""
    kind, pk = key[:1], key[1:]
    if pk.isdigit() and kind == "g":
        line = next((x for x in lines if x.pk == int(pk)), None)
        if line is not None and line.kind == AccountGroup.Kind.LINE:
            # ``lines`` are the period's year's, read for the grid.
            return services.ForecastLine(
                pk=line.pk, name=line.name, kind=line.kind, fiscal_year_id=period.fiscal_year_id
            )
    elif pk.isdigit() and kind == "p":
        project = InvestmentProject.objects.filter(pk=pk, unit=unit).first()
        if project is not None:
            return project
    raise ValidationError(_("There is no such row in the grid."))


def _save_cell(
    request: SignedInRequest,
    unit: OrgUnit,
    period: ReportingPeriod,
    key: str,
    field: str,
    raw: str,
    version: str,
    *,
    result_sign: bool,
    lines: list[ReportLine],
) -> None:
    target = _target(key, unit, period, lines)
    column = Forecast._meta.get_field("amount")
    value = signs.typed_tkr(raw, column=column, result=result_sign) if field == "amount" else raw
    try:
        expected = int(version)
    except ValueError as error:
        raise ValidationError(_("The form is incomplete; reload the page.")) from error
    services.forecast_save(
        user=request.user,
        period=period,
        unit=unit,
        field=field,
        value=value,
        expected_version=expected,
        typed_in_tkr=True,
        group=target if isinstance(target, services.ForecastLine) else None,
        project=target if isinstance(target, InvestmentProject) else None,
    )


def _conflict_text(grid: Grid, field: str, conflict: EditConflict) -> str:
    if field == "amount":
        theirs = format_tkr(grid.shown(conflict.current)) if conflict.current is not None else ""
    else:
        theirs = conflict.current or ""
    return conflict.sentence(theirs)


@require_POST
def forecast_cell(request: SignedInRequest, unit_pk: int) -> HttpResponse:
    """Save one cell (htmx): answer with the cell and everything computed from it."""
    unit, period = unit_and_period(request, unit_pk)
    key, field = request.POST.get("row", ""), request.POST.get("field", "")
    if field not in FIELDS:
        return HttpResponse(status=400)
    name = f"{field}-{key}"
    raw = request.POST.get(name, "")
    version = request.POST.get(f"{name}-version", "")
    error = conflict = None
    municipality = municipality_current()
    sign = signs.result_sign(municipality)
    lines = report_lines(year=period.year)
    try:
        _save_cell(request, unit, period, key, field, raw, version, result_sign=sign, lines=lines)
    except AmountError as problem:
        error = str(problem)
    except EditConflict as problem:
        conflict = problem
    except ValidationError as problem:
        error = " ".join(problem.messages)
    grid = forecast_grid(
        period=period,
        unit=unit,
        municipality=municipality,
        part="cell",
        saved=(key, field),
        lines=lines,
    )
    row = grid.row(key)
    if row is None:
        return HttpResponse(status=400)
    context = _grid_context(
        request,
        grid,
        page=False,
        saved_row=row,
        saved_field=field,
        error=error or "",
        conflict=_conflict_text(grid, field, conflict) if conflict else "",
        typed=raw,
    )
    response = render(request, "budget/forecast/_saved.html", context)
    if not (error or conflict):
        # The totals of the unit and its committee follow in a request of their own
        # (``forecast_totals``), so that the save itself stays quick.
        response["HX-Trigger"] = "forecast-saved"
    return response


def forecast_totals(request: SignedInRequest, unit_pk: int) -> HttpResponse:
    """The unit's and committee's totals and the unit's subtree, as they stand now (htmx)."""
    unit, period = unit_and_period(request, unit_pk)
    grid = forecast_grid(period=period, unit=unit, part="totals")
    return render(
        request,
        "budget/forecast/_totals_refresh.html",
        {"grid": grid, "unit": unit, "period": period},
    )


def _form_save(request: SignedInRequest, unit: OrgUnit, period: ReportingPeriod) -> HttpResponse:
    """The plain form: save every cell whose value differs from what the page showed."""
    lines = report_lines(year=period.year)
    grid = forecast_grid(period=period, unit=unit, lines=lines)
    saved, problems = 0, []
    for row in grid.editable_rows:
        for field in FIELDS:
            name = f"{field}-{row.key}"
            if name not in request.POST:
                continue
            raw = request.POST[name]
            if raw.strip() == request.POST.get(f"{name}-original", "").strip():
                continue
            try:
                version = request.POST.get(f"{name}-version", "")
                sign = grid.result_sign
                _save_cell(
                    request, unit, period, row.key, field, raw, version, result_sign=sign,
                    lines=lines,
                )  # fmt: skip
                saved += 1
            except AmountError as problem:
                problems.append(f"{row.label}: {problem}")
            except EditConflict as problem:
                problems.append(f"{row.label}: {_conflict_text(grid, field, problem)}")
            except ValidationError as problem:
                problems.append(f"{row.label}: {' '.join(problem.messages)}")
    if saved:
        messages.success(request, _("%(count)s values saved.") % {"count": saved})
    for text in problems:
        messages.error(request, text)
    return redirect("budget:forecast", unit.pk)


@require_POST
def forecast_status(request: SignedInRequest, unit_pk: int) -> HttpResponse:
    """Submit, approve or return the unit's forecast."""
    unit, period = unit_and_period(request, unit_pk)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        return HttpResponse(status=400)
    user, note = request.user, request.POST.get("note", "")
    steps = {
        "submit": (
            lambda: services.forecast_submit(
                user=user, period=period, unit=unit, expected_version=version
            ),
            _("The forecast has been submitted."),
        ),
        "approve": (
            lambda: services.forecast_approve(
                user=user, period=period, unit=unit, expected_version=version
            ),
            _("The forecast has been approved."),
        ),
        "return": (
            lambda: services.forecast_return(
                user=user, period=period, unit=unit, note=note, expected_version=version
            ),
            _("The forecast has been returned to the unit."),
        ),
    }
    action = request.POST.get("action", "")
    if action not in steps:
        return HttpResponse(status=400)
    step_with_messages(request, *steps[action])
    return redirect("budget:forecast", unit.pk)


@require_POST
def forecast_action_plan(request: SignedInRequest, unit_pk: int) -> HttpResponse:
    unit, period = unit_and_period(request, unit_pk)
    if unit.parent_id is not None:
        raise Http404
    try:
        services.action_plan_save(
            user=request.user,
            period=period,
            committee=unit.committee,
            text=request.POST.get("text", ""),
            expected_version=int(request.POST.get("version", "-1")),
        )
        messages.success(request, _("The action plan has been saved."))
    except EditConflict as conflict:
        messages.error(
            request,
            _("%(who)s saved the action plan in the meantime; your text was not saved.")
            % {"who": conflict.by or _("Someone")},
        )
    except (ValidationError, ValueError) as problem:
        messages.error(request, " ".join(getattr(problem, "messages", [str(problem)])))
    return redirect(f"{reverse('budget:forecast', args=[unit.pk])}#action-plan")
