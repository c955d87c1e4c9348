"""The people pages' forms: a user's details, a new local user, a role to give, a password."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from municipality.administration.forms import SeenModelForm, UnitChoiceField
from municipality.history.guard import SeenField, history_seen
from municipality.people.models import Role, RoleAssignment, User

ANY = ""
ACTIVE, INACTIVE = "active", "inactive"


class UserFilterForm(forms.Form):
    """The user list's search and filters (GET)."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        help_text=_("Name, username, e-mail or employee id."),
    )
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[(ANY, _("Any role")), *Role.choices]
    )
    unit = UnitChoiceField(
        empty_label=_("Any unit"), help_text=_("Roles on the unit or a unit below it.")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[(ANY, _("Active and inactive")), (ACTIVE, _("Active")), (INACTIVE, _("Inactive"))],
    )


class UserDetailsForm(SeenModelForm):
    class Meta:
        model = User
        fields = ("first_name", "last_name", "email", "employee_id", "username")


class LocalUserForm(forms.ModelForm):
    """A user who signs in with a password kept by Tertial (demo and password mode)."""

    class Meta:
        model = User
        fields = ("username", "first_name", "last_name", "email", "employee_id")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name"):
            self.fields[name].required = True

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        user.set_unusable_password()  # until the administrator sets one on the next page
        if commit:
            user.save()
        return user


class RoleGiveForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit = UnitChoiceField(
        help_text=_(
            "The role covers the unit and every unit below it. Controllers and administrators "
            "work for the whole municipality."
        )
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role, unit = data.get("role"), data.get("unit")
        if role:
            # The model says which roles are municipality-wide; its refusal names the field.
            candidate = RoleAssignment(user=self.user, role=role, unit=unit)
            try:
                candidate.clean()
            except ValidationError as refusal:
                self.add_error(None, refusal)
        return data


class PasswordForm(SetPasswordForm):
    """Django's set-password form, with its validators, and the user's version."""

    seen = SeenField()

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.fields["seen"].initial = history_seen(user)


class ActiveForm(forms.Form):
    """Deactivate (``active`` false) or reactivate a user, at the version shown."""

    active = forms.BooleanField(required=False, widget=forms.HiddenInput)
    seen = SeenField()


class SeenForm(forms.Form):
    """Only the version of the object shown (taking away a role)."""

    seen = SeenField()
