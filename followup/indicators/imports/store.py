"""Where imported indicator values go, and how they are written: one upsert for every importer.

A value for year Y of an indicator is stored on the copy of its lineage whose fiscal year is Y,
or the nearest copy (``followup.indicators.values.value_home``), keyed on (indicator, year, month,
gender, area, unit). Importing the same values again changes nothing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from followup.indicators.models import Indicator, IndicatorValue
from followup.indicators.signals import values_stored
from followup.indicators.values import lineage_filter, value_home
from municipality.formats.numbers import amount_to_store
from municipality.models import OrgUnit, User


def stored_value(value: Decimal, *, text: str | None = None) -> Decimal:
    """``value`` as the database keeps it: rounded to four decimals, far below any indicator's
    shown precision (Excel hands over 3.9 as 3.9000000000000004).

    Raises ``AmountError`` (a ValueError), with a message for the user quoting ``text`` or the
    value, when the value is too large to keep.
    """
    column = IndicatorValue._meta.get_field("value")
    return amount_to_store(value, column=column, text=text, unit="")


class Lineages:
    """Indicators by lineage, each lineage with all its yearly copies."""

    def __init__(self, members: Iterable[Indicator]) -> None:
        self.members: dict[int, list[Indicator]] = defaultdict(list)
        for member in members:
            self.members[member.lineage_id].append(member)

    @classmethod
    def of(cls, indicators: Sequence[Indicator]) -> Lineages:
        """The whole lineages of ``indicators``, in one query."""
        if not indicators:
            return cls([])
        members = Indicator.objects.filter(lineage_filter(indicators)).select_related("fiscal_year")
        return cls(members)

    def home(self, lineage_id: int, year: int) -> Indicator:
        """The copy of a lineage a value for ``year`` is stored on."""
        return value_home(self.members[lineage_id], year)


@dataclass(frozen=True)
class IncomingValue:
    """A value to store on ``indicator``, the copy ``Lineages.home`` chose for its year."""

    indicator: Indicator
    year: int
    month: int
    gender: str
    area_code: str
    area_name: str
    value: Decimal
    org_unit: OrgUnit | None = None  # a unit's value; None: the whole area's

    @property
    def key(self) -> tuple[int, int, int, str, str, int | None]:
        unit = self.org_unit.pk if self.org_unit is not None else None
        return (self.indicator.pk, self.year, self.month, self.gender, self.area_code, unit)


@dataclass
class Tally:
    created: int = 0
    changed: int = 0
    unchanged: int = 0


@dataclass
class ImportResult:
    """What an import did: per indicator (the copy written to), and what it left out and why."""

    tallies: dict[Indicator, Tally] = field(default_factory=dict)
    skipped: Counter[str] = field(default_factory=Counter)

    @property
    def written(self) -> int:
        return sum(t.created + t.changed for t in self.tallies.values())


@transaction.atomic
def values_store(
    incoming: Sequence[IncomingValue], *, source: str, user: User | None
) -> dict[Indicator, Tally]:
    """Create or update each value; one that is already as given is left alone.

    The caller has made the keys unique. One transaction: an error writes nothing.
    """
    keys = [value.key for value in incoming]
    if len(set(keys)) != len(keys):
        raise ValueError("values_store() was given the same value twice")
    tallies: dict[Indicator, Tally] = {}
    if not incoming:
        return tallies
    existing = {
        (v.indicator_id, v.year, v.month, v.gender, v.area_code, v.org_unit_id): v
        for v in IndicatorValue.objects.select_for_update().filter(
            indicator__in={value.indicator.pk for value in incoming},
            year__in={value.year for value in incoming},
            area_code__in={value.area_code for value in incoming},
        )
    }
    now = timezone.now()
    to_create: list[IndicatorValue] = []
    to_update: list[IndicatorValue] = []
    for value in incoming:
        tally = tallies.setdefault(value.indicator, Tally())
        current = existing.get(value.key)
        if current is None:
            tally.created += 1
            to_create.append(
                IndicatorValue(
                    indicator=value.indicator,
                    year=value.year,
                    month=value.month,
                    gender=value.gender,
                    area_code=value.area_code,
                    area_name=value.area_name,
                    org_unit=value.org_unit,
                    value=value.value,
                    source=source,
                    updated_by=user,
                )
            )
        elif (current.value, current.area_name, current.source) == (
            value.value,
            value.area_name,
            source,
        ):
            tally.unchanged += 1
        else:
            tally.changed += 1
            current.value = value.value
            current.area_name = value.area_name
            current.source = source
            current.updated_by = user
            current.updated_at = now  # bulk_update does not apply auto_now
            to_update.append(current)
    IndicatorValue.objects.bulk_create(to_create, batch_size=1000)
    IndicatorValue.objects.bulk_update(
        to_update,
        ["value", "area_name", "source", "updated_by", "updated_at"],
        batch_size=1000,
    )
    if to_create or to_update:
        written = frozenset(value.indicator_id for value in [*to_create, *to_update])
        transaction.on_commit(lambda: values_stored.send(IndicatorValue, indicator_ids=written))
    return tallies
