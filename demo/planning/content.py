"""What the demo's planning phase says: seed 002's financial goals, Kommunstyrelsen's
allocations and efficiency requirement, the council's indices, and the two changes of the
year's budget, with the decisions' references ({year}: the year decided in)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

# The council's uplift of last year's budget (PKV), percent: prices and wages.
PRICE_INDEX = Decimal("2.6")
WAGE_INDEX = Decimal("3.0")
# Next year's council plan, still a proposal: the autumn's forecast of the index.
NEXT_PRICE_INDEX = Decimal("2.4")
NEXT_WAGE_INDEX = Decimal("3.1")

# The council decides Mål och budget in November of the year before.
COUNCIL_REFERENCE = "KF {year}-11-24 § 201"
COUNCIL_DAY = (11, 24)
# Each committee decides its plan with budget in January (seed 002: "den 16 januari 2018, § 1").
COMMITTEE_REFERENCE = "{short} {year}-01-16 § 1"
COMMITTEE_DAY = (1, 16)

# Seed 002, Resursfördelning: the goals for the year's result and for the investments.
FINANCIAL_GOALS: tuple[tuple[str, Decimal], ...] = (
    (
        "Över nästkommande treårsperiod ska årets resultat inklusive avkastning från bolagen "
        "och exklusive finansnetto uppgå till minst 1 procent av skatteintäkterna.",
        Decimal("1.0"),
    ),
    (
        "Självfinansieringsgraden för kommunens investeringar för skattefinansierad "
        "verksamhet ska vara 70 procent.",
        Decimal("70.0"),
    ),
)

# Seed 002, Kommunstyrelsens samlade ekonomi, kronor in the ledger's sign (a grant received
# is negative). The demo's Kommunstyrelsen is Kalmar's (seed 004), larger than Örebro's: what
# its frame holds beyond seed 002's four allocations is a fifth, for the operations that
# Kalmar's board runs and Örebro's does not.
KS_ALLOCATIONS: tuple[tuple[str, Decimal], ...] = (
    ("Anslaget för kommungemensamt", Decimal(171_700_000)),
    ("Kommungemensamma statsbidrag", Decimal(-134_400_000)),
    ("Anslaget för politisk kommunledning", Decimal(41_600_000)),
    ("Anslaget för Kommunstyrelseförvaltningen", Decimal(429_200_000)),
)
KS_OTHER_ALLOCATION = "Anslaget för brandkår, överförmyndare och gymnasieverksamhet"
# Seed 002, Effektiviseringskrav: "besparingar på 14,3 mnkr".
KS_EFFICIENCY = Decimal(14_300_000)
# The other committees' efficiency requirement, percent of the frame.
EFFICIENCY_PERCENT = Decimal("0.5")
# How the plan years' frames grow on the budget year's, percent a year (the index, less the
# efficiency the council expects).
PLAN_YEAR_GROWTH = Decimal("2.0")


@dataclass(frozen=True)
class DemoChange:
    """A change of the year's budget: (unit code, report line code, kronor) per line."""

    kind: str
    reference: str
    month: int
    day: int
    description: str
    lines: tuple[tuple[str, str, int], ...]


# Decided after April, so that tertial 1 stays seed 004's to the krona: an ombudgetering
# between two of Kommunstyrelsen's units in May (the payroll function moves from Ekonomi to
# HR; its costs move with it), and a tilläggsanslag from the council to Socialnämnden in
# June. The follow-up counts each from the first period whose cut-off is not before it.
CHANGES: tuple[DemoChange, ...] = (
    DemoChange(
        kind="realloc",
        reference="KS {year}-05-14 § 88",
        month=5,
        day=14,
        description=(
            "Lönefunktionen flyttas från Ekonomi till HR från den 1 juni; budgeten för "
            "personalkostnaderna förs över med den."
        ),
        lines=(("1030", "PERS", -1_800_000), ("1040", "PERS", 1_800_000)),
    ),
    DemoChange(
        kind="supplement",
        reference="KF {year}-06-18 § 112",
        month=6,
        day=18,
        description=(
            "Tilläggsanslag till Socialnämnden för ökade kostnader för placeringar av barn "
            "och unga."
        ),
        lines=(("5100", "OVR", 3_500_000),),
    ),
)
