"""Writes to forecasts: a cell, a comment, the action plan, and the workflow of a unit.

Every route (the grid, its plain form, the Excel upload, the admin) comes through
here, so the same rules hold everywhere: the policy decides who may, the period
must be open, a submitted unit is read-only until it is returned, and
``municipality.editing`` refuses lost updates and keeps the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from budget.forecasting.grid import forecast_grid
from budget.forecasting.models import ActionPlan, Forecast, ForecastSubmission
from budget.investments.models import InvestmentProject
from budget.ledger.models import AccountGroup
from municipality.access import policy
from municipality.access.guard import require
from municipality.editing.gate import field_save, period_hold_open
from municipality.editing.workflow import (
    Flow,
    Problem,
    mark_in_progress,
    note_label,
    row_get_or_create,
    workflow_approve,
    workflow_return,
    workflow_submit,
)
from municipality.formats.numbers import amount_to_store, format_tkr, round_tkr
from municipality.models import (
    EDITABLE_STATES,
    Committee,
    OrgUnit,
    ReportingPeriod,
    User,
)
from municipality.periods.exceptions import PeriodLocked

State = ForecastSubmission.State
THOUSAND = Decimal(1000)


@dataclass(frozen=True)
class ForecastLine:
    """A report line a forecast is entered on, as the grid reads it (``ReportLine``): what a
    save needs to know of it (its id, kind and year, its name for the change history),
    without loading the model."""

    pk: int
    name: str
    kind: str
    fiscal_year_id: int

    def __str__(self) -> str:
        return self.name


# Where a forecast is entered: a report line (the model, or as the grid reads it) or a project.
Line = AccountGroup | ForecastLine


def submission_of(*, period: ReportingPeriod, unit: OrgUnit) -> ForecastSubmission:
    """The unit's workflow status in the period; "not started" when nobody has touched it."""
    found = ForecastSubmission.objects.filter(period=period, unit=unit).first()
    return found or ForecastSubmission(period=period, unit=unit)


def cell_label(unit: OrgUnit, row: Line | InvestmentProject, what: str) -> str:
    """How a forecast cell is named in the change history."""
    return f"{unit.code} {unit.name} · {row} · {what}"


def _require_editable(submission: ForecastSubmission, unit: OrgUnit) -> None:
    if submission.state not in EDITABLE_STATES:
        raise ValidationError(
            _("The forecast of %(unit)s is %(state)s and cannot be changed until it is returned.")
            % {"unit": unit.name, "state": submission.get_state_display().lower()},
            code="not_editable",
        )


def _state_label(unit: OrgUnit) -> str:
    return f"{unit.code} {unit.name} · {_('status')}"


def forecast_cell(
    *,
    period: ReportingPeriod,
    unit: OrgUnit,
    group: Line | None = None,
    project: InvestmentProject | None = None,
) -> Forecast:
    """The row's forecast, read ``FOR UPDATE`` (created empty, version 0, if missing)."""
    if project is not None:
        if project.unit_id != unit.pk:
            raise ValidationError(_("The project belongs to another unit."))
        lookup: dict[str, object] = {"period": period, "project": project}
        defaults: dict[str, object] = {"unit": unit}
    else:
        if group is None or group.kind != AccountGroup.Kind.LINE:
            raise ValidationError(_("Forecasts are entered for report lines, not subtotals."))
        if group.fiscal_year_id != period.fiscal_year_id:
            raise ValidationError(_("The report line belongs to another year."))
        lookup, defaults = {"period": period, "unit": unit, "group_id": group.pk}, {}
    locked = Forecast.objects.select_for_update(of=("self",)).select_related("updated_by")
    found = locked.filter(**lookup).first()
    if found is not None:
        return found
    cell = Forecast(**lookup, **defaults)
    cell._period_held = True  # the caller holds the open period (``period_hold_open``)
    try:
        with transaction.atomic():
            cell.save()  # the new row stays locked by this transaction
    except IntegrityError:  # someone created it at the same moment: theirs, locked
        return locked.get(**lookup)
    return cell


def forecast_save(
    *,
    user: User,
    period: ReportingPeriod,
    unit: OrgUnit,
    field: str,
    value: Decimal | str | None,
    expected_version: int,
    group: Line | None = None,
    project: InvestmentProject | None = None,
    typed_in_tkr: bool = False,
) -> Forecast:
    """Save a forecast amount (ledger sign, kronor) or comment of one row.

    ``typed_in_tkr`` says the amount comes from an input that showed the stored amount in
    whole tkr (the grid and its plain form): the shown value sent back unchanged, at the
    version it was shown at, leaves the exact stored amount as it is instead of rounding it.

    Raises ``PermissionDenied``, ``PeriodLocked``/``PeriodNotOpen``, ``ValidationError``
    (a submitted unit), ``EditConflict`` (someone saved in between) or ``AmountError`` (an
    amount the column cannot hold).
    """
    if field not in ("amount", "comment"):
        raise ValueError(field)
    if field == "comment":
        value = str(value or "").strip()
    elif value is not None:
        value = amount_to_store(Decimal(value), column=Forecast._meta.get_field("amount"))
    require(user, policy.Action.EDIT_FORECAST, unit=unit, period=period)
    with transaction.atomic():
        period_hold_open(period)
        submission = ForecastSubmission.objects.filter(period=period, unit=unit).first()
        if submission is not None:
            _require_editable(submission, unit)
        cell = forecast_cell(period=period, unit=unit, group=group, project=project)
        if (
            field == "amount"
            and typed_in_tkr
            and isinstance(value, Decimal)
            and _shown_as(cell, value, expected_version)
        ):
            value = cell.amount
        what = _("forecast") if field == "amount" else _("comment")
        row = project or group
        assert row is not None  # ``forecast_cell`` refuses a save without one
        cell = field_save(
            cell,
            field=field,
            value=value,
            expected_version=expected_version,
            user=user,
            label=cell_label(unit, row, what),
            period=period,
            unit=unit,
            period_held=True,
            locked=True,
        )
        if submission is None:
            submission = row_get_or_create(ForecastSubmission, period=period, unit=unit)
        mark_in_progress(submission, user=user, label=_state_label(unit), unit=unit)
    return cell


