"""What the staff figures' upload page shows of a checked HR file before it is applied: per
indicator, and per indicator, unit and period, the values it would create, change and leave as
they are; and each value it would change, with the value now and the file's. And the apply of
exactly what the preview showed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from followup.indicators.charts.words import GENDER_LABELS, period_label, value_text
from followup.indicators.imports.staff import StaffPrepared, staff_apply
from followup.indicators.imports.store import ImportResult, IncomingValue
from municipality.models import User


class PreviewOutdated(Exception):
    """The stored values changed between the preview and the apply: nothing was written."""


def staff_fingerprint(prepared: StaffPrepared) -> str:
    """What applying would write, and over what: the same file against the same stored values
    gives the same fingerprint, and any other change to write another."""
    changes = sorted(
        (repr(value.key), str(value.value), str(old)) for value, old in prepared.changes
    )
    return hashlib.sha256(repr(changes).encode()).hexdigest()


@transaction.atomic
def staff_apply_previewed(
    prepared: StaffPrepared, *, user: User | None, fingerprint: str
) -> ImportResult:
    """Apply ``prepared`` if it writes exactly what the preview with ``fingerprint`` showed;
    else raise ``PreviewOutdated``, having written nothing.

    ``staff_apply`` compares the file with the stored values again under lock, in this
    transaction: what it wrote is rolled back when that comparison is not the preview's.
    """
    result = staff_apply(prepared, user=user)
    if staff_fingerprint(prepared) != fingerprint:
        raise PreviewOutdated
    return result


@dataclass
class StaffCount:
    """Values of one indicator (and of one unit and period, in the detail) by what happens."""

    indicator: str
    unit: str = ""
    period: str = ""
    created: int = 0
    changed: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class StaffChange:
    """A stored value the file changes."""

    line: int
    indicator: str
    unit: str
    period: str
    series: str
    now: str
    new: str


@dataclass
class StaffPreview:
    indicators: list[StaffCount]
    places: list[StaffCount]
    changes: list[StaffChange]

    @property
    def written(self) -> int:
        return sum(count.created + count.changed for count in self.indicators)


def _order(value: IncomingValue) -> tuple:
    unit = value.org_unit
    return (
        value.indicator.order,
        value.indicator.code,
        unit is not None,  # the municipality's first
        unit.code if unit is not None else "",
        value.year,
        value.month,
        "TKM".index(value.gender) if value.gender in "TKM" else 3,
    )


def staff_preview(prepared: StaffPrepared, *, municipality_name: str) -> StaffPreview:
    """The preview of ``prepared``; a value of the whole municipality is named
    ``municipality_name``."""
    old_values: dict[tuple, Decimal | None] = {value.key: old for value, old in prepared.changes}
    indicators: dict[str, StaffCount] = {}
    places: dict[tuple, StaffCount] = {}
    changes: list[StaffChange] = []
    for value in sorted(prepared.incoming, key=_order):
        indicator = value.indicator
        name = f"{indicator.code} {indicator.name}"
        unit = value.org_unit.name if value.org_unit is not None else municipality_name
        period = period_label(value.year, value.month)
        place_key = (indicator.code, unit, value.year, value.month)
        total = indicators.setdefault(indicator.code, StaffCount(indicator=name))
        place = places.setdefault(place_key, StaffCount(indicator=name, unit=unit, period=period))
        if value.key not in old_values:
            total.unchanged += 1
            place.unchanged += 1
            continue
        old = old_values[value.key]
        if old is None:
            total.created += 1
            place.created += 1
            continue
        total.changed += 1
        place.changed += 1
        changes.append(
            StaffChange(
                line=prepared.lines[value.key],
                indicator=name,
                unit=unit,
                period=period,
                series=str(GENDER_LABELS[value.gender]),
                now=value_text(indicator, old),
                new=value_text(indicator, value.value),
            )
        )
    return StaffPreview(
        indicators=list(indicators.values()), places=list(places.values()), changes=changes
    )
