"""Kostnadsutveckling och budgetavvikelse (seed 000, sections 4.1 and 4.2): per top unit of
the committee a table of its units at a chosen level of the tree and a table of its account
groups (with the ledger's subtotals), and the top units together; each with the columns
Bokslut previous year, Utfall this year, Budget, Avvikelse and Förändring %, a sum line, and a
comment under it. Before the year's end (a tertial, a delårsrapport) every column is to the
period's cut-off month: last year's actuals and the budget as far as they had come by then.

Which tables a committee's report shows is chosen in the admin (``FinancialTable``); without
a choice, the defaults of ``table_specs``. The figures are the Ekonomi page's
(``budget.outturn.rows``), read for every table of the section in the same few queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from budget.ledger import signs
from budget.outturn.rows import FollowupRow, Scope, ScopeFollowup, followup_scopes
from followup.reports.context import ReportContext
from followup.reports.models import FinancialTable, FinancialTableKind, SectionKind
from followup.reports.tables import ReportTable, TableRow
from municipality.formats.numbers import change_percent
from municipality.models import MONTH_NAMES, Committee, OrgUnit, ReportingPeriod

Kind = FinancialTableKind
# The value columns: Bokslut, Utfall, Budget, Avvikelse, Förändring % (the fifth a percentage).
CHANGE_COLUMN = 4


@dataclass(frozen=True)
class TableSpec:
    """One table of the section: its kind, its top unit (none: the top units together) and
    the level of the tree its rows are at (per unit; none: the unit's children)."""

    kind: str
    unit: OrgUnit | None = None
    level: int | None = None

    @property
    def key(self) -> str:
        """The table's name: its comment's ``ReportText.part`` and its XLSX id's end."""
        if self.unit is None:
            return self.kind
        level = f"-{self.level}" if self.kind == Kind.UNITS and self.level else ""
        return f"{self.kind}-{self.unit.pk}{level}"

    @property
    def table_id(self) -> str:
        return f"financial-{self.key}"

    def caption(self, committee: Committee) -> str:
        if self.unit is None:
            return _("%(name)s, total finances") % {"name": committee.name}
        if self.kind == Kind.GROUPS:
            return _("%(unit)s per account group") % {"unit": self.unit.name}
        return _("%(unit)s per unit") % {"unit": self.unit.name}


def _top_units(period: ReportingPeriod, committee: Committee) -> list[OrgUnit]:
    return list(
        OrgUnit.objects.valid_in(period.year)
        .filter(committee=committee, parent__isnull=True)
        .order_by("order", "code")
    )


def table_specs(
    period: ReportingPeriod, committee: Committee, top_units: list[OrgUnit] | None = None
) -> list[TableSpec]:
    """The tables the committee's report shows: those chosen for the committee, else those
    chosen for every committee, else the defaults (the top units together when there are
    several, then per top unit its children and its account groups). One or two queries."""
    top = _top_units(period, committee) if top_units is None else top_units
    chosen = list(
        FinancialTable.objects.filter(report_type__period_kind=period.kind)
        .filter(Q(committee=committee) | Q(committee__isnull=True))
        .select_related("unit")
        .order_by("order", "pk")
    )
    rows = [row for row in chosen if row.committee_id == committee.pk] or [
        row for row in chosen if row.committee_id is None
    ]
    specs: list[TableSpec] = []
    if not rows:
        if len(top) > 1:
            specs.append(TableSpec(Kind.OVERVIEW))
        for unit in top:
            specs += [TableSpec(Kind.UNITS, unit), TableSpec(Kind.GROUPS, unit)]
        return specs
    for row in rows:
        if row.kind == Kind.OVERVIEW:
            specs.append(TableSpec(Kind.OVERVIEW))
            continue
        if row.unit is not None and row.unit.committee_id != committee.pk:
            continue  # a unit of another committee: not this committee's table
        units = [row.unit] if row.unit is not None else top
        level = row.level if row.kind == Kind.UNITS else None
        specs += [TableSpec(row.kind, unit, level) for unit in units]
    unique: dict[str, TableSpec] = {}
    for spec in specs:
        unique.setdefault(spec.key, spec)
    return list(unique.values())


def comment_parts(period: ReportingPeriod, committee: Committee) -> list[tuple[str, str]]:
    """(part, table caption) of each table's comment, in the order of the tables."""
    return [(spec.key, spec.caption(committee)) for spec in table_specs(period, committee)]


def _row_units(spec: TableSpec, units: list[OrgUnit]) -> list[OrgUnit]:
    """The units a per-unit table has a row for: at the chosen level under the table's unit
    (its children without one); the unit itself when it has none there."""
    unit = spec.unit
    assert unit is not None
    if spec.level is None:
        found = [u for u in units if u.parent_id == unit.pk]
    else:
        depth = spec.level - 1  # level 1 (RN1) is a top unit, at depth 0
        found = [u for u in units if u.depth == depth and u.path.startswith(unit.path)]
    return found or [unit]


def _label(unit: OrgUnit) -> str:
    return f"{unit.code} {unit.name}" if unit.code else str(unit.name)


def _scope(spec: TableSpec, top: list[OrgUnit], units: list[OrgUnit]) -> Scope:
    if spec.unit is None:
        return [u.pk for u in top], [(_label(u), [u.pk], "", u.code) for u in top]
    if spec.kind == Kind.GROUPS:
        return [spec.unit.pk], []
    rows = sorted(_row_units(spec, units), key=lambda u: (u.order, u.code))
    return [spec.unit.pk], [(_label(u), [u.pk], "", u.code) for u in rows]


def _values(row: FollowupRow, result: bool, year_end: bool) -> list:
    """Bokslut, Utfall, Budget, Avvikelse, Förändring %; before the year's end each to the
    cut-off month (last year's actuals and the budget as far as they had come by then)."""
    prior = row.prior_year if year_end else row.prior_ytd
    budget = row.budget if year_end else row.budget_to_date
    return [
        signs.presented(prior, result=result),
        signs.presented(row.actual, result=result),
        signs.presented(budget, result=result),
        budget - row.actual,  # positive is better than budget, in either sign
        change_percent(row.actual, prior),
    ]


def _is_empty(row: FollowupRow) -> bool:
    return not (row.prior_year or row.actual or row.budget)


def _same(row: FollowupRow, total: FollowupRow) -> bool:
    return (row.prior_year, row.actual, row.budget) == (
        total.prior_year,
        total.actual,
        total.budget,
    )


def _headings(period: ReportingPeriod, first: str) -> list[str]:
    year = period.year
    month = MONTH_NAMES[period.cutoff_month].lower()[:3]
    if _year_end(period):
        prior = _("Closing accounts %(year)s") % {"year": year - 1}
        budget = _("Budget %(year)s") % {"year": year}
    else:
        prior = _("Actual %(year)s to %(month)s") % {"year": year - 1, "month": month}
        budget = _("Budget %(year)s to %(month)s") % {"year": year, "month": month}
    return [
        first,
        prior,
        _("Actual %(year)s to %(month)s") % {"year": year, "month": month},
        budget,
        _("Deviation"),
        _("Change %"),
    ]


def _year_end(period: ReportingPeriod) -> bool:
    return period.cutoff_month == 12


def _table(
    spec: TableSpec, figures: ScopeFollowup, ctx: ReportContext, result: bool
) -> ReportTable:
    first = _("Account group") if spec.kind == Kind.GROUPS else _("Unit")
    table = ReportTable(
        spec.table_id,
        spec.caption(ctx.committee),
        _headings(ctx.period, first),
        percent=(CHANGE_COLUMN,),
    )
    if spec.kind == Kind.GROUPS:
        rows = [row for row in figures.groups if not _is_empty(row)]
        # The ledger's subtotal of every line is the sum line itself: shown once.
        if rows and rows[-1].kind == "subtotal" and _same(rows[-1], figures.total):
            rows.pop()
    else:
        rows = [row for row in figures.units if not _is_empty(row)]
    year_end = _year_end(ctx.period)
    table.rows = [
        TableRow(
            row.label,
            _values(row, result, year_end),
            "subtotal" if row.kind == "subtotal" else "line",
        )
        for row in rows
    ]
    if spec.unit is not None:
        total_label = _("Total %(unit)s") % {"unit": spec.unit.code or spec.unit.name}
    else:
        total_label = _("Total")
    table.rows.append(TableRow(total_label, _values(figures.total, result, year_end), "total"))
    return table


@dataclass
class FinancialTableView:
    """A table with the comment written under it."""

    table: ReportTable
    comment: SafeString | str


def financial_tables(ctx: ReportContext) -> list[ReportTable]:
    """The section's tables, in their order; the same few queries however many there are."""
    specs = table_specs(ctx.period, ctx.committee, ctx.top_units)
    if not specs:
        return []
    units: list[OrgUnit] = []
    if any(spec.kind == Kind.UNITS for spec in specs):
        units = list(
            OrgUnit.objects.valid_in(ctx.period.year)
            .filter(committee=ctx.committee)
            .only("pk", "code", "name", "path", "depth", "order", "parent_id", "committee_id")
        )
    scopes = [_scope(spec, ctx.top_units, units) for spec in specs]
    figures = followup_scopes(period=ctx.period, scopes=scopes)
    result = signs.result_sign(ctx.municipality)
    return [_table(spec, found, ctx, result) for spec, found in zip(specs, figures, strict=True)]


def build(ctx: ReportContext) -> dict[str, Any]:
    tables = financial_tables(ctx)
    return {
        "html": ctx.html(SectionKind.FINANCIAL),
        "tables": [
            FinancialTableView(
                table, ctx.html(SectionKind.FINANCIAL, table.id.removeprefix("financial-"))
            )
            for table in tables
        ],
    }


def tables(ctx: ReportContext) -> list[ReportTable]:
    return financial_tables(ctx)
