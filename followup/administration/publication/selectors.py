"""What the publication page reads: the year's committees, units and indicators as its lists
show them, and a count of what the public site would show."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from followup.indicators.models import Indicator
from followup.public.models import Publication
from followup.public.published import decisions as public_decisions
from municipality.organisation.models import Committee, OrgUnit


def publication_committees(year: int) -> QuerySet[Committee]:
    return Committee.objects.valid_in(year).order_by("order", "name", "pk")


def publication_units(year: int) -> QuerySet[OrgUnit]:
    """The year's units in tree order under their committees."""
    return (
        OrgUnit.objects.valid_in(year)
        .filter(committee__in=publication_committees(year))
        .select_related("committee")
        .order_by("committee__order", "committee__name", "path")
    )


def publication_indicators(year: int) -> QuerySet[Indicator]:
    return Indicator.objects.filter(fiscal_year__year=year).order_by("order", "name", "pk")


@dataclass(frozen=True)
class Preview:
    """What the public site would show of the year, as counts: published of all."""

    open: bool
    committees: int
    committees_all: int
    units: int
    units_all: int
    units_hidden: int  # published, but in a committee that is not
    units_uncategorised: int  # published without a category to be found by
    indicators: int
    indicators_all: int
    decisions: int  # the year's decided reports whose goal status or figures are shown


def publication_preview(year: int, publication: Publication) -> Preview:
    """The year's published committees, units and indicators (three queries), and the decided
    reports the public site shows of the year (as ``published`` reads them)."""
    committees = publication_committees(year).aggregate(
        shown=Count("pk", filter=Q(published=True)), total=Count("pk")
    )
    published = Q(published=True)
    units = publication_units(year).aggregate(
        shown=Count("pk", filter=published & Q(committee__published=True)),
        hidden=Count("pk", filter=published & Q(committee__published=False)),
        uncategorised=Count(
            "pk", filter=published & Q(committee__published=True, public_category="")
        ),
        total=Count("pk"),
    )
    indicators = publication_indicators(year).aggregate(
        shown=Count("pk", filter=published), total=Count("pk")
    )
    return Preview(
        open=publication.enabled,
        committees=committees["shown"],
        committees_all=committees["total"],
        units=units["shown"],
        units_all=units["total"],
        units_hidden=units["hidden"],
        units_uncategorised=units["uncategorised"],
        indicators=indicators["shown"] if publication.indicators else 0,
        indicators_all=indicators["total"],
        decisions=len(public_decisions(year)),
    )
