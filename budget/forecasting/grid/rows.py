"""What the forecast grid holds: its rows, the units below, and the grid as a whole.

Everything is in the ledger's sign and in kronor; ``Grid.shown`` turns an amount into the
municipality's presentation sign for the page, and ``Grid.stored`` an entered one back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import overload

from budget.forecasting.models import ForecastSubmission, ProposalMethod
from budget.forecasting.totals import Totals
from budget.ledger import signs
from municipality.models import Municipality, OrgUnit, ReportingPeriod, User

ZERO = Decimal(0)


@dataclass
class GridRow:
    key: str  # "g12" for a report line, "s14" a subtotal, "p3" a project
    kind: str  # "line", "subtotal", "project"
    label: str
    code: str = ""
    group_id: int | None = None
    project_id: int | None = None
    prior_year: Decimal = ZERO
    budget: Decimal = ZERO
    actual: Decimal = ZERO
    forecast: Decimal | None = None
    comment: str = ""
    amount_version: int = 0
    comment_version: int = 0
    updated_by: User | None = None
    updated_at: datetime | None = None
    previous: Decimal | None = None
    previous_comment: str = ""
    proposals: dict[str, Decimal] = field(default_factory=dict)
    mapes: dict[str, Decimal | None] = field(default_factory=dict)
    needs_comment: bool = False
    forecast_id: int | None = None

    @property
    def deviation(self) -> Decimal | None:
        """Budget − forecast, ledger sign: positive is better than budget."""
        return None if self.forecast is None else self.budget - self.forecast

    @property
    def consumption(self) -> Decimal | None:
        return self.actual * 100 / self.budget if self.budget else None

    @property
    def best_method(self) -> str | None:
        known = {m: e for m, e in self.mapes.items() if e is not None and m in self.proposals}
        return min(known, key=known.__getitem__) if known else None

    @property
    def proposal(self) -> Decimal | None:
        """The proposal to offer first: the best backtested one, else the run rate."""
        method = self.best_method or ProposalMethod.RUN_RATE
        return self.proposals.get(method)

    @property
    def proposal_method(self) -> str | None:
        method = self.best_method or ProposalMethod.RUN_RATE
        return method if method in self.proposals else None

    @property
    def best_mape(self) -> Decimal | None:
        method = self.best_method
        return self.mapes.get(method) if method else None

    @property
    def proposal_details(self) -> list[tuple[str, Decimal, Decimal | None, bool]]:
        """Every method's proposal: (label, amount, backtested error %, whether best)."""
        best = self.best_method
        return [
            (str(ProposalMethod(method).label), amount, self.mapes.get(method), method == best)
            for method, amount in sorted(self.proposals.items())
        ]

    @property
    def proposal_method_label(self) -> str:
        method = self.proposal_method
        return str(ProposalMethod(method).label) if method else ""

    @property
    def editable(self) -> bool:
        return self.kind in ("line", "project")


@dataclass
class ChildRow:
    unit: OrgUnit
    totals: Totals
    state: str
    state_label: str


@dataclass
class Grid:
    period: ReportingPeriod
    unit: OrgUnit
    municipality: Municipality | None
    rows: list[GridRow]
    projects: list[GridRow]
    subtree_rows: list[GridRow]  # the unit with everything below it, per line (read-only)
    children: list[ChildRow]
    unit_totals: Totals
    committee_totals: Totals
    submission: ForecastSubmission
    previous_period: ReportingPeriod | None
    has_own_rows: bool

    @property
    def result_sign(self) -> bool:
        return signs.result_sign(self.municipality)

    @overload
    def shown(self, value: Decimal) -> Decimal: ...
    @overload
    def shown(self, value: Decimal | None) -> Decimal | None: ...
    def shown(self, value: Decimal | None) -> Decimal | None:
        """An amount in the municipality's presentation sign."""
        return signs.presented(value, result=self.result_sign)

    def stored(self, value: Decimal) -> Decimal:
        """An entered amount (presentation sign) in the ledger's sign."""
        return signs.presented(value, result=self.result_sign)

    @property
    def editable_rows(self) -> list[GridRow]:
        return [row for row in [*self.rows, *self.projects] if row.editable]

    @property
    def own_totals(self) -> Totals:
        """The unit's own lines: budget, forecast where entered (budget elsewhere), actual."""
        totals = Totals()
        for row in self.rows:
            if row.kind == "line":
                totals.budget += row.budget
                totals.actual += row.actual
                totals.forecast += row.forecast if row.forecast is not None else row.budget
                totals.entered += row.forecast is not None
        return totals

    def row(self, key: str) -> GridRow | None:
        return next((row for row in [*self.rows, *self.projects] if row.key == key), None)
