"""Kommunstyrelsen's plan with budget in the demo: its texts in seed 002's order and spirit,
written anew for the demo's Kalmar ({year}: the plan's budget year). The resource allocation's
figures and the staff goal's table come from the council's frame, the committee's budget and
the goal's indicators; the texts say what the figures do not."""

from __future__ import annotations

from followup.plans.models import PlanPart

PLAN_REFERENCE = "§ 1"
PLAN_DAY = (1, 16)

PLAN_TEXTS: dict[str, str] = {
    PlanPart.DECISION: (
        "<p>Planen är Kommunstyrelsens verksamhetsplanering för {year} utifrån reglementet och "
        "kommunfullmäktiges Mål och budget {year} med plan för {next}–{last}. Den visar "
        "styrelsens färdriktning och prioriterade utvecklingsområden, vad styrelsen väntar sig "
        "av nämnderna och hur den utövar sin uppsiktsplikt, och ska leda till att "
        "fullmäktiges mål för god ekonomisk hushållning nås.</p>"
        "<p>Planen följs upp i delårsrapporten och i årsredovisningen för {year}.</p>"
        "<p><strong>Kommunledningskontorets förslag till Kommunstyrelsen</strong></p>"
        "<ol><li>Kommunstyrelsens plan med budget {year} fastställs.</li></ol>"
    ),
    PlanPart.PRIORITIES: (
        "<h3>En hållbart växande kommun</h3>"
        "<p>Kommunen ska växa hållbart, ekologiskt, socialt och ekonomiskt. Det kräver att "
        "verksamheterna ser hållbarhetsfrågorna i ett sammanhang i stället för var för sig, "
        "och att invånare och näringsliv görs delaktiga. Under {year} börjar arbetet med ett "
        "program för hållbar utveckling med Agenda 2030 som grund.</p>"
        "<p>Särskilt prioriterade under {year} är:</p>"
        "<ul><li>Digitalisering och verksamhetsutveckling</li>"
        "<li>Nyttorealisering och effekthemtagning</li>"
        "<li>Strategisk kompetensförsörjning</li>"
        "<li>Minskad klimatbelastning</li>"
        "<li>Barnets rättigheter, barn och ungas hälsa</li>"
        "<li>Sociala investeringar</li>"
        "<li>Minskad ojämlikhet i livsvillkor</li>"
        "<li>Tillgänglighet och service på lika villkor</li>"
        "<li>Ett tryggt, säkert och inkluderande samhälle</li>"
        "<li>Levande landsbygd</li></ul>"
    ),
    PlanPart.DEVELOPMENT: (
        "<p>Styrelsens utvecklingsportföljer och riktade satsningar för {year}:</p>"
        "<ul><li>Digitaliseringssatsning {previous}–{next}, 200 mnkr för perioden.</li>"
        "<li>Sociala investeringar 11,3 mnkr.</li>"
        "<li>Kompetensförsörjning 18 mnkr.</li></ul>"
        "<p>Satsningarna leds av kommunledningskontoret tillsammans med förvaltningarna och "
        "redovisas med sin nytta i delårsrapporten och årsredovisningen.</p>"
    ),
    PlanPart.RESPONSIBILITY: (
        "<p>Kommunstyrelsen leder och samordnar kommunens verksamhet, ansvarar för dess "
        "utveckling och ekonomiska ställning och har uppsikt över nämnder och bolag "
        "(kommunallagen 6 kap.). I uppdraget ingår att under året ombudgetera mellan "
        "nämnderna inom den budget fullmäktige beslutat.</p>"
        "<p>Uppsikten utövas genom dialog med nämnderna, månadsrapporter, delårsrapport och "
        "årsredovisning, bolagens rapporter och den interna kontrollen.</p>"
    ),
    PlanPart.RESOURCES: (
        "<p>Kommunstyrelsens ram är fördelad på anslag enligt fullmäktiges beslut. "
        "Nettokostnaderna ska hållas inom ramen: styrelsen fastställer och genomför de "
        "åtgärder som behövs i god tid, och effektiviseringen redovisas i varje uppföljning.</p>"
    ),
    PlanPart.STAFF: (
        "<p>Under {year} fortsätter förvaltningen arbetet med att bli en attraktiv "
        "arbetsgivare, som kan attrahera, rekrytera, behålla och utveckla medarbetare och "
        "chefer:</p>"
        "<ul><li>En sammanhållen styrning som bygger på tillit och delaktighet.</li>"
        "<li>Ett teambaserat arbetssätt som gör medarbetarens roll tydlig.</li>"
        "<li>Fler vägar till påverkan, karriär och utveckling.</li>"
        "<li>Arbetsmiljöutbildning för första linjens chefer och skyddsombud.</li></ul>"
    ),
}

# Next year's plan, a draft: who writes which part (demo usernames), and the one part begun.
NEXT_WRITERS: dict[str, str] = {
    PlanPart.DECISION: "malagare",
    PlanPart.PRIORITIES: "malagare",
    PlanPart.DEVELOPMENT: "malagare",
    PlanPart.RESPONSIBILITY: "malagare",
    PlanPart.RESOURCES: "ekonom",
    PlanPart.STAFF: "malagare",
}
NEXT_DRAFT = PlanPart.DECISION


def plan_text(part: str, year: int) -> str:
    return PLAN_TEXTS[part].format(year=year, previous=year - 1, next=year + 1, last=year + 2)
