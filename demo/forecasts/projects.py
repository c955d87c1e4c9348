"""The demo's investment projects: Kommunstyrelsen's as seed 004's Investeringsredovisning at
T1 has them, a few of other committees, with the later year's budget and spending so far."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from budget.models import InvestmentProject, InvestmentYear
from municipality.models import OrgUnit


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


def projects_create(year: int, units: dict[str, OrgUnit], cutoff: int) -> list[InvestmentProject]:
    """The demo's investment projects, with the later year's budget and the spending so far."""
    projects = InvestmentProject.objects.bulk_create(
        [InvestmentProject(code=p.code, name=p.name, unit=units[p.unit_code]) for p in PROJECTS]
    )
    InvestmentYear.objects.bulk_create(
        [
            InvestmentYear(
                project=project,
                year=year,
                expenditure=Decimal(demo.budget * 1000),
            )
            for project, demo in zip(projects, PROJECTS, strict=True)
        ]
    )
    return projects
