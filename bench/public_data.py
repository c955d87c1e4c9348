"""The public results site's bench municipality (see :mod:`bench.public`), built in a process
of its own with Django set up on the bench's database and no Redis (so that the freezing of
the locked periods' reports runs in-process, as it does without a worker).

The demo municipality of 2019 (``seed_demo``: six committees with goals, assessments, the
demo's indicators with their peers, every committee's reports of the locked periods frozen
with their PDFs), grown to a large municipality's size: more committees, each with a
top unit, units with books under every committee (``bench.report_units``), the new
committees' tertial 1 reports frozen as the lock freezes them (``period_reports_freeze``:
the real path, snapshot and PDF), every frozen report of a locked period decided, about a
hundred units published with their public category and Kolada unit id, indicators with a
series per year for the municipality, its peers and every published unit of their kind,
everything published and the site open.
"""

from __future__ import annotations

import datetime
import random
import time
from dataclasses import dataclass
from decimal import Decimal
from io import StringIO

YEAR = 2019
FIRST_SERIES_YEAR = 2012  # the unit indicators' series: 2012 to 2019 (eight years)
MUNICIPALITY = "0880"  # the demo's Kalmar
PEERS = {"0780": "Växjö", "1080": "Karlskrona", "1290": "Kristianstad", "1380": "Halmstad"}
PEER_GROUP = ("G33948", "Liknande kommuner, övergripande, Kalmar")

# The committees a large municipality has beyond the demo's six: (short code, name).
MORE_COMMITTEES = (
    ("KFN", "Kultur- och fritidsnämnden"),
    ("MN", "Miljönämnden"),
    ("BN", "Byggnadsnämnden"),
    ("GYN", "Gymnasienämnden"),
    ("AMN", "Arbetsmarknadsnämnden"),
    ("TN", "Tekniska nämnden"),
    ("OFN", "Överförmyndarnämnden"),
    ("VN", "Valnämnden"),
    ("FSN", "Fritids- och sportnämnden"),
)


@dataclass(frozen=True)
class Scale:
    committees: int  # in all, the demo's six included
    units: int  # in all
    published_units: int


FULL = Scale(committees=15, units=400, published_units=100)
QUICK = Scale(committees=6, units=90, published_units=20)

# What a committee's published units are, by the demo's short codes; the rest are "other".
CATEGORIES = {
    "BUN": ("school", "preschool"),
    "GYN": ("school",),
    "ON": ("care_home", "home_care"),
    "SN": ("home_care", "other"),
}
# Of the published units, the share each committee gets first (the rest in turn).
QUOTAS = {"BUN": 0.4, "ON": 0.25, "SN": 0.1, "GYN": 0.05}
NAME_STEMS = (
    "Björk", "Ek", "Lind", "Sol", "Äng", "Sjö", "Berg", "Ros", "Tall", "Lönn", "Hag", "Strand",
    "Källe", "Vik", "Furu", "Al", "Asp", "Hassel", "Gran", "Rönn",
)  # fmt: skip
NAME_ENDINGS = {
    "school": "skolan",
    "preschool": "dalens förskola",
    "care_home": "gårdens äldreboende",
    "home_care": "vikens hemtjänst",
    "other": "enheten",
}


@dataclass(frozen=True)
class UnitIndicator:
    """An indicator measured per unit of a category (Kolada's unit-level data), with the
    municipality's and its peers' figures beside it; the values are made up."""

    code: str
    name: str
    kpi: str
    category: str
    base: float  # a plausible level, in per cent


UNIT_INDICATORS = (
    UnitIndicator(
        "SKOLA-GODK", "Elever i åk 9 som uppnått kunskapskraven i alla ämnen", "N15419",
        "school", 74.0,
    ),
    UnitIndicator(
        "FSK-LEG", "Andel legitimerade förskollärare i förskolan", "N11805", "preschool", 41.0
    ),
    UnitIndicator(
        "SÄBO-NÖJD", "Brukarbedömning särskilt boende äldreomsorg, helhetssyn", "U23471",
        "care_home", 82.0,
    ),
    UnitIndicator(
        "HTJ-NÖJD", "Brukarbedömning hemtjänst äldreomsorg, helhetssyn", "U21468",
        "home_care", 88.0,
    ),
)  # fmt: skip


