"""Staff figures from an HR system's export (Heroma, Personec, Visma Lön): sick leave, short-term
sick leave, employees and full-time equivalents per unit and period, each total, women and men.

Two layouts are read, .xlsx or .csv (semicolons as Swedish Excel writes them), headers in any
case and order:

* wide, a column per measure and gender:
  ``År;Månad;Enhet;Sjukfrånvaro totalt;Sjukfrånvaro kvinnor;Sjukfrånvaro män;…``
* long, a line per measure: ``År;Månad;Enhet;Mått;Totalt;Kvinnor;Män``

``Månad`` may be left out or empty: the value is the whole year's (month 12). ``Enhet`` is an
organisational unit's code (a code followed by its name, ``KSF Kommunstyrelseförvaltningen``,
is read too), or empty or the municipality's code for the whole municipality. A measure is one
of :data:`MEASURES` (by its Swedish name), or in the long layout an indicator's code itself.
Each measure goes to the indicator whose code :func:`staff_codes` gives (the setting
``STAFF_INDICATOR_CODES`` changes the defaults). A percentage must lie between 0 and 100, a
number of people or days must not be negative. An empty cell is no value; other columns are
read past.

As every import: the file is read whole and refused whole, each problem named by its line; a
preview says what would be created and changed; applying is one transaction; importing the
same file again changes nothing; a value of a locked period is not changed; every change is in
the audit trail with who and when.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from budget.ledger.imports.actuals import locked_months
from budget.ledger.imports.errors import ImportFailed, Problem
from budget.ledger.imports.tabular import SheetRow, read_sheet
from followup.indicators.charts.words import GENDER_LABELS, period_label
from followup.indicators.imports.indicators import IndicatorHomes, UnitCodes, own_municipality
from followup.indicators.imports.kolada_areas import area_name
from followup.indicators.imports.store import (
    ImportResult,
    IncomingValue,
    Tally,
    stored_value,
    values_store,
)
from followup.indicators.models import Gender, Indicator, IndicatorValue
from municipality.editing.gate import audit_value
from municipality.editing.models import AuditEntry
from municipality.formats.numbers import AmountError, parse_amount
from municipality.models import User

# The measures an HR export carries, by the name its header or ``Mått`` gives them, and the
# code of the indicator each goes to unless STAFF_INDICATOR_CODES says otherwise. The codes
# begin with SJUK or PERS: the reports' staff sections show those indicators.
MEASURES: dict[str, str] = {
    "sjukfrånvaro": "SJUK",
    "korttidssjukfrånvaro": "SJUK-KORT",
    "antal anställda": "PERS",
    "årsarbetare": "PERS-AA",
}
# Other names HR systems give the same measures.
MEASURE_ALIASES: dict[str, str] = {
    "sjukfrånvaro totalt": "sjukfrånvaro",
    "sjukfrånvaro i procent av arbetstiden": "sjukfrånvaro",
    "korttidssjukfrånvaro dag 1-14": "korttidssjukfrånvaro",
    "anställda": "antal anställda",
    "antal årsarbetare": "årsarbetare",
    "åa": "årsarbetare",
}
GENDER_WORDS: dict[str, str] = {
    "totalt": Gender.TOTAL,
    "tot": Gender.TOTAL,
    "kvinnor": Gender.WOMEN,
    "k": Gender.WOMEN,
    "män": Gender.MEN,
    "m": Gender.MEN,
}
YEARS = range(1900, 2101)


def staff_codes() -> dict[str, str]:
    """Each measure's indicator code: the defaults, with the setting's changes."""
    codes = dict(MEASURES)
    codes.update({k.lower(): v for k, v in settings.STAFF_INDICATOR_CODES.items()})
    return codes


def _measure(text: str) -> str:
    name = " ".join(text.lower().split())
    return MEASURE_ALIASES.get(name, name)


@dataclass(frozen=True)
class StaffCell:
    """One value of the file: its line, measure (or indicator code) and where it goes."""

    line: int
    measure: str
    year: int
    month: int
    unit_text: str
    gender: str
    text: str


@dataclass
class StaffPrepared:
    """A read and checked file: the values to write, and what writing them would do."""

    file_name: str
    incoming: list[IncomingValue]
    lines: dict[tuple, int]
    tallies: dict[Indicator, Tally] = field(default_factory=dict)
    changes: list[tuple[IncomingValue, Decimal | None]] = field(default_factory=list)

    @property
    def result(self) -> ImportResult:
        """What applying would do, as an import's result says what it did."""
        return ImportResult(tallies=self.tallies)


