"""The demo's public results site (``/resultat/``): Kalmar publishes it with an introduction,
every committee's decided reports, a handful of units citizens look for (schools, preschools,
a care home, home care) with their results, and some indicators.

Every committee's report of each locked tertial and of the annual accounts is decided here,
so that each published committee shows decided goal status and key figures once the lock's
freezing (after the seed's commit) has archived them. The units' Kolada ids and the values of
the units' indicators are made up for the demo.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from demo.indicators import AREA_NAMES, KKVH, PEER_GROUP
from followup.indicators.models import Indicator, IndicatorValue
from followup.public.caching import generation_bump
from followup.public.models import Publication
from followup.reports.models import Report, ReportStatus
from municipality.models import Committee, FiscalYear, Municipality, OrgUnit, ReportingPeriod

Category = OrgUnit.PublicCategory
Kind = ReportingPeriod.Kind

INTRODUCTION = (
    "Här redovisar Kalmar kommun hur det går för nämnderna: den målstatus och de ekonomiska "
    "nyckeltal som nämnderna har beslutat i sina tertialrapporter och i årsredovisningen, "
    "resultat för skolor och omsorg, och hur kommunen står sig mot andra kommuner."
)
CONTACT_EMAIL = "ekonomi@kalmar.se"

# (unit code, public category, Kolada unit id (made up in Kolada's form))
PUBLIC_UNITS = (
    ("3210", Category.SCHOOL, "V15E088000301"),
    ("3220", Category.SCHOOL, "V15E088000302"),
    ("3230", Category.SCHOOL, "V15E088000303"),
    ("1123", Category.SCHOOL, "V17E088000401"),
    ("3110", Category.PRESCHOOL, ""),
    ("3120", Category.PRESCHOOL, ""),
    ("4200", Category.CARE_HOME, "V21E088000501"),
    ("4110", Category.HOME_CARE, "V23E088000601"),
    ("4120", Category.HOME_CARE, "V23E088000602"),
)
# The demo's indicators (demo.indicators) published with their Kolada comparisons.
PUBLISHED_CODES = ("SJUK", "HME", "NKI-INSIKT")
PEER_NAME = AREA_NAMES[PEER_GROUP]
# The Kolada comparisons of the demo's indicators (KKVH is Kalmar's own network, not Kolada's).
KOLADA_PEERS = ", ".join(area for area in AREA_NAMES if area != KKVH)

# The units' own indicators: code, name, the municipality's values two years and one year
# before the later demo year, the peers' (Kolada), and each unit's.
UNIT_INDICATORS: tuple[tuple[str, str, tuple[str, str], tuple[str, str], dict], ...] = (
    ("ELEV-NOJD", "Elever i åk 5 som är nöjda med sin skola, andel (%)",
     ("82", "84"), ("80", "81"),
     {"3210": ("80", "85"), "3220": ("86", "83"), "3230": ("79", "82"), "1123": ("88", "87")}),
    ("SABO-NOJD", "Brukarbedömning särskilt boende, nöjdhet med boendet som helhet, andel (%)",
     ("81", "83"), ("82", "82"), {"4200": ("81", "83")}),
    ("HEMTJ-NOJD", "Brukarbedömning hemtjänst, nöjdhet med hemtjänsten som helhet, andel (%)",
     ("88", "90"), ("89", "89"), {"4110": ("90", "92"), "4120": ("85", "87")}),
)  # fmt: skip

DECISION_DAY: dict[str, tuple[int, int]] = {Kind.T1: (5, 20), Kind.T2: (9, 25)}


def _decision_date(period: ReportingPeriod) -> datetime.date:
    if period.kind == Kind.ANNUAL:
        return datetime.date(period.year + 1, 3, 18)
    month, day = DECISION_DAY[period.kind]
    return datetime.date(period.year, month, day)


def _reports_decide() -> None:
    """Every committee's report of the locked tertials and annual accounts, decided."""
    periods = ReportingPeriod.objects.filter(
        state=ReportingPeriod.State.LOCKED, kind__in=[Kind.T1, Kind.T2, Kind.ANNUAL]
    ).select_related("fiscal_year")
    committees = list(Committee.objects.all())
    have = set(Report.objects.values_list("committee_id", "period_id"))
    Report.objects.bulk_create(
        Report(
            committee=committee,
            period=period,
            version=1,
            status=ReportStatus.DECIDED,
            case_number=f"{committee.short_code} {period.year}/{100 + committee.order}",
            decision_date=_decision_date(period),
        )
        for period in periods
        for committee in committees
        if committee.is_valid_in(period.year) and (committee.pk, period.pk) not in have
    )


def _unit_indicators(fiscal_year: FiscalYear, own: str) -> None:
    """The units' indicators on the later year, with values for the two years before it (the
    years whose follow-up is decided)."""
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=[c for c, *_ in PUBLIC_UNITS])}
    years = (fiscal_year.year - 2, fiscal_year.year - 1)
    values: list[tuple[Indicator, int, str, str, OrgUnit | None, str, str]] = []
    for order, (code, name, municipality, peers, by_unit) in enumerate(UNIT_INDICATORS, 90):
        indicator = Indicator.objects.create(
            fiscal_year=fiscal_year, order=order, code=code, name=name, published=True,
            unit=Indicator.Unit.PERCENT, decimals=0, direction=Indicator.Direction.HIGHER,
            target_kind=Indicator.TargetKind.INCREASE,
        )  # fmt: skip
        for i, year in enumerate(years):
            values.append((indicator, year, own, "", None, municipality[i], "entered"))
            values.append((indicator, year, PEER_GROUP, PEER_NAME, None, peers[i], "kolada"))
            values += [
                (indicator, year, own, "", units[unit], figures[i], "entered")
                for unit, figures in by_unit.items()
            ]
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            indicator=indicator, year=year, month=12, area_code=area, area_name=area_name,
            org_unit=unit, value=Decimal(value), source=source,
        )
        for indicator, year, area, area_name, unit, value, source in values
    )  # fmt: skip


def public_demo_build() -> None:
    """Publish the demo: settings, committees, units, indicators, and the decided reports
    (before the commit that freezes the locked periods' reports)."""
    municipality = Municipality.objects.first()
    # The later demo year (next year's planning has begun, none of its periods is locked).
    fiscal_year = (
        FiscalYear.objects.filter(periods__state=ReportingPeriod.State.LOCKED)
        .order_by("-year")
        .first()
    )
    if municipality is None or fiscal_year is None:
        return
    Publication.objects.update_or_create(
        pk=1,
        defaults={"enabled": True, "introduction": INTRODUCTION, "contact_email": CONTACT_EMAIL},
    )
    # The comparison the demo's indicators show, as the Kolada page and its fetch know it.
    Municipality.objects.filter(pk=municipality.pk, kolada_peers="").update(
        kolada_peers=KOLADA_PEERS
    )
    Committee.objects.update(published=True)
    for code, category, kolada_ou in PUBLIC_UNITS:
        OrgUnit.objects.filter(code=code).update(
            published=True, public_category=category, kolada_ou=kolada_ou
        )
    Indicator.objects.filter(code__in=PUBLISHED_CODES).update(published=True)
    _unit_indicators(fiscal_year, municipality.code)
    _reports_decide()
    generation_bump()  # bulk writes send no signal
