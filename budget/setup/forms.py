"""The wizard's forms: the first administrator, then the municipality to set up."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import UserCreationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budget.ledger.presets import PRESETS
from budget.setup.services import MAX_YEARS, SetupRefused, setup_years
from municipality.organisation.models import Municipality
from municipality.people.models import User


class AdministratorForm(UserCreationForm):
    """The first account, before the database has any: the administrator of the installation."""

    class Meta:
        model = User
        fields = ("username", "first_name", "last_name", "email")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The rules as one sentence: the field's help is a paragraph, not a list.
        self.fields["password1"].help_text = " ".join(
            password_validation.password_validators_help_texts()
        )


class MunicipalityForm(forms.Form):
    """What ``municipality_setup`` needs, checked before the summary is shown."""

    name = forms.CharField(
        label=_("Name of the municipality"),
        max_length=Municipality._meta.get_field("name").max_length,
        help_text=_("As it should read in the reports, such as “Kalmar kommun”."),
    )
    code = forms.RegexField(
        label=_("Municipality code"),
        regex=r"^\d{4}$",
        error_messages={"invalid": _("Four digits, such as 0880.")},
        help_text=_("The four-digit code used by SCB and Kolada, such as 0880 for Kalmar."),
    )
    year = forms.IntegerField(label=_("First fiscal year"))
    years = forms.IntegerField(
        label=_("Number of fiscal years"),
        min_value=1,
        max_value=MAX_YEARS,
        initial=1,
        help_text=_("Each year gets the standard reporting periods and the report lines."),
    )
    lines = forms.ChoiceField(
        label=_("Report lines"),
        choices=[(key, preset.label) for key, preset in PRESETS.items()],
        initial="kommun-bas",
        help_text=_(
            "Where accounts roll up to in the operating statement. A starting point: the "
            "lines and their account ranges can be changed in the administration."
        ),
    )
    presentation = forms.ChoiceField(
        label=_("Sign presentation"),
        choices=Municipality.Sign.choices,
        initial=Municipality.Sign.RESULT,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        year, years = cleaned.get("year"), cleaned.get("years")
        if year is not None and years is not None:
            try:
                setup_years(year, years)
            except SetupRefused as error:
                self.add_error("year", error)
        return cleaned