def _wide_columns(header: Iterable[str]) -> dict[str, tuple[str, str]]:
    """The wide layout's value columns: header → (measure, gender)."""
    codes = staff_codes()
    columns = {}
    for name in header:
        words = name.rsplit(" ", 1)
        if len(words) == 2 and words[1] in GENDER_WORDS and _measure(words[0]) in codes:
            columns[name] = (_measure(words[0]), GENDER_WORDS[words[1]])
    return columns


def _int(text: str) -> int | None:
    text = text.strip()
    if text.endswith(",0"):  # a number typed into Excel: 2019,0
        text = text[:-2]
    return int(text) if text.isdigit() else None


def _cells(rows: list[SheetRow]) -> tuple[list[StaffCell], list[Problem]]:
    """The file's values, one per measure and gender; the problems of year, month and layout."""
    problems: list[Problem] = []
    cells: list[StaffCell] = []
    header = list(rows[0].values) if rows else []
    long = "mått" in header
    wide = {} if long else _wide_columns(header)
    if not long and not wide:
        names = ", ".join(f"“{name} totalt”" for name in MEASURES)
        raise ImportFailed(
            [
                Problem(
                    1,
                    _(
                        "The header names no measure: a column “mått” (with “totalt”, “kvinnor”, "
                        "“män”) or columns such as %(names)s are needed."
                    )
                    % {"names": names},
                )
            ]
        )
    for row in rows:
        row_problems = []
        year = _int(row.values.get("år", ""))
        if year is None or year not in YEARS:
            row_problems.append(
                _("the year “%(year)s” is not a year such as 2019")
                % {"year": row.values.get("år", "")}
            )
        month_text = row.values.get("månad", "").strip()
        month = 12 if not month_text else _int(month_text)
        if month is None or not 1 <= month <= 12:
            row_problems.append(
                _("the month “%(month)s” is not a number from 1 to 12") % {"month": month_text}
            )
        if row_problems:
            problems.append(Problem(row.line, "; ".join(row_problems)))
            continue
        assert year is not None and month is not None
        unit_text = row.values.get("enhet", "").strip()
        if long:
            measure = _measure(row.values.get("mått", ""))
            if not measure:
                problems.append(Problem(row.line, _("the measure (mått) is missing")))
                continue
            for column, gender in (("totalt", "T"), ("kvinnor", "K"), ("män", "M")):
                text = row.values.get(column, "").strip()
                if text:
                    cells.append(StaffCell(row.line, measure, year, month, unit_text, gender, text))
        else:
            for column, (measure, gender) in wide.items():
                text = row.values.get(column, "").strip()
                if text:
                    cells.append(StaffCell(row.line, measure, year, month, unit_text, gender, text))
    return cells, problems


def _value(cell: StaffCell, indicator: Indicator) -> Decimal:
    """The cell's value, checked against the indicator's unit; ValueError saying why not."""
    try:
        value = parse_amount(cell.text)
    except AmountError as error:
        raise ValueError(
            _("the value “%(value)s” cannot be read") % {"value": cell.text}
        ) from error
    try:
        value = stored_value(value, text=cell.text)
    except AmountError as error:
        raise ValueError(error.message) from error
    if value < 0:
        raise ValueError(
            _("%(name)s cannot be negative (%(value)s)")
            % {"name": indicator.name, "value": cell.text}
        )
    if indicator.unit == Indicator.Unit.PERCENT and value > 100:
        raise ValueError(
            _("%(name)s is a percentage and cannot be over 100 (%(value)s)")
            % {"name": indicator.name, "value": cell.text}
        )
    return value


