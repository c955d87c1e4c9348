"""What every section of a report reads: the period, the committee, its report and the reads
more than one section shares, each made once per rendering."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.utils.safestring import SafeString, mark_safe

from budget.forecasting.grid import Grid, forecast_grid
from budget.forecasting.totals import Totals
from budget.ledger.outcome import OutcomeSource, outcome_sources
from followup.reports.models import Report, ReportText
from municipality.models import Committee, Municipality, OrgUnit, ReportingPeriod


@dataclass
class ReportContext:
    period: ReportingPeriod
    committee: Committee
    municipality: Municipality | None
    report: Report | None = None
    for_pdf: bool = False

    @cached_property
    def top_units(self) -> list[OrgUnit]:
        """The committee's top units in the period's year (usually its administration)."""
        return list(
            OrgUnit.objects.valid_in(self.period.year)
            .filter(committee=self.committee, parent__isnull=True)
            .order_by("order", "code")
        )

    @property
    def year_end(self) -> bool:
        """At the year's end (bokslut) the outcome is the ledger's actual for the year, shown
        beside the year-end forecast; before it the forecast is the outcome expected."""
        return self.period.is_year_end

    @cached_property
    def grids(self) -> list[Grid]:
        """The forecast grid of each top unit: the operating and investment figures, with the
        ledger's actuals at the year's end."""
        return [
            forecast_grid(
                period=self.period,
                unit=unit,
                municipality=self.municipality,
                with_actuals=self.year_end,
            )
            for unit in self.top_units
        ]

    @cached_property
    def totals(self) -> Totals:
        """The committee's budget, forecast, deviation and (at the year's end) actual, ledger
        sign."""
        totals = Totals()
        for grid in self.grids:
            totals.add(grid.unit_totals)
        return totals

    @cached_property
    def sources(self) -> list[OutcomeSource]:
        """The imports the committee's actuals to the cut-off month came from."""
        return outcome_sources(
            year=self.period.year,
            cutoff=self.period.cutoff_month,
            unit_ids=[unit.pk for unit in self.top_units],
        )

    @property
    def deviation(self) -> Decimal:
        """The committee's deviation, positive better than budget: budget − the ledger's
        outcome at the year's end, budget − forecast before it."""
        totals = self.totals
        return totals.outcome_deviation if self.year_end else totals.deviation

    @cached_property
    def texts(self) -> dict[tuple[str, str, int | None], ReportText]:
        """The report's texts by (section kind, part, goal area id)."""
        if self.report is None:
            return {}
        return {
            (text.kind, text.part, text.goal_area_id): text
            for text in ReportText.objects.filter(report=self.report).select_related("writer")
        }

    def text(self, kind: str, part: str = "", goal_area_id: int | None = None) -> ReportText | None:
        return self.texts.get((kind, part, goal_area_id))

    def html(self, kind: str, part: str = "", goal_area_id: int | None = None) -> SafeString | str:
        """A text's HTML, sanitised by ``text_sanitise`` when it was saved: the only HTML a
        report marks safe."""
        text = self.text(kind, part, goal_area_id)
        return mark_safe(text.text) if text is not None and text.text else ""
