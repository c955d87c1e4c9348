"""What the demo's goal follow-up says: Kalmar's five focus areas and council goals,
Kommunstyrelsen's committee goals, activities and assignments as in seed 004 (its tertial
report after April 2019) with their texts, and a few goals of each other committee.

Seed 004's texts name the years of their time (2019 is the year reported on); the demo
moves every year in them along with its own later year (``shift_years``). Its Status and
Färdiggrad columns are symbols in the printed report, lost in the text; the ones here are
read from each comment and from the cover memo ("aktiviteterna och uppdragen … är
påbörjade").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from followup.models import Assignment, GoalStatus, WorkStatus

SEED_YEAR = 2019  # the year seed 004 reports on; the demo's later year stands in for it
COUNCIL = Assignment.Giver.COUNCIL
BOARD = Assignment.Giver.BOARD

NOT_STARTED, STARTED, IN_PROGRESS, DONE, DELAYED = (
    WorkStatus.NOT_STARTED,
    WorkStatus.STARTED,
    WorkStatus.IN_PROGRESS,
    WorkStatus.DONE,
    WorkStatus.DELAYED,
)
FULFILLED, PARTLY, NOT_ASSESSED = GoalStatus.FULFILLED, GoalStatus.PARTLY, GoalStatus.NOT_ASSESSED

_YEAR = re.compile(r"\b20[0-4]\d\b")


def shift_years(text: str, offset: int) -> str:
    """``text`` with every year in it moved by ``offset`` years."""
    if not offset:
        return text
    return _YEAR.sub(lambda match: str(int(match.group()) + offset), text)


@dataclass(frozen=True)
class SeedT1:
    """How an item stood at T1 of the seed's year: status, completion, comment."""

    status: str
    completion: int | None = None
    comment: str = ""


@dataclass(frozen=True)
class DemoWork:
    """An activity (under a goal) or an assignment (with its goal area)."""

    title: str
    unit: str  # the responsible unit's code
    description: str = ""
    t1: SeedT1 | None = None
    given_by: str = COUNCIL  # assignments only


@dataclass(frozen=True)
class DemoGoal:
    key: str
    area: int  # index in FOCUS_AREAS
    council: tuple[str, ...]  # keys of COUNCIL_GOALS
    title: str
    description: str
    activities: tuple[DemoWork, ...] = ()
    t1: SeedT1 | None = None
    ends: str | None = None  # how the year ends, where its indicators say; else drawn


@dataclass(frozen=True)
class DemoCommittee:
    short_code: str
    unit: str  # the administration that assesses the committee's goals
    goals: tuple[DemoGoal, ...]
    assignments: tuple[tuple[int, DemoWork], ...]  # (goal area, assignment)


# Seed 004: the council decided on goals in five focus areas (fokusområden).
FOCUS_AREAS: tuple[tuple[str, str], ...] = (
    ("Ordning och reda i ekonomin",
     "Kommunens ekonomi ska vara stabil och verksamheterna bedrivas effektivt."),
    ("Ett grönare Kalmar",
     "Kalmar ska minska sin klimatpåverkan och ta vara på naturens resurser."),
    ("Ett växande, attraktivt Kalmar",
     "Kalmar ska växa med fler bostäder, fler jobb och ett gott företagsklimat."),
    ("Hög kvalitet i välfärden",
     "Barn, unga och äldre ska få en välfärd av hög och jämlik kvalitet."),
    ("Personal och arbetsmiljö",
     "Kalmar kommun ska vara en attraktiv arbetsgivare med friska och engagerade medarbetare."),
)  # fmt: skip

# (key, focus area, title): the council goals the committees' goals break down.
COUNCIL_GOALS: tuple[tuple[str, int, str], ...] = (
    ("EKO1", 0, "Kommunens verksamheter ska bedrivas ändamålsenligt och kostnadseffektivt."),
    ("EKO2", 0, "Årets resultat ska uppgå till minst 2 procent av skatter och generella "
                "statsbidrag."),
    ("GRO1", 1, "Avfallet inom kommunkoncernen ska minska med 30 procent från 2018 till 2025."),
    ("GRO2", 1, "Kalmar kommuns egna fordon och inköpta transporter ska vara "
                "fossilbränslefria 2023."),
    ("GRO3", 1, "Andelen livsmedel som är ekologiska eller ursprungsmärkta Sverige ska uppgå "
                "till 75 procent 2020, varav minst 30 procent ska vara ekologiska."),
    ("GRO4", 1, "Energianvändningen i kommunens lokaler ska minska."),
    ("GRO5", 1, "Andelen resor till fots, med cykel och med kollektivtrafik ska öka."),
    ("VAX1", 2, "Kalmar ska ha lägre arbetslöshet än riket och våra jämförelsekommuner."),
    ("VAX2", 2, "Kalmar ska vara en av de 30 bästa kommunerna i Sverige att besöka, att växa "
                "upp, bo och åldras i."),
    ("VAX3", 2, "Samlat i kommunkoncernen ska vi möjliggöra för att minst 500 bostäder kan "
                "färdigställas varav hälften är hyresbostäder."),
    ("VAX4", 2, "Kalmar kommun ska få fler i arbete snabbare."),
    ("VAX5", 2, "Kalmar ska vara en av de 30 bästa kommunerna avseende företagsklimat."),
    ("VAX6", 2, "Kalmar ska vara en kommun med hög tillgänglighet."),
    ("VAX7", 2, "Kalmar ska vara landets tryggaste residenskommun."),
    ("VAX8", 2, "Andelen utrikesfödda medarbetare i kommunen ska öka."),
    ("VAL1", 3, "Andelen elever som är behöriga till gymnasieskolan ska öka."),
    ("VAL2", 3, "Äldre ska känna sig trygga och nöjda med sin omsorg."),
    ("VAL3", 3, "Barn och unga i utsatta situationer ska få rätt stöd tidigt."),
    ("VAL4", 3, "Barn och elever ska känna sig trygga i förskola och skola."),
    ("PER1", 4, "Kalmar ska bli årets e-hälsokommun år 2022."),
    ("PER2", 4, "Indexet för hållbart medarbetarengagemang (HME) ska öka."),
    ("PER3", 4, "Kommunens verksamhet ska vara jämställdhetssäkrad år 2022."),
    ("PER4", 4, "Sjukfrånvaron bland kommunens medarbetare ska minska."),
    ("PER5", 4, "Heltid ska vara norm i kommunens verksamheter."),
)  # fmt: skip

_PLACEHOLDER = ""  # seed 004 shows the system's "Beskriv Aktivitet" where none was written


