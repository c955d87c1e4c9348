"""The open datasets: their columns, and a year's rows read from ``published`` only.

Each dataset is a table with a fixed set of columns, described once here for the files, the
index page, the catalogue and the README:

- ``malstatus``: the goal status decided in the published committees' decided reports;
- ``ekonomi``: their key financial figures (budget, forecast, outcome, deviation);
- ``nyckeltal``: the published indicators' published values.

The values are written as the decided reports and the indicators hold them, in Swedish (the
status word, the unit of measure), whatever the language of the request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from followup.indicators.models import Indicator
from followup.public import published

Value = str | int | Decimal | date | None


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # "string", "integer", "decimal" or "date": as the JSON document says it
    description: str | Promise


@dataclass(frozen=True)
class Source:
    """What a dataset's rows were read from: a decided report, or a published indicator."""

    kind: str  # "report" or "indicator"
    fields: dict[str, Value]


@dataclass(frozen=True)
class Table:
    rows: list[tuple[Value, ...]]
    sources: list[Source] = field(default_factory=list)


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str | Promise
    description: str | Promise
    keywords: tuple[str | Promise, ...]
    theme: str  # the EU data theme (http://publications.europa.eu/resource/authority/data-theme)
    switch: str  # the ``PublicSite`` switch that publishes it
    columns: tuple[Column, ...]
    rows: Callable[[int | None], Table]  # a year's table (every year's with None)


YEAR = Column("ar", "integer", _("The fiscal year."))
PERIOD_COLUMNS = (
    YEAR,
    Column("period", "string", _("The follow-up period, such as Tertial 1 2019.")),
    Column("period_typ", "string", _("The kind of period: t1, t2, annual or month.")),
    Column("period_slutmanad", "integer", _("The last month the period covers (1–12).")),
    Column("namnd_kod", "string", _("The committee's short code.")),
    Column("namnd", "string", _("The committee.")),
)
REPORT_COLUMNS = (
    Column("rapport_version", "integer", _("The version of the decided report.")),
    Column("beslutsdatum", "date", _("The day the report was decided (YYYY-MM-DD).")),
)


def _period_cells(decision: published.PublicDecision) -> tuple[Value, ...]:
    report = decision.report
    period = report.period
    return (
        period.year,
        period.name,
        period.kind,
        period.cutoff_month,
        decision.committee_short_code,
        report.committee_name,
    )


def _report_cells(decision: published.PublicDecision) -> tuple[Value, ...]:
    return (decision.report.version, decision.report.decision_date)


def _report_source(decision: published.PublicDecision) -> Source:
    report = decision.report
    return Source(
        "report",
        {
            "committee": report.committee_name,
            "period": report.period.name,
            "version": report.version,
            "decision_date": report.decision_date,
            "frozen_at": report.frozen_at.isoformat(),
            "pdf_sha256": report.pdf_sha256,
        },
    )


def _decision_table(
    year: int | None,
    cells: Callable[[published.PublicDecision], list[tuple[Value, ...]]],
) -> Table:
    """The rows ``cells`` makes of each decided report of the year, and the reports that gave
    some."""
    rows: list[tuple[Value, ...]] = []
    sources: list[Source] = []
    for decision in published.decisions(year):
        made = cells(decision)
        if made:
            rows.extend(made)
            sources.append(_report_source(decision))
    return Table(rows, sources)


def _goal_status(year: int | None) -> Table:
    def cells(decision: published.PublicDecision) -> list[tuple[Value, ...]]:
        return [
            (
                *_period_cells(decision),
                goal.goal_area,
                goal.pk,
                goal.title,
                goal.status.status,
                str(goal.status.word),
                goal.comment,
                *_report_cells(decision),
            )
            for goal in decision.goals
        ]

    return _decision_table(year, cells)


def _finance(year: int | None) -> Table:
    def cells(decision: published.PublicDecision) -> list[tuple[Value, ...]]:
        figures = decision.figures
        if figures is None:
            return []
        amounts = (figures.budget, figures.forecast, figures.outcome, figures.deviation)
        return [(*_period_cells(decision), *amounts, *_report_cells(decision))]

    return _decision_table(year, cells)


# The kinds of series, as the files name them.
SERIES_KINDS = {"own": "kommun", "peer": "jamforelse", "unit": "enhet"}


def _indicator_values(year: int | None) -> Table:
    rows: list[tuple[Value, ...]] = []
    sources: list[Source] = []
    for indicator in published.indicators():
        values = [v for v in indicator.values if year is None or v.year == year]
        if not values:
            continue
        unit = str(Indicator.Unit(indicator.unit).label)
        sources.append(
            Source(
                "indicator",
                {
                    "code": indicator.code,
                    "name": indicator.name,
                    "kolada_kpi": indicator.kolada_kpi,
                },
            )
        )
        rows.extend(
            (
                indicator.pk,
                indicator.code,
                indicator.name,
                indicator.kolada_kpi,
                unit,
                value.year,
                value.month,
                value.gender,
                value.area,
                value.area_name,
                SERIES_KINDS.get(value.kind, value.kind),
                value.unit_id,
                value.value,
                value.source,
            )
            for value in values
        )
    return Table(rows, sources)


