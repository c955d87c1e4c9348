"""The published indicators and their published values (``published.indicators``).

An indicator is shown only while it is published, with the values stored on its published
copies: the municipality's own and its units' only for months a locked period covers (or for
years Tertial has no periods for: history imported from before), Kolada's always (public
statistics); a unit's only while the unit and its committee are published.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db.models import Case, F, IntegerField, Q, When
from django.db.models.functions import Coalesce

from followup.indicators.models import Gender, Indicator, IndicatorValue, area_key
from followup.public.results import (
    INDICATOR_FIELDS,
    PublicIndicator,
    PublicSite,
    PublicValue,
    site,
)
from municipality.models import ReportingPeriod

# A unit's values are shown while it and its committee are published.
SHOWN_UNIT = {"org_unit__published": True, "org_unit__committee__published": True}


def _decided_month(periods: Iterable[tuple[int, int, str]]) -> Callable[[int, int], bool]:
    """A test of (year, month): is a value of the municipality's own for then decided? Yes when
    a locked period of the year covers the month, or when Tertial has no period of the year
    at all (history imported from before)."""
    locked: dict[int, int] = {}
    years_with_periods: set[int] = set()
    for year, cutoff, state in periods:
        years_with_periods.add(year)
        if state == ReportingPeriod.State.LOCKED:
            locked[year] = max(locked.get(year, 0), cutoff)

    def decided(year: int, month: int) -> bool:
        if year not in years_with_periods:
            return True
        return month <= locked.get(year, 0)

    return decided


def _members(pk: int | None) -> dict[int, Indicator]:
    """The newest published copy of each published chain (of the one holding ``pk``)."""
    members = Indicator.objects.filter(published=True).select_related("fiscal_year")
    chosen = list(members.order_by("-fiscal_year__year", "order", "name"))
    by_lineage: dict[int, Indicator] = {}
    for member in chosen:
        by_lineage.setdefault(member.lineage_id, member)
    if pk is None:
        return by_lineage
    wanted = next((m for m in chosen if m.pk == pk), None)
    return {wanted.lineage_id: by_lineage[wanted.lineage_id]} if wanted else {}


def _value_rows(lineages: Iterable[int]) -> Iterable[tuple]:
    """The values stored on the chains' published copies, of no unit or of a shown unit; each
    with its chain and whether it lives on its own year's copy (``home``)."""
    lineages = list(lineages)
    return (
        IndicatorValue.objects.filter(indicator__published=True)
        .filter(Q(indicator__origin_id__in=lineages) | Q(indicator_id__in=lineages))
        .filter(Q(org_unit__isnull=True) | Q(**SHOWN_UNIT))
        .annotate(
            lineage=Coalesce("indicator__origin_id", "indicator_id"),
            home=Case(
                When(indicator__fiscal_year__year=F("year"), then=1),
                default=0,
                output_field=IntegerField(),
            ),
        )
        .values_list(
            "lineage", "home", "year", "month", "gender", "area_code", "area_name",
            "org_unit_id", "org_unit__name", "value", "source",
        )
        .order_by("year", "month", "area_code", "org_unit__name", "gender")
    )  # fmt: skip


def _values(
    rows: Iterable[tuple], settings: PublicSite, unit_id: int | None
) -> dict[int, list[PublicValue]]:
    """The public values by chain, oldest first; of two copies' values for the same moment
    and series, the one on its own year's copy."""
    own = settings.municipality_code
    decided = _decided_month(
        ReportingPeriod.objects.values_list("fiscal_year__year", "cutoff_month", "state")
    )
    chosen: dict[tuple, tuple[int, PublicValue]] = {}
    for row in rows:
        lineage, home, year, month, gender, area, area_name, unit_pk, unit_name, value, source = row
        if source != Indicator.Source.KOLADA and area == own and not decided(year, month):
            continue  # the municipality's (or a unit's) own value of a period not yet decided
        if unit_id is not None and unit_pk not in (None, unit_id):
            continue
        if unit_pk is not None:
            kind, name = "unit", unit_name
        elif area == own:
            kind, name = "own", settings.municipality_name or area_name
        else:
            kind, name = "peer", area_name or area
        series = area_key(area, unit_pk)
        key = (lineage, year, month, gender, series)
        kept = chosen.get(key)
        if kept is None or home > kept[0]:
            public = PublicValue(year, month, gender, series, name, kind, unit_pk, value, source)
            chosen[key] = (home, public)
    values: dict[int, list[PublicValue]] = defaultdict(list)
    for (lineage, *_rest), (_home, public) in chosen.items():
        values[lineage].append(public)
    return values


def indicators(pk: int | None = None, *, unit_id: int | None = None) -> list[PublicIndicator]:
    """The published indicators (or the one ``pk``), by name, with their published values:
    the municipality's own, its peers' (Kolada) and its published units'. With ``unit_id``,
    only the indicators that unit has values of, with no other unit's values. Empty while
    the site or indicators are closed.

    An indicator is copied every year; each chain of copies is one public indicator, named
    and targeted as its newest published copy. Five queries."""
    settings = site()
    if settings is None or not settings.indicators:
        return []
    by_lineage = _members(pk)
    if not by_lineage:
        return []
    values = _values(_value_rows(by_lineage), settings, unit_id)
    result = []
    for lineage, member in by_lineage.items():
        these = values[lineage]
        if unit_id is not None and not any(v.unit_id == unit_id for v in these):
            continue
        fields = {name: getattr(member, name) for name in INDICATOR_FIELDS}
        result.append(PublicIndicator(**fields, values=tuple(these)))
    return sorted(result, key=lambda i: i.name)


def indicator(pk: int) -> PublicIndicator | None:
    found = indicators(pk)
    return found[0] if found else None


def latest_total(public: PublicIndicator, area: str) -> PublicValue | None:
    """The series' latest value for everyone (gender total), if any."""
    found = [v for v in public.values if v.area == area and v.gender == Gender.TOTAL]
    return found[-1] if found else None
