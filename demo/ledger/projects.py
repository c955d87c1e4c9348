"""The demo's investment projects as the ledger has them: Kommunstyrelsen's as seed 004's
Investeringsredovisning at T1 has them, a few of other committees, with the later year's
budget and forecast, and what the books hold of them: each month's spending on an investment
account, carrying the project in dimension 6 ("Projekt") and its unit in dimension 1, as the
investment import reads it (budget.investments.imports)."""

from __future__ import annotations

from dataclasses import dataclass

# The investment accounts of the demo's chart (Kommun-Bas class 1: materiella
# anläggningstillgångar), and the municipality's setting that names them.
INVESTMENT_ACCOUNTS: dict[str, str] = {
    "1110": "Byggnader",
    "1130": "Mark",
    "1150": "Markanläggningar och tekniska anläggningar",
    "1220": "Inventarier",
    "1240": "Bilar och andra transportmedel",
}
INVESTMENT_ACCOUNT_RANGES = "1110–1299"
PROJECT_DIMENSION = 6


@dataclass(frozen=True)
class DemoProject:
    code: str
    name: str
    unit_code: str
    budget: int  # tkr, the later year
    forecast: int  # tkr, from T1 on
    comment: str = ""
    account: str = "1110"
    grant: int = 0  # tkr: an income towards the project in the later year's April


# Kommunstyrelsen's adds up to seed 004's Investeringsredovisning at T1: budget 504 200,
# forecast 476 084, deviation 28 116 tkr, "tidsförskjutningar i projekten".
PROJECTS: tuple[DemoProject, ...] = (
    DemoProject("91001", "Ny gymnasiebyggnad, Jenny Nyströmsskolan", "1122", 185_000, 172_000,
                "Upphandlingen av stomme har dragit ut på tiden; 13 mkr förskjuts till nästa år."),
    DemoProject("91002", "Exploatering Snurrom etapp 2", "1070", 96_000, 88_500,
                "Gatuutbyggnaden startar efter sommaren i stället för i maj.", account="1150"),
    DemoProject("91003", "Strategiska markförvärv", "1060", 45_000, 45_000, account="1130"),
    DemoProject("91004", "Ombyggnad av stadshuset", "1000", 32_500, 26_000,
                "Etapp 3 flyttas till nästa år för att samordnas med ventilationsbytet."),
    DemoProject("91005", "Digital arbetsplats, Office 365", "2050", 14_200, 14_200,
                account="1220"),
    DemoProject("91006", "Nätverk och IT-infrastruktur", "2050", 22_000, 19_884,
                "Leveranserna av nätverksutrustning är försenade.", account="1220"),
    DemoProject("91007", "Räddningsfordon", "1100", 16_500, 16_500, account="1240"),
    DemoProject("91008", "Ny brandstation Kalmar norra", "1100", 48_000, 46_000,
                "Markarbetena blev billigare än beräknat."),
    DemoProject("91009", "Trygghetskameror i prioriterade stadsdelar", "1081", 3_000, 3_000,
                account="1220"),
    DemoProject("91010", "Bredbandsutbyggnad på landsbygden", "1010", 42_000, 45_000,
                "Fler anslutningar än beräknat; merkostnaden täcks av ökade anslutningsavgifter.",
                account="1150", grant=4_000),
    DemoProject("93001", "Ombyggnad av Funkaboskolan", "3220", 60_000, 58_000,
                "Tidsförskjutning av sista etappen."),
    DemoProject("94001", "Nytt särskilt boende, Norrliden", "4200", 85_000, 70_000,
                "Byggstarten sköts upp två månader i väntan på bygglov."),
    DemoProject("96001", "Gång- och cykelvägar", "6300", 25_000, 25_000, account="1150"),
)  # fmt: skip


def project_spending(project: DemoProject, *, later: bool, through: int) -> dict[int, int]:
    """The project's outcome per month up to ``through``, kronor, the ledger's sign.

    In the later year spending lags behind the months, by about a quarter (a sixteenth of
    the year's forecast a month), less the grant in April; the year before, the project's
    first, spent a tenth of the later year's forecast, evenly from July.
    """
    if later:
        months = {month: project.forecast * 1000 // 16 for month in range(1, through + 1)}
        if project.grant and through >= 4:
            months[4] -= project.grant * 1000
        return months
    return {month: project.forecast * 1000 // 60 for month in range(7, through + 1)}
