"""Report-line presets seen in the seeds, as starting points a controller corrects.

Each preset: lines (code, name, account prefix ranges) in order, then subtotals
(code, name, codes of the lines they sum). Ranges follow DOMAIN.md's reading of
Kommun-Bas; in the seeds' presets tax revenue and general grants (80–83) belong to no
committee and stay unmapped, so that they are reported if they ever appear in a unit's books.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LinePreset:
    code: str
    name: str
    ranges: tuple[tuple[str, str], ...]

    @property
    def is_staff_costs(self) -> bool:
        """Kommun-Bas class 5 (wages, social charges, pensions): raised by the wage index in
        next year's budget proposal, the other lines by the price index."""
        return all(first.startswith("5") and last.startswith("5") for first, last in self.ranges)


@dataclass(frozen=True)
class SubtotalPreset:
    code: str
    name: str
    sums: tuple[str, ...]


@dataclass(frozen=True)
class Preset:
    key: str
    label: str
    lines: tuple[LinePreset, ...]
    subtotals: tuple[SubtotalPreset, ...]


# Summa kostnader and Summa resultat over the five usual lines (Kalmar's, and Kommun-Bas's).
USUAL_SUBTOTALS = (
    SubtotalPreset("SUMK", "Summa kostnader", ("PERS", "LOK", "KAP", "OVR")),
    SubtotalPreset("SUMR", "Summa resultat", ("INT", "PERS", "LOK", "KAP", "OVR")),
)

# Kalmar, tertialrapport april 2019 (seed 004): the ledger's sign.
KALMAR = Preset(
    key="kalmar",
    label="Kalmar (Intäkter, Personal-, Lokal-, Kapital-, Övriga kostnader)",
    lines=(
        LinePreset("INT", "Intäkter", (("30", "39"),)),
        LinePreset("PERS", "Personalkostnader", (("50", "59"),)),
        LinePreset("LOK", "Lokalkostnader", (("60", "62"),)),
        LinePreset("KAP", "Kapitalkostnader", (("79", "79"), ("84", "85"))),
        LinePreset("OVR", "Övriga kostnader", (("40", "49"), ("63", "78"))),
    ),
    subtotals=USUAL_SUBTOTALS,
)

# Kommun-Bas read plainly, for a municipality without a list of its own: the usual five lines,
# and every account of classes 3–8 on one of them. Unlike the seeds' presets it also maps the
# rest of class 8 (tax revenue and general grants 80–83 as revenue, the financial and closing
# items 86–89 with the capital costs), so that whatever a new municipality's ledger books
# on a unit is reported somewhere until the controller decides otherwise.
KOMMUN_BAS = Preset(
    key="kommun-bas",
    label="Kommun-Bas (Intäkter, Personal-, Lokal-, Kapital-, Övriga kostnader; klass 3–8)",
    lines=(
        LinePreset("INT", "Intäkter", (("30", "39"), ("80", "83"))),
        LinePreset("PERS", "Personalkostnader", (("50", "59"),)),
        LinePreset("LOK", "Lokalkostnader", (("60", "62"),)),
        LinePreset("KAP", "Kapitalkostnader", (("79", "79"), ("84", "89"))),
        LinePreset("OVR", "Övriga kostnader", (("40", "49"), ("63", "78"))),
    ),
    subtotals=USUAL_SUBTOTALS,
)

# Örebro, årsberättelse 2019 (seed 000): kontogrupp 3, 4, 5, 6A, 6B, 7.
OREBRO = Preset(
    key="orebro",
    label="Örebro (kontogrupp 3, 4, 5, 6A, 6B, 7)",
    lines=(
        LinePreset("3", "3 Intäkter", (("30", "39"),)),
        LinePreset("4", "4 Inköp tillg o vhet samt bidrag", (("40", "49"),)),
        LinePreset("5", "5 Personalkostnader", (("50", "59"),)),
        LinePreset("6A", "6A Lokalhyror", (("60", "60"),)),
        LinePreset("6B", "6B Entrpr, fastighetskostn, övr.", (("61", "67"),)),
        LinePreset("7", "7 Övriga kostnader", (("68", "79"), ("84", "85"))),
    ),
    subtotals=(SubtotalPreset("SUM", "Summa", ("3", "4", "5", "6A", "6B", "7")),),
)

PRESETS = {preset.key: preset for preset in (KALMAR, OREBRO, KOMMUN_BAS)}
