"""Reads across the whole organisation: where each unit's forecast stands, where the
deviations are, and how good the year's forecasts turned out to be.

Each selector costs a fixed number of queries, however many units there are: the
organisation is read once as plain values, the figures come from
``budget.forecasting.totals`` for all the units asked at once, and the workflow statuses
from one query. The pages that show them are in ``budget.forecast_overview_views``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import CharField, Q, Sum
from django.db.models.functions import Cast, TruncMinute
from django.utils import timezone
from django.utils.translation import gettext as _

from budget.forecasting.grid import previous_period
from budget.forecasting.totals import Key, Totals, forecast_figures, unit_totals
from budget.models import AccountGroup, BudgetFigure, FollowupFigure, ForecastSubmission
from budget.selectors import account_groups
from municipality.models import Committee, OrgUnit, ReportingPeriod
from municipality.organisation.selectors import municipality_current

ZERO = Decimal(0)
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


# --- The organisation, read once --------------------------------------------


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


def _committees(year: int, ids: Iterable[int] | None = None) -> list[Committee]:
    committees = Committee.objects.valid_in(year).order_by("order", "name")
    return list(committees if ids is None else committees.filter(pk__in=list(ids)))


def _roots(year: int) -> dict[int, list[int]]:
    """Per committee, its top units in the year (a committee may have several)."""
    roots: dict[int, list[int]] = defaultdict(list)
    for pk, committee_id in (
        OrgUnit.objects.valid_in(year)
        .filter(parent__isnull=True)
        .order_by("order", "code")
        .values_list("pk", "committee_id")
    ):
        roots[committee_id].append(pk)
    return roots


# --- The controller's overview ----------------------------------------------


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
        return State(self.state).label


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
        return [(state, State(state).label, self.counts[state]) for state in STATE_ORDER]

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
        return [(state, State(state).label, self.counts[state]) for state in STATE_ORDER]

    @property
    def shown_units(self) -> int:
        return sum(len(committee.units) for committee in self.committees)


def _person(first: str | None, last: str | None, username: str | None) -> str:
    """As ``str(User)`` reads, from values rather than a model object."""
    return f"{first or ''} {last or ''}".strip() or (username or "")


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
    committees = {c.pk: c for c in _committees(period.year, {u.committee_id for u in units})}

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
        group.units.append(
            UnitStatus(
                pk=unit.pk,
                code=unit.code,
                name=unit.name,
                depth=unit.depth,
                state=unit_state,
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
        )
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


# --- The deviation overview -------------------------------------------------


@dataclass
class DeviationRow:
    """Budget and forecast of a committee, unit or report line, ledger sign, kronor."""

    label: str
    kind: str  # "committee", "unit", "line", "subtotal", "unmapped", "total"
    budget: Decimal = ZERO
    forecast: Decimal = ZERO
    previous: Decimal | None = None  # the forecast of the period before, if there is one
    code: str = ""
    url_query: str = ""

    @property
    def deviation(self) -> Decimal:
        """Budget − forecast: positive is better than budget."""
        return self.budget - self.forecast

    @property
    def change(self) -> Decimal | None:
        """How much the deviation has changed since the previous forecast: positive is an
        improvement. The budget is the year's in both, so this is previous − this forecast."""
        return None if self.previous is None else self.previous - self.forecast


@dataclass
class DeviationOverview:
    period: ReportingPeriod
    previous_period: ReportingPeriod | None
    title: str
    children: list[DeviationRow]
    children_label: str
    groups: list[DeviationRow]
    total: DeviationRow
    committee: Committee | None = None
    unit: OrgUnit | None = None
    ancestors: list[OrgUnit] = field(default_factory=list)


def _sum_rows(
    label: str,
    kind: str,
    keys: Iterable[Key],
    figures: dict[Key, Totals],
    before: dict[Key, Totals] | None,
    **extra: str,
) -> DeviationRow:
    """The sum of the figures at ``keys``; ``before`` is the previous period's, if any."""
    row = DeviationRow(label=label, kind=kind, previous=None if before is None else ZERO, **extra)
    for key in keys:
        if (current := figures.get(key)) is not None:
            row.budget += current.budget
            row.forecast += current.forecast
        if before is not None and (earlier := before.get(key)) is not None:
            row.previous += earlier.forecast
    return row


