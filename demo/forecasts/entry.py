"""What a unit of the demo enters in a period: its forecasts and comments, each with the
history typing it in would have left, and its status walked through the workflow.

The periods are closed or locked by the time this runs; the model guard that refuses saves
there is for people, so the rows go to ``DemoHistory`` and in with ``bulk_create``, dated
around each period's deadline as if they had been typed in before the period closed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _

from budget.forecasting.services import cell_label
from budget.models import AccountGroup, Forecast, ForecastSubmission, InvestmentProject
from demo.forecasts.texts import RETURN_NOTE
from demo.history import DemoHistory, period_deadline
from municipality.models import Municipality, OrgUnit, ReportingPeriod, User

State = ForecastSubmission.State

DRAFT_FROM = 1_000_000  # kronor: deviations this large were first entered as a draft


def _kronor(amount: int) -> Decimal:
    """Whole kronor as the database returns them, so the history reads alike throughout."""
    return Decimal(amount).quantize(Decimal("0.01"))


@dataclass
class Context:
    """What every period of the demo needs: who writes, when it is, the thresholds."""

    economist: User | None
    controller: User | None
    municipality: Municipality
    history: DemoHistory

    def author(self, unit: OrgUnit) -> User | None:
        """Kommunstyrelsen's economist writes its forecasts; the controller the others'."""
        return self.economist if unit.committee.short_code == "KS" else self.controller

    def moment(self, day: date, rng: random.Random) -> datetime:
        return self.history.moment(day, rng)


@dataclass
class Cell:
    """One own row of a unit: the group or project, its budget and forecast, kronor."""

    group: AccountGroup | None
    project: InvestmentProject | None
    budget: int
    forecast: int
    comment: str

    @property
    def row(self) -> AccountGroup | InvestmentProject:
        """The report line or the project the row is for."""
        row = self.group or self.project
        if row is None:
            raise ValueError("A forecast row is for a report line or a project.")
        return row


def write_unit(
    period: ReportingPeriod,
    unit: OrgUnit,
    cells: list[Cell],
    state: str,
    *,
    context: Context,
    rng: random.Random,
) -> list[Cell]:
    """The unit's forecasts, status and their history in ``period``; returns the rows entered."""
    if state == State.NOT_STARTED:
        return []
    if state == State.IN_PROGRESS and period.state == ReportingPeriod.State.OPEN:
        cells = cells[: rng.randint(1, max(1, len(cells) - 1))]
    started = context.moment(period_deadline(period) - timedelta(days=rng.randint(6, 12)), rng)
    at = latest = started
    for cell in cells:
        latest = max(latest, _write_cell(period, unit, cell, at=at, context=context))
        at += timedelta(minutes=rng.randint(2, 40))
    _write_status(period, unit, state, started=started, latest=latest, context=context, rng=rng)
    return cells


def _write_cell(
    period: ReportingPeriod, unit: OrgUnit, cell: Cell, *, at: datetime, context: Context
) -> datetime:
    """One forecast as its author typed it in from ``at``; returns when it was last changed."""
    history = context.history
    author = context.author(unit)
    forecast = Forecast(
        period=period,
        unit=unit,
        group=cell.group,
        project=cell.project,
        amount=_kronor(cell.forecast),
        comment=cell.comment,
        updated_by=author,
    )
    label_row = cell.row
    deviation = cell.budget - cell.forecast
    values = [_kronor(cell.forecast)]
    if abs(deviation) >= DRAFT_FROM:  # first a rough figure, corrected a day later
        values.insert(0, _kronor(cell.budget - round(deviation * 6 // 10, -3)))
    old: Decimal | None = None
    when = at
    for day, value in enumerate(values):
        when = at + timedelta(days=day)
        history.change(
            forecast,
            field="amount",
            label=cell_label(unit, label_row, _("forecast")),
            old=old,
            new=value,
            user=author,
            at=when,
            period=period,
            unit=unit,
        )
        old = value
    forecast.amount_version = len(values)
    if cell.comment:
        when += timedelta(minutes=1)
        history.change(
            forecast,
            field="comment",
            label=cell_label(unit, label_row, _("comment")),
            old="",
            new=cell.comment,
            user=author,
            at=when,
            period=period,
            unit=unit,
        )
        forecast.comment_version = 1
    forecast.updated_at = when
    history.add(forecast)
    return when


def _write_status(
    period: ReportingPeriod,
    unit: OrgUnit,
    state: str,
    *,
    started: datetime,
    latest: datetime,
    context: Context,
    rng: random.Random,
) -> None:
    """The unit's status: started with its first entry, then submitted after its last and
    approved or returned by the controller, as ``state`` says."""
    history = context.history
    author = context.author(unit)
    deadline = period_deadline(period)
    submission = ForecastSubmission(period=period, unit=unit, state=state, updated_by=author)
    submitted = decided = started  # the status moves with the first entry
    if state != State.IN_PROGRESS:
        submitted = context.moment(deadline - timedelta(days=rng.randint(0, 2)), rng)
        submitted = min(max(submitted, latest + timedelta(minutes=rng.randint(5, 90))), history.now)
        if state in (State.APPROVED, State.RETURNED):
            decided = context.moment(deadline + timedelta(days=rng.randint(1, 5)), rng)
    history.workflow(
        submission,
        state,
        label=f"{unit.code} {unit.name} · {_('status')}",
        author=author,
        controller=context.controller,
        started=started,
        submitted=submitted,
        decided=decided,
        period=period,
        unit=unit,
    )
    if state == State.RETURNED:
        submission.note = RETURN_NOTE
        history.change(
            submission,
            field="note",
            label=f"{unit.code} {unit.name} · {_('controller’s comment')}",
            old="",
            new=RETURN_NOTE,
            user=context.controller,
            at=max(decided, submitted),  # when the controller returned it, as workflow() dates it
            period=period,
            unit=unit,
        )
    history.add(submission)
