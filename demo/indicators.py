"""The demo's indicators: one copy per demo year, linked year to year, with values for the
demo years and a few years before, stored by the lineage rule (``value_home``).

Seed 004 gives Kommunledningskontoret's sick leave (Tot/K/M, 2016–2019 to date), its staff
by gender (2018 and 2019) and the Insikt business climate index with its peers; seed 000
gives HME (71 in 2018, 72 in 2019). Those figures are used as they stand, moved with the demo
years like the texts. Everything else, the comparison municipalities' figures included, is
invented to look plausible: they are not Kolada's published values, though the KPI ids are
Kolada's (N00090 sick leave, U00200 HME total index).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from followup.goals.models import CommitteeGoal, CouncilGoal
from followup.indicators.models import Gender, Indicator, IndicatorValue
from followup.indicators.values import value_home
from municipality.models import FiscalYear, Municipality

Unit, Direction, Target = Indicator.Unit, Indicator.Direction, Indicator.TargetKind
Source = Indicator.Source
GENDERS = (Gender.TOTAL, Gender.WOMEN, Gender.MEN)

# Comparison areas: Kolada's municipality ids, a peer group and Kalmar's own network.
PEER_GROUP = "G33948"
KKVH = "KKVH"
AREA_NAMES = {
    "0780": "Växjö",
    "1080": "Karlskrona",
    "1290": "Kristianstad",
    "1380": "Halmstad",
    PEER_GROUP: "Liknande kommuner, övergripande, Kalmar",
    KKVH: "KKVH (Karlskrona, Kristianstad, Växjö, Halmstad)",
}

# (years after the seed's year, month): values, Tot or Tot/K/M.
Values = Mapping[tuple[int, int], tuple[str, ...]]


@dataclass(frozen=True)
class DemoIndicator:
    code: str
    name: str
    definition: str
    unit: str
    decimals: int
    direction: str
    target_kind: str
    own: Values
    target_value: str | None = None
    split_by_gender: bool = False
    kolada_kpi: str = ""
    committee_goals: tuple[str, ...] = ()
    council_goals: tuple[str, ...] = ()
    # area code: {years after the seed's year: whole-year total}
    comparisons: Mapping[str, Mapping[int, str]] = field(default_factory=dict)

    @property
    def source(self) -> str:
        return Source.KOLADA if self.kolada_kpi else Source.ENTERED


INDICATORS: tuple[DemoIndicator, ...] = (
    DemoIndicator(
        "SJUK", "Sjukfrånvaro, kommunalt anställda",
        "Total sjukfrånvarotid i procent av sammanlagd ordinarie arbetstid, hela kommunen.",
        Unit.PERCENT, 1, Direction.LOWER, Target.DECREASE,
        {
            (-4, 12): ("7.5", "8.3", "4.9"),
            (-3, 12): ("7.3", "8.1", "4.8"),
            (-2, 12): ("7.1", "7.9", "4.6"),
            (-1, 12): ("6.8", "7.5", "4.5"),
        },
        split_by_gender=True, kolada_kpi="N00090",
        committee_goals=("SEN-SJUK", "BUN-SJUK"), council_goals=("PER4",),
        comparisons={
            "0780": {-4: "6.6", -3: "6.5", -2: "6.4", -1: "6.3"},
            "1080": {-4: "7.8", -3: "7.6", -2: "7.4", -1: "7.2"},
            "1290": {-4: "7.2", -3: "7.0", -2: "6.9", -1: "6.7"},
            "1380": {-4: "6.9", -3: "6.8", -2: "6.9", -1: "6.6"},
            PEER_GROUP: {-4: "7.0", -3: "6.9", -2: "6.8", -1: "6.6"},
        },
    ),
    DemoIndicator(
        "SJUK-KLK", "Sjukfrånvaro, kommunledningskontoret",
        "Sjukfrånvarotid i procent av ordinarie arbetstid, ackumulerat från årets början.",
        Unit.PERCENT, 2, Direction.LOWER, Target.DECREASE,
        {
            (-3, 4): ("6.50", "5.32", "7.47"),
            (-2, 4): ("5.65", "5.42", "5.86"),
            (-1, 4): ("4.82", "4.94", "4.69"),
            (-1, 8): ("4.61", "4.80", "4.40"),
            (-1, 12): ("4.55", "4.71", "4.36"),
            (0, 4): ("3.90", "3.66", "4.13"),
            (0, 8): ("3.72", "3.58", "3.89"),
        },
        split_by_gender=True, committee_goals=("KS-SJUK",),
    ),
    DemoIndicator(
        "HME", "Hållbart medarbetarengagemang (HME), totalindex",
        "Index 0–100 ur medarbetarenkätens nio frågor om motivation, ledarskap och styrning.",
        Unit.INDEX, 0, Direction.HIGHER, Target.VALUE,
        {(-3, 12): ("69",), (-2, 12): ("70",), (-1, 12): ("71",), (0, 8): ("72",)},
        target_value="75", kolada_kpi="U00200",
        committee_goals=("KS-HME",), council_goals=("PER2",),
        comparisons={
            "0780": {-3: "78", -2: "79", -1: "79"},
            "1080": {-3: "76", -2: "77", -1: "77"},
            "1290": {-3: "77", -2: "78", -1: "78"},
            "1380": {-3: "79", -2: "79", -1: "80"},
            PEER_GROUP: {-3: "78", -2: "78", -1: "79"},
        },
    ),
    DemoIndicator(
        "PERS", "Antal anställda, kommunledningskontoret",
        "Månadsavlönade tillsvidareanställda, antal personer.",
        Unit.COUNT, 0, Direction.NONE, Target.NONE,
        {
            (-2, 12): ("252", "146", "106"),
            (-1, 4): ("260", "151", "109"),
            (-1, 8): ("262", "152", "110"),
            (-1, 12): ("266", "154", "112"),
            (0, 4): ("348", "188", "160"),
            (0, 8): ("352", "190", "162"),
        },
        split_by_gender=True, committee_goals=("KS-EKO",),
    ),
    DemoIndicator(
        "ARSARB", "Antal årsarbetare, kommunledningskontoret",
        "Månadsavlönade tillsvidareanställda omräknade till heltider.",
        Unit.COUNT, 1, Direction.NONE, Target.NONE,
        {
            (-1, 4): ("255.0", "146.5", "108.5"),
            (-1, 8): ("257.2", "147.6", "109.6"),
            (-1, 12): ("260.4", "149.8", "110.6"),
            (0, 4): ("343.8", "183.8", "160.0"),
            (0, 8): ("347.5", "185.9", "161.6"),
        },
        split_by_gender=True, committee_goals=("KS-EKO",),
    ),
    DemoIndicator(
        "NKI-INSIKT", "Företagsklimat (Insikt), totalt NKI",
        "Nöjd kund-index för kommunens myndighetsutövning mot företag: brandtillsyn, bygglov, "
        "markupplåtelse, miljö- och hälsoskydd samt serveringstillstånd.",
        Unit.INDEX, 0, Direction.HIGHER, Target.VALUE,
        {(-3, 12): ("77",), (-2, 12): ("76",), (-1, 12): ("73",)},
        target_value="75",
        committee_goals=("KS-FORETAG", "SBN-BYGGLOV"), council_goals=("VAX5",),
        comparisons={
            KKVH: {-3: "74", -2: "74", -1: "73"},
            PEER_GROUP: {-3: "71", -2: "70", -1: "70"},
        },
    ),
    # Seed 002's staff table (Kommunstyrelsens ansvar som anställningsmyndighet): outcome of
    # the two years before the plan's (the seed's *** left empty, as the seed does), Öka/Minska.
    *(
        DemoIndicator(
            code, name, definition, unit, decimals, direction, target, own,
            split_by_gender=len(next(iter(own.values()))) == 3,
            committee_goals=("KS-ARBETSGIVARE",),
        )
        for code, name, definition, unit, decimals, direction, target, own in (
            ("PERS-HME78", "Andel enheter/grupper med HME-värde på minst 78, procent",
             "Enheter och grupper vars index för hållbart medarbetarengagemang är minst 78.",
             Unit.PERCENT, 1, Direction.HIGHER, Target.INCREASE,
             {(-2, 12): ("41.5",), (-1, 12): ("41.1",)}),
            ("PERS-CHEF", "Andel chefer med 10–30 medarbetare, procent",
             "Chefer med mellan 10 och 30 medarbetare, av alla chefer.",
             Unit.PERCENT, 0, Direction.HIGHER, Target.INCREASE, {(-2, 12): ("59",)}),
            ("PERS-TRYGG", "Anställningstrygghetsindex",
             "Andel timavlönade årsarbetare, antal personer per timavlönad årsarbetare, andel "
             "med heltidsanställning och andel med tillsvidareanställning, sammanvägda.",
             Unit.INDEX, 1, Direction.HIGHER, Target.INCREASE,
             {(-2, 12): ("79.8", "79.9", "79.3")}),
            ("SJUK-ARBTID", "Sjukfrånvaro i procent av arbetstiden",
             "Sjukfrånvarotid i procent av ordinarie arbetstid, förvaltningens medarbetare.",
             Unit.PERCENT, 1, Direction.LOWER, Target.DECREASE,
             {(-2, 12): ("4.9", "5.4", "3.8")}),
            ("SJUK-KORT", "Korttidssjukfrånvaro",
             "Sjukfrånvaro dag 1–14 i procent av ordinarie arbetstid.",
             Unit.PERCENT, 1, Direction.LOWER, Target.DECREASE,
             {(-2, 12): ("5.4", "5.6", "5.0")}),
            ("PERS-STYR", "Styrningsindex",
             "Medarbetarenkätens delindex för styrning, 0–100.",
             Unit.INDEX, 0, Direction.HIGHER, Target.INCREASE,
             {(-2, 12): ("69",), (-1, 12): ("67",)}),
            ("PERS-AMC", "Arbetsmiljöcertifierade chefer, antal",
             "Chefer som har genomgått arbetsmiljöutbildningen och certifierats.",
             Unit.COUNT, 0, Direction.HIGHER, Target.INCREASE, {(-2, 12): ("26",)}),
            ("PERS-AMC-ANDEL", "Arbetsmiljöcertifierade chefer, andel",
             "Certifierade chefer i procent av alla chefer.",
             Unit.PERCENT, 0, Direction.HIGHER, Target.INCREASE, {(-2, 12): ("54",)}),
        )
    ),
)  # fmt: skip


def _indicator(
    demo: DemoIndicator, fiscal_year: FiscalYear, order: int, lineage: Sequence[Indicator]
) -> Indicator:
    """The year's copy of ``demo``, following the copies made so far (``lineage``)."""
    value_target = demo.target_kind == Target.VALUE
    return Indicator(
        fiscal_year=fiscal_year,
        order=order,
        predecessor=lineage[-1] if lineage else None,
        origin=lineage[0] if lineage else None,
        code=demo.code,
        name=demo.name,
        definition=demo.definition,
        unit=demo.unit,
        decimals=demo.decimals,
        direction=demo.direction,
        target_kind=demo.target_kind,
        target_comparison=Indicator.Comparison.AT_LEAST if value_target else "",
        target_value=Decimal(demo.target_value) if demo.target_value else None,
        split_by_gender=demo.split_by_gender,
        source=demo.source,
        kolada_kpi=demo.kolada_kpi,
    )


