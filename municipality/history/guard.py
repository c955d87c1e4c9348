"""Two people editing the same master data never overwrite each other unseen.

A form shows the object together with the id of its newest historical record
(``history_seen``); saving checks, with the object's row locked, that no newer record has been
written since (``history_check``). If one has, ``StaleEdit`` says who saved what when, and the
form is shown again with their values instead of silently replacing them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from municipality.formats.times import format_time

if TYPE_CHECKING:
    from municipality.people.models import User


@dataclass
class StaleEdit(Exception):
    """The object was saved by someone else after the editor loaded it."""

    by: User | None
    at: datetime

    def __str__(self) -> str:
        return _(
            "%(who)s saved this at %(time)s, after you opened it; your changes were not saved. "
            "Their values are shown: make your changes again."
        ) % {"who": self.by or _("Someone"), "time": format_time(self.at)}


def history_seen(instance: models.Model) -> int:
    """The id of ``instance``'s newest historical record; 0 when it has none (not yet saved, or
    saved before its history was kept)."""
    if instance.pk is None:
        return 0
    manager = instance.history  # type: ignore[attr-defined]  # HistoricalRecords adds it
    return manager.order_by("-history_id").values_list("history_id", flat=True).first() or 0


def history_seen_many(model: type[models.Model], pks: list[int]) -> dict[int, int]:
    """``history_seen`` of many objects of ``model`` at once, by primary key (one query), for a
    list whose every row is a form."""
    historical = model.history.model  # type: ignore[attr-defined]  # HistoricalRecords adds it
    rows = (
        historical.objects.filter(id__in=pks)
        .values("id")
        .annotate(newest=models.Max("history_id"))
        .values_list("id", "newest")
    )
    return dict(rows)


def history_check(instance: models.Model, seen: int) -> None:
    """Lock ``instance``'s row for the transaction and refuse if it changed after ``seen``.

    Call inside ``transaction.atomic``, before saving.
    """
    if instance.pk is None:
        return
    type(instance)._default_manager.select_for_update().filter(pk=instance.pk).exists()
    manager = instance.history  # type: ignore[attr-defined]
    newer = (
        manager.filter(history_id__gt=seen)
        .select_related("history_user")
        .order_by("-history_id")
        .first()
    )
    if newer is not None:
        raise StaleEdit(by=newer.history_user, at=newer.history_date)


def form_save_checked(form: forms.ModelForm, *, seen: int) -> Any:
    """Save a valid model form unless its object changed after ``seen`` (``StaleEdit``).

    The request's user is recorded as the author of the historical record by
    simple-history's ``HistoryRequestMiddleware``.
    """
    with transaction.atomic():
        history_check(form.instance, seen)
        return form.save()


class SeenField(forms.IntegerField):
    """The hidden field that carries ``history_seen`` from the form shown to the save."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("label", gettext_lazy("version"))
        super().__init__(**kwargs)