def _w(
    title: str,
    unit: str,
    description: str,
    status: str,
    completion: int,
    comment: str = "",
    given_by: str = COUNCIL,
) -> DemoWork:
    return DemoWork(title, unit, description, SeedT1(status, completion, comment), given_by)


# Kommunstyrelsen: seed 004's 16 committee goals with their activities, at T1.
KS_GOALS: tuple[DemoGoal, ...] = (
    DemoGoal("KS-EKO", 0, ("EKO1",), "Ändamålsenlig och kostnadseffektiv verksamhet",
        "Kommunens alla verksamheter ska bedrivas på ett ändamålsenligt och kostnadseffektivt "
        "sätt.",
        (
            _w("Processorienterat arbetssätt", "1010",
               "Varje verksamhet kommenterar sin relation till processbaserat arbetssätt.",
               IN_PROGRESS, 40,
               "Förvaltningsövergripande arbetsgrupp bildad med uppdrag att ta fram en strategi "
               "för Kalmar kommun. Uppdraget innebär även att ta fram en metodbok för "
               "processororienterad verksamhetsutveckling. En första workshop är genomförd med "
               "förvaltningschefer, miljö- och kvalitetssamordnare samt digitaliseringsnätverket "
               "i syfte att ta fram en förändringsagenda för kommunen. Nästa avslutande workshop "
               "planerad till 6/5."),
            _w("Analysera och utveckla kommunledningskontorets stödfunktioner", "1010",
               "Se över hela, dvs ekonomi- och lönecenter, kommunikation, IT.\n"
               "Introduktion för nyanställda ska digitaliseras, utbildning i hantera dator och "
               "telefon, digital signatur\n"
               "Ska ge genomslag i den årliga kundenkäten",
               STARTED, 20,
               "Arbetet med att analysera kommunledningskontorets stödfunktioner är påbörjat. Ett "
               "uppdrag kring inköpsprocessen där såväl ekonomi- och lönecenter samt upphandling "
               "är involverade ska starta under maj månad."),
        ),
        SeedT1(PARTLY, None,
               "Kommunledningskontoret arbetar kontinuerligt med målet att ha en ändamålsenligt "
               "och kostnadseffektiv verksamhet. Under maj månad kommer arbetet med att se över "
               "och effektivisera inköpsprocessen att påbörjas.")),
    DemoGoal("KS-AVFALL", 1, ("GRO1",),
        "Avfallet inom kommunkoncernen ska minska med 30 procent från 2018 till 2025.",
        "Avfallet inom kommunkoncernen ska minska med 30 procent från 2018 till 2025.",
        (
            _w("Stickprov på brännbara avfallets vikt", "1010",
               "Tillsammans med miljöutvecklare och lokalvården ta stickprov på säckar med "
               "brännbart avfall i lokalvården och väga dessa.",
               NOT_STARTED, 0, "Planeras att utföras under T2 då miljöutvecklaren är på plats."),
            _w("Ta fram och distribuera kommunikationsmaterial – planscher etc", "1080",
               "Tillsammans med miljöutvecklare, kommunikation med flera ta fram och distribuera "
               "kommunikationsmaterial – planscher etc",
               NOT_STARTED, 0,
               "Planeras att utföras under T2-T3 då miljöutvecklaren kommit på plats."),
            _w("Internrevision kring hur avfallshanteringen fungerar inom kommunen", "1010",
               "Ta reda på om källsorteringen fungerar överallt och om den \"gröna påsen\" "
               "används.",
               IN_PROGRESS, 60,
               "Internrevisionsarbetet pågår vid förvaltningarna. Planeras vara klart i juni."),
        ),
        SeedT1(PARTLY, None,
               "Enligt uppföljning via internrevisioner samt information från enhetscheferna "
               "finns möjlighet att källsortera vid KLK's samtliga arbetsplatser. För att skapa "
               "bättre ordning i Stadshusgårdens miljöhus har en \"Miljötavla\" samt vagn för "
               "hantering av skrymmande restavfall anskaffats. Presenterade aktiviteter planeras "
               "att genomföras under T2 och T3.")),
    DemoGoal("KS-FORDON", 1, ("GRO2",), "Fordon och transporter",
        "Kalmar kommuns egna fordon och inköpta transporter ska vara fossilbränslefria 2023.",
        (
            _w("Bevaka att fossilfria alternativ väljs vid upphandling då så är möjligt.", "1020",
               "Bevaka att fossilfria alternativ väljs vid upphandling då så är möjligt",
               IN_PROGRESS, 30),
            _w("Skapa ett systematiskt arbetssätt för att ställa krav och följa upp upphandlingar "
               "där transporter är en del av den inköpta tjänsten", "1020",
               "Skapa ett systematiskt arbetssätt för att ställa krav och följa upp upphandlingar "
               "där transporter är en del av den inköpta tjänsten.",
               STARTED, 10),
        ),
        SeedT1(NOT_ASSESSED)),
    DemoGoal("KS-LIVS", 1, ("GRO3",), "Livsmedel",
        "Andelen livsmedel som är ekologiska eller ursprungsmärkta Sverige i de kommunala "
        "verksamheterna ska uppgå till 75 procent 2020, varav minst 30 procent ska vara "
        "ekologiska. Minst 40 procent ska komma från närområdet.",
        (_w("Bevaka rutinen för inköp av livsmedel", "1020", _PLACEHOLDER, IN_PROGRESS, 30),),
        SeedT1(NOT_ASSESSED)),
    DemoGoal("KS-ARBLOS", 2, ("VAX1",),
        "Kalmar ska ha lägre arbetslöshet än riket och våra jämförelsekommuner.",
        "Kalmar ska ha lägre arbetslöshet än riket och våra jämförelsekommuner.",
        (
            _w("Ta fram en plan för det uppsökande arbetet riktat mot arbetssökande ungdomar",
               "1050",
               "Kunskapsnavet tar fram en plan för det uppsökande arbetet riktat mot "
               "arbetssökande med målet att fler kan komma i studier.",
               IN_PROGRESS, 50,
               "Det uppsökande arbetet riktat mot ungdomar sker i samverkan med andra myndigheter "
               "som är de som oftast har första kontakten med dem. Arbetsmarknadsenheten är "
               "därefter ofta mottagare av ungdomarna. Ett arbete som handlar om att få dem i "
               "sysselsättning. När det gäller ungdomar utan fullständigt gymnasiebetyg är det "
               "Arbetsförmedlingen som kommer i kontakt med dem och anvisar dem till verksamheten "
               "RAMP. Ungdomar som uppbär försörjningsstöd helt eller delvis initieras av "
               "socialförvaltningen utifrån en dialog med Arbetsförmedlingen. Resurshuset hos AME "
               "jobbar därefter vidare med ungdomarna. De ungdomar som lämnar sina "
               "gymnasiestudier och inbegrips i det kommunala aktivitetsansvaret, fångas först "
               "upp av gymnasieförbundet, som sedan initierar dem hos Resurshuset hos AME. Målet "
               "är att få tillbaka ungdomarna till gymnasiestudier."),
            _w("Se över process för att arbetssökande snabbare ska komma ut på arbetsmarknaden",
               "1050",
               "Arbetsmarknadsenheten ska ta fram en modell för hur det inre flödet kan påverka "
               "arbetssökande att snabbare flytta fram sina positioner på arbetsmarknaden.",
               IN_PROGRESS, 50,
               "Arbetsmarknadsenhetens utvecklingsarbete är inriktat på att fler deltagare skall "
               "komma ut i arbete (på den reguljära arbetsmarknaden) eller studier. En rad olika "
               "inslag under aktivitet är på plats i syfte att stötta deltagarna mot långsiktiga "
               "lösningar. I statistiken gällande avslutande ärenden kan vi se att det arbetet "
               "ger resultat."),
        ),
        SeedT1(FULFILLED, None,
               "Enligt månadsstatistiken från Arbetsförmedlingen för mars månad: Riket ligger på "
               "6,9 % och Kalmar kommun ligger på 6,8 %. Det innebär att Kalmar under mars månad "
               "uppfyller målet att ha lägre arbetslöshet än riket.")),
    DemoGoal("KS-ATTR", 2, ("VAX2",), "Attraktiv kommun",
        "Kalmar ska vara en av de 30 bästa kommunerna i Sverige att besöka, att växa upp, bo "
        "och åldras i.",
        (
            _w("En översyn av kommunens infarter", "1080",
               "Påbörja en översyn av kommunens infarter, infartsskyltar m.m.",
               IN_PROGRESS, 40,
               "En skyltinventering är genomförd och upprensning tillsammans med "
               "serviceförvaltningen är påbörjad."),
        ),
        SeedT1(FULFILLED, None,
               "Enligt tidningen Fokus senaste ranking hamnar Kalmar på plats 17 av landets "
               "kommuner. Dessutom påvisar vi goda resultat i SCB:s medborgarundersökning och "
               "SKL:s Insikt.")),
    DemoGoal("KS-BOST", 2, ("VAX3",), "Bostäder",
        "Samlat i kommunkoncernen ska vi möjliggöra för att minst 500 bostäder kan "
        "färdigställas varav hälften är hyresbostäder.",
        (
            _w("Bygga ut planlagda områden för bostäder", "1070",
               "Bygga ut befintliga, sedan tidigare planlagda områden, för bostäder. Detta ska "
               "ske i samverkan med kommunens projekt- och byggenhet och de ledningsdragande "
               "verken.",
               IN_PROGRESS, 30),
        ),
        SeedT1(PARTLY, None,
               "Arbete med utbyggnad av kommunal infrastruktur (vägar, VA) fortgår, bla är 1:a "
               "etappen på Karlssons Äng på väg att färdigställas.")),
    DemoGoal("KS-ARBETE", 2, ("VAX4",), "Fler i arbete",
        "Kalmar kommun ska få fler i arbete snabbare. 60 procent av de som lämnar "
        "etableringsuppdraget ska gå till arbete eller reguljära studier.",
        (
            _w("Genomföra en jobbspårskonferens tillsammans med arbetsförmedlingen och "
               "kranskommunerna.", "1050", _PLACEHOLDER,
               DONE, 100, "Konferensen har genomförts 31/1 och 2/1."),
            _w("Se över process för att korta ledtiden till egenförsörjning genom studier eller "
               "arbete", "1050",
               "Flykting och integration ska ta fram en modell för det inre flödet vilket kortar "
               "ledtiden till egenförsörjning genom studier eller arbete",
               IN_PROGRESS, 40,
               "Vi jobbar med flera olika insatser för att korta vägen till studier och/eller "
               "arbete"),
            _w("Genomföra föreläsning för personal som jobbar med arbetslösa utrikesfödda "
               "personer", "1050",
               "Genomföra föreläsning för personal som direkt eller indirekt arbetar med "
               "utrikesfödda personer som saknar arbete för att öka kunskapen om målgruppens "
               "förutsättningar till arbete eller studier",
               IN_PROGRESS, 50, "Jobbar kontinuerligt med utbildningsinsatser"),
            _w("Genomföra en JOBBklar-mässa hösten 2019 för målgruppen med flera aktörer.",
               "1050", _PLACEHOLDER,
               STARTED, 15, "Förbereder och planerar inför höstens jobb-klar mässa."),
        ),
        SeedT1(PARTLY, None,
               "Målet på 60 % ligger inom räckhåll men har ännu inte uppnåtts. Under mars månad, "
               "enligt Arbetsförmedlingen statistik ligger Kalmar kommun på 51,5 %")),
    DemoGoal("KS-FORETAG", 2, ("VAX5",), "Företagsklimatet",
        "Kalmar ska vara en av de 30 bästa kommunerna avseende företagsklimat.",
        (
            _w("Arrangera minst två möten där näringslivsutveckling är temat. Målet är minst "
               "100 deltagande företag per tillfälle.", "1010",
               "Är detta Topp 30?",
               IN_PROGRESS, 50, "TOP 30 genomfördes i april med ca 175 personer närvarande."),
            _w("Fortsätta utveckla Tema-Webb under www.kalmar.se med starkt fokus på "
               "näringslivsfrågor.", "1080", _PLACEHOLDER,
               IN_PROGRESS, 70,
               "Den nya webbplatsen naringsliv.kalmar.se är lanserad och mottagandet är bra. "
               "Samtidigt har en blogg startats för att lyfta saker som görs för att stärka "
               "företagsklimatet."),
        ),
        SeedT1(PARTLY, None,
               "TOP30 genomfördes i april och vi var ca 175 personer som hörde olika anförande och "
               "fick även träffa nya chefer på Samhällsbyggnadskontoret, Johan Wendell och "
               "serviceförvaltningens Peter Arnesson. Två viktiga funktioner i Kalmar kommun. Ett "
               "uppskattat möte"), ends=PARTLY),
    DemoGoal("KS-TILLG", 2, ("VAX6",), "Hög tillgänglighet",
        "Kalmar ska vara en kommun med hög tillgänglighet.",
        (
            _w("Utreda förutsättningarna för en lättläst version på kommunens hemsida", "1080",
               "Ta fram en kostnadsbild samt påbörja utvecklingen av en lättläst version.",
               STARTED, 25,
               "Vi har påbörjat utredningen om förutsättningar för en lättläst version av "
               "kommunens webbplats. Vi tittar på goda exempel och tar fram en kostnadsberäkning "
               "för ett genomförande. Det kan handla om att utbilda internt för att skriva "
               "lättläst alternativt ta in extern konsult om genomför det hela."),
            _w("Översikt tillgänglighet telefoni, IT", "1080",
               "Öka servicen och tillgängligheten kring våra telefoner, IT, kalendrar m.m.",
               IN_PROGRESS, 40,
               "Regelbundna möten mellan IT, kommunikation och kontaktcenter genomförs. Åtgärder "
               "hittills är att lyfta telefonin på intranätet samt utreda möjligheten att "
               "centralt styra så att mötesbokningar stänger telefonen."),
        ),
        SeedT1(NOT_ASSESSED)),
    DemoGoal("KS-TRYGG", 2, ("VAX7",), "Tryggaste residenskommun",
        "Kalmar ska vara landets tryggaste residenskommun",
        (
            _w("Formera en projektgrupp/kommission med kommunövergripande ansvar för att "
               "utveckla trygghetsarbetet så att målet uppnås.", "1010",
               "Gruppen ska bestå av tjänstepersoner med mandat från kommunens verksamheter som "
               "har särskilt uttalade roller i kommunens trygghetsskapande arbete.",
               STARTED, 20, "Aktuella funktioner identifierade och ett första möte inplanerat."),
            _w("Utreda förutsättningar för användande av trygghetsvärdar/trygghetsvakter i det "
               "trygghetsskapande arbetet.", "1100",
               "Som del i arbetet med att göra Kalmar kommun till den tryggaste "
               "residenskommunen så ska Brandkåren utreda möjligheten och förutsättningarna för "
               "Kalmar kommun att anställa trygghetsvärdar/trygghetsvakter som kan utföra "
               "trygghetsskapande åtgärder i exempelvis bostadsområden i Kalmar kommun. "
               "Trygghetsvärdar/trygghetsvakter arbetar bland annat med att möta upp "
               "identifierade behov i trygghetsmätningar, öka kommunens närvaro i bostadsområden "
               "och stadsdelar, möta kommuninvånare och arbeta relationsskapande med ungdomar. "
               "Utredningen som ska genomföras ska presentera ekonomiska förutsättningar, ett "
               "förtydligande över funktionens arbetsuppgifter/användningsområde och möjliga "
               "synergieffekter.",
               STARTED, 25,
               "En utredning har påbörjats. Genom att införa trygghetsvärdar/trygghetsvakter "
               "finns inte behov av att köpa in bevakningstjänster och trygghetsskapande tjänster "
               "från andra leverantörer. Utredningen ska ge svar på hur detta kan genomföras och "
               "vilka positiva synergieffekter en sådan åtgärd skulle få för tryggheten i Kalmar "
               "kommun."),
            _w("Genomföra ett utbildningstillfälle om korruption i samverkan med polisens "
               "nationella avdelning (NOA).", "1010",
               "Den 1 mars genomförs utbildningstillfället.",
               DONE, 100, "Utbildningstillfället genomfört och utvärderat."),
            _w("Samordna arbetet med kommunens och polisens medborgarlöften för perioden "
               "2019-2020", "1010",
               "Beslut om två löften:\n"
               "Ökad närvaro och trygghet i fem prioriterade stadsdelar.\n"
               "Förstärkt arbete mot narkotika.\n"
               "En med polisen gemensam genomförandeplan kommer att utvecklas under februari "
               "2019.",
               IN_PROGRESS, 40,
               "En genomförandeplan är framtagen och godkänd och arbetet fortskrider i enlighet "
               "med den."),
        ),
        SeedT1(PARTLY, None,
               "Ett systematiskt arbete och organisering med utgångspunkt av bl.a öppna "
               "jämförelser och trygghetsundersökningen har påbörjats.\n\n"
               "Tillsammans med polisen har ett arbete med att säkerställa uppdaterade "
               "lägesbilder och samordning av insatser enligt modellen Effektiv samverkan för "
               "trygghet (EST) byggts upp under första delen av 2019. Från förvaltningens sida "
               "är både brandkåren, tlc, säkerhetssamordnare och brottsförebyggande strateg "
               "delaktiga i detta. Fokus i detta arbete under kommande 3-4 månader är att "
               "samordna kommunens verksamheter internt.")),
    DemoGoal("KS-UTRIKES", 2, ("VAX8",), "Utrikesfödda medarbetare",
        "Andelen utrikesfödda medarbetare i kommunen ska öka.",
        (
            _w("Informera chefer i normkritisk kompetensbaserad rekrytering", "1040", "",
               IN_PROGRESS, 50, "Löpande aktivitet - utbildning ingår i kommunens chefskörkort"),
            _w("Säkra processen för rekrytering för att säkerställa att ingen diskriminering "
               "sker", "1040", "HR-student kommer att skriva en uppsats?",
               IN_PROGRESS, 50, "Löpande aktivitet - ingår i chefsutbildningar"),
        ),
        SeedT1(NOT_ASSESSED, None,
               "Balanstalet (antalet utrikesfödda anställda i förhållande till antalet "
               "utrikesfödda invånare i en kommun där 0,8 -1,0 anger balans) ska öka till minst "
               "0,8 genom att:\n"
               "• Tydliga och genomtänkta kravprofiler i våra platsannonser kopplat till en enkät "
               "för att motverka diskriminering\n"
               "• God kunskap hos rekryterande chefer om kompetensbaserad rekrytering\n"
               "• Annonsering av lediga tjänster ska ske öppet och i media som är lättillgängliga "
               "för alla. Kommunens huvudmedia för annonsering av lediga jobb är kommunens "
               "hemsida/Facebook/LinkedIn/Instagram, Arbetsförmedlingens platsbank samt "
               "Offentliga Jobb.\n"
               "• Samtliga annonser ska i bakgrundsbeskrivningen innehålla texten: \"Kalmar "
               "kommun värdesätter de kvaliteter som en jämn ålders- och könsfördelning samt "
               "etnisk och kulturell mångfald tillför verksamheten. Vi ser därför gärna sökande "
               "som bidrar till det.\"\n\n"
               "Målet kan bara följas upp på årsbasis med ett års eftersläpning med hjälp av "
               "underlag från SCB och SKL, vilket redovisas i Kolada. Det är ej tillåtet för "
               "arbetsgivaren att själv registrera etnicitet eller födelse land.")),
    DemoGoal("KS-EHALSA", 4, ("PER1",), "E-hälsokommun",
        "Kalmar ska bli årets e-hälsokommun år 2022.",
        (),
        SeedT1(PARTLY, None,
               "Informera om och arbeta efter e-hälsoplanen. Information i e-hälsoplanen bygger "
               "på aktiviteter som ska utveckla och stärka medarbetare och den dagliga "
               "verksamheten. Etablera kontakter med Linnéuniversitetet. Fortsatt samarbete kring "
               "de vårdrelaterade utbildningarna. Ta del av seminarier, föreläsningar och "
               "liknande för att genom dem höja kompetensen i verksamheten. "
               "Omsorgsförvaltningen medverkar och driver e-hälsa och digitaliseringsfrågor "
               "centralt i kommunen. Det ger förvaltningen mer drivkraft i viktiga frågor och "
               "hjälp att dra dem via digitaliseringsledaren. Omsorgsförvaltningen bidrar till "
               "att skapa \"standardiserade arbetssätt\" i kommunen.")),
    DemoGoal("KS-HME", 4, ("PER2",), "Hållbart medarbetarengagemang",
        "Öka indexet för Hållbart medarbetarengagemang (HME).",
        (
            _w("Ta fram ett koncept för att kommunicera mål och vision", "1040",
               "HR tillsammans med kommunikation. Syftar till att nå ett högre värde i "
               "medarbetarenkäten.",
               STARTED, 20,
               "Vi har påbörjat ett arbete med att se över hur vi kan jobba med "
               "medarbetarengagemang och mätning kring trivsel mm, så att det kan göras oftare "
               "och med egna medel."),
        ),
        SeedT1(FULFILLED, None, "Medarbetarenkäten 2018 gav ett högre värde än 2016.")),
    DemoGoal("KS-JAMST", 4, ("PER3",), "Jämställdhetssäkrad verksamhet",
        "Kommunens verksamhet ska vara jämställdhetssäkrad år 2022, vilket innebär att alla "
        "verksamheter säkerställer:\n"
        "• Likvärdig service och bemötande\n"
        "• Likvärdig myndighetsutövning\n"
        "• Likvärdig resursfördelning\n"
        "• Jämställd fördelning av makt och inflytande till alla kvinnor och män, flickor och "
        "pojkar oavsett bakgrund och tillhörighet.",
        (
            _w("Fastställa en plan för förvaltningens process så att jämställdhetsmålet 2022 "
               "uppnås", "1010",
               "En genomförandeplan för hur kommunledningskontoret ska nå målet jämställd "
               "verksamhet 2022.",
               IN_PROGRESS, 40,
               "En genomförandeplan är under framtagande, presenteras för ledningsgruppen under "
               "första halvåret."),
            _w("Utreda förutsättningarna för implementering av SKLs checklista för jämställda "
               "beslut", "1020",
               "Utredningen genomförs i nära samverkan med nämnds-sekreterarnätverket.",
               IN_PROGRESS, 50,
               "Ett förslag till förändring i ärendehanteringssystemet har presenterats för "
               "kanslienheten, efter deras bedömning fortskrider processen enligt plan. Förslag "
               "till åtgärder kommer att läggas in i förvaltningens plan för "
               "jämställdhetsuppdraget."),
            _w("Utreda en implementering av SKLs vägledning för jämställdhetsintegrerade "
               "beslutsunderlag", "1020",
               "Utredningen genomförs i nära samverkan med nämnds-sekreterarnätverket.",
               STARTED, 25,
               "Dialog förs med kanslienhetsen för hur detta bäst låter sig göras. Under våren "
               "erbjuds alla handläggare handledning för att säkerställa ett "
               "jämställdhetsperspektiv i beslutsunderlag. Om denna insats slår väl ut under "
               "testperioden, kommer den att implementeras."),
            _w("Erbjuda förvaltningens ledningsgrupp och nyckelbefattningar JGL-utbildning",
               "1040", _PLACEHOLDER,
               NOT_STARTED, 0,
               "Under 2019 erbjuds öppen JGL vid två tillfällen och även en utbildning i styra "
               "och leda för ökad jämställdhet. Förvaltningens chefsgrupp har inte ännu bestämt "
               "vilken typ av utbildning som behövs för dem."),
            _w("Arbetet med jämställdhetsintegrerad budget och uppföljning utvärderas och följs "
               "upp", "1030",
               "Arbetet genomförs tillsammans med ekonom-nätverk, kvalitetsnätverk och "
               "målsamordnare från olika verksamheter.",
               NOT_STARTED, 0,
               "Utbildning och handledning planeras till slutet av 2019, början av 2020. En "
               "dialog med berörda funktioner på förvaltningen och Svensk kvinnolobby förs för "
               "att verksamhetsanpassa utbildning och ev. fortsatt stöd."),
        ),
        SeedT1(PARTLY, None,
               "En plan för åtgärder för målperioden är under framtagande. Förvaltningen deltar "
               "även i SKLs modellkommunsarbete med särskilt fokus på jämställdhetssäkrad "
               "verksamhet inom område arbete och välfärd.")),
    DemoGoal("KS-SJUK", 4, ("PER4",), "Sjukfrånvaro",
        "Förvaltningens sjukfrånvaro ska minska.",
        (
            _w("Samtliga chefer ska genomgå SAM-utbildning", "1040", _PLACEHOLDER,
               IN_PROGRESS, 70,
               "Allt fler chefer har gått utbildning i SAM och den är numera en obligatorisk "
               "utbildning för chefer och skyddsombud"),
            _w("Utveckla HR-verksamhetens stöd för att minska sjukfrånvaron", "1040",
               "Kan ex vara: Aktiv rehabilitering finns i vårt utbildningsutbud och chefer som "
               "har rehabiliteringsärenden bör gå den",
               IN_PROGRESS, 50,
               "Arbetsmiljöenheten och HR-specialisten är stöd till cheferna i "
               "arbetsmiljöarbetet. Arbetsmiljöprocessen och rehabiliteringsprocessen uppdateras "
               "nu för att roller och aktiviteter ska vara tydliga. Rehabiliteringskoordinator "
               "tillsatt som ska hjälpa till med långvariga rehabiliteringsärenden samt alkohol- "
               "och drogärenden."),
        ),
        SeedT1(FULFILLED, None,
               "Sjukfrånvaron fortsätter att sjunka jämfört med motsvarande period föregående "
               "år."), ends=FULFILLED),
)  # fmt: skip