def build(scale: Scale) -> dict:
    """Everything the public site reads, from an empty database; what was made."""
    from django.core.management import call_command
    from django.test import override_settings

    from bench.report_units import units_grow
    from municipality.models import OrgUnit

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    with override_settings(DEMO_MODE=False):
        call_command("seed_demo", "--year", str(YEAR), stdout=StringIO())
    seeded = time.perf_counter()
    committees_add(scale.committees)
    units_grow(year=YEAR, total=scale.units)
    frozen = reports_freeze_new()
    decided = reports_decide()
    units_publish(scale.published_units)
    values = indicators_publish()
    site_open()
    return {
        "seconds": time.perf_counter() - started,
        "seed_seconds": seeded - started,
        "committees": _committees().count(),
        "units": OrgUnit.objects.valid_in(YEAR).count(),
        "published_units": OrgUnit.objects.filter(published=True).count(),
        "frozen_now": frozen,
        "decided_reports": decided,
        **values,
    }


def _committees():  # type: ignore[no-untyped-def]
    from municipality.models import Committee

    return Committee.objects.filter(valid_to__isnull=True)


def committees_add(total: int) -> int:
    """Committees beyond the demo's, up to ``total``, each with a top unit (an
    administration) that ``units_grow`` fills; how many were added."""
    from municipality.models import Committee, OrgUnit

    have = _committees().count()
    order = have
    added = 0
    for code, name in MORE_COMMITTEES[: max(0, total - have)]:
        order += 1
        committee = Committee.objects.create(
            name=name, short_code=code, order=order, valid_from=YEAR - 2
        )
        OrgUnit(
            committee=committee,
            code=f"{code}00",
            name=name.replace("nämnden", "förvaltningen"),
            kind=OrgUnit.Kind.ADMINISTRATION,
            valid_from=YEAR - 2,
        ).save()  # its path and depth
        added += 1
    return added


def reports_freeze_new() -> int:
    """The added committees' tertial 1 reports of the locked period, frozen as the lock
    freezes them (snapshot, tables and archived PDF); how many."""
    from followup.reports.freeze import period_reports_freeze
    from municipality.models import ReportingPeriod

    period = ReportingPeriod.objects.get(fiscal_year__year=YEAR, kind=ReportingPeriod.Kind.T1)
    return len(period_reports_freeze(period.pk))


def reports_decide() -> int:
    """Every committee's frozen report of a locked period is decided, a few weeks after the
    period's cut-off, as the committee decides it; how many."""
    from followup.reports.models import Report, ReportStatus
    from municipality.models import ReportingPeriod

    reports = Report.objects.filter(
        committee__isnull=False,
        frozen_at__isnull=False,
        period__state=ReportingPeriod.State.LOCKED,
    ).select_related("period__fiscal_year")
    decided = 0
    for report in reports:
        month = report.period.cutoff_month
        year = report.period.year + (1 if month == 12 else 0)
        day = datetime.date(year, month % 12 + 1, 20)
        # An update, not save(): the report of a locked period is not changed through the app.
        decided += Report.objects.filter(pk=report.pk).update(
            status=ReportStatus.DECIDED, decision_date=day
        )
    return decided


