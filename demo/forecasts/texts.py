"""What the demo's forecasts say: seed 004's figures and texts for Kommunstyrelsen at T1, and
what economists write elsewhere about a deviation, a deficit's actions and a returned status."""

from __future__ import annotations

# Seed 004, Kommunstyrelsen at T1: deviation (budget − forecast, tkr) per unit's own line.
# Upphandling's consultants are paid for by vacancies, Ekonomi's training by lower running
# costs: those areas end at 0 as in the report, and the lines add up to its operating table.
SEED_004_T1: dict[tuple[str, str], int] = {
    ("1020", "PERS"): 300, ("1020", "OVR"): -300,
    ("1030", "PERS"): -300, ("1030", "OVR"): 300,
    ("1050", "INT"): 3_500, ("1050", "PERS"): -2_000,
    ("1070", "INT"): 3_000,
    ("1100", "PERS"): -4_000, ("1100", "OVR"): -500,
    ("1120", "OVR"): -2_233,
}  # fmt: skip

# The areas' texts of seed 004 at T1, on the line each explains. They hold from T1 on: the
# later year's outcome has the same deviations (demo.ledger.chart.DEVIATIONS).
SEED_004_COMMENTS: dict[tuple[str, str], str] = {
    ("1020", "OVR"): (
        "Upphandling och kansli kommer att behöva ta in upphandlingskonsulter i glappet mellan "
        "avslutade anställningar och tills nya kommer på plats. För tillfället bedöms lägre "
        "personalkostnader kompensera dessa ökade konsultkostnader, men om omfattningen av "
        "dessa ökar kan avvikelser uppstå."
    ),
    ("1030", "PERS"): (
        "Ett utbildningspaket kommer under året att genomföras för personal vid Ekonomi- och "
        "lönecenter, vilket medför ökade kostnader och kan ev. leda till att budget överskrids."
    ),
    ("1050", "INT"): (
        "Schablonersättningarna för flyktingmottagande prognostiseras nu ge ett överskott vid "
        "årets slut. Det finns dock fortfarande osäkerheter kring denna post, främst beroende "
        "på antal mottagna och hur detta utvecklar sig."
    ),
    ("1050", "PERS"): (
        "För arbetsmarknadsenheten kvarstår oroligheterna kring Arbetsförmedlingens "
        "omorganisation. Prognosen för arbetsmarknadsenheten är ett underskott om 2,0 mkr. "
        "Underskottet beror på utökad administration som är en följd av nytillkomna "
        "verksamheter, samt att arbetsförmedlingen beslutar om åtgärder som är mer kostsamma "
        "för kommunen. Arbetsmarknadsenheten har idag ett avtal med Arbetsförmedlingen som "
        "årligen ger en intäkt till enheten. Detta avtal är uppe till omförhandling och "
        "utgången är osäker. De nya verksamheter som tillkommit till enheten, bl.a. Ljungnäs "
        "villan, Ecoudden och Krusenstiernska gårdens café, har inte tillförts någon ny budget."
    ),
    ("1060", "OVR"): (
        "Ett beslut om utökad hemsändningsbidrag kan komma att påverka ekonomin för Mark och "
        "exploatering."
    ),
    ("1070", "INT"): "Exploateringen prognostiseras visa ett överskott vid årets slut.",
    ("1100", "PERS"): (
        "För Brandkårens del prognostiseras ett underskott om 4,5 mkr vid årets slut. Årets "
        "prognostiserade underskott beror på ordningsvakternas utökade tjänstgöring där "
        "budgeten inte är tillräcklig och ökade personalkostnader pga. att det vid ett par "
        "bränder har behövts kallas in ledig personal. Arbetsgivarorganisation och "
        "fackförbunden har kommit överens om ett nytt nationellt avtal om ersättningar till "
        "räddningstjänstpersonal i beredskap, som kommer att leda till dyrare ersättningar."
    ),
    ("1100", "OVR"): (
        "Budgeten för driftkostnader är underfinansierad. Även skyddsjakten har ökade "
        "kostnader i förhållande till budget. Intäkterna för TLC är en osäkerhetsfaktor och "
        "behöver följas under året."
    ),
    ("1110", "PERS"): (
        "Överförmynderiverksamheten visar en hög förbrukning efter årets första månader. "
        "Denna verksamhet har dock höga kostnader i början av året, varför kostnaderna i "
        "dagsläget antas jämnas ut sig under året."
    ),
    ("1120", "OVR"): (
        "Gymnasieverksamhetens prognos för året är -2,2 mkr. Avvikelsen beror på att antalet "
        "16-19-åringar har ökat i förhållande till det antal som beräknades i budgetunderlaget."
    ),
}

