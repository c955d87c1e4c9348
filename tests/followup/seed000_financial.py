"""Seed 000's tables 4.1 and 4.2 (Örebro, Kommunstyrelsen's annual report 2019), as published:
tkr in the result sign (costs negative), per top unit (RN1) its units and its account groups.

And the kronor a ledger and a budget need to give them: the published tables were rounded
from kronor, so their rows do not always add up to the sum line, nor Utfall − Budget to the
Avvikelse printed (ÖKG's rows add up to −102 027 where the sum prints −102 028; its sum's
Utfall − Budget is −112 587 where the sum prints −112 586). ``kronor`` chooses, for every
figure, whole kronor within 400 kr of the published tkr (so that each rounds to it) such that
the rows add up exactly to sum lines that round to the published sums too, and each row's and
sum's Budget − Utfall rounds to the published Avvikelse.
"""

from __future__ import annotations

from dataclasses import dataclass

from municipality.formats.numbers import change_percent, format_percent

# (code, name, Bokslut 2018, Utfall 2019, Budget 2019, Avvikelse, Förändring % as published)
Row = tuple[str, str, int, int, int, int, str]
# (Bokslut 2018, Utfall 2019, Budget 2019, Avvikelse, Förändring % as published)
Sum = tuple[int, int, int, int, str]


@dataclass(frozen=True)
class TopUnit:
    code: str
    name: str
    level: int | None  # the level (RN) of 4.1's rows; None: the unit is its only row
    units: list[Row]  # 4.1
    groups: list[Row]  # 4.2, code = the account group's code (name as the OREBRO preset's)
    total: Sum


KOMMUNGEMENSAMT = TopUnit(
    "ÖKG",
    "Kommungemensamt",
    2,
    [
        ("KGAMT", "Arbetsmiljö tjänster", -3_330, -3_502, -3_495, -7, "5,2"),
        ("KGBR", "Kommunungemensamt Brandkåren", -79_726, -82_119, -82_119, 0, "3,0"),
        ("KGEM", "Kommunungemensamt", -16_182, -15_094, -18_887, 3_793, "−6,7"),
        ("KGFA", "Kommunungem Facklig verksamhet", -17_928, -17_071, -18_351, 1_280, "−4,8"),
        ("KGFC", "Kommunungemensamt Förmåns cykel", 835, 893, 0, 893, "6,9"),
        ("KGFL", "Kommunungem Flygplatsen", -15_708, -16_690, -16_712, 22, "6,3"),
        ("KGFO", "Kommunungemensamt Försäkringar", -12_024, -14_632, -11_000, -3_632, "21,7"),
        ("KGI", "I anspråktagande av Eget kap.", -46_840, -92_744, 0, -92_744, "98,0"),
        ("KGIT", "Kommunungem IT", -4_244, -25_114, 0, -25_114, "491,8"),
        ("KGK", "Kommunungemensamt Kompetens", -5_710, -14_749, -18_000, 3_251, "158,3"),
        ("KGM", "Kommunungemensamt Länsmusik", -36_616, -37_112, -36_616, -496, "1,4"),
        ("KGOMS", "Kommunungem, omställning", -3_140, -4_052, -10_000, 5_948, "29,0"),
        ("KGST", "Kommunungemensamt Statsbidrag", 172_089, 136_195, 141_400, -5_205, "−20,9"),
        ("KGU", "Kommunungem Universitetet", -5_923, -6_121, -6_350, 229, "3,3"),
        ("KGÖK", "Kommunungem Ö:o Kompaniet AB", -27_580, -24_243, -23_440, -803, "−12,1"),
    ],
    [
        ("3", "3 Intäkter", 277_641, 221_310, 166_758, 54_552, "−20,3"),
        ("4", "4 Inköp tillg o vhet samt bidrag", -322_734, -362_088, -187_197, -174_891, "12,2"),
        ("5", "5 Personalkostnader", -19_443, -17_051, -28_479, 11_428, "−12,3"),
        ("6A", "6A Lokalhyror", -1_309, -1_265, -1_227, -38, "−3,4"),
        ("6B", "6B Entrpr, fastighetskostn, övr.", -9_798, -12_810, -9_573, -3_236, "30,7"),
        ("7", "7 Övriga kostnader", -26_384, -44_253, -43_852, -401, "67,7"),
    ],
    (-102_028, -216_157, -103_570, -112_586, "111,9"),
)