def units_publish(count: int) -> int:
    """Every committee published, and ``count`` of the units the bench added: each
    committee's share (``QUOTAS``) first, then in turn, named after what they are."""
    from municipality.models import Committee, OrgUnit

    Committee.objects.update(published=True)
    by_committee: dict[str, list[OrgUnit]] = {}
    for unit in (
        OrgUnit.objects.valid_in(YEAR)
        .filter(code__startswith="B")
        .select_related("committee")
        .order_by("committee__order", "code")
    ):
        by_committee.setdefault(unit.committee.short_code, []).append(unit)
    chosen: list[OrgUnit] = []
    for code, share in QUOTAS.items():
        take = by_committee.get(code, [])[: round(count * share)]
        chosen += take
        by_committee[code] = by_committee.get(code, [])[len(take) :]
    while len(chosen) < count and any(by_committee.values()):
        for units in by_committee.values():
            if units and len(chosen) < count:
                chosen.append(units.pop(0))
    rng = random.Random(YEAR)
    for n, unit in enumerate(chosen):
        kinds = CATEGORIES.get(unit.committee.short_code, ("other",))
        unit.public_category = kinds[n % len(kinds)]
        stem = NAME_STEMS[n % len(NAME_STEMS)]
        unit.name = f"{stem}{NAME_ENDINGS[unit.public_category]} {n // len(NAME_STEMS) + 1}"
        if n < len(NAME_STEMS):
            unit.name = unit.name.removesuffix(" 1")
        unit.kolada_ou = f"V15E{MUNICIPALITY}{rng.randint(10_000, 99_999):05d}"
        unit.published = True
    OrgUnit.objects.bulk_update(chosen, ["name", "public_category", "kolada_ou", "published"])
    return len(chosen)


def indicators_publish() -> dict:
    """The demo's indicators published, and an indicator per unit category with a series
    for the municipality, its peers and each published unit of the category."""
    from followup.indicators.models import Indicator, IndicatorValue
    from municipality.models import FiscalYear, OrgUnit

    Indicator.objects.update(published=True)
    fiscal_year = FiscalYear.objects.get(year=YEAR)
    rng = random.Random(YEAR + 1)
    values: list[IndicatorValue] = []
    areas = {MUNICIPALITY: "Kalmar kommun", **PEERS, PEER_GROUP[0]: PEER_GROUP[1]}
    for order, spec in enumerate(UNIT_INDICATORS, start=100):
        indicator = Indicator.objects.create(
            fiscal_year=fiscal_year,
            code=spec.code,
            name=spec.name,
            definition=f"{spec.name}, andel (%). Kolada {spec.kpi}.",
            unit=Indicator.Unit.PERCENT,
            decimals=1,
            direction=Indicator.Direction.HIGHER,
            target_kind=Indicator.TargetKind.INCREASE,
            source=Indicator.Source.KOLADA,
            kolada_kpi=spec.kpi,
            published=True,
            order=order,
        )
        units = OrgUnit.objects.filter(published=True, public_category=spec.category)
        for year in range(FIRST_SERIES_YEAR, YEAR + 1):
            for code, name in areas.items():
                values.append(_value(indicator, year, code, name, None, spec.base, rng))
            for unit in units:
                values.append(
                    _value(indicator, year, MUNICIPALITY, unit.name, unit, spec.base, rng)
                )
    IndicatorValue.objects.bulk_create(values, batch_size=2000)
    return {
        # An indicator is copied every year; the public site shows each chain of copies once.
        "indicators": len({i.lineage_id for i in Indicator.objects.filter(published=True)}),
        "indicator_values": IndicatorValue.objects.count(),
        "unit_values": sum(1 for value in values if value.org_unit_id),
    }


def _value(indicator, year, area, name, unit, base, rng):  # type: ignore[no-untyped-def]
    from followup.indicators.models import Indicator, IndicatorValue

    level = min(99.0, max(5.0, base + rng.uniform(-12, 12) + (year - YEAR) * 0.4))
    return IndicatorValue(
        indicator=indicator,
        year=year,
        month=12,
        area_code=area,
        area_name=name,
        org_unit=unit,
        value=Decimal(f"{level:.1f}"),
        source=Indicator.Source.KOLADA,
    )


def site_open() -> None:
    from followup.public.models import publication_settings

    publication = publication_settings()
    publication.enabled = True
    publication.introduction = (
        "Här redovisar kommunen resultaten från de beslutade uppföljningarna: nämndernas "
        "måluppfyllelse, nyckeltal och ekonomi, och resultaten för skolor, förskolor och "
        "äldreomsorg jämfört med andra kommuner."
    )
    publication.contact_email = "resultat@kalmar.example"
    publication.save()