def staff_prepare(data: bytes, *, file_name: str) -> StaffPrepared:
    """Read and check the file, and work out what importing it would do; nothing is written.

    Raises ImportFailed naming every problem by its line.
    """
    rows = read_sheet(data, file_name=file_name, columns=(("år",), ("enhet",)))
    if not rows:
        raise ImportFailed([Problem(None, _("The file holds no values to import."))])
    municipality = own_municipality()
    own_name = area_name(municipality.code) or municipality.name
    cells, problems = _cells(rows)
    codes = staff_codes()
    homes = IndicatorHomes({codes.get(cell.measure, cell.measure.upper()) for cell in cells})
    units = UnitCodes({cell.unit_text for cell in cells}, own_code=municipality.code)
    incoming: list[IncomingValue] = []
    lines: dict[tuple, int] = {}
    for cell in cells:
        code = codes.get(cell.measure, cell.measure.upper())
        try:
            indicator = homes.home(code, cell.year)
            unit = units.unit(cell.unit_text, cell.year)
            if cell.gender != Gender.TOTAL and not indicator.split_by_gender:
                raise ValueError(
                    _("“%(code)s” is not split by gender, so it has no value for %(series)s")
                    % {"code": code, "series": str(GENDER_LABELS[cell.gender]).lower()}
                )
            value = _value(cell, indicator)
        except ValueError as error:
            problems.append(Problem(cell.line, str(error)))
            continue
        item = IncomingValue(
            indicator=indicator,
            year=cell.year,
            month=cell.month,
            gender=cell.gender,
            area_code=municipality.code,
            area_name=own_name,
            value=value,
            org_unit=unit,
        )
        if item.key in lines:
            message = _("the same measure, period, unit and gender as on line %(line)s")
            problems.append(Problem(cell.line, message % {"line": lines[item.key]}))
            continue
        lines[item.key] = cell.line
        incoming.append(item)
    if problems:
        raise ImportFailed(_unique(problems))
    if not incoming:
        raise ImportFailed([Problem(None, _("The file holds no values to import."))])
    prepared = StaffPrepared(file_name=file_name, incoming=incoming, lines=lines)
    _compare(prepared)
    return prepared


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[int | None, str]] = set()
    result = []
    for problem in sorted(problems, key=lambda p: p.line or 0):
        if (problem.line, problem.message) not in seen:
            seen.add((problem.line, problem.message))
            result.append(problem)
    return result


def _stored(incoming: list[IncomingValue], *, for_update: bool) -> dict[tuple, IndicatorValue]:
    values = IndicatorValue.objects.filter(
        indicator__in={value.indicator.pk for value in incoming},
        year__in={value.year for value in incoming},
        area_code__in={value.area_code for value in incoming},
    )
    if for_update:
        values = values.select_for_update()
    return {
        (v.indicator_id, v.year, v.month, v.gender, v.area_code, v.org_unit_id): v for v in values
    }


def _compare(prepared: StaffPrepared, *, for_update: bool = False) -> None:
    """Tally what writing would do, and refuse a change to a locked period's value."""
    stored = _stored(prepared.incoming, for_update=for_update)
    prepared.tallies, prepared.changes = {}, []
    changed_months: dict[int, set[int]] = {}
    for value in prepared.incoming:
        tally = prepared.tallies.setdefault(value.indicator, Tally())
        current = stored.get(value.key)
        if current is None:
            tally.created += 1
        elif current.value == value.value and current.source == Indicator.Source.IMPORTED:
            tally.unchanged += 1
            continue
        else:
            tally.changed += 1
        prepared.changes.append((value, current.value if current else None))
        changed_months.setdefault(value.year, set()).add(value.month)
    locked = {
        (year, month): period
        for year, months in changed_months.items()
        for month, period in locked_months(year, months)
    }
    problems = [
        Problem(
            prepared.lines[value.key],
            _(
                "%(period)s is locked after decision: the value of %(name)s for %(when)s "
                "cannot be changed"
            )
            % {
                "period": locked[(value.year, value.month)].name,
                "name": value.indicator.name,
                "when": period_label(value.year, value.month),
            },
        )
        for value, _old in prepared.changes
        if (value.year, value.month) in locked
    ]
    if problems:
        raise ImportFailed(_unique(problems))


@transaction.atomic
def staff_apply(prepared: StaffPrepared, *, user: User | None) -> ImportResult:
    """Write a prepared file, all or nothing, each change in the audit trail.

    The stored values are read again under lock: a value or a period's lock may have changed
    since the preview.
    """
    _compare(prepared, for_update=True)
    changed = [value for value, _old in prepared.changes]
    values_store(changed, source=Indicator.Source.IMPORTED, user=user)
    stored = _stored(changed, for_update=False) if changed else {}
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(IndicatorValue)
    entries = []
    for value, old in prepared.changes:
        label = _("%(indicator)s, %(period)s, %(series)s") % {
            "indicator": value.indicator.name,
            "period": period_label(value.year, value.month),
            "series": str(GENDER_LABELS[value.gender]).lower(),
        }
        if value.org_unit is not None:
            label = f"{label}, {value.org_unit.name}"
        entries.append(
            AuditEntry(
                content_type=content_type,
                object_id=stored[value.key].pk,
                field="value",
                label=label[:300],
                old_value=audit_value(old),
                new_value=audit_value(value.value),
                user=user,
                at=now,
                unit=value.org_unit,
            )
        )
    AuditEntry.objects.bulk_create(entries, batch_size=1000)
    return ImportResult(tallies=prepared.tallies)


def staff_import(data: bytes, *, file_name: str, user: User | None = None) -> ImportResult:
    """Read, check and write an HR file in one go (the command previews first)."""
    return staff_apply(staff_prepare(data, file_name=file_name), user=user)
