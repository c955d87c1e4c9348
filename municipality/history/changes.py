"""An object's recorded changes, one row per changed field, as the history pages show them.

django-simple-history keeps a whole copy of the object at each save (``history``); a row here
is what differs between one copy and the one before it, with the values written as a person
reads them: a choice by its label, a related object by its name, an amount as Swedes write it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from municipality.formats.numbers import format_amount

if TYPE_CHECKING:
    from municipality.people.models import User


@dataclass(frozen=True)
class Change:
    """One change: the shape ``partials/audit_table.html`` shows (as ``AuditEntry`` has)."""

    at: datetime
    user: User | None
    label: str
    old_value: str
    new_value: str


def _fields(model: type[models.Model], excluded: Iterable[str]) -> list[models.Field]:
    skipped = set(excluded)
    return [
        field
        for field in model._meta.concrete_fields
        if field.name not in skipped and field.name != "id" and field.editable
    ]


def _decimal_text(value: Decimal) -> str:
    places = max(0, -int(value.normalize().as_tuple().exponent))
    return format_amount(value, decimals=min(places, 4))


def _written(field: models.Field, value: Any, names: dict[tuple[type, Any], str]) -> str:
    if value is None or value == "":
        return ""
    if field.is_relation:
        assert field.related_model is not None
        return names.get((field.related_model, value), f"#{value}")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, Decimal):
        return _decimal_text(value)
    return str(value)


def _related_names(
    model: type[models.Model], fields: Sequence[models.Field], records: Sequence[Any]
) -> dict[tuple[type, Any], str]:
    """The names of every related object the records point at, one query per related model."""
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    for field in fields:
        if field.is_relation and field.related_model is not None:
            for record in records:
                value = getattr(record, field.attname)
                if value is not None:
                    wanted[field.related_model].add(value)
    names: dict[tuple[type, Any], str] = {}
    for related, ids in wanted.items():
        for pk, obj in related._default_manager.in_bulk(ids).items():
            names[(related, pk)] = str(obj)
    return names


def object_changes(instance: models.Model) -> list[Change]:
    """Every recorded change of ``instance``, newest first: its creation, each changed field of
    each save, and its deletion; with the many-to-many fields the history follows."""
    manager = instance.history  # type: ignore[attr-defined]  # HistoricalRecords adds it
    records = list(manager.select_related("history_user").order_by("history_date", "history_id"))
    return changes_of(type(instance), records)[::-1]


def changes_of(model: type[models.Model], records: Sequence[Any]) -> list[Change]:
    """The changes between consecutive historical records of one object, oldest first."""
    if not records:
        return []
    excluded = getattr(records[0], "_history_excluded_fields", ()) or ()
    fields = _fields(model, excluded)
    names = _related_names(model, fields, records)
    m2m_names = [field.name for field in getattr(records[0], "_history_m2m_fields", ())]
    rows: list[Change] = []
    previous = None
    for record in records:
        who, when = record.history_user, record.history_date
        if record.history_type == "+":
            rows.append(Change(when, who, _("Created"), "", str(record.instance)))
        elif record.history_type == "-":
            rows.append(Change(when, who, _("Deleted"), str(record.instance), ""))
        elif previous is not None:
            for field in fields:
                old = getattr(previous, field.attname)
                new = getattr(record, field.attname)
                if old != new:
                    rows.append(
                        Change(
                            when,
                            who,
                            capfirst(str(field.verbose_name)),
                            _written(field, old, names),
                            _written(field, new, names),
                        )
                    )
            for name in m2m_names:
                old_set = _m2m_names(model, previous, name)
                new_set = _m2m_names(model, record, name)
                if old_set != new_set:
                    m2m = model._meta.get_field(name)
                    assert isinstance(m2m, models.ManyToManyField)
                    label = capfirst(str(m2m.verbose_name))
                    rows.append(Change(when, who, label, ", ".join(old_set), ", ".join(new_set)))
        previous = record
    return rows


def _m2m_names(model: type[models.Model], record: Any, name: str) -> list[str]:
    """The names of the objects a historical record's many-to-many field held then."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.ManyToManyField)
    target_id = f"{field.m2m_reverse_field_name()}_id"
    ids = [getattr(row, target_id) for row in getattr(record, name).all()]
    target = field.related_model
    assert isinstance(target, type)
    return sorted(str(obj) for obj in target._default_manager.filter(pk__in=ids))
