"""The demo's forecasts: every unit's full-year forecast, comments and status in every period
that has been opened, the committees' action plans and a few investment projects, with the
change history that entering them would have left.

Kommunstyrelsen at T1 of the later year is seed 004's tertial report to the krona: its
lines, its areas' deviations and the economists' texts. Everywhere else a forecast leans
towards the year's outcome more as the year goes on, with a little noise that shrinks, so
deviations are mostly small and the larger ones carry comments.

The periods are closed or locked by the time this runs; the model guard that refuses
saves there is for people, so the demo's history goes in with ``bulk_create``, dated
around each period's deadline as if it had been typed in before the period closed.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from budget.demo import DEVIATIONS, year_lines
from budget.forecasting.services import cell_label, comment_needed
from budget.models import (
    AccountGroup,
    ActionPlan,
    Forecast,
    ForecastSubmission,
    InvestmentProject,
    InvestmentYear,
    UnitBudgetFigure,
)
from municipality.demo_history import DemoHistory
from municipality.formats.numbers import format_mnkr
from municipality.models import (
    Committee,
    FiscalYear,
    Municipality,
    OrgUnit,
    ReportingPeriod,
    User,
)

State = ForecastSubmission.State
Period = ReportingPeriod.Kind

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
# later year's outcome has the same deviations (budget.demo.DEVIATIONS).
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

# Kommunstyrelsen's workflow in the open period, so the controller's overview shows a mix.
OPEN_STATES: dict[str, str] = {
    "1000": State.IN_PROGRESS, "1010": State.SUBMITTED, "1020": State.APPROVED,
    "1030": State.IN_PROGRESS, "1040": State.NOT_STARTED, "1050": State.SUBMITTED,
    "1060": State.SUBMITTED, "1070": State.APPROVED, "1080": State.IN_PROGRESS,
    "1081": State.SUBMITTED, "2050": State.SUBMITTED, "1100": State.RETURNED,
    "1110": State.NOT_STARTED, "1120": State.IN_PROGRESS, "1121": State.SUBMITTED,
    "1122": State.SUBMITTED, "1123": State.NOT_STARTED,
}  # fmt: skip
# Elsewhere in the open period, drawn with these weights; one committee is all submitted.
OPEN_WEIGHTS = {
    State.SUBMITTED: 4,
    State.APPROVED: 2,
    State.IN_PROGRESS: 3,
    State.NOT_STARTED: 2,
}
ALL_SUBMITTED = "SN"


@dataclass(frozen=True)
class DemoProject:
    code: str
    name: str
    unit_code: str
    budget: int  # tkr, the later year
    forecast: int  # tkr, from T1 on
    comment: str = ""


# Kommunstyrelsen's adds up to seed 004's Investeringsredovisning at T1: budget 504 200,
# forecast 476 084, deviation 28 116 tkr, "tidsförskjutningar i projekten".
PROJECTS: tuple[DemoProject, ...] = (
    DemoProject("91001", "Ny gymnasiebyggnad, Jenny Nyströmsskolan", "1122", 185_000, 172_000,
                "Upphandlingen av stomme har dragit ut på tiden; 13 mkr förskjuts till nästa år."),
    DemoProject("91002", "Exploatering Snurrom etapp 2", "1070", 96_000, 88_500,
                "Gatuutbyggnaden startar efter sommaren i stället för i maj."),
    DemoProject("91003", "Strategiska markförvärv", "1060", 45_000, 45_000),
    DemoProject("91004", "Ombyggnad av stadshuset", "1000", 32_500, 26_000,
                "Etapp 3 flyttas till nästa år för att samordnas med ventilationsbytet."),
    DemoProject("91005", "Digital arbetsplats, Office 365", "2050", 14_200, 14_200),
    DemoProject("91006", "Nätverk och IT-infrastruktur", "2050", 22_000, 19_884,
                "Leveranserna av nätverksutrustning är försenade."),
    DemoProject("91007", "Räddningsfordon", "1100", 16_500, 16_500),
    DemoProject("91008", "Ny brandstation Kalmar norra", "1100", 48_000, 46_000,
                "Markarbetena blev billigare än beräknat."),
    DemoProject("91009", "Trygghetskameror i prioriterade stadsdelar", "1081", 3_000, 3_000),
    DemoProject("91010", "Bredbandsutbyggnad på landsbygden", "1010", 42_000, 45_000,
                "Fler anslutningar än beräknat; merkostnaden täcks av ökade anslutningsavgifter."),
    DemoProject("93001", "Ombyggnad av Funkaboskolan", "3220", 60_000, 58_000,
                "Tidsförskjutning av sista etappen."),
    DemoProject("94001", "Nytt särskilt boende, Norrliden", "4200", 85_000, 70_000,
                "Byggstarten sköts upp två månader i väntan på bygglov."),
    DemoProject("96001", "Gång- och cykelvägar", "6300", 25_000, 25_000),
)  # fmt: skip

SMALL = 50_000  # kronor: a change smaller than this is left at budget, as economists do
DRAFT_FROM = 1_000_000  # kronor: deviations this large were first entered as a draft


def _kronor(amount: int) -> Decimal:
    """Whole kronor as the database returns them, so the history reads alike throughout."""
    return Decimal(amount).quantize(Decimal("0.01"))


@dataclass
class _Context:
    """What every period of the demo needs: who writes, when it is, the thresholds."""

    economist: User | None
    controller: User | None
    municipality: Municipality
    history: DemoHistory

    def author(self, unit: OrgUnit) -> User | None:
        """Kommunstyrelsen's economist writes its forecasts; the controller the others'."""
        return self.economist if unit.committee.short_code == "KS" else self.controller

    def moment(self, day: date, rng: random.Random) -> datetime:
        return self.history.moment(day, rng)


def _forecast(
    budget: int, outcome: int, *, cutoff: int, annual: bool, story: bool, rng: random.Random
) -> int:
    """A full-year forecast, kronor.

    At the year's end it is the outcome. Before that, early in the year many rows are left
    at budget; the others move towards the outcome as the months tell more, with noise that
    shrinks, in whole tkr (a small change stays at budget). A known story (budget.demo's
    DEVIATIONS) is forecast in full from T1 on.
    """
    if annual:
        return outcome
    if story:
        return budget + (outcome - budget) * min(cutoff, 4) // 4
    if rng.random() > 0.25 + cutoff / 8:
        return budget
    noise = rng.randint(-50, 50) * abs(budget) * (12 - cutoff) // (12 * 10_000)
    value = budget + (outcome - budget) * min(cutoff, 6) // 6 + noise
    if abs(value - budget) < SMALL:
        return budget
    return round(value, -3)


def _comment(
    line: str, budget: int, forecast: int, *, context: _Context, rng: random.Random
) -> str:
    """An explanation where the deviation needs one, and now and then for a favourable one."""
    worse = budget - forecast < 0
    needed = comment_needed(
        budget=Decimal(budget), forecast=Decimal(forecast), municipality=context.municipality
    )
    wanted = not worse and abs(budget - forecast) >= 500_000 and rng.random() < 0.5
    if not (needed or wanted):
        return ""
    return rng.choice(COMMENTS[(line, worse)])


def _open_state(unit: OrgUnit, rng: random.Random) -> str:
    short_code = unit.committee.short_code
    if short_code == "KS":
        return OPEN_STATES.get(unit.code, State.IN_PROGRESS)
    if short_code == ALL_SUBMITTED:
        return State.SUBMITTED
    if unit.parent_id is None:
        return State.IN_PROGRESS  # the top unit waits for its units
    return rng.choices(list(OPEN_WEIGHTS), weights=list(OPEN_WEIGHTS.values()))[0]


def _state(period: ReportingPeriod, unit: OrgUnit, rng: random.Random) -> str:
    """Locked periods are approved throughout; a closed one waits for a few approvals."""
    if period.state == ReportingPeriod.State.LOCKED:
        return State.APPROVED
    if period.state == ReportingPeriod.State.CLOSED:
        return State.SUBMITTED if rng.random() < 0.15 else State.APPROVED
    return _open_state(unit, rng)


@dataclass
class _Cell:
    """One own row of a unit: the group or project, its budget and forecast, kronor."""

    group: AccountGroup | None
    project: InvestmentProject | None
    budget: int
    forecast: int
    comment: str


def _write_unit(
    period: ReportingPeriod,
    unit: OrgUnit,
    cells: list[_Cell],
    state: str,
    *,
    context: _Context,
    rng: random.Random,
) -> list[_Cell]:
    """The unit's forecasts, status and their history in ``period``; returns the rows entered."""
    if state == State.NOT_STARTED:
        return []
    history = context.history
    author = context.author(unit)
    deadline = period.deadline
    if state == State.IN_PROGRESS and period.state == ReportingPeriod.State.OPEN:
        cells = cells[: rng.randint(1, max(1, len(cells) - 1))]
    started = context.moment(deadline - timedelta(days=rng.randint(6, 12)), rng)
    at = latest = started
    for cell in cells:
        forecast = Forecast(
            period=period,
            unit=unit,
            group=cell.group,
            project=cell.project,
            amount=_kronor(cell.forecast),
            comment=cell.comment,
            updated_by=author,
        )
        label_row = cell.group or cell.project
        deviation = cell.budget - cell.forecast
        values = [_kronor(cell.forecast)]
        if abs(deviation) >= DRAFT_FROM:  # first a rough figure, corrected a day later
            values.insert(0, _kronor(cell.budget - round(deviation * 6 // 10, -3)))
        old: Decimal | None = None
        for day, value in enumerate(values):
            when = at + timedelta(days=day)
            history.change(
                forecast,
                field="amount",
                label=cell_label(unit, label_row, _("forecast")),
                old=old,
                new=value,
                user=author,
                at=when,
                period=period,
                unit=unit,
            )
            old = value
        forecast.amount_version = len(values)
        if cell.comment:
            when += timedelta(minutes=1)
            history.change(
                forecast,
                field="comment",
                label=cell_label(unit, label_row, _("comment")),
                old="",
                new=cell.comment,
                user=author,
                at=when,
                period=period,
                unit=unit,
            )
            forecast.comment_version = 1
        forecast.updated_at = when
        latest = max(latest, when)
        history.add(forecast)
        at += timedelta(minutes=rng.randint(2, 40))

    submission = ForecastSubmission(period=period, unit=unit, state=state, updated_by=author)
    submitted = decided = started  # the status moves with the first entry
    if state != State.IN_PROGRESS:
        submitted = context.moment(deadline - timedelta(days=rng.randint(0, 2)), rng)
        submitted = min(max(submitted, latest + timedelta(minutes=rng.randint(5, 90))), history.now)
        if state in (State.APPROVED, State.RETURNED):
            decided = context.moment(deadline + timedelta(days=rng.randint(1, 5)), rng)
    history.workflow(
        submission,
        state,
        label=f"{unit.code} {unit.name} · {_('status')}",
        author=author,
        controller=context.controller,
        started=started,
        submitted=submitted,
        decided=decided,
        period=period,
        unit=unit,
    )
    if state == State.RETURNED:
        submission.note = RETURN_NOTE
        history.change(
            submission,
            field="note",
            label=f"{unit.code} {unit.name} · {_('controller’s comment')}",
            old="",
            new=RETURN_NOTE,
            user=context.controller,
            at=submission.updated_at,
            period=period,
            unit=unit,
        )
    history.add(submission)
    return cells


def _projects(year: int, units: dict[str, OrgUnit], cutoff: int) -> list[InvestmentProject]:
    """The demo's investment projects, with the later year's budget and the spending so far."""
    projects = InvestmentProject.objects.bulk_create(
        [InvestmentProject(code=p.code, name=p.name, unit=units[p.unit_code]) for p in PROJECTS]
    )
    InvestmentYear.objects.bulk_create(
        [
            InvestmentYear(
                project=project,
                year=year,
                budget=Decimal(demo.budget * 1000),
                # spending lags behind the months, by about a quarter
                actual=Decimal(demo.forecast * cutoff // 16 * 1000),
            )
            for project, demo in zip(projects, PROJECTS, strict=True)
        ]
    )
    return projects


def _year(fiscal_year: FiscalYear, *, later: bool, context: _Context) -> None:
    """Every opened period of the year: each unit's forecasts and status, and action plans."""
    year = fiscal_year.year
    units = list(
        OrgUnit.objects.valid_in(year).select_related("committee").order_by("committee", "path")
    )
    by_code = {unit.code: unit for unit in units}
    lines = list(
        AccountGroup.objects.filter(fiscal_year=fiscal_year, kind=AccountGroup.Kind.LINE).order_by(
            "order"
        )
    )
    own: dict[tuple[int, int], int] = defaultdict(int)
    for unit_id, group_id, budget in (
        UnitBudgetFigure.objects.filter(year=year, group__isnull=False)
        .values_list("unit_id", "group_id")
        .annotate(total=Sum("budget"))
    ):
        own[(unit_id, group_id)] += int(budget)
    books = year_lines(year, sorted(by_code), later=later)
    periods = list(
        ReportingPeriod.objects.filter(fiscal_year=fiscal_year)
        .exclude(state=ReportingPeriod.State.PLANNED)
        .select_related("fiscal_year")
        .order_by("cutoff_month", "kind")
    )
    projects: dict[str, list[tuple[InvestmentProject, DemoProject]]] = defaultdict(list)
    if later and periods:
        made = _projects(year, by_code, periods[-1].cutoff_month)
        for project, demo in zip(made, PROJECTS, strict=True):
            projects[demo.unit_code].append((project, demo))

    for period in periods:
        rng = random.Random(year * 100 + period.cutoff_month)
        seed_004 = later and period.kind == Period.T1
        annual = period.kind == Period.ANNUAL
        deficits: dict[int, int] = defaultdict(int)
        roots: dict[int, tuple[OrgUnit, str]] = {}
        for unit in units:
            ks = unit.committee.short_code == "KS"
            cells = []
            for group in lines:
                budget = own.get((unit.pk, group.pk), 0)
                planned, outcome = books.get((unit.code, group.code), (0, 0))
                if not (budget or outcome):
                    continue
                story = later and group.code in DEVIATIONS.get(unit.code, {})
                if seed_004 and ks:
                    forecast = budget - SEED_004_T1.get((unit.code, group.code), 0) * 1000
                else:
                    forecast = _forecast(
                        budget,
                        budget + outcome - planned,  # the outcome's deviation, on the budget
                        cutoff=period.cutoff_month,
                        annual=annual,
                        story=story,
                        rng=rng,
                    )
                comment = ""
                if later and ks and (seed_004 or (story and period.cutoff_month >= 4)):
                    comment = SEED_004_COMMENTS.get((unit.code, group.code), "")
                comment = comment or _comment(
                    group.code, budget, forecast, context=context, rng=rng
                )
                cells.append(_Cell(group, None, budget, forecast, comment))
            for project, demo in projects.get(unit.code, []):
                forecast = demo.budget if period.cutoff_month < 4 else demo.forecast
                comment = demo.comment if forecast != demo.budget else ""
                cells.append(_Cell(None, project, demo.budget * 1000, forecast * 1000, comment))
            state = _state(period, unit, rng)
            written = _write_unit(period, unit, cells, state, context=context, rng=rng)
            deficits[unit.committee_id] += sum(
                c.budget - c.forecast for c in written if c.group is not None
            )
            if unit.parent_id is None:
                roots[unit.committee_id] = (unit, state)
        _action_plans(period, deficits, roots, later=later, context=context, rng=rng)


def _action_plans(
    period: ReportingPeriod,
    deviations: dict[int, int],
    roots: dict[int, tuple[OrgUnit, str]],
    *,
    later: bool,
    context: _Context,
    rng: random.Random,
) -> None:
    """Åtgärder med konsekvenser from every committee whose forecast deviation is negative."""
    for committee_id, deviation in deviations.items():
        root, state = roots[committee_id]
        if deviation >= 0 or state == State.NOT_STARTED:
            continue
        committee: Committee = root.committee
        text = ACTION_PLANS[committee.short_code].format(deficit=format_mnkr(-deviation))
        if later and committee.short_code == "KS" and period.kind == Period.T1:
            text = SEED_004_ACTION_PLAN
        elif later and committee.short_code == "KS" and period.cutoff_month > 4:
            text = f"{DEMOGRAPHY} {text}"  # the upper-secondary deficit stays all year
        author = context.author(root)
        at = context.moment(period.deadline - timedelta(days=rng.randint(0, 3)), rng)
        context.history.entered(
            ActionPlan(period=period, committee=committee, text=text),
            fields=[("text", _("actions and their consequences"))],
            label=committee.name,
            user=author,
            at=at,
            period=period,
            unit=None,
        )


def forecast_demo_build() -> None:
    """Forecasts, comments, statuses, action plans and projects for both demo years.

    Runs after ``municipality.demo.demo_build``: the figures are computed and the demo
    users (if any) exist to be the authors.
    """
    years = list(FiscalYear.objects.order_by("year"))
    users = {
        user.username: user for user in User.objects.filter(username__in=["ekonom", "controller"])
    }
    context = _Context(
        economist=users.get("ekonom"),
        controller=users.get("controller"),
        municipality=Municipality.objects.get(),
        history=DemoHistory(),
    )
    for fiscal_year in years:
        _year(fiscal_year, later=fiscal_year == years[-1], context=context)
    context.history.save()