KOMMUNLEDNING = TopUnit(
    "ÖKL",
    "Kommunledning",
    5,
    [
        ("KLC", "Kansli Centerpartiet", -3_259, -3_354, -3_588, 234, "2,9"),
        ("KLKD", "Kansli Kristdemokraterna", -2_654, -2_562, -2_942, 380, "−3,5"),
        ("KLKF", "Kommunfullmäktige", -5_144, -6_631, -5_116, -1_515, "28,9"),
        ("KLKS", "Kommunstyrelse", -3_033, -5_308, -2_299, -3_009, "75,0"),
        ("KLL", "Kansli Liberalerna", -2_542, -2_549, -2_894, 345, "0,3"),
        ("KLM", "Kansli Moderaterna", -4_515, -4_201, -4_963, 762, "−6,9"),
        ("KLMP", "Kansli Miljöpartiet", -2_674, -520, -615, 95, "−80,6"),
        ("KLPG", "Kansli Partigemensamt", -51, -94, -90, -4, "84,0"),
        ("KLPS", "Kommunalt partistöd", -6_235, -6_405, -6_405, 0, "2,7"),
        ("KLS", "Kansli Socialdemokraterna", -6_546, -5_993, -7_735, 1_742, "−8,4"),
        ("KLSD", "Kansli Sverigedemokraterna", -2_283, -2_347, -2_638, 291, "2,8"),
        ("KLV", "Kansli Vänsterpartiet", -2_247, -2_362, -2_792, 430, "5,1"),
        ("KLÖP", "Kansli Örebropartiet", 0, -1_565, -1_884, 319, ""),
        ("KLÖS", "Övriga Styrelser", -6, -8, 0, -8, "33,0"),
    ],
    [
        ("3", "3 Intäkter", 679, 598, 201, 397, "−12,0"),
        ("4", "4 Inköp tillg o vhet samt bidrag", -7_571, -7_832, -7_137, -695, "3,5"),
        ("5", "5 Personalkostnader", -30_592, -32_759, -36_000, 3_241, "7,1"),
        ("6A", "6A Lokalhyror", -1, 0, 0, 0, "−100,0"),
        ("6B", "6B Entrpr, fastighetskostn, övr.", -1_186, -1_608, -753, -855, "35,6"),
        ("7", "7 Övriga kostnader", -2_519, -2_297, -272, -2_025, "−8,8"),
    ],
    (-41_189, -43_899, -43_961, 62, "6,6"),
)

KOMMUNSTYRELSEFORVALTNINGEN = TopUnit(
    "ÖKA",
    "Kommunstyrelseförvaltningen",
    3,
    [
        ("KAA", "Staben", -19_810, -17_618, -27_111, 9_493, "−11,1"),
        ("KAF", "Förvaltningsgemensamt", -2_353, -3_142, -3_425, 283, "33,5"),
        ("KAFF", "KSF preliminär o fördelning", -1_221, 0, 0, 0, "−100,0"),
        ("KAFP", "KSF Planeringsreserv", 0, 0, 13_084, -13_084, ""),
        ("KAI", "Kommunikation", -50_072, -52_175, -53_122, 947, "4,2"),
        ("KAK", "Kansli och Demokratistöd", -70_788, -73_432, -70_807, -2_625, "3,7"),
        ("KAN", "Näringsliv", -10_696, -11_391, -12_879, 1_487, "6,5"),
        ("KAS", "Samhällsutveckling", -29_289, -38_203, -39_904, 1_701, "30,4"),
        ("KCS", "Centralt skolstöd", 0, 3, 0, 3, "−660,4"),
        ("KEK", "Ekonomiavdelning", -56_621, -53_676, -55_470, 1_794, "−5,2"),
        ("KHR", "HR-avdelningen", -38_185, -41_164, -45_412, 4_248, "7,8"),
        ("KIT", "IT-avdelningen", -90_751, -60_835, -66_925, 6_090, "−33,0"),
        ("KLF", "Lokalförsörjning och Service", -8, 0, 0, 0, "−99,9"),
        ("KMY", "Myndighetsavdelning", -166, -5_601, -8_653, 3_052, "3 265,7"),
        ("KSÄ", "Säkerhetsavdelningen", -8_091, -11_123, -12_147, 1_024, "37,5"),
    ],
    [
        ("3", "3 Intäkter", 304_663, 345_317, 301_054, 44_263, "13,3"),
        ("4", "4 Inköp tillg o vhet samt bidrag", -75_390, -63_990, -50_948, -13_042, "−15,1"),
        ("5", "5 Personalkostnader", -400_781, -446_281, -450_656, 4_375, "11,4"),
        ("6A", "6A Lokalhyror", -34_769, -36_149, -35_964, -185, "4,0"),
        ("6B", "6B Entrpr, fastighetskostn, övr.", -36_592, -41_952, -21_236, -20_716, "14,6"),
        ("7", "7 Övriga kostnader", -135_184, -125_302, -125_020, -282, "−7,3"),
    ],
    (-378_052, -368_357, -382_770, 14_413, "−2,6"),
)