# Kommunstyrelsen's assignments (uppdrag) in seed 004, per focus area, at T1.
KS_ASSIGNMENTS: tuple[tuple[int, DemoWork], ...] = (
    (0, _w("Hyresupphandling simhall", "1020",
           "Kommunstyrelsen får i uppdrag att i samverkan med servicenämnden pröva "
           "hyresupphandling som alternativ till att bygga ny simhall i egen regi.",
           NOT_STARTED, 0)),
    (0, _w("Översyn av resursfördelningssystemen", "1030",
           "Genomföra en översyn av resursfördelningssystemen.",
           STARTED, 20,
           "Översynen av resursfördelningssystemen har inletts. Bland annat görs en jämförelse "
           "med kommunerna i 3KVH-nätverket.")),
    (0, _w("Effektivisera och samordna", "1030",
           "Effektivisera och samordna kommunens verksamheter så att frigjorda resurser också "
           "kan hämtas in.",
           IN_PROGRESS, 30,
           "Uppdraget är påbörjat och ingår bland annat i arbetet med den ekonomiska "
           "planeringen och budgeten för 2020.")),
    (0, _w("Långsiktig ekonomisk planering", "1030",
           "Genomföra en studie med långsiktig ekonomisk planering fram till 2027.",
           IN_PROGRESS, 60,
           "En modell för långsiktig ekonomisk planering har tagits fram och kommunicerats med "
           "politisk majoritet och förvaltningsledning. Arbetet fortsätter med att bygga ut och "
           "uppdatera modellen utifrån senast tillgängliga information.")),
    (1, _w("Handlingsplan Fossilbränslefritt 2030", "1010",
           "Ta fram en koncernövergripande handlingsplan för att nå målet om "
           "Fossilbränslefritt 2030.",
           IN_PROGRESS, 50,
           "Handlingsplanen är under framtagande. Kommer att behandlas av vatten- och "
           "miljönämnden i juni och därefter skickas på remiss.")),
    (1, _w("Handlingsplan God vattenstatus", "1010",
           "Ta fram en koncernövergripande handlingsplan för att nå målet God vattenstatus.",
           DELAYED, 25,
           "En arbetsgrupp har tagits fram där Serviceförvaltningen, Samhällsbyggnadskontoret, "
           "Kalmar Vatten och Länsstyrelsen ingår. En struktur har tagits fram och en "
           "nulägesanalys har påbörjats. Det finns dock bristande information både vad det "
           "gäller mätning samt tydlighet när det kommer till parametrar som visar när t.ex. ett "
           "vattendrag anses uppnå god vattenstatus på morfologiska förändringar, övergödning "
           "eller biologisk mångfald. Denna information måste tas fram tillsammans med "
           "Länsstyrelsen som inte kunnat prioritera frågan. Därav en viss försening i "
           "handlingsplanens tidsplan och man undersöker om handlingsplanen ska delas upp så att "
           "de delar vi har underlag till kan slutföras.")),
    (2, _w("Krusenstiernska gården", "1050",
           "Ta fram förslag på hur stiftelsens verksamhet ska organiseras för att därigenom öka "
           "förutsättningar och möjligheter för utvecklingen av Stiftelsen Krusenstiernska "
           "gården.",
           IN_PROGRESS, 40,
           "Arbetet pågår med strategin att frigöra styrelsen från operativa personal- och "
           "verksamhetsfrågor. Cafét kommer under 2019 att drivas som ett integrationsprojekt av "
           "kommunens arbetsmarknadsenhet. Samverkan mellan länsstyrelse, länsmuseum och "
           "kommunen pågår för att uppnå en gemensam syn på vård och utveckling av "
           "byggnadsminnet Krusenstiernska gården.")),
    (2, _w("Idékatalog för attraktivitet", "1080",
           "Ta fram en idékatalog för tio år framåt för att förstärka kommunens attraktivitet.",
           NOT_STARTED, 0)),
    (3, _w("Funktionsnedsättningsfrågor", "1010",
           "Kommunstyrelsen får i uppdrag att i samverkan med socialnämnden utarbeta en lokal "
           "strategi för frågor runt funktionsnedsättning.",
           NOT_STARTED, 0)),
    (3, _w("Välfärdens fördelning och jämlikhet", "1010",
           "I samverkan med berörda verksamheter och lokala aktörer inventera insatser som "
           "påverkar välfärdens fördelning och jämlikhet i hälsa, samt lämna förslag på lokalt "
           "genomförbara insatser som bidrar till att skillnader i tillgång till välfärd och "
           "hälsa minskar.",
           IN_PROGRESS, 60,
           "Uppdraget kommer att redovisas tillsammans med presentation av välfärdsbokslut i "
           "juni 2019.")),
    (4, _w("Våld i nära relationer", "1040",
           "Kommunstyrelsen får i uppdrag att revidera och uppdatera handlingsplanen för att "
           "förebygga våld mot kvinnor i nära relationer (från 2010). I uppdraget ingår att "
           "inventera eventuella insatser och effektivisera Kalmar kommuns arbete ur ett "
           "arbetsgivarperspektiv.",
           STARTED, 20,
           "Dialoger med bl.a. kvinnojouren och andra företrädare för idéburen sektor kommer att "
           "genomföras under våren och en plan för det fortsatta arbetet inom området presenteras "
           "under augusti.")),
    (4, _w("Lägesrapport digitalisering", "1010",
           "Sammanställa lägesrapport under hösten 2019, över hur arbetet med digitalisering "
           "fortskrider och där alla verksamheter redovisar sina framsteg och planer.",
           IN_PROGRESS, 40,
           "Förvaltningarna har skapat handlingsplaner kopplat till digitaliseringsstrategin. I "
           "nuläget på 100 digitaliseringsinitiativ inom förvaltningarna.",
           BOARD)),
)  # fmt: skip

