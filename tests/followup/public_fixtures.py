"""A published world for the public results site's tests.

Kalmar kommun (0880) publishes its site. Kommunstyrelsen is published: its tertial 1 2019 is
locked with its report decided and frozen (goal status "partly", key figures in the frozen
table); its tertial 2 is open with a draft assessment and a draft report. Socialnämnden is not
published, though its tertial 1 report is decided too. Ekonomi (a school) is published,
Brandkåren is not; Socialförvaltningen is published but its committee is not. The indicator
"Nöjdhet" is published, "Hemlig" is not. Every secret is a word the pages must never show.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.cache import cache

from followup.assessments.models import Assessment
from followup.goals.models import GoalStatus
from followup.indicators.models import Indicator, IndicatorValue
from followup.public.caching import generation_bump_now
from followup.public.models import Publication
from followup.reports.models import Report, ReportStatus
from municipality.models import Municipality, OrgUnit, ReportingPeriod
from tests.factories import YEAR, FiscalYearFactory, PeriodFactory
from tests.followup.factories import IndicatorFactory
from tests.followup.goal_fixtures import Goals

# Words that only unpublished or undecided things carry.
SECRETS = (
    "UTKAST-KOMMENTAR",  # the open tertial 2's draft assessment comment
    "SN-BESLUTAD",  # the unpublished committee's decided comment
    "Hemlig indikator",  # the unpublished indicator
    "Fler får stöd i hemmet",  # the unpublished committee's goal
    "Brandkåren",  # the unpublished unit
    "Socialnämnden",  # the unpublished committee
    "Socialförvaltningen",  # a published unit of the unpublished committee
)
DRAFT_VALUE = Decimal("97.7")  # the municipality's value of the open tertial 2
HIDDEN_UNIT_VALUE = Decimal("11.1")  # Brandkåren's value


def snapshot_tables(budget: int, forecast: int, deviation: int) -> dict:
    """A frozen report's table per area of operation, as ``ReportTable.as_json`` writes it."""
    return {
        "operating-units": {
            "caption": "Driftredovisning per verksamhetsområde",
            "headings": ["Verksamhetsområde", "Budget", "Prognos", "Avvikelse"],
            "percent": [],
            "rows": [
                ["Ekonomi", "line", [str(budget), str(forecast), str(deviation)]],
                ["Summa", "total", [str(budget), str(forecast), str(deviation)]],
            ],
        }
    }


@dataclass
class PublicWorld:
    goals: Goals
    publication: Publication
    t1: ReportingPeriod
    t2: ReportingPeriod
    ks_report: Report
    ks_draft: Report
    sn_report: Report
    school: OrgUnit
    hidden_unit: OrgUnit
    indicator: Indicator
    hidden_indicator: Indicator


def public_world_build(org, goals: Goals) -> PublicWorld:
    Municipality.objects.create(name="Kalmar kommun", code="0880")
    publication = Publication.objects.create(
        pk=1, enabled=True, introduction="Så går det för kommunen.", contact_email="ek@kalmar.se"
    )
    org.committee.published = True
    org.committee.save()
    fiscal_year = FiscalYearFactory(year=YEAR)
    t1 = PeriodFactory(fiscal_year=fiscal_year, state=ReportingPeriod.State.OPEN)
    t2 = PeriodFactory(
        fiscal_year=fiscal_year, kind=ReportingPeriod.Kind.T2, state=ReportingPeriod.State.OPEN
    )
    Assessment.objects.create(
        period=t1, committee_goal=goals.goal, status=GoalStatus.PARTLY, comment="Underskott i T1."
    )
    Assessment.objects.create(
        period=t1, committee_goal=goals.other_goal, status=GoalStatus.FULFILLED,
        comment="SN-BESLUTAD",
    )  # fmt: skip
    Assessment.objects.create(
        period=t2, committee_goal=goals.goal, status=GoalStatus.NOT_FULFILLED,
        comment="UTKAST-KOMMENTAR",
    )  # fmt: skip
    ReportingPeriod.objects.filter(pk=t1.pk).update(state=ReportingPeriod.State.LOCKED)
    t1.refresh_from_db()
    decided = {"status": ReportStatus.DECIDED, "frozen_at": "2019-05-30T12:00:00Z"}
    ks_report = Report.objects.create(
        committee=org.committee, period=t1, pdf=b"%PDF-KS-T1", pdf_sha256="ab" * 32,
        snapshot_tables=snapshot_tables(-1_000_000, -1_200_000, -200_000), **decided,
    )  # fmt: skip
    sn_report = Report.objects.create(
        committee=org.other_committee, period=t1, pdf=b"%PDF-SN", pdf_sha256="cd" * 32,
        snapshot_tables=snapshot_tables(5, 5, 0), **decided,
    )  # fmt: skip
    ks_draft = Report.objects.create(
        committee=org.committee, period=t2, snapshot_tables=snapshot_tables(9, 9, 9)
    )
    school = org.department
    school.published, school.public_category = True, OrgUnit.PublicCategory.SCHOOL
    school.kolada_ou = "V15E088000301"
    school.save()
    org.other_root.published = True  # of the unpublished Socialnämnden
    org.other_root.save()
    indicator = IndicatorFactory(fiscal_year=fiscal_year, name="Nöjdhet", published=True)
    hidden_indicator = IndicatorFactory(fiscal_year=fiscal_year, name="Hemlig indikator")
    rows = [
        (indicator, YEAR - 1, 12, "0880", None, "70.0", "entered"),  # a year without periods
        (indicator, YEAR, 4, "0880", None, "72.5", "entered"),  # locked tertial 1
        (indicator, YEAR, 8, "0880", None, str(DRAFT_VALUE), "entered"),  # open tertial 2
        (indicator, YEAR, 12, "1480", None, "68.0", "kolada"),  # a peer, from Kolada
        (indicator, YEAR, 4, "0880", school, "81.5", "entered"),
        (indicator, YEAR, 4, "0880", org.sibling, str(HIDDEN_UNIT_VALUE), "entered"),
        (hidden_indicator, YEAR, 4, "0880", None, "55.0", "entered"),
    ]
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            indicator=i, year=y, month=m, area_code=a, org_unit=u, value=Decimal(v), source=s,
            area_name={"1480": "Göteborg"}.get(a, ""),
        )
        for i, y, m, a, u, v, s in rows
    )  # fmt: skip
    generation_bump_now()
    return PublicWorld(
        goals, publication, t1, t2, ks_report, ks_draft, sn_report, school, org.sibling,
        indicator, hidden_indicator,
    )  # fmt: skip


@pytest.fixture
def public_world(org, goals) -> PublicWorld:
    cache.clear()
    return public_world_build(org, goals)
