"""What the administration's forms share: the unit picker and the stale-edit guard's field."""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.db.models import Q, QuerySet
from django.db.models.functions import ExtractYear, Now
from django.utils.translation import gettext_lazy as _

from municipality.history.guard import SeenField, history_seen
from municipality.organisation.models import OrgUnit


def units_to_pick(*, keep: int | None = None) -> QuerySet[OrgUnit]:
    """The units valid this year or later, by committee in tree order, and ``keep`` (the
    unit a record already points at, though it may have ended).

    The year is the database's, read when the query runs: a form class built at start-up
    keeps offering the right units after New Year.
    """
    current = Q(valid_to__isnull=True) | Q(valid_to__gte=ExtractYear(Now()))
    if keep is not None:
        current |= Q(pk=keep)
    return (
        OrgUnit.objects.filter(current)
        .select_related("committee")
        .order_by("committee__order", "committee__name", "path")
    )


class UnitChoiceField(forms.ModelChoiceField):
    """A unit of the organisation, indented under its parent; empty is the whole municipality."""

    def __init__(self, *, keep: int | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Unit"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("empty_label", _("Whole municipality"))
        kwargs.setdefault("help_text", _("The role covers the unit and every unit below it."))
        super().__init__(queryset=units_to_pick(keep=keep), **kwargs)

    def label_from_instance(self, obj: OrgUnit) -> str:
        indent = "\u00a0\u00a0\u00a0" * obj.depth
        return f"{indent}{obj} ({obj.committee.short_code})"


class SeenModelForm(forms.ModelForm):
    """A model form that carries the version of its object it was shown with."""

    seen = SeenField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seen"].initial = history_seen(self.instance)

    @property
    def seen_version(self) -> int:
        return self.cleaned_data.get("seen") or 0


AnyForm = TypeVar("AnyForm", bound=forms.BaseForm)


def with_stale_error(form: AnyForm, stale: Exception) -> AnyForm:
    """``form``, unbound with the current values, carrying the refusal of a stale save."""
    form.cleaned_data = {}  # what add_error expects of a form it may take fields out of
    form.add_error(None, str(stale))
    return form