# Seed 004's comment on the focus area Personal och arbetsmiljö, as the area's observations.
KS_T1_STAFF_OBSERVATIONS = (
    "Sjukfrånvaron fortsätter att sjunka samt att HME har ökat sedan föregående mätning.",
    "Kompetensförsörjning, ledarutveckling, arbetsmiljö och hälsa samt medarbetarengagemang är "
    "utmaningar som vi arbetar med under året.",
)

W = DemoWork  # the other committees' activities carry no seed texts

OTHER_COMMITTEES: tuple[DemoCommittee, ...] = (
    DemoCommittee("SEN", "2000", (
        DemoGoal("SEN-MAT", 1, ("GRO3",), "Ekologiska och svenska livsmedel",
            "Andelen ekologiska eller svenska livsmedel i måltidsservicens kök ska öka i takt "
            "med kommunens mål.",
            (W("Fler vegetariska rätter på matsedeln", "2010",
               "Minst två vegetariska rätter i veckan i skolans och äldreomsorgens matsedlar."),
             W("Månadsvis uppföljning av livsmedelsinköpen per kök", "2010",
               "Varje kök får en rapport över andelen ekologiska och svenska livsmedel."))),
        DemoGoal("SEN-ENERGI", 1, ("GRO4",), "Minskad energianvändning i kommunens lokaler",
            "Energianvändningen per kvadratmeter i de lokaler förvaltningen förvaltar ska minska "
            "med 2 procent per år.",
            (W("LED-belysning i skolor och förskolor", "2030",
               "Byta armaturer i de lokaler som har högst förbrukning först."),
             W("Solceller på tre kommunala fastigheter", "2030",
               "Projektering och upphandling av solcellsanläggningar."))),
        DemoGoal("SEN-SERVICE", 2, ("VAX6",), "God tillgänglighet i kontaktcenter",
            "Minst 80 procent av samtalen till kontaktcenter ska besvaras inom tre minuter.",
            (W("Förlängda telefontider två kvällar i veckan", "2040"),
             W("Chattfunktion på kalmar.se", "2040",
               "Invånarna ska kunna chatta med kontaktcenter under telefontid."))),
        DemoGoal("SEN-SJUK", 4, ("PER4",), "Frisk arbetsplats",
            "Sjukfrånvaron inom städ- och måltidsservice ska minska.",
            (W("Ergonomigenomgång i alla kök och städlokaler", "2020",
               "Tillsammans med företagshälsovården ses arbetsställningar och hjälpmedel "
               "över."),),
            ends=FULFILLED),
    ), (
        (0, W("Samordnad varudistribution", "2000",
              "Utreda om en samordnad varudistribution kan minska kostnader och transporter.")),
    )),
    DemoCommittee("BUN", "3000", (
        DemoGoal("BUN-BEHORIG", 3, ("VAL1",), "Fler elever behöriga till gymnasiet",
            "Andelen elever i årskurs 9 som är behöriga till gymnasieskolans yrkesprogram ska "
            "öka.",
            (W("Läsfrämjande insatser i årskurs 1–3", "3200",
               "Läsombud på varje skola och gemensam läsvecka under hösten."),
             W("Lovskola för elever i årskurs 8 och 9", "3200",
               "Lovskola under sommar- och höstlov för elever som riskerar att inte bli "
               "behöriga."),
             W("Tidig kartläggning av elever i behov av stöd", "3300"))),
        DemoGoal("BUN-TRYGG", 3, ("VAL4",), "Trygg och lärande förskola",
            "Barnen ska känna sig trygga i förskolan och föräldrarna ska vara nöjda med "
            "verksamheten.",
            (W("Mindre barngrupper för de yngsta barnen", "3100"),
             W("Språkutvecklande arbetssätt i alla förskoleområden", "3100",
               "Fortbildning för alla pedagoger under läsåret."))),
        DemoGoal("BUN-SJUK", 4, ("PER4",), "Minskad sjukfrånvaro",
            "Sjukfrånvaron bland förvaltningens medarbetare ska minska.",
            (W("Friskvårdssatsning för förskolans personal", "3100"),
             W("Tidiga samtal vid upprepad korttidsfrånvaro", "3400",
               "Chefen kontaktar medarbetaren efter fyra sjuktillfällen på tolv månader.")),
            ends=FULFILLED),
    ), (
        (3, W("Lokalförsörjningsplan för förskola och skola", "3400",
              "Ta fram en plan för behovet av förskole- och skollokaler de kommande tio "
              "åren.")),
    )),
    DemoCommittee("ON", "4000", (
        DemoGoal("ON-HEMTJ", 3, ("VAL2",), "Trygg hemtjänst",
            "Brukarna ska möta färre olika medarbetare och känna sig trygga med hemtjänsten.",
            (W("Fasta team i hemtjänsten", "4100",
               "Varje brukare får ett team med högst åtta medarbetare."),
             W("Digital nattillsyn", "4100",
               "Trygghetskamera som alternativ till nattliga besök för den som vill."))),
        DemoGoal("ON-HELTID", 4, ("PER5",), "Heltid som norm",
            "Andelen medarbetare som arbetar heltid ska öka.",
            (W("Erbjuda alla deltidsanställda heltid", "4200"),
             W("Ny schemamodell i särskilt boende", "4200",
               "Schemaläggning utifrån verksamhetens behov över dygnet."))),
        DemoGoal("ON-EHALSA", 4, ("PER1",), "E-hälsa i omsorgen",
            "Välfärdsteknik ska användas där den ger brukarna ökad trygghet och självständighet.",
            (W("Läkemedelsrobotar för brukare med hemtjänst", "4400"),
             W("Utbildning i välfärdsteknik för alla medarbetare", "4400"))),
    ), (
        (3, W("Äldreboendeplan", "4200",
              "Ta fram en plan för behovet av särskilda boenden fram till 2030.")),
    )),
    DemoCommittee("SN", "5000", (
        DemoGoal("SN-TIDIGT", 3, ("VAL3",), "Tidiga insatser för barn och unga",
            "Barn och unga ska få stöd på hemmaplan så tidigt som möjligt.",
            (W("Hemmaplanslösningar i stället för externa placeringar", "5100"),
             W("Kortare utredningstider inom barn och unga", "5100",
               "Utredningarna ska vara klara inom fyra månader."))),
        DemoGoal("SN-FORSORJ", 2, ("VAX4",), "Fler till egen försörjning",
            "Fler hushåll med ekonomiskt bistånd ska gå till arbete eller studier.",
            (W("Gemensamma ärenden med arbetsmarknadsenheten för unga vuxna", "5300"),
             W("Planer mot egen försörjning följs upp varje kvartal", "5300"))),
    ), (
        (3, W("Strategi mot hemlöshet", "5200",
              "Ta fram en strategi mot hemlöshet tillsammans med det kommunala "
              "bostadsbolaget.", given_by=BOARD)),
    )),
    DemoCommittee("SBN", "6000", (
        DemoGoal("SBN-BYGGLOV", 2, ("VAX5",), "Snabb och rättssäker bygglovshantering",
            "Bygglov ska beslutas inom fyra veckor från komplett ansökan.",
            (W("E-tjänst för bygglovsansökan", "6200"),
             W("Månadsvis uppföljning av handläggningstiderna", "6200")), ends=PARTLY),
        DemoGoal("SBN-PLAN", 2, ("VAX3",), "Planberedskap för nya bostäder",
            "Det ska finnas detaljplaner för minst 1 000 bostäder som ännu inte byggts.",
            (W("Detaljplan för Karlssons äng etapp 2", "6100"),
             W("Fler planer med förenklat förfarande", "6100"))),
        DemoGoal("SBN-CYKEL", 1, ("GRO5",), "Fler gång- och cykelvägar",
            "Gång- och cykelvägnätet ska byggas ut och bli säkrare.",
            (W("Cykelstråk mellan Smedby och centrum", "6300"),
             W("Säkrare skolvägar", "6300",
               "Hastighetsdämpande åtgärder vid fem skolor."))),
    ), (
        (1, W("Grönplan", "6100", "Ta fram en grönplan för staden och tätorterna.")),
    )),
)  # fmt: skip