SEED_004_ACTION_PLAN = (
    "Normalt sett ska nämnden redogöra för en åtgärdsplan då en negativ prognos visas. I detta "
    "fall rör det sig om gymnasieverksamhetens prognostiserade underskott och då avvikelsen "
    "handlar om demografi enligt fastställt resursfördelningssystem så krävs inga åtgärder."
)

# What economists write about a deviation, per line and direction (worse, better).
COMMENTS: dict[tuple[str, bool], tuple[str, ...]] = {
    ("INT", True): (
        "Lägre intäkter än budgeterat då färre externa uppdrag har kommit in.",
        "Statsbidraget blev lägre än vad som beräknades i budgeten.",
        "Intäkterna från andra förvaltningar minskar när uppdragen blir färre.",
    ),
    ("INT", False): (
        "Högre intäkter än budgeterat, främst från försäljning av tjänster.",
        "Statsbidrag har beviljats utöver det som budgeterades.",
    ),
    ("PERS", True): (
        "Ökade personalkostnader pga. vikarier vid sjukfrånvaro och föräldraledighet.",
        "Lönerevisionen blev högre än vad som budgeterades.",
        "Övertid och timavlönade under semesterperioden ger högre personalkostnader.",
    ),
    ("PERS", False): (
        "Vakanta tjänster under rekryteringstid ger lägre personalkostnader.",
        "Tjänstledigheter som inte ersätts fullt ut ger lägre personalkostnader.",
    ),
    ("LOK", True): (
        "Högre kostnader för el och uppvärmning än budgeterat.",
        "Hyreshöjning efter genomförd ombyggnad.",
    ),
    ("LOK", False): ("Lägre energikostnader tack vare en mild vinter.",),
    ("KAP", True): ("Högre avskrivningar då investeringar aktiverats tidigare än planerat.",),
    ("KAP", False): ("Lägre kapitalkostnader pga. förskjutna investeringar.",),
    ("OVR", True): (
        "Ökade kostnader för konsulttjänster och köpta tjänster.",
        "Högre kostnader för förbrukningsmaterial och inventarier än budgeterat.",
        "Fler placeringar och köpta platser än vad budgeten räknade med.",
    ),
    ("OVR", False): (
        "Återhållsamhet med inköp ger lägre övriga kostnader.",
        "Planerade konsultinsatser har skjutits till nästa år.",
    ),
}

# A committee's actions when it forecasts a deficit; ``{deficit}`` in mnkr.
ACTION_PLANS: dict[str, str] = {
    "KS": (
        "Kommunledningskontoret håller vakanta tjänster obesatta under hösten och skjuter "
        "planerade konsultinsatser till nästa år, vilket bedöms minska underskottet om "
        "{deficit} mkr. Konsekvenserna för verksamheten bedöms bli begränsade."
    ),
    "SEN": (
        "Serviceförvaltningen ser över priserna för interna tjänster och minskar inhyrd "
        "personal för att hantera underskottet om {deficit} mkr. Vissa beställningar kan få "
        "längre leveranstider."
    ),
    "BUN": (
        "Förvaltningen ser över bemanningen i förhållande till barn- och elevantal och inför "
        "inköpsstopp för inventarier under resten av året för att möta underskottet om "
        "{deficit} mkr. Åtgärderna bedöms inte påverka undervisningens kvalitet."
    ),
    "ON": (
        "Bemanningen inom hemtjänsten anpassas efter beviljade timmar och arbetet med "
        "heltidsresan fortsätter för att minska underskottet om {deficit} mkr. Konsekvensen "
        "kan bli färre vikarier vid kortare frånvaro."
    ),
    "SN": (
        "Förvaltningen prioriterar hemmaplanslösningar framför externa placeringar för att "
        "minska underskottet om {deficit} mkr. Konsekvenserna följs upp månadsvis."
    ),
    "SBN": (
        "Underhållsåtgärder inom gata och park skjuts till nästa år för att hantera "
        "underskottet om {deficit} mkr. Det kan ge en lägre standard på vissa gator."
    ),
}

DEMOGRAPHY = (
    "Gymnasieverksamhetens underskott handlar om demografi enligt fastställt "
    "resursfördelningssystem och kräver inga åtgärder."
)

RETURN_NOTE = (
    "Personalkostnaderna avviker med 4,0 mkr. Dela upp underskottet på ordningsvakter, "
    "inkallad personal och det nya beredskapsavtalet i kommentaren, så att nämnden ser vad "
    "som är bestående."
)
