"""The numbers the demo's books are drawn from: a Kommun-Bas chart of accounts, the months'
seasons, how each kind of unit spends and earns, each unit's size, and the later year's
deviations from budget as seed 004 explains them.
"""

from __future__ import annotations

from dataclasses import dataclass

BANK = "1930"

# A Kommun-Bas chart of operating accounts, and the bank account every voucher balances on.
ACCOUNTS: dict[str, str] = {
    BANK: "Bankkonto",
    "3011": "Försäljning av verksamhetens tjänster",
    "3081": "Försäljning av exploateringsmark",
    "3111": "Barnomsorgsavgifter",
    "3131": "Plan- och bygglovsavgifter",
    "3151": "Avgifter inom äldre- och handikappomsorg",
    "3411": "Hyror och arrenden",
    "3511": "Statsbidrag",
    "3521": "Ersättningar från Migrationsverket",
    "3991": "Interna intäkter",
    "4011": "Inventarier",
    "4111": "Livsmedel",
    "4191": "Förbrukningsmaterial",
    "4511": "Ekonomiskt bistånd",
    "4521": "Bidrag till föreningar",
    "4611": "Köp av huvudverksamhet",
    "4631": "Köp av placeringar",
    "5011": "Löner månadsavlönade",
    "5021": "Löner timavlönade",
    "5091": "Förändring av semesterlöneskuld",
    "5311": "Arvoden till förtroendevalda",
    "5321": "Arvoden till gode män och förvaltare",
    "5411": "Ersättning för jour och beredskap",
    "5611": "Sociala avgifter enligt lag",
    "5711": "Pensionskostnader",
    "5811": "Utbildning och kurser",
    "5891": "Övriga personalkostnader",
    "6011": "Lokalhyror",
    "6041": "Interna lokalhyror",
    "6111": "Fastighetsunderhåll",
    "6211": "El",
    "6221": "Fjärrvärme",
    "6231": "Vatten och avlopp",
    "6311": "Leasing av fordon",
    "6411": "Kontorsmaterial",
    "6511": "Licenser och programvaror",
    "6811": "Telefoni och datakommunikation",
    "6911": "Drivmedel",
    "7011": "Resor",
    "7111": "Försäkringspremier",
    "7311": "Konsulttjänster",
    "7511": "Inhyrd personal",
    "7611": "Representation",
    "7891": "Övriga verksamhetskostnader",
    "7911": "Avskrivningar",
    "8511": "Internränta",
}

