"""The Kolada page's two forms: the peers (``Municipality.kolada_peers``, checked as the
settings page checks them) and the year's indicators whose KPIs are fetched."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from followup.indicators.models import Indicator
from municipality.administration.municipality_settings import kolada_peers_clean
from municipality.history.guard import SeenField, history_check
from municipality.models import Municipality


class KoladaPeersForm(forms.ModelForm):
    """The municipalities and Kolada groups the indicators are compared with."""

    seen = SeenField()

    class Meta:
        model = Municipality
        fields = ("kolada_peers",)

    def clean_kolada_peers(self) -> str:
        return kolada_peers_clean(self.cleaned_data["kolada_peers"])


class IndicatorChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Indicator) -> str:
        return f"{obj.kolada_kpi} · {obj.code} {obj.name}"


def indicators_seen(indicators: Sequence[Indicator]) -> int:
    """The newest historical record of any of ``indicators`` (history ids grow across the
    table, so any later change to one of them has a larger id)."""
    records = Indicator.history.filter(id__in=[i.pk for i in indicators])
    return records.aggregate(newest=Max("history_id"))["newest"] or 0


class KoladaIndicatorsForm(forms.Form):
    """The year's indicators with a Kolada KPI: those ticked are fetched, the others not."""

    fetched = IndicatorChoice(
        queryset=Indicator.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Fetched from Kolada"),
    )
    seen = SeenField()

    def __init__(self, *args: Any, indicators: Sequence[Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        field = cast(forms.ModelMultipleChoiceField, self.fields["fetched"])
        field.queryset = Indicator.objects.filter(pk__in=[i.pk for i in self.indicators])
        # The choices are the indicators already read, in their order, without another query.
        field.choices = [(i.pk, field.label_from_instance(i)) for i in self.indicators]
        self.initial.setdefault("fetched", [i.pk for i in self.indicators if i.kolada_fetched])
        self.initial.setdefault("seen", indicators_seen(self.indicators))

    def save(self) -> int:
        """Switch fetching on or off as ticked; returns how many indicators changed. Raises
        ``StaleEdit`` if one of them was saved by someone else after the form was shown."""
        chosen = {indicator.pk for indicator in self.cleaned_data["fetched"]}
        seen = self.cleaned_data["seen"] or 0
        changed = 0
        with transaction.atomic():
            for indicator in self.indicators:
                history_check(indicator, seen)
            for indicator in self.indicators:
                fetched = indicator.pk in chosen
                if indicator.kolada_fetched != fetched:
                    indicator.kolada_fetched = fetched
                    indicator.save(update_fields=["kolada_fetched"])
                    changed += 1
        return changed
