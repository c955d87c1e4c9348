"""What every section of a report reads: the period, the committee, its report and the reads
more than one section shares, each made once per rendering."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.utils.safestring import SafeString, mark_safe

from budget.forecasting.grid import Grid, forecast_grid
from budget.forecasting.totals import Totals
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

    @cached_property
    def grids(self) -> list[Grid]:
        """The forecast grid of each top unit: the operating and investment figures."""
        return [
            forecast_grid(period=self.period, unit=unit, municipality=self.municipality)
            for unit in self.top_units
        ]

    @cached_property
    def totals(self) -> Totals:
        """The committee's budget, forecast and deviation, ledger sign."""
        totals = Totals()
        for grid in self.grids:
            totals.add(grid.unit_totals)
        return totals

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