# Month weights, January to December. Wages dip in July (the holiday is paid out of the
# holiday-pay debt, which 5091 shows running down) and rise in December; grants come
# quarterly, heating in winter, purchases at the year's end.
SEASONS: dict[str, tuple[int, ...]] = {
    "flat": (10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10),
    "wages": (100, 100, 100, 100, 100, 104, 62, 86, 100, 100, 100, 112),
    "hourly": (80, 80, 90, 90, 100, 130, 150, 120, 90, 90, 90, 80),
    "holiday_debt": (10, 10, 10, 10, 10, 4, -40, -12, 10, 10, 10, 18),
    "term": (9, 10, 10, 9, 10, 7, 3, 6, 10, 10, 10, 8),
    "summer_off": (10, 10, 10, 10, 10, 10, 2, 8, 10, 10, 10, 10),
    "summer_peak": (8, 8, 8, 8, 9, 12, 16, 12, 8, 8, 8, 8),
    "guardians": (5, 30, 30, 15, 5, 5, 2, 3, 5, 5, 5, 10),
    "heating": (16, 15, 13, 10, 7, 5, 4, 5, 7, 10, 13, 15),
    "quarterly": (0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1),
    "migration": (3, 0, 2, 1, 0, 3, 0, 2, 0, 3, 1, 1),
    "land_sales": (0, 0, 0, 3, 0, 1, 0, 0, 4, 0, 2, 0),
    "building": (7, 8, 10, 11, 12, 11, 5, 9, 10, 10, 9, 8),
    "purchases": (7, 9, 10, 10, 10, 9, 4, 8, 10, 10, 11, 16),
    "january": (12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
}
ACCOUNT_SEASON: dict[str, str] = {
    "3011": "summer_off", "3081": "land_sales", "3111": "summer_off", "3131": "building",
    "3511": "quarterly", "3521": "migration",
    "4011": "purchases", "4111": "term", "4191": "purchases", "7311": "purchases",
    "7611": "purchases", "7891": "purchases", "6411": "purchases", "7011": "term",
    "5011": "wages", "5611": "wages", "5711": "wages", "5021": "hourly", "5091": "holiday_debt",
    "5311": "summer_off", "5321": "guardians", "5811": "term", "7511": "summer_peak",
    "6211": "heating", "6221": "heating", "7111": "january",
}  # fmt: skip

# How a line's share of the gross costs splits over its accounts, in percent.
PERSONNEL = {"5011": 63, "5021": 5, "5091": 1, "5611": 23, "5711": 6, "5811": 1, "5891": 1}
PREMISES = {"6011": 45, "6041": 35, "6111": 5, "6211": 7, "6221": 6, "6231": 2}
CAPITAL = {"7911": 80, "8511": 20}


@dataclass(frozen=True)
class Profile:
    """How a kind of unit spends and earns, in percent of its gross costs."""

    personnel: int
    premises: int
    capital: int
    other: dict[str, int]  # account → percent of the gross costs
    revenue: dict[str, int]  # account → revenue as percent of the gross costs


PROFILES: dict[str, Profile] = {
    "office": Profile(66, 8, 5, {"6411": 3, "6511": 6, "6811": 3, "7011": 2, "7311": 5,
                                 "7891": 2}, {"3011": 6, "3991": 12}),
    "leadership": Profile(50, 6, 4, {"5311": 10, "4521": 14, "7311": 10, "7611": 2, "6411": 2,
                                     "7011": 2}, {"3011": 3}),
    "it": Profile(38, 4, 18, {"6511": 22, "6811": 12, "7311": 6}, {"3991": 38, "3011": 4}),
    "fire": Profile(60, 9, 10, {"5411": 8, "6911": 4, "4191": 4, "7111": 2, "6311": 3},
                    {"3011": 18, "3511": 4}),
    "alarm": Profile(72, 6, 6, {"6811": 8, "6511": 6, "4191": 2}, {"3011": 35}),
    "labour": Profile(52, 8, 1, {"4511": 22, "4191": 5, "7511": 4, "4111": 6, "7011": 2},
                      {"3511": 22, "3521": 24, "3011": 6}),
    "land": Profile(45, 5, 10, {"7311": 20, "4521": 12, "7891": 8}, {"3411": 28, "3011": 4}),
    "exploitation": Profile(12, 0, 6, {"7311": 30, "4191": 12, "7891": 40}, {"3081": 100}),
    "guardian": Profile(58, 6, 1, {"5321": 24, "6411": 3, "7311": 8}, {"3511": 8, "3011": 3}),
    "upper_secondary": Profile(2, 0, 0, {"4611": 97, "7891": 1}, {"3511": 4, "3011": 18}),
    "school": Profile(62, 20, 2, {"4111": 3, "4191": 4, "4011": 2, "6511": 2, "4611": 5},
                      {"3511": 9, "3011": 2}),
    "preschool": Profile(68, 16, 1, {"4111": 6, "4191": 5, "4011": 1, "7011": 1, "6411": 2},
                         {"3111": 11, "3511": 4}),
    "care": Profile(80, 9, 1, {"4111": 3, "4191": 3, "6311": 2, "6911": 1, "7511": 1},
                    {"3151": 9, "3511": 5}),
    "social": Profile(36, 4, 1, {"4631": 54, "7511": 3, "7011": 1, "6411": 1},
                      {"3511": 6, "3521": 7}),
    "allowance": Profile(12, 2, 0, {"4511": 85, "6411": 1}, {"3521": 4, "3011": 1}),
    "streets": Profile(28, 4, 30, {"6211": 8, "4191": 8, "6911": 5, "7311": 8, "6311": 4,
                                   "4611": 5}, {"3011": 12, "3511": 3, "3411": 5}),
    "permits": Profile(75, 8, 2, {"6511": 6, "7311": 6, "7011": 2, "6411": 1},
                       {"3131": 55, "3011": 5}),
    "kitchen": Profile(45, 10, 3, {"4111": 38, "4191": 4}, {"3991": 90, "3011": 6}),
    "cleaning": Profile(80, 3, 2, {"4191": 12, "6311": 3}, {"3991": 96}),
    "property": Profile(10, 55, 30, {"7311": 3, "7111": 2}, {"3411": 96}),
    "contact": Profile(78, 6, 2, {"6811": 8, "6511": 6}, {"3991": 20}),
}  # fmt: skip

# Net budget of the later year per unit code, in tkr, and the unit's profile. Kommunstyrelsen
# adds up to seed 004's 646 478: Koncernledning's 42 368 shared with the administration,
# Brandkåren's 54 578 with the alarm centre it takes over, Gymnasieverksamheten's 306 482
# mostly the fee to the upper-secondary federation, the rest its three schools.
UNITS: dict[str, tuple[int, str]] = {
    "1000": (1_500, "office"), "1010": (40_868, "leadership"), "1020": (27_874, "office"),
    "1030": (65_023, "office"), "1040": (28_882, "office"), "1050": (41_383, "labour"),
    "1060": (4_115, "land"), "1070": (0, "exploitation"), "1080": (14_547, "office"),
    "1081": (6_200, "alarm"), "2050": (49_696, "it"), "1100": (48_378, "fire"),
    "1110": (11_530, "guardian"), "1120": (214_000, "upper_secondary"),
    "1121": (38_000, "school"), "1122": (31_000, "school"), "1123": (23_482, "school"),
    "2000": (1_200, "office"), "2010": (3_000, "kitchen"), "2020": (1_000, "cleaning"),
    "2030": (6_000, "property"), "2040": (11_500, "contact"),
    "3000": (4_500, "office"), "3100": (2_200, "office"), "3110": (96_000, "preschool"),
    "3120": (88_500, "preschool"), "3200": (2_600, "office"), "3210": (64_000, "school"),
    "3220": (51_000, "school"), "3230": (43_500, "school"), "3300": (38_000, "office"),
    "3400": (27_000, "office"),
    "4000": (5_000, "office"), "4100": (2_400, "office"), "4110": (86_000, "care"),
    "4120": (71_000, "care"), "4200": (238_000, "care"), "4300": (162_000, "care"),
    "4400": (54_000, "care"),
    "5000": (3_500, "office"), "5100": (112_000, "social"), "5200": (64_000, "social"),
    "5300": (76_000, "allowance"),
    "6000": (2_800, "office"), "6100": (17_500, "office"), "6200": (3_800, "permits"),
    "6300": (96_000, "streets"), "6400": (1_900, "permits"),
}  # fmt: skip
# A unit whose revenue covers its costs has no net to size it by: its gross costs, in tkr.
GROSS = {"1070": 24_000}
# The later year's outcome against budget, tkr per report line (ledger sign: actual − budget),
# as seed 004's forecast at T1 explains it line by line: Intäkter 6 500 better, Personal-
# kostnader 6 000 and Övriga kostnader 2 733 worse, 2 233 worse in all.
DEVIATIONS = {
    # ordningsvakter and called-in firefighters; running costs underfunded
    "1100": {"PERS": 4_000, "OVR": 500},
    "1120": {"OVR": 2_233},  # more 16–19-year-olds: a larger fee to the federation
    "1070": {"INT": -3_000},  # land sold above budget
    # a higher standard payment from Migrationsverket; the labour-market unit's deficit
    "1050": {"INT": -3_500, "PERS": 2_000},
}
# Kommunstyrelsen's budget per report line in seed 004, tkr. Its units' later-year budgets
# are rebalanced over the lines to add up to these exactly, each unit keeping its net.
KS_LINES = {"INT": -266_590, "PERS": 317_015, "LOK": 38_448, "KAP": 45_430, "OVR": 512_175}
# Kommunstyrelsen's units in the later year: its own, and IT from Servicenämnden.
KS_UNITS = frozenset(code for code in UNITS if code.startswith("1")) | {"2050"}
PREVIOUS_YEAR_LEVEL = 97  # percent: the earlier year's budgets, before a year of cost rises
# Percent: the year before the earlier one, before two years of cost rises. The demo has only
# its books' actuals, read for the earlier year's prior-year column (Bokslut, Förändring %).
PRIOR_YEAR_LEVEL = 94
