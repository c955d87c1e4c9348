"""What the indicators' administration reads: a year's indicators with their goals, in a fixed
number of queries, and the areas Kolada's values are fetched for."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from followup.goals.models import CommitteeGoal, CouncilGoal
from followup.indicators.imports.kolada_areas import area_name
from followup.indicators.models import Indicator
from municipality.models import FiscalYear, Municipality


def admin_indicators(
    fiscal_year: FiscalYear,
    *,
    source: str | None = None,
    unit: str | None = None,
    goal_id: int | None = None,
    search: str | None = None,
) -> QuerySet[Indicator]:
    """The year's indicators in their order, each with the goals it measures (and their
    committees and goal areas) prefetched; filtered by source, unit of measure, committee goal
    and a search in the code, name and Kolada KPI."""
    indicators = Indicator.objects.filter(fiscal_year=fiscal_year)
    if source:
        indicators = indicators.filter(source=source)
    if unit:
        indicators = indicators.filter(unit=unit)
    if goal_id:
        indicators = indicators.filter(committee_goals=goal_id)
    if search:
        indicators = indicators.filter(
            Q(code__icontains=search) | Q(name__icontains=search) | Q(kolada_kpi__icontains=search)
        )
    return indicators.order_by("order", "name", "pk").prefetch_related(
        Prefetch(
            "committee_goals",
            queryset=CommitteeGoal.objects.select_related("committee").order_by(
                "committee__order", "order", "title"
            ),
        ),
        Prefetch(
            "council_goals",
            queryset=CouncilGoal.objects.select_related("goal_area").order_by("order", "title"),
        ),
    )


def year_committee_goals(fiscal_year: FiscalYear) -> list[CommitteeGoal]:
    """The year's committee goals, for the list's filter."""
    return list(
        CommitteeGoal.objects.filter(fiscal_year=fiscal_year)
        .select_related("committee")
        .order_by("committee__order", "committee__name", "order", "title")
    )


@dataclass(frozen=True)
class KoladaArea:
    code: str
    name: str

    def __str__(self) -> str:
        """``Växjö (0780)``; a peer group's name already says its id."""
        if not self.name:
            return self.code
        return self.name if self.code in self.name else f"{self.name} ({self.code})"


@dataclass(frozen=True)
class KoladaAreas:
    """The municipality's own Kolada id and those its indicators are compared with."""

    own: KoladaArea | None
    peers: list[KoladaArea]


def kolada_areas(municipality: Municipality | None) -> KoladaAreas:
    """The areas Kolada's values are fetched for: the municipality and its ``kolada_peers``."""
    if municipality is None:
        return KoladaAreas(own=None, peers=[])
    codes = [code.strip() for code in municipality.kolada_peers.split(",") if code.strip()]
    return KoladaAreas(
        own=KoladaArea(municipality.code, municipality.name),
        peers=[KoladaArea(code, area_name(code)) for code in codes],
    )
