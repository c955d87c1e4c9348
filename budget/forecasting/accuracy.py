"""Forecast accuracy (prognossäkerhet): how good the year's forecasts turned out to be,
per committee, once the year's annual accounts are closed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from budget.forecasting.totals import Totals, unit_totals
from budget.ledger.budgets import budget_figures
from budget.ledger.models import FollowupFigure
from municipality.models import OrgUnit, ReportingPeriod
from municipality.organisation.selectors import committees_in_year

ZERO = Decimal(0)


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
            known = [value for value in values if value is not None]
            return sum(known, ZERO) if len(known) == len(values) else None

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
    # The outcome's budget is the year's in the end, every change decided in the year
    # counted; each forecast's deviation was against the budget as of its own period.
    budget: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for (unit_id, _group), amount in budget_figures(
        year=year, cutoff=12, unit_ids=root_ids
    ).items():
        budget[unit_id] += amount
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
        for committee in committees_in_year(year).filter(pk__in=list(roots))
    ]
