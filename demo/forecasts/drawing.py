"""How the demo draws what a unit enters: a forecast that leans towards the year's outcome
more as the year goes on, a comment where the deviation needs one, and the unit's status."""

from __future__ import annotations

import random
from decimal import Decimal

from budget.forecasting.comments import comment_needed
from budget.models import ForecastSubmission
from demo.forecasts.entry import Context
from demo.forecasts.texts import COMMENTS
from municipality.models import OrgUnit, ReportingPeriod

State = ForecastSubmission.State

SMALL = 50_000  # kronor: a change smaller than this is left at budget, as economists do

# Kommunstyrelsen's workflow in the open period, so the controller's overview shows a mix.
OPEN_STATES: dict[str, str] = {
    "1000": State.IN_PROGRESS, "1010": State.SUBMITTED, "1020": State.APPROVED,
    "1030": State.IN_PROGRESS, "1040": State.NOT_STARTED, "1050": State.SUBMITTED,
    "1060": State.SUBMITTED, "1070": State.APPROVED, "1080": State.IN_PROGRESS,
    "1081": State.SUBMITTED, "2050": State.SUBMITTED, "1100": State.RETURNED,
    "1110": State.NOT_STARTED, "1120": State.IN_PROGRESS, "1121": State.SUBMITTED,
    "1122": State.SUBMITTED, "1123": State.NOT_STARTED,
}  # fmt: skip
# Elsewhere in the open period, drawn with these weights; one committee is all submitted.
OPEN_WEIGHTS = {
    State.SUBMITTED: 4,
    State.APPROVED: 2,
    State.IN_PROGRESS: 3,
    State.NOT_STARTED: 2,
}
ALL_SUBMITTED = "SN"


def forecast_drawn(
    budget: int, outcome: int, *, cutoff: int, annual: bool, story: bool, rng: random.Random
) -> int:
    """A full-year forecast, kronor.

    At the year's end it is the outcome. Before that, early in the year many rows are left
    at budget; the others move towards the outcome as the months tell more, with noise that
    shrinks, in whole tkr (a small change stays at budget). A known story (the chart's
    DEVIATIONS) is forecast in full from T1 on.
    """
    if annual:
        return outcome
    if story:
        return budget + (outcome - budget) * min(cutoff, 4) // 4
    if rng.random() > 0.25 + cutoff / 8:
        return budget
    noise = rng.randint(-50, 50) * abs(budget) * (12 - cutoff) // (12 * 10_000)
    value = budget + (outcome - budget) * min(cutoff, 6) // 6 + noise
    if abs(value - budget) < SMALL:
        return budget
    return round(value, -3)


def comment_drawn(
    line: str, budget: int, forecast: int, *, context: Context, rng: random.Random
) -> str:
    """An explanation where the deviation needs one, and now and then for a favourable one."""
    worse = budget - forecast < 0
    needed = comment_needed(
        budget=Decimal(budget), forecast=Decimal(forecast), municipality=context.municipality
    )
    wanted = not worse and abs(budget - forecast) >= 500_000 and rng.random() < 0.5
    if not (needed or wanted):
        return ""
    return rng.choice(COMMENTS[(line, worse)])


def _open_state(unit: OrgUnit, rng: random.Random) -> str:
    short_code = unit.committee.short_code
    if short_code == "KS":
        return OPEN_STATES.get(unit.code, State.IN_PROGRESS)
    if short_code == ALL_SUBMITTED:
        return State.SUBMITTED
    if unit.parent_id is None:
        return State.IN_PROGRESS  # the top unit waits for its units
    return rng.choices(list(OPEN_WEIGHTS), weights=list(OPEN_WEIGHTS.values()))[0]


def state_drawn(period: ReportingPeriod, unit: OrgUnit, rng: random.Random) -> str:
    """Locked periods are approved throughout; a closed one waits for a few approvals."""
    if period.state == ReportingPeriod.State.LOCKED:
        return State.APPROVED
    if period.state == ReportingPeriod.State.CLOSED:
        return State.SUBMITTED if rng.random() < 0.15 else State.APPROVED
    return _open_state(unit, rng)
