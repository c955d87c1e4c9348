"""Indicator values from .xlsx and .csv sheets: ``indicator;period;gender;value``, and an
optional column ``unit`` (or ``enhet``): an organisational unit's code for the unit's value.

``indicator`` is an indicator's code, ``period`` a year (``2019``), a tertial (``2019-T1``,
``2019-T2`` or ``2019-D`` for the interim report, ``2019-T3``) or a month (``2019-04``),
``gender`` T, K or M (empty is T), and ``value`` a number as Swedes write it. The values are the
municipality's own (or, with a unit, its unit's). A file with any problem is refused whole,
every problem named by its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from budget.ledger.imports.errors import ImportFailed, Problem
from budget.ledger.imports.tabular import SheetRow, read_sheet
from followup.indicators.imports.kolada_areas import area_name
from followup.indicators.imports.store import (
    ImportResult,
    IncomingValue,
    Lineages,
    stored_value,
    values_store,
)
from followup.indicators.models import Gender, Indicator
from municipality.formats.numbers import AmountError, parse_amount
from municipality.models import Municipality, OrgUnit, User
from municipality.organisation.selectors import municipality_current

COLUMNS = (("indicator",), ("period",), ("gender",), ("value",))
YEARS = range(1900, 2101)
# The months a tertial's or the interim report's figures run to.
PERIOD_MONTHS = {"T1": 4, "T2": 8, "D": 8, "T3": 12}
_PERIOD = re.compile(r"(?P<year>\d{4})(?:-(?P<part>T[123]|D|\d{1,2}))?", re.IGNORECASE)
# A month typed into Excel comes back as a date: 2019-04-01 00:00:00.
_DATE = re.compile(r"(?P<year>\d{4})-(?P<part>\d{2})-\d{2}(?: 00:00:00)?")


@dataclass(frozen=True)
class SheetValue:
    line: int
    code: str
    year: int
    month: int
    gender: str
    value: Decimal
    unit: str = ""


def period_parse(text: str) -> tuple[int, int]:
    """The year and cut-off month of a period as a sheet writes it; ValueError otherwise."""
    match = _PERIOD.fullmatch(text.strip()) or _DATE.fullmatch(text.strip())
    if match is None:
        raise ValueError(text)
    year, part = int(match["year"]), (match["part"] or "").upper()
    month = PERIOD_MONTHS.get(part, 12) if not part.isdigit() else int(part)
    if year not in YEARS or not 1 <= month <= 12:
        raise ValueError(text)
    return year, month


def _sheet_value(row: SheetRow) -> SheetValue:
    """One row read, or ValueError naming every problem of the row (one per line)."""
    problems: list[str] = []
    code = row.values.get("indicator", "").strip()
    if not code:
        problems.append(_("the indicator is missing"))
    period = row.values.get("period", "").strip()
    try:
        year, month = period_parse(period)
    except ValueError:
        year, month = 0, 0
        problems.append(
            _(
                "the period “%(period)s” is neither a year (2019), a tertial (2019-T1, 2019-T2, "
                "2019-D) nor a month (2019-04)"
            )
            % {"period": period}
        )
    gender = row.values.get("gender", "").strip().upper() or Gender.TOTAL
    if gender not in Gender.values:
        problems.append(_("the gender “%(gender)s” is not T, K or M") % {"gender": gender})
    text = row.values.get("value", "")
    value = Decimal(0)
    if not text.strip():
        problems.append(_("the value is missing"))
    else:
        try:
            value = parse_amount(text)
        except AmountError:
            problems.append(_("the value “%(value)s” cannot be read") % {"value": text.strip()})
        else:
            try:
                value = stored_value(value, text=text)
            except AmountError as error:
                problems.append(error.message)
    if problems:
        raise ValueError("; ".join(problems))
    unit = (row.values.get("unit") or row.values.get("enhet") or "").strip()
    return SheetValue(row.line, code, year, month, gender, value, unit)


class IndicatorHomes:
    """Finds the indicator copy a row's value goes on: the copy with that code in the row's
    fiscal year, else the nearest copy of the one lineage that uses the code."""

    def __init__(self, codes: set[str]) -> None:
        matched = list(Indicator.objects.filter(code__in=codes).select_related("fiscal_year"))
        self.lineages = Lineages.of(matched)
        self.by_year = {(i.code, i.fiscal_year.year): i for i in matched}
        self.by_code: dict[str, set[int]] = {}
        for indicator in matched:
            self.by_code.setdefault(indicator.code, set()).add(indicator.lineage_id)

    def home(self, code: str, year: int) -> Indicator:
        if (code, year) in self.by_year:
            return self.by_year[(code, year)]
        lineages = self.by_code.get(code, set())
        if not lineages:
            raise ValueError(_("unknown indicator “%(code)s”") % {"code": code})
        if len(lineages) > 1:
            raise ValueError(
                _(
                    "the code “%(code)s” belongs to several indicators and none of them "
                    "is in %(year)s"
                )
                % {"code": code, "year": year}
            )
        return self.lineages.home(next(iter(lineages)), year)


class UnitCodes:
    """The organisational units a file names, by code, each as valid in a line's year.

    A cell names a unit by its code, or by its code followed by its name (``KSF
    Kommunstyrelseförvaltningen``); empty, or the municipality's own code, is the whole
    municipality.
    """

    def __init__(self, texts: set[str], *, own_code: str) -> None:
        self.own_code = own_code
        codes = set()
        for text in texts:
            if text:
                codes.update({text, text.split()[0]})
        self.units: dict[str, list[OrgUnit]] = {}
        for unit in OrgUnit.objects.filter(code__in=codes).order_by("valid_from"):
            self.units.setdefault(unit.code, []).append(unit)

    def unit(self, text: str, year: int) -> OrgUnit | None:
        """The unit, None for the whole municipality; ValueError when there is none."""
        text = text.strip()
        if not text or text == self.own_code:
            return None
        for code in (text, text.split()[0]):
            for unit in self.units.get(code, []):
                if unit.valid_from <= year and (unit.valid_to is None or unit.valid_to >= year):
                    return unit
        raise ValueError(
            _("no unit has the code “%(code)s” in %(year)s") % {"code": text, "year": year}
        )


def own_municipality() -> Municipality:
    municipality = municipality_current()
    if municipality is None:
        raise ImportFailed(
            [Problem(None, _("No municipality is set up; its code is needed for its values."))]
        )
    return municipality


def indicator_values_read(data: bytes, *, file_name: str) -> list[IncomingValue]:
    """Every value of the sheet on its indicator copy; ImportFailed naming every problem."""
    rows = read_sheet(data, file_name=file_name, columns=COLUMNS)
    municipality = own_municipality()
    own_name = area_name(municipality.code) or municipality.name
    read: list[SheetValue] = []
    problems: list[Problem] = []
    for row in rows:
        try:
            read.append(_sheet_value(row))
        except ValueError as error:
            problems.append(Problem(row.line, str(error)))
    homes = IndicatorHomes({value.code for value in read})
    units = UnitCodes({value.unit for value in read}, own_code=municipality.code)
    incoming: list[IncomingValue] = []
    first_line: dict[tuple, int] = {}
    for value in read:
        try:
            indicator = homes.home(value.code, value.year)
            unit = units.unit(value.unit, value.year)
        except ValueError as error:
            problems.append(Problem(value.line, str(error)))
            continue
        if value.gender != Gender.TOTAL and not indicator.split_by_gender:
            message = _("“%(code)s” is not split by gender, so the gender must be T or empty")
            problems.append(Problem(value.line, message % {"code": value.code}))
            continue
        item = IncomingValue(
            indicator=indicator,
            year=value.year,
            month=value.month,
            gender=value.gender,
            area_code=municipality.code,
            area_name=own_name,
            value=value.value,
            org_unit=unit,
        )
        if item.key in first_line:
            message = _("the same indicator, period and gender as on line %(line)s")
            problems.append(Problem(value.line, message % {"line": first_line[item.key]}))
            continue
        first_line[item.key] = value.line
        incoming.append(item)
    if problems:
        raise ImportFailed(sorted(problems, key=lambda p: p.line or 0))
    if not incoming:
        raise ImportFailed([Problem(None, _("The file holds no values to import."))])
    return incoming


@transaction.atomic
def indicator_values_import(
    data: bytes, *, file_name: str, user: User | None = None
) -> ImportResult:
    """Import a sheet of the municipality's own values, all or nothing."""
    incoming = indicator_values_read(data, file_name=file_name)
    return ImportResult(tallies=values_store(incoming, source=Indicator.Source.IMPORTED, user=user))
