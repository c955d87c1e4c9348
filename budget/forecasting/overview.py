"""The controller's overview: where each unit's forecast stands in the workflow of a period.

A fixed number of queries, however many units there are: the organisation is read once
as plain values, the committees' totals come from ``budget.forecasting.totals`` for all
their top units at once, and the workflow statuses from one query. The page that shows
it is in ``budget.forecasting.views.overview``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import CharField
from django.db.models.functions import Cast, TruncMinute
from django.utils import timezone

from budget.forecasting.models import ForecastSubmission
from budget.forecasting.totals import Totals, unit_totals
from municipality.models import OrgUnit, ReportingPeriod
from municipality.organisation.selectors import committees_in_year

State = ForecastSubmission.State
# A unit whose forecast is in one of these states is done for the period, deadline or not.
DONE_STATES = frozenset({State.SUBMITTED, State.APPROVED})
STATE_ORDER = [
    State.NOT_STARTED,
    State.IN_PROGRESS,
    State.SUBMITTED,
    State.RETURNED,
    State.APPROVED,
]
_UNIT_FIELDS = ("pk", "code", "name", "parent_id", "committee_id", "depth", "order")


def _units_in_year(year: int) -> list[Any]:
    """The year's units as named tuples, in the organisation chart's order.

    Depth first, siblings by ``order`` and code: the same order as
    ``municipality.selectors.units_in_tree_order``, without building a model object or a
    dict per unit (the controller's overview lists every unit of the municipality).
    """
    units = OrgUnit.objects.valid_in(year).values_list(*_UNIT_FIELDS, named=True)
    children: dict[int | None, list[Any]] = defaultdict(list)
    for unit in units:
        children[unit.parent_id].append(unit)
    present = {unit.pk for unit in units}
    # Top units first, then any unit whose parent is outside the year, by its parent.
    tops = sorted(
        (parent for parent in children if parent is None or parent not in present),
        key=lambda parent: (parent is not None, parent or 0),
    )
    ordered: list[Any] = []
    stack = [unit for parent in reversed(tops) for unit in _siblings(children[parent])]
    while stack:
        unit = stack.pop()
        ordered.append(unit)
        stack.extend(_siblings(children.get(unit.pk, ())))
    return ordered


def _siblings(units: Iterable[Any]) -> list[Any]:
    """Siblings in reverse chart order, ready for a stack: by ``order``, then code."""
    return sorted(units, key=lambda unit: (unit.order, unit.code, unit.pk), reverse=True)


@dataclass(slots=True)
class UnitStatus:
    """A unit's place in the workflow of the period."""

    pk: int
    code: str
    name: str
    depth: int
    state: str
    changed_by: str
    changed_at: str  # local time, "2019-05-02 08:00"; empty if nobody has changed it
    late: bool

    @property
    def state_label(self) -> str:
        return str(State(self.state).label)


@dataclass
class CommitteeStatus:
    """A committee's totals and status counts (over all its units) and the units shown."""

    pk: int
    name: str
    short_code: str
    totals: Totals
    counts: Counter[str]
    late: int
    units: list[UnitStatus]

    @property
    def state_counts(self) -> list[tuple[str, str, int]]:
        return [(state, str(State(state).label), self.counts[state]) for state in STATE_ORDER]

    @property
    def done(self) -> int:
        return sum(self.counts[state] for state in DONE_STATES)

    @property
    def unit_count(self) -> int:
        return sum(self.counts.values())


@dataclass
class ForecastOverview:
    period: ReportingPeriod
    today: date
    committees: list[CommitteeStatus]
    counts: Counter[str]
    late: int

    @property
    def deadline_passed(self) -> bool:
        return self.period.deadline is not None and self.today > self.period.deadline

    @property
    def state_counts(self) -> list[tuple[str, str, int]]:
        return [(state, str(State(state).label), self.counts[state]) for state in STATE_ORDER]

    @property
    def shown_units(self) -> int:
        return sum(len(committee.units) for committee in self.committees)


def _person(first: str | None, last: str | None, username: str | None) -> str:
    """As ``str(User)`` reads, from values rather than a model object."""
    return f"{first or ''} {last or ''}".strip() or (username or "")


def _unit_status(unit: Any, submission: Any, state: str, *, late: bool) -> UnitStatus:
    """A unit's status from its plain values and those of its submission (None if none)."""
    return UnitStatus(
        pk=unit.pk,
        code=unit.code,
        name=unit.name,
        depth=unit.depth,
        state=state,
        changed_by=_person(
            submission.updated_by__first_name,
            submission.updated_by__last_name,
            submission.updated_by__username,
        )
        if submission
        else "",
        changed_at=(submission.changed or "")[:16] if submission else "",
        late=late,
    )


def forecast_overview(
    *,
    period: ReportingPeriod,
    committee_id: int | None = None,
    state: str | None = None,
    late_only: bool = False,
    today: date | None = None,
) -> ForecastOverview:
    """Every unit of the period's year with its forecast status, committee by committee.

    The filters choose the units listed; the committees' totals and counts always
    cover all their units, so that a filtered list still shows the whole picture.
    Five queries, whatever the number of units.
    """
    today = today or timezone.localdate()
    deadline_passed = period.deadline is not None and today > period.deadline
    units = _units_in_year(period.year)
    submissions = {
        row.unit_id: row
        for row in ForecastSubmission.objects.filter(period=period)
        # As text in the local time zone: reading a datetime per unit took longer than the rest.
        .annotate(changed=Cast(TruncMinute("updated_at"), output_field=CharField()))
        .values_list(
            "unit_id",
            "state",
            "changed",
            "updated_by__first_name",
            "updated_by__last_name",
            "updated_by__username",
            named=True,
        )
    }
    # The committees' totals only: every unit's own would cost more than the rest of the page.
    roots = [unit.pk for unit in units if unit.parent_id is None]
    totals = unit_totals(period=period, unit_ids=roots)
    committees = {
        c.pk: c
        for c in committees_in_year(period.year).filter(
            pk__in=list({u.committee_id for u in units})
        )
    }

    result: dict[int, CommitteeStatus] = {}
    overall: Counter[str] = Counter()
    for unit in units:
        committee = committees.get(unit.committee_id)
        if committee is None:  # a unit outlasting its committee: nowhere to list it
            continue
        group = result.get(committee.pk)
        if group is None:
            group = result[committee.pk] = CommitteeStatus(
                committee.pk, committee.name, committee.short_code, Totals(), Counter(), 0, []
            )
        submission = submissions.get(unit.pk)
        unit_state = submission.state if submission else State.NOT_STARTED
        late = deadline_passed and unit_state not in DONE_STATES
        if unit.parent_id is None:
            group.totals.add(totals.get(unit.pk, Totals()))
        group.counts[unit_state] += 1
        group.late += late
        overall[unit_state] += 1
        if committee_id is not None and committee.pk != committee_id:
            continue
        if (state and unit_state != state) or (late_only and not late):
            continue
        group.units.append(_unit_status(unit, submission, unit_state, late=late))
    filtered = committee_id is not None or bool(state) or late_only
    shown = [
        group
        for pk in committees
        if (group := result.get(pk)) is not None and (group.units or not filtered)
    ]
    return ForecastOverview(
        period=period,
        today=today,
        committees=shown,
        counts=overall,
        late=sum(group.late for group in result.values()),
    )