GOALS_THEME = "GOVE"
FINANCE_THEME = "ECON"

DATASETS: dict[str, Dataset] = {
    dataset.slug: dataset
    for dataset in (
        Dataset(
            slug="malstatus",
            title=_("Goal status of the committees"),
            description=_(
                "The status of each committee goal as decided in the committees' decided "
                "follow-up reports (tertial reports and annual accounts): one row per goal and "
                "period, with the decided comment."
            ),
            keywords=(_("goal fulfilment"), _("follow-up"), _("committee"), _("municipality")),
            theme=GOALS_THEME,
            switch="goal_status",
            columns=(
                *PERIOD_COLUMNS,
                Column("malomrade", "string", _("The goal area.")),
                Column("mal_id", "integer", _("The committee goal's id in Tertial.")),
                Column("mal", "string", _("The committee goal.")),
                Column(
                    "status",
                    "string",
                    _("The decided status: fulfilled, partly, not_fulfilled or not_assessed."),
                ),
                Column("status_text", "string", _("The decided status in words.")),
                Column("kommentar", "string", _("The decided comment on the goal.")),
                *REPORT_COLUMNS,
            ),
            rows=_goal_status,
        ),
        Dataset(
            slug="ekonomi",
            title=_("Key financial figures of the committees"),
            description=_(
                "Each committee's budget, forecast (at the year's end the outcome) and deviation "
                "in kronor, as its decided follow-up report shows them: one row per committee "
                "and period."
            ),
            keywords=(_("budget"), _("outcome"), _("forecast"), _("municipality")),
            theme=FINANCE_THEME,
            switch="finance",
            columns=(
                *PERIOD_COLUMNS,
                Column("budget", "decimal", _("The year's budget (kr).")),
                Column("prognos", "decimal", _("The forecast for the year (kr).")),
                Column("utfall", "decimal", _("The year's outcome (kr); only at the year's end.")),
                Column(
                    "avvikelse",
                    "decimal",
                    _("The deviation from budget (kr); positive is better than budget."),
                ),
                *REPORT_COLUMNS,
            ),
            rows=_finance,
        ),
        Dataset(
            slug="nyckeltal",
            title=_("Published indicators"),
            description=_(
                "The values of the indicators the municipality publishes: its own (of decided "
                "periods only), its published units' and its peers' from Kolada. One row per "
                "indicator, month, gender and series."
            ),
            keywords=(_("indicators"), _("key figures"), _("Kolada"), _("municipality")),
            theme=GOALS_THEME,
            switch="indicators",
            columns=(
                Column("indikator_id", "integer", _("The indicator's id in Tertial.")),
                Column("indikator_kod", "string", _("The indicator's code.")),
                Column("indikator", "string", _("The indicator.")),
                Column("kolada_kpi", "string", _("The key figure's id in Kolada, if any.")),
                Column("matenhet", "string", _("The unit of measure.")),
                YEAR,
                Column("manad", "integer", _("The month the value is of (12 for a year).")),
                Column("kon", "string", _("T for everyone, K for women, M for men.")),
                Column(
                    "omrade_kod",
                    "string",
                    _("The series: a municipality's or group's Kolada id, or a unit's code."),
                ),
                Column("omrade", "string", _("The series' name.")),
                Column(
                    "typ",
                    "string",
                    _("kommun (the municipality's own), jamforelse (a peer) or enhet (a unit)."),
                ),
                Column("enhet_id", "integer", _("The unit's id on the results site, if a unit.")),
                Column("varde", "decimal", _("The value, in the unit of measure.")),
                Column(
                    "kalla",
                    "string",
                    _("Where the value comes from: entered, imported or kolada."),
                ),
            ),
            rows=_indicator_values,
        ),
    )
}


def dataset_open(dataset: Dataset, site: published.PublicSite | None) -> bool:
    """Whether the dataset is published at all: the site and its open data are, and its kind
    of result is."""
    return site is not None and site.open_data and bool(getattr(site, dataset.switch))


def dataset_table(dataset: Dataset, year: int) -> Table | None:
    """The dataset's rows of ``year`` (in Swedish), or ``None`` when it is not published or has
    nothing of the year."""
    if not dataset_open(dataset, published.site()):
        return None
    with translation.override("sv"):
        table = dataset.rows(year)
    return table if table.rows else None


def dataset_years() -> list[tuple[Dataset, list[int]]]:
    """Every published dataset with the years it has rows of, newest first; empty while the
    open data is not published."""
    site = published.site()
    found = []
    for dataset in DATASETS.values():
        if not dataset_open(dataset, site):
            continue
        with translation.override("sv"):
            table = dataset.rows(None)
        at = column_index(dataset, YEAR.name)
        years = sorted({int(str(row[at])) for row in table.rows}, reverse=True)
        if years:
            found.append((dataset, years))
    return found


def column_index(dataset: Dataset, name: str) -> int:
    return [column.name for column in dataset.columns].index(name)
