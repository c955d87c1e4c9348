"""The deviation overview: budget, forecast and deviation of the municipality per
committee, of a committee per top unit, or of a unit per child unit, with the scope's
report lines and the change since the period before.

A fixed number of queries, however many units there are: the figures come from
``budget.forecasting.totals`` for all the units asked at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from budget.forecasting.periods import previous_period
from budget.forecasting.totals import Key, Totals, forecast_figures
from budget.ledger.lines import rolled_up
from budget.ledger.models import AccountGroup
from budget.ledger.selectors import account_groups
from municipality.models import Committee, OrgUnit, ReportingPeriod
from municipality.organisation.selectors import committees_in_year, municipality_current

ZERO = Decimal(0)


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
    *,
    code: str = "",
    url_query: str = "",
) -> DeviationRow:
    """The sum of the figures at ``keys``; ``before`` is the previous period's, if any."""
    row = DeviationRow(label=label, kind=kind, code=code, url_query=url_query)
    previous = ZERO
    for key in keys:
        if (current := figures.get(key)) is not None:
            row.budget += current.budget
            row.forecast += current.forecast
        if before is not None and (earlier := before.get(key)) is not None:
            previous += earlier.forecast
    row.previous = None if before is None else previous
    return row


def _subtotal_row(group: AccountGroup, parts: list[DeviationRow]) -> DeviationRow:
    row = DeviationRow(label=group.name, kind="subtotal", code=group.code)
    for part in parts:
        row.budget += part.budget
        row.forecast += part.forecast
        if part.previous is not None:
            row.previous = (row.previous or ZERO) + part.previous
    return row


@dataclass
class _Scope:
    """What a deviation overview covers: its top units, and the rows below them."""

    unit_ids: list[int]
    children: list[tuple[str, list[int], str, str]]  # (name, unit ids, url query, code)
    title: str
    children_label: str
    ancestors: list[OrgUnit] = field(default_factory=list)


def _scope(year: int, unit: OrgUnit | None, committee: Committee | None) -> _Scope:
    """A unit with its child units, a committee with its top units, or the municipality
    with its committees."""
    if unit is not None:
        children = [
            (child["name"], [child["pk"]], f"?unit={child['pk']}", child["code"])
            for child in OrgUnit.objects.valid_in(year)
            .filter(parent=unit)
            .order_by("order", "code")
            .values("pk", "name", "code")
        ]
        ancestors = list(OrgUnit.objects.filter(pk__in=unit.ancestor_ids).order_by("depth"))
        return _Scope([unit.pk], children, unit.name, _("Units"), ancestors)
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
        return _Scope(scope, children, committee.name, _("Units"))
    by_committee: dict[int, list[int]] = defaultdict(list)
    for root in roots:
        by_committee[root["committee_id"]].append(root["pk"])
    children = [
        (c.name, by_committee[c.pk], f"?committee={c.pk}", c.short_code)
        for c in committees_in_year(year).filter(pk__in=list(by_committee))
    ]
    municipality = municipality_current()
    title = municipality.name if municipality else _("Municipality")
    return _Scope(scope, children, title, _("Committees"))


def deviation_overview(
    *,
    period: ReportingPeriod,
    unit: OrgUnit | None = None,
    committee: Committee | None = None,
) -> DeviationOverview:
    """Budget, forecast and deviation of the municipality per committee, of a committee per
    top unit, or of a unit per child unit; with the scope's report lines, and the change
    since the period before. Whether the asker may see the scope is the view's question."""
    before = previous_period(period)
    covered = _scope(period.year, unit, committee)
    scope = covered.unit_ids
    unit_ids = [*scope, *(pk for _, ids, _, _ in covered.children for pk in ids)]
    figures = forecast_figures(period=period, unit_ids=unit_ids)
    earlier = forecast_figures(period=before, unit_ids=unit_ids) if before else None

    groups = account_groups(year=period.year)
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
        for name, ids, query, code in covered.children
    ]

    def line_row(group: AccountGroup) -> DeviationRow:
        keys = [(u, group.pk) for u in scope]
        return _sum_rows(group.name, "line", keys, figures, earlier, code=group.code)

    group_rows = rolled_up(groups, line_row=line_row, subtotal_row=_subtotal_row)
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
        title=covered.title,
        children=child_rows,
        children_label=covered.children_label,
        groups=group_rows,
        total=total,
        committee=committee,
        unit=unit,
        ancestors=covered.ancestors,
    )