def deviation_overview(
    *,
    period: ReportingPeriod,
    unit: OrgUnit | None = None,
    committee: Committee | None = None,
) -> DeviationOverview:
    """Budget, forecast and deviation of the municipality per committee, of a committee per
    top unit, or of a unit per child unit; with the scope's report lines, and the change
    since the period before. Whether the asker may see the scope is the view's question."""
    year = period.year
    before = previous_period(period)
    ancestors: list[OrgUnit] = []
    if unit is not None:
        scope = [unit.pk]
        children = [
            (child["name"], [child["pk"]], f"?unit={child['pk']}", child["code"])
            for child in OrgUnit.objects.valid_in(year)
            .filter(parent=unit)
            .order_by("order", "code")
            .values("pk", "name", "code")
        ]
        title, children_label = unit.name, _("Units")
        ancestors = list(OrgUnit.objects.filter(pk__in=unit.ancestor_ids).order_by("depth"))
    else:
        roots = list(
            OrgUnit.objects.valid_in(year)
            .filter(parent__isnull=True)
            .filter(Q(committee=committee) if committee else Q())
            .order_by("order", "code")
            .values("pk", "name", "code", "committee_id")
        )
        scope = [root["pk"] for root in roots]
        if committee is not None:
            children = [(r["name"], [r["pk"]], f"?unit={r['pk']}", r["code"]) for r in roots]
            title, children_label = committee.name, _("Units")
        else:
            by_committee: dict[int, list[int]] = defaultdict(list)
            for root in roots:
                by_committee[root["committee_id"]].append(root["pk"])
            children = [
                (c.name, by_committee[c.pk], f"?committee={c.pk}", c.short_code)
                for c in _committees(year, by_committee)
            ]
            municipality = municipality_current()
            title = municipality.name if municipality else _("Municipality")
            children_label = _("Committees")
    unit_ids = [*scope, *(pk for _, ids, _, _ in children for pk in ids)]
    figures = forecast_figures(period=period, unit_ids=unit_ids)
    earlier = forecast_figures(period=before, unit_ids=unit_ids) if before else None

    groups = account_groups(year=year)
    group_ids: list[int | None] = [g.pk for g in groups if g.kind == AccountGroup.Kind.LINE]
    group_ids.append(None)
    kind = "committee" if unit is None and committee is None else "unit"
    child_rows = [
        _sum_rows(
            name,
            kind,
            [(pk, g) for pk in ids for g in group_ids],
            figures,
            earlier,
            url_query=query,
            code=code,
        )
        for name, ids, query, code in children
    ]
    by_id: dict[int, DeviationRow] = {}
    group_rows: list[DeviationRow] = []
    for group in groups:
        if group.kind == AccountGroup.Kind.LINE:
            row = _sum_rows(
                group.name,
                "line",
                [(u, group.pk) for u in scope],
                figures,
                earlier,
                code=group.code,
            )
        else:
            row = DeviationRow(label=group.name, kind="subtotal", code=group.code)
            for line in group.components.all():
                part = by_id[line.pk]
                row.budget += part.budget
                row.forecast += part.forecast
                if part.previous is not None:
                    row.previous = (row.previous or ZERO) + part.previous
        by_id[group.pk] = row
        group_rows.append(row)
    unmapped = _sum_rows(
        _("Accounts mapped to no line"), "unmapped", [(u, None) for u in scope], figures, earlier
    )
    if unmapped.budget or unmapped.forecast:
        group_rows.append(unmapped)
    total = _sum_rows(
        _("Total"), "total", [(u, g) for u in scope for g in group_ids], figures, earlier
    )
    return DeviationOverview(
        period=period,
        previous_period=before,
        title=title,
        children=child_rows,
        children_label=children_label,
        groups=group_rows,
        total=total,
        committee=committee,
        unit=unit,
        ancestors=ancestors,
    )


