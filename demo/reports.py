"""The demo's reports: Kommunstyrelsen's tertial 1 report of the later demo year carries seed
004's decision memo (case number, handling officer, "Förslag till beslut", "Bakgrund") and its
summary, decided, so that the frozen report reads like the real one."""

from __future__ import annotations

import datetime

from django.db.models import Q

from followup.reports.models import (
    Report,
    ReportStatus,
    ReportText,
    SectionKind,
    TextPart,
    TextStatus,
)
from municipality.models import Committee, ReportingPeriod
from municipality.periods.lock import period_system_write

# Seed 004, tjänsteskrivelse and the report's introduction, word for word ({year}: the
# later demo year).
CASE_NUMBER = "KS {previous}/1102"
HANDLING_OFFICER = "Anna Emrin"
PROPOSAL = (
    "<p>Kommunstyrelsen fattar inte något beslut med anledning av ekonomi- och "
    "verksamhetsuppföljningen per april {year}.</p>"
)
BACKGROUND = (
    "<p>Kommunledningskontoret redovisar varannan månad det ekonomiska utfallet för perioden "
    "och en ekonomisk prognos för årsutfallet. Efter april och augusti görs också uppföljning "
    "av verksamhetsplanen.</p>"
    "<p>Kommunstyrelsens förbrukning efter april uppgår till 23,0% jämfört mot riktvärdet "
    "33,3%. Inom de olika verksamheterna finns både positiva som negativa ekonomiska "
    "avvikelser som kommenteras i rapporten. Totalt för kommunledningskontoret beräknas ett "
    "resultat i nivå med budget. För gymnasieverksamheten beräknas en negativ avvikelse om "
    "-2,2 mkr, som beror på demografi.</p>"
    "<p>Uppföljningen av målen visar att aktiviteterna och uppdragen knutna till nämndsmålen "
    "är påbörjade.</p>"
)
SUMMARY = (
    "<p>Inför året genomfördes organisationsförändringar på kommunledningskontoret, där den "
    "största förändringen var att verksamhetsområde IT flyttades från serviceförvaltningen "
    "till kommunledningskontoret och i och med detta fick en rambudget tilldelad sig. Även "
    "mindre interna omorganisationer inom förvaltningen genomfördes.</p>"
    "<p>Prognosen efter april månad visar en prognos på -2,2 mkr för kommunstyrelsen. "
    "Avvikelsen beror på ökat antal 16-19-åringar som innebär ett ökat medlemsbidrag till "
    "Kalmarsund gymnasieförbund. För kommunledningskontoret prognostiseras en budget i "
    "balans, men där vissa enheter uppvisar avvikelser. Avvikelserna beror på ökade intäkter "
    "för bl.a. schablonersättning från Migrationsverket och exploateringsverksamheten, samt "
    "ökade personalkostnader för bl.a. brandmän och ordningsvakter.</p>"
    "<p>Investeringsprognosen uppvisar en positiv avvikelse som beror på förseningar i "
    "projekten.</p>"
)


def report_demo_build() -> None:
    """Kommunstyrelsen's tertial 1 report of the later year, decided (in the same transaction
    as the period's locking, so the report is frozen with these texts). The later year's is
    the latest locked tertial 1: next year's planning has begun, its periods are not opened."""
    period = (
        ReportingPeriod.objects.filter(
            kind=ReportingPeriod.Kind.T1, state=ReportingPeriod.State.LOCKED
        )
        .select_related("fiscal_year")
        .order_by("-fiscal_year__year")
        .first()
    )
    committee = Committee.objects.filter(short_code="KS").first()
    if period is None or committee is None:
        return
    year = period.year
    report, _made = Report.objects.get_or_create(
        committee=committee,
        period=period,
        version=1,
        defaults={
            "case_number": CASE_NUMBER.format(previous=year - 1),
            "handling_officer": HANDLING_OFFICER,
            "decision_date": datetime.date(year, 5, 16),
            "status": ReportStatus.DECIDED,
        },
    )
    texts = {
        (SectionKind.COVER, TextPart.PROPOSAL): PROPOSAL.format(year=year),
        (SectionKind.COVER, TextPart.BACKGROUND): BACKGROUND,
        (SectionKind.SUMMARY, TextPart.MAIN): SUMMARY,
    }
    have = {
        (t.kind, t.part)
        for t in ReportText.objects.filter(report=report).filter(
            Q(kind=SectionKind.COVER) | Q(kind=SectionKind.SUMMARY)
        )
    }
    # bulk_create as a system write: the period may already be locked (PeriodEntry.save and
    # the database would refuse); the demo writes what was decided then.
    with period_system_write():
        ReportText.objects.bulk_create(
            ReportText(
                report=report,
                period=period,
                kind=kind,
                part=part,
                text=text,
                status=TextStatus.DONE,
            )
            for (kind, part), text in texts.items()
            if (kind, part) not in have
        )