def _values(
    demo: DemoIndicator, lineage: Sequence[Indicator], *, own_area: str, own_name: str
) -> list[IndicatorValue]:
    later = lineage[-1].fiscal_year.year
    rows = []
    for (offset, month), figures in demo.own.items():
        year = later + offset
        home = value_home(lineage, year)
        for gender, figure in zip(GENDERS, figures, strict=False):
            rows.append(
                IndicatorValue(
                    indicator=home,
                    year=year,
                    month=month,
                    gender=gender,
                    area_code=own_area,
                    area_name=own_name,
                    value=Decimal(figure),
                    source=demo.source,
                )
            )
    for area, by_year in demo.comparisons.items():
        source = Source.ENTERED if area == KKVH else demo.source
        for offset, figure in by_year.items():
            year = later + offset
            rows.append(
                IndicatorValue(
                    indicator=value_home(lineage, year),
                    year=year,
                    area_code=area,
                    area_name=AREA_NAMES[area],
                    value=Decimal(figure),
                    source=source,
                )
            )
    return rows


def indicators_build(
    years: Sequence[FiscalYear],
    committee_goals: Mapping[tuple[int, str], CommitteeGoal],
    council_goals: Mapping[tuple[int, str], CouncilGoal],
) -> list[Indicator]:
    """Every demo indicator for each of ``years`` (oldest first), linked to the goals of its
    year (given by (year, key)), with its values; returns the indicators made."""
    made: dict[str, list[Indicator]] = {demo.code: [] for demo in INDICATORS}
    for fiscal_year in years:
        batch = [
            _indicator(demo, fiscal_year, order, made[demo.code])
            for order, demo in enumerate(INDICATORS, start=1)
        ]
        Indicator.objects.bulk_create(batch)
        for demo, indicator in zip(INDICATORS, batch, strict=True):
            made[demo.code].append(indicator)

    to_committee = Indicator.committee_goals.through
    to_council = Indicator.council_goals.through
    links_committee, links_council, values = [], [], []
    municipality = Municipality.objects.get()
    for demo in INDICATORS:
        lineage = made[demo.code]
        for indicator in lineage:
            year = indicator.fiscal_year.year
            links_committee += [
                to_committee(indicator_id=indicator.pk, committeegoal_id=goal.pk)
                for goal in (committee_goals[(year, key)] for key in demo.committee_goals)
            ]
            links_council += [
                to_council(indicator_id=indicator.pk, councilgoal_id=council_goals[(year, k)].pk)
                for k in demo.council_goals
            ]
        values += _values(demo, lineage, own_area=municipality.code, own_name=municipality.name)
    to_committee.objects.bulk_create(links_committee)
    to_council.objects.bulk_create(links_council)
    IndicatorValue.objects.bulk_create(values, batch_size=500)
    return [i for lineage in made.values() for i in lineage]
