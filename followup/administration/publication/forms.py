"""The publication page's forms: the settings, and one form per list (the year's committees,
units and indicators), each row carrying the version it was shown at."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from followup.indicators.models import Indicator
from followup.public.models import Publication
from municipality.history.guard import SeenField, history_seen_many
from municipality.organisation.models import Committee, OrgUnit


class PublicationForm(forms.ModelForm):
    seen = SeenField()

    class Meta:
        model = Publication
        fields = (
            "enabled",
            "goal_status",
            "indicators",
            "finance",
            "reports",
            "open_data",
            "introduction",
            "contact_email",
            "licence",
        )
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 3}),
            "licence": forms.RadioSelect,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("seen", 0)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # The catalogue the open-data portal harvests must name whom to ask (DCAT-AP-SE).
        if data.get("enabled") and data.get("open_data") and not data.get("contact_email"):
            self.add_error(
                "contact_email",
                _("Open data needs a contact e-mail: the open-data portal shows it."),
            )
        return data

    def switches(self) -> list[forms.BoundField]:
        return [self[name] for name in ("goal_status", "indicators", "finance", "reports")]


class RowForm(forms.ModelForm):
    """A row of a list: its fields are labelled with the row's name for screen readers, since
    the list's column headings are their only visible labels; they show no help text of their
    own, so they point screen readers to none."""

    seen = SeenField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name = str(self.instance)
        for field_name, field in self.fields.items():
            if field_name != "seen":
                field.widget.attrs["aria-label"] = f"{name}: {field.label}"
                field.help_text = ""


class CommitteePublicationForm(RowForm):
    class Meta:
        model = Committee
        fields = ("published",)


class UnitPublicationForm(RowForm):
    class Meta:
        model = OrgUnit
        fields = ("published", "public_category", "kolada_ou")
        labels = {"public_category": gettext_lazy("Category")}
        widgets = {"kolada_ou": forms.TextInput(attrs={"size": 16, "spellcheck": "false"})}

    def clean_kolada_ou(self) -> str:
        # Typed in lower case or with spaces it is still the id; the model's validator checks
        # the cleaned id.
        return str(self.cleaned_data["kolada_ou"]).strip().upper()


class IndicatorPublicationForm(RowForm):
    class Meta:
        model = Indicator
        fields = ("published",)


class CheckedFormSet(forms.BaseModelFormSet):
    """One list's rows, each with the version (``seen``) of its object when the list was shown,
    read for the whole list in one query."""

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        kwargs = super().get_form_kwargs(index)
        if not self.is_bound and index is not None:
            kwargs["initial"] = {"seen": self._seen.get(self.get_queryset()[index].pk, 0)}
        return kwargs

    @property
    def _seen(self) -> dict[int, int]:
        if not hasattr(self, "_seen_cache"):
            pks = [obj.pk for obj in self.get_queryset()]
            self._seen_cache = history_seen_many(cast(type[models.Model], self.model), pks)
        return self._seen_cache

    def clean(self) -> None:
        super().clean()
        # A row not of the list (another year's, or deleted since) is not changed from here.
        if any(form.instance.pk is None for form in self.forms):
            raise forms.ValidationError(
                _("The list has changed since it was shown: open the page again."),
                code="stale_list",
            )

    def changed_forms(self) -> list[forms.ModelForm]:
        """The rows whose values differ from what is stored (the version is no value)."""
        return [
            form
            for form in cast(Sequence[forms.ModelForm], self.forms)
            if form.instance.pk is not None and any(n != "seen" for n in form.changed_data)
        ]


class CheckedUnitFormSet(CheckedFormSet):
    def clean(self) -> None:
        super().clean()
        # Two units with one Kolada id would show each other's comparisons.
        owners: dict[str, OrgUnit] = {}
        for form in self.forms:
            kolada_ou = form.cleaned_data.get("kolada_ou")
            if not kolada_ou:
                continue
            if kolada_ou in owners:
                form.add_error(
                    "kolada_ou",
                    _("%(unit)s has this Kolada unit id too.") % {"unit": owners[kolada_ou]},
                )
            else:
                owners[kolada_ou] = form.instance


def _formset(form: type[forms.ModelForm], base: type[CheckedFormSet]) -> type[CheckedFormSet]:
    return cast(
        type[CheckedFormSet],
        forms.modelformset_factory(
            cast(type[models.Model], form._meta.model),
            form=form,
            formset=base,
            extra=0,
            edit_only=True,
        ),
    )


CommitteeFormSet = _formset(CommitteePublicationForm, CheckedFormSet)
UnitFormSet = _formset(UnitPublicationForm, CheckedUnitFormSet)
IndicatorFormSet = _formset(IndicatorPublicationForm, CheckedFormSet)