# --- Forecast accuracy (prognossäkerhet) -------------------------------------


@dataclass
class AccuracyRow:
    """A committee's forecast deviations at T1 and T2 against the year's outcome, in kronor.

    All three are deviations from the same budget (positive = better than budget), so the
    differences say how far off each forecast was: negative means the forecast was too
    optimistic.
    """

    label: str
    kind: str  # "committee" or "total"
    t1: Decimal | None
    t2: Decimal | None
    outcome: Decimal
    code: str = ""

    @property
    def difference_t1(self) -> Decimal | None:
        return None if self.t1 is None else self.t1 - self.outcome

    @property
    def difference_t2(self) -> Decimal | None:
        return None if self.t2 is None else self.t2 - self.outcome

    @classmethod
    def total_of(cls, rows: list[AccuracyRow], label: str) -> AccuracyRow:
        """The sum of the committees; a forecast column is empty if any committee's is."""

        def column(values: list[Decimal | None]) -> Decimal | None:
            return None if any(v is None for v in values) else sum(values, ZERO)

        return cls(
            label=label,
            kind="total",
            t1=column([row.t1 for row in rows]),
            t2=column([row.t2 for row in rows]),
            outcome=sum((row.outcome for row in rows), ZERO),
        )


def closed_annual_period(*, year: int) -> ReportingPeriod | None:
    """The year's annual accounts once closed for entry: only then is the outcome final."""
    return (
        ReportingPeriod.objects.filter(
            fiscal_year__year=year,
            kind=ReportingPeriod.Kind.ANNUAL,
            state__in=(ReportingPeriod.State.CLOSED, ReportingPeriod.State.LOCKED),
        )
        .select_related("fiscal_year")
        .first()
    )


def forecast_accuracy(*, year: int) -> list[AccuracyRow]:
    """Per committee: the deviation forecast at T1 and at T2, and the outcome (budget −
    the whole year's actual), as the annual report's table of forecast accuracy.

    Empty until the year's annual accounts are closed (``closed_annual_period``): before
    that the actuals are not the outcome. A committee's figures are those of its top units;
    a forecast column is None when the year had no such period.
    """
    if closed_annual_period(year=year) is None:
        return []
    periods: dict[str, ReportingPeriod] = {}
    for period in (
        ReportingPeriod.objects.filter(
            fiscal_year__year=year, kind__in=(ReportingPeriod.Kind.T1, ReportingPeriod.Kind.T2)
        )
        .select_related("fiscal_year")
        .order_by("cutoff_month")
    ):
        periods[period.kind] = period  # the latest, should a year have two
    roots = _roots(year)
    root_ids = [pk for ids in roots.values() for pk in ids]
    forecasts = {
        kind: unit_totals(period=period, unit_ids=root_ids) for kind, period in periods.items()
    }
    budget = dict(
        BudgetFigure.objects.filter(year=year, unit_id__in=root_ids)
        .values_list("unit_id")
        .annotate(total=Sum("budget"))
    )
    actual = dict(
        FollowupFigure.objects.filter(year=year, unit_id__in=root_ids)
        .values_list("unit_id")
        .annotate(total=Sum("actual"))
    )

    def deviation(kind: str, ids: list[int]) -> Decimal | None:
        if kind not in forecasts:
            return None
        return sum((forecasts[kind].get(pk, Totals()).deviation for pk in ids), ZERO)

    return [
        AccuracyRow(
            label=committee.name,
            kind="committee",
            code=committee.short_code,
            t1=deviation(ReportingPeriod.Kind.T1, roots[committee.pk]),
            t2=deviation(ReportingPeriod.Kind.T2, roots[committee.pk]),
            outcome=sum(
                (budget.get(pk, ZERO) - actual.get(pk, ZERO) for pk in roots[committee.pk]), ZERO
            ),
        )
        for committee in _committees(year, roots)
    ]