KS = DemoCommittee("KS", "1000", KS_GOALS, KS_ASSIGNMENTS)
COMMITTEES: tuple[DemoCommittee, ...] = (KS, *OTHER_COMMITTEES)

# What goal owners write, by status; a red status always gets a comment.
GOAL_COMMENTS: dict[str, tuple[str, ...]] = {
    GoalStatus.FULFILLED: (
        "Målet bedöms vara uppfyllt. Indikatorerna ligger i nivå med eller bättre än målvärdet.",
        "Aktiviteterna är genomförda eller pågår enligt plan och utvecklingen är positiv.",
        "Målet är uppfyllt för perioden; arbetet fortsätter för att behålla nivån.",
    ),
    GoalStatus.PARTLY: (
        "Målet bedöms delvis uppfyllt. Flera aktiviteter pågår men effekterna syns ännu inte "
        "fullt ut i indikatorerna.",
        "Utvecklingen går åt rätt håll men målvärdet är ännu inte nått.",
        "Arbetet fortskrider enligt plan. En samlad bedömning görs vid årets slut.",
        "Delar av målet är uppnådda; återstående aktiviteter genomförs under hösten.",
    ),
    GoalStatus.NOT_FULFILLED: (
        "Målet bedöms inte uppfyllas i år. Utfallet har försämrats jämfört med föregående år "
        "och förvaltningen tar fram åtgärder.",
        "Målet nås inte. Vakanser har gjort att prioriterade aktiviteter skjutits upp till "
        "nästa år.",
    ),
    GoalStatus.NOT_ASSESSED: (
        "Underlag saknas ännu; målet bedöms vid delårsrapporten.",
        "",
        "",
    ),
}
COUNCIL_COMMENTS: dict[str, tuple[str, ...]] = {
    GoalStatus.FULFILLED: (
        "Nämndernas bedömningar och indikatorerna visar att målet är uppfyllt.",
        "Samtliga nämnder som arbetar mot målet bedömer sina mål som uppfyllda.",
    ),
    GoalStatus.PARTLY: (
        "Flera nämnder bedömer sina mål som delvis uppfyllda; utvecklingen går åt rätt håll.",
        "Målet är delvis uppfyllt. Arbetet pågår i berörda nämnder.",
    ),
    GoalStatus.NOT_FULFILLED: (
        "Målet bedöms inte uppfyllas. Berörda nämnder redovisar åtgärder i sina verksamhetsplaner.",
    ),
    GoalStatus.NOT_ASSESSED: ("Målet följs upp i samband med årsredovisningen.", ""),
}
WORK_COMMENTS: dict[str, tuple[str, ...]] = {
    WorkStatus.NOT_STARTED: (
        "Aktiviteten planeras att starta under hösten.",
        "Arbetet har ännu inte påbörjats på grund av vakanser.",
        "",
    ),
    WorkStatus.STARTED: (
        "Arbetet har påbörjats och en arbetsgrupp är tillsatt.",
        "Förarbete och planering pågår.",
        "Ett första möte med berörda verksamheter har hållits.",
    ),
    WorkStatus.IN_PROGRESS: (
        "Arbetet pågår enligt plan.",
        "Arbetet fortskrider och beräknas vara klart under året.",
        "Delar av arbetet är genomförda; resterande delar genomförs under hösten.",
        "Löpande aktivitet som följs upp i ledningsgruppen.",
    ),
    WorkStatus.DONE: (
        "Aktiviteten är genomförd.",
        "Genomförd och utvärderad; erfarenheterna tas med i nästa års verksamhetsplan.",
        "Klart. Resultatet har redovisats för nämnden.",
    ),
    WorkStatus.DELAYED: (
        "Arbetet är försenat på grund av vakanser; en ny tidplan tas fram.",
        "Försenat i väntan på beslut om finansiering.",
        "Upphandlingen har överprövats, vilket försenar arbetet med flera månader.",
    ),
    WorkStatus.CANCELLED: (
        "Aktiviteten har avbrutits efter beslut i ledningsgruppen; arbetet ingår nu i ett annat "
        "uppdrag.",
    ),
}