REVISIONSNAMND = TopUnit(
    "ÖRE",
    "Revisionsnämnd",
    None,
    [],
    [
        ("4", "4 Inköp tillg o vhet samt bidrag", -61, -52, 0, -52, "−13,4"),
        ("5", "5 Personalkostnader", -1_082, -1_302, -1_191, -112, "20,4"),
        ("6B", "6B Entrpr, fastighetskostn, övr.", -7, -1, -29, 28, "−82,3"),
        ("7", "7 Övriga kostnader", -2_142, -2_284, -2_820, 536, "6,6"),
    ],
    (-3_291, -3_640, -4_040, 400, "10,6"),
)

VALNAMND = TopUnit(
    "ÖVA",
    "Valnämnd",
    None,
    [],
    [
        ("3", "3 Intäkter", 1_837, 2_922, 2_801, 121, "59,0"),
        ("4", "4 Inköp tillg o vhet samt bidrag", -682, -576, -81, -495, "−15,6"),
        ("5", "5 Personalkostnader", -4_089, -4_168, -4_611, 443, "1,9"),
        ("6A", "6A Lokalhyror", -62, -42, -115, 73, "−31,6"),
        ("6B", "6B Entrpr, fastighetskostn, övr.", -74, -211, -152, -59, "183,6"),
        ("7", "7 Övriga kostnader", -630, -525, -442, -83, "−16,6"),
    ],
    (-3_700, -2_600, -2_600, 0, "−29,7"),
)

TOP_UNITS = [
    KOMMUNGEMENSAMT,
    KOMMUNLEDNING,
    KOMMUNSTYRELSEFORVALTNINGEN,
    REVISIONSNAMND,
    VALNAMND,
]

STEP, ROOM = 10, 490  # the kronor steps a figure moves by, and how far from its published tkr


@dataclass
class Kronor:
    """A row's kronor, result sign: Bokslut 2018, Utfall 2019, Budget 2019."""

    prior: int
    actual: int
    budget: int


def _deviation_ok(actual: int, budget: int, published: int) -> bool:
    """Whether Utfall − Budget (the result sign's Avvikelse) rounds to the published figure."""
    return abs((actual - budget) - published * 1000) < 500


def _base(prior: int, actual: int, budget: int, deviation: int) -> Kronor:
    # Where Utfall − Budget in tkr misses the published Avvikelse by 1, the kronor were apart.
    off = deviation - (actual - budget)
    assert off in (-1, 0, 1), (actual, budget, deviation)
    shift = 300 * off
    return Kronor(prior * 1000, actual * 1000 + shift, budget * 1000 - shift)


def kronor(rows: list[Row], total: Sum) -> tuple[list[Kronor], Kronor]:
    """Kronor for ``rows`` that add up exactly to a total, each and the total rounding as
    published (see the module's docstring)."""
    prior, actual, budget, deviation, _change = total
    whole = _base(prior, actual, budget, deviation)
    parts = [_base(p, a, b, d) for _code, _name, p, a, b, d, _c in rows]
    published = {id(part): row for part, row in zip(parts, rows, strict=True)}
    # Move the largest rows first: a few hundred kronor there change no percentage shown.
    order = sorted(parts, key=lambda part: -abs(part.actual) - abs(part.prior))
    for field in ("prior", "actual", "budget"):
        need = getattr(whole, field) - sum(getattr(part, field) for part in parts)
        # First only where the Förändring % shown stays the tkr figures' or the published.
        for keep_change in (True, False):
            for part in order:
                need = _move(part, field, need, published[id(part)], keep_change=keep_change)
        assert need == 0, (field, need, total)
    return parts, whole


def _shown_change(actual: int, prior: int) -> str:
    change = change_percent(actual, prior)
    return "" if change is None else format_percent(change).replace("\xa0%", "")


def _move(part: Kronor, field: str, need: int, row: Row, *, keep_change: bool) -> int:
    """Move one figure of a row towards what the rows still ``need``; what is still needed."""
    target = {"prior": row[2], "actual": row[3], "budget": row[4]}[field] * 1000
    allowed = {_shown_change(row[3], row[2]), row[6].replace(" ", "\xa0")}
    step = STEP if need > 0 else -STEP
    while need:
        moved = getattr(part, field) + step
        if abs(moved - target) > ROOM:
            break
        trial = Kronor(**{**part.__dict__, field: moved})
        if not _deviation_ok(trial.actual, trial.budget, row[5]):
            break
        if keep_change and _shown_change(trial.actual, trial.prior) not in allowed:
            break
        setattr(part, field, moved)
        need -= step
    return need


def matrix(
    rows: list[int], columns: list[int]
) -> list[list[int]]:  # rows × columns adding up to both
    """Amounts per (row, column) whose row sums are ``rows`` and column sums ``columns``
    (which add up to the same): every row but the last in the first column, the last row
    what each column still needs."""
    assert sum(rows) == sum(columns)
    grid = [[0] * len(columns) for _ in rows]
    for i, amount in enumerate(rows[:-1]):
        grid[i][0] = amount
    for j, amount in enumerate(columns):
        grid[-1][j] = amount - sum(grid[i][j] for i in range(len(rows) - 1))
    return grid