def _shown_as(cell: Forecast, value: Decimal, version: int) -> bool:
    """Whether ``value`` is the cell's stored amount as the grid showed it (whole tkr)."""
    return (
        cell.amount is not None
        and cell.amount_version == version
        and value == round_tkr(cell.amount) * THOUSAND
    )


def action_plan_of(*, period: ReportingPeriod, committee: Committee) -> ActionPlan:
    found = ActionPlan.objects.filter(period=period, committee=committee).first()
    return found or ActionPlan(period=period, committee=committee)


def action_plan_save(
    *,
    user: User,
    period: ReportingPeriod,
    committee: Committee,
    text: str,
    expected_version: int,
) -> ActionPlan:
    """The committee's actions for a forecast deficit; written by whoever submits its top unit."""
    roots = OrgUnit.objects.valid_in(period.year).filter(committee=committee, parent__isnull=True)
    if not any(
        policy.can(user, policy.Action.SUBMIT_FORECAST, unit=r, period=period) for r in roots
    ):
        if period.is_locked:
            raise PeriodLocked(period)
        raise PermissionDenied
    with transaction.atomic():
        period_hold_open(period)
        plan = row_get_or_create(ActionPlan, period=period, committee=committee)
        return field_save(
            plan,
            field="text",
            value=text.strip(),
            expected_version=expected_version,
            user=user,
            label=f"{committee.name} · {_('actions and their consequences')}",
            period=period,
            unit=None,
        )


def submission_problems(*, period: ReportingPeriod, unit: OrgUnit) -> list[Problem]:
    """Everything that stops the unit's forecast from being submitted."""
    grid = forecast_grid(period=period, unit=unit)
    problems = [
        Problem(
            _("%(row)s: a deviation of %(deviation)s tkr needs a comment.")
            % {"row": row.label, "deviation": format_tkr(grid.shown(row.deviation))},
            row=row.key,
        )
        for row in grid.editable_rows
        if row.needs_comment and not row.comment and row.deviation is not None
    ]
    if unit.parent_id is None and grid.committee_totals.deviation < 0:
        plan = action_plan_of(period=period, committee=unit.committee)
        if not plan.text.strip():
            problems.append(
                Problem(
                    _(
                        "%(committee)s forecasts a deficit of %(deviation)s tkr: write the "
                        "actions and their consequences before submitting."
                    )
                    % {
                        "committee": unit.committee.name,
                        "deviation": format_tkr(grid.committee_totals.deviation),
                    },
                    row="action-plan",
                )
            )
    return problems


FLOW = Flow(
    model=ForecastSubmission,
    submit_action=policy.Action.SUBMIT_FORECAST,
    approve_action=policy.Action.APPROVE_FORECAST,
    already_submitted=_lazy("The forecast has been submitted already."),
    only_submitted_returned=_lazy("Only a submitted forecast can be returned."),
    only_submitted_approved=_lazy("Only a submitted forecast can be approved."),
)


def forecast_submit(
    *, user: User, period: ReportingPeriod, unit: OrgUnit, expected_version: int
) -> ForecastSubmission:
    return workflow_submit(
        FLOW,
        user=user,
        period=period,
        lookup={"unit": unit},
        unit=unit,
        label=_state_label(unit),
        expected_version=expected_version,
        problems=lambda: submission_problems(period=period, unit=unit),
    )


def forecast_return(
    *, user: User, period: ReportingPeriod, unit: OrgUnit, note: str, expected_version: int
) -> ForecastSubmission:
    """Send a submitted or approved forecast back to the unit, saying what to fix."""
    return workflow_return(
        FLOW,
        user=user,
        period=period,
        lookup={"unit": unit},
        unit=unit,
        label=_state_label(unit),
        note_label=note_label(f"{unit.code} {unit.name}"),
        note=note,
        expected_version=expected_version,
    )


def forecast_approve(
    *, user: User, period: ReportingPeriod, unit: OrgUnit, expected_version: int
) -> ForecastSubmission:
    return workflow_approve(
        FLOW,
        user=user,
        period=period,
        lookup={"unit": unit},
        unit=unit,
        label=_state_label(unit),
        expected_version=expected_version,
    )