# Positive observations and areas for improvement per focus area, as seed 001 lists them.
OBSERVATIONS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (
        ("Prognosen visar en budget i balans för förvaltningen som helhet",
         "Förbättrad uppföljning av inköp och avtalstrohet",
         "Gemensam modell för långsiktig ekonomisk planering"),
        ("Tydligare koppling mellan kostnader och resultat",
         "Snabbare åtgärder när en verksamhet visar underskott"),
    ),
    (
        ("Källsortering finns nu på samtliga arbetsplatser",
         "Fler fossilfria fordon i kommunens fordonspark",
         "Ökad andel ekologiska livsmedel i måltidsservicen"),
        ("Mäta avfallsmängderna systematiskt",
         "Ställa och följa upp miljökrav i fler upphandlingar"),
    ),
    (
        ("Fortsatt lägre arbetslöshet än riket",
         "Gott samarbete med näringslivet, bland annat genom TOP30",
         "Utbyggnaden av nya bostadsområden går enligt plan"),
        ("Korta handläggningstiderna för bygglov och etablering",
         "Stärka samverkan med Arbetsförmedlingen efter dess omorganisation"),
    ),
    (
        ("Nöjda brukare enligt den nationella brukarundersökningen",
         "Fler barn och unga får stöd på hemmaplan",
         "Ökad måluppfyllelse i grundskolan"),
        ("Jämlik tillgång till välfärd i hela kommunen",
         "Uppföljning av insatsernas effekter"),
    ),
    (
        ("Sjukfrånvaron fortsätter att minska",
         "Högre HME än vid förra mätningen",
         "Alla chefer har genomgått utbildning i systematiskt arbetsmiljöarbete"),
        ("Kompetensförsörjning inom bristyrken",
         "Minska den korta sjukfrånvaron",
         "Fler medarbetare med heltid"),
    ),
)  # fmt: skip
