"""The form of a directory group's role."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from municipality.administration.forms import SeenModelForm, UnitChoiceField
from municipality.history.guard import SeenField
from municipality.people.models import DirectoryGroupRole


class MappingForm(SeenModelForm):
    class Meta:
        model = DirectoryGroupRole
        fields = ("group", "role", "unit", "description")
        help_texts = {
            "group": _(
                "As the sign-in's groups claim sends it: the group's name (Keycloak, AD FS) or "
                "its object id (Microsoft Entra ID)."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"] = UnitChoiceField(
            keep=self.instance.unit_id,
            help_text=_(
                "The role covers the unit and every unit below it. Controllers and "
                "administrators work for the whole municipality."
            ),
        )

    def clean_group(self) -> str:
        return self.cleaned_data["group"].strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        group, role = data.get("group"), data.get("role")
        if group and role:
            twins = DirectoryGroupRole.objects.filter(
                group=group, role=role, unit=data.get("unit")
            ).exclude(pk=self.instance.pk)
            if twins.exists():
                self.add_error("group", _("This group already gives this role on this unit."))
        return data

    def validate_unique(self) -> None:
        """``clean`` says it in words; the database's constraints stay the last guard."""


class MappingDeleteForm(forms.Form):
    seen = SeenField()
    remove_now = forms.BooleanField(
        label=_("Also take away the roles it gave, now"),
        required=False,
        help_text=_(
            "Otherwise each person keeps the role until their next sign-in, when the sign-in "
            "takes it away."
        ),
    )
