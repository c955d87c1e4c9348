"""Next year's planning in progress: the year set up with its calendar and report lines, the
council's plan a proposal, and Kommunstyrelsen's budget part entered: a few units submitted,
one returned with the controller's note, the rest not started."""

from __future__ import annotations

import random
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from budget.ledger.presets import KALMAR
from budget.ledger.services import account_groups_load_preset
from budget.models import AccountGroup
from budget.planning.models import BudgetRow, BudgetRowSubmission, CommitteeBudget
from demo.organisation import demo_calendar
from demo.planning.budgets import Amounts
from demo.planning.content import NEXT_PRICE_INDEX, NEXT_WAGE_INDEX
from demo.planning.council import grown
from municipality.models import Committee, FiscalYear, OrgUnit, User
from municipality.periods.services import fiscal_year_create

State = BudgetRowSubmission.State

# Kommunstyrelsen's units whose economists have entered next year's budget, by where it
# stands; every other unit has not started.
SUBMITTED = ("1020", "1030", "1040", "1110")
RETURNED = "1050"
RETURN_NOTE = (
    "Intäkterna från Migrationsverket är budgeterade på årets nivå, men schablonersättningen "
    "minskar nästa år när färre nyanlända tas emot. Räkna om intäkterna och lämna in igen."
)
# A known volume change on top of the indexed budget: HR takes over the payroll function's
# system licences from Ekonomi in full next year.
VOLUME = {("1040", "OVR"): Decimal(650_000)}
PERSONNEL_LINE = "PERS"


def next_year_create(year: int) -> FiscalYear:
    """Next year, ``year``, with the demo's calendar (no period opened) and Kalmar's lines."""
    fiscal_year, _periods = fiscal_year_create(year=year, calendar=demo_calendar(year))
    account_groups_load_preset(fiscal_year=fiscal_year, preset=KALMAR)
    return fiscal_year


def _indexed(amount: Decimal, percent: Decimal) -> Decimal:
    """Last year's budget raised by the index, in whole thousands (as an economist types it)."""
    raised = amount * (1 + percent / 100) / 1000
    return raised.quantize(Decimal(1), rounding=ROUND_HALF_UP) * 1000


def _moment(day: date, rng: random.Random) -> datetime:
    at = timezone.make_aware(datetime.combine(day, time(rng.randint(8, 16), rng.randint(0, 59))))
    return min(at, timezone.now())


def ks_budget_in_progress(
    *,
    fiscal_year: FiscalYear,
    this_year: Amounts,
    economist: User | None,
    controller: User | None,
) -> CommitteeBudget:
    """Kommunstyrelsen's budget for ``fiscal_year`` (a proposal): the entered units' rows are
    this year's budget (with the year's changes) raised by next year's indices, the plan
    years grown on it; the other units have no rows yet."""
    year = fiscal_year.year
    committee = Committee.objects.get(short_code="KS")
    budget = CommitteeBudget.objects.create(committee=committee, fiscal_year=fiscal_year)
    units = {unit.pk: unit for unit in OrgUnit.objects.valid_in(year).filter(committee=committee)}
    this_groups = dict(
        AccountGroup.objects.filter(fiscal_year__year=year - 1).values_list("pk", "code")
    )
    next_groups = dict(
        AccountGroup.objects.filter(fiscal_year=fiscal_year).values_list("code", "pk")
    )
    entered = {*SUBMITTED, RETURNED}
    rng = random.Random(year)
    rows = []
    for (unit_id, group_id), amount in sorted(this_year.items()):
        unit = units.get(unit_id)
        if unit is None or unit.code not in entered:
            continue
        line = this_groups[group_id]
        index = NEXT_WAGE_INDEX if line == PERSONNEL_LINE else NEXT_PRICE_INDEX
        volume = VOLUME.get((unit.code, line))
        value = _indexed(amount, index) + (volume or 0)
        rows.append(
            BudgetRow(
                budget=budget,
                unit=unit,
                group_id=next_groups[line],
                amount=value,
                volume=volume,
                plan1=grown(value, 1, step=Decimal(1)),
                plan2=grown(value, 2, step=Decimal(1)),
                updated_by=economist,
                updated_at=_moment(date(year - 1, 10, rng.randint(1, 20)), rng),
            )
        )
    BudgetRow.objects.bulk_create(rows)
    submissions = []
    for unit in sorted(units.values(), key=lambda u: u.path):
        state = (
            State.SUBMITTED
            if unit.code in SUBMITTED
            else State.RETURNED
            if unit.code == RETURNED
            else State.NOT_STARTED
        )
        started = state != State.NOT_STARTED
        submitted = _moment(date(year - 1, 10, rng.randint(21, 31)), rng) if started else None
        submissions.append(
            BudgetRowSubmission(
                budget=budget,
                unit=unit,
                state=state,
                note=RETURN_NOTE if state == State.RETURNED else "",
                submitted_at=submitted,
                updated_by=(controller if state == State.RETURNED else economist)
                if started
                else None,
                updated_at=submitted,
            )
        )
    BudgetRowSubmission.objects.bulk_create(submissions)
    return budget
