"""The municipality's settings, for the controller: its name and code, the sign its figures are
shown in, when a forecast must be explained, when reminders go out and which municipalities
the indicators are compared with.

Nothing keeps the municipality between requests (``municipality_current`` reads the row each
time), so a change holds on every page from the next request on.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from municipality.access import policy
from municipality.access.http import SignedInRequest
from municipality.formats.forms import AmountField
from municipality.history.guard import SeenField, StaleEdit, form_save_checked, history_seen
from municipality.history.pages import history_page
from municipality.organisation.models import Municipality
from municipality.organisation.selectors import municipality_current

Sign = Municipality.Sign

# What each presentation shows, as the controller chooses between them.
SIGN_EXPLANATIONS = {
    Sign.LEDGER: gettext_lazy(
        "As in the ledger and SIE files: costs positive, revenues negative, a unit's net cost "
        "positive (Kalmar's style: “Intäkter −266 590”). Deviation = budget − forecast."
    ),
    Sign.RESULT: gettext_lazy(
        "As in the result statement: revenues positive, costs and net costs negative (Örebro's "
        "style). Deviation = forecast − budget."
    ),
}
SIGN_NOTE = gettext_lazy(
    "Either way a positive deviation is better than budget. The figures themselves are stored "
    "once, in the ledger's sign: the choice changes only how every page, export and workbook "
    "shows them, from the next page you open."
)

FIELDSETS = (
    (gettext_lazy("The municipality"), ("name", "code")),
    (gettext_lazy("How amounts are shown"), ("presentation_sign",)),
    (
        gettext_lazy("When a forecast must be explained"),
        ("comment_threshold_amount", "comment_threshold_percent"),
    ),
    (gettext_lazy("Reminders"), ("reminder_days_before",)),
    (gettext_lazy("Kolada comparisons"), ("kolada_peers",)),
)

KOLADA_ID = re.compile(r"G?\d{4,6}")


def kolada_ids(peers: str) -> list[str]:
    """The Kolada ids of a ``kolada_peers`` text, in its order."""
    return [part.strip() for part in peers.split(",") if part.strip()]


def kolada_peers_clean(peers: str) -> str:
    """The ids as Kolada writes them: ``g33948,1480`` is stored as ``G33948, 1480``; each id
    once; ``ValidationError`` naming one that is not a Kolada id. The model's validator still
    checks the whole."""
    ids: list[str] = []
    for part in kolada_ids(peers.upper()):
        if not KOLADA_ID.fullmatch(part):
            raise forms.ValidationError(
                _(
                    "“%(id)s” is not a Kolada id: four digits such as 1480, or G and digits "
                    "such as G33948."
                )
                % {"id": part},
                code="kolada_id",
            )
        if part not in ids:
            ids.append(part)
    return ", ".join(ids)


class SettingsForm(forms.ModelForm):
    seen = SeenField()

    class Meta:
        model = Municipality
        fields = (
            "name",
            "code",
            "presentation_sign",
            "comment_threshold_amount",
            "comment_threshold_percent",
            "reminder_days_before",
            "kolada_peers",
        )
        widgets = {"presentation_sign": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Typed as Swedes write amounts, and refused with the column's message when too large.
        for name, unit in (("comment_threshold_amount", "kr"), ("comment_threshold_percent", "%")):
            column = Municipality._meta.get_field(name)
            assert isinstance(column, models.DecimalField)
            amount = column.formfield(form_class=AmountField, unit=unit)
            assert amount is not None
            self.fields[name] = amount
        # The radio buttons without the model field's empty choice.
        sign = self.fields["presentation_sign"]
        assert isinstance(sign, forms.ChoiceField)
        sign.choices = Sign.choices

    def clean_kolada_peers(self) -> str:
        return kolada_peers_clean(self.cleaned_data["kolada_peers"])

    def fieldsets(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(str(legend), [self[name] for name in names]) for legend, names in FIELDSETS]


def _municipality() -> Municipality:
    municipality = municipality_current()
    if municipality is None:  # the setup wizard creates it before any page is reached
        raise Http404(_("No municipality has been set up yet."))
    return municipality


def _render(
    request: SignedInRequest,
    form: SettingsForm,
    municipality: Municipality,
    *,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    """The page; ``municipality`` as stored (the form's instance holds what was typed)."""
    return render(
        request,
        "administration/settings.html",
        {
            "form": form,
            "municipality": municipality,
            "sign_explanations": SIGN_EXPLANATIONS,
            "sign_note": SIGN_NOTE,
            "peers": kolada_ids(municipality.kolada_peers),
            "refusal": refusal,
        },
        status=status,
    )


@policy.opens(policy.Page.ADMIN_SETTINGS)
def settings_edit(request: SignedInRequest) -> HttpResponse:
    municipality = _municipality()
    if request.method != "POST":
        form = SettingsForm(instance=municipality, initial={"seen": history_seen(municipality)})
        return _render(request, form, municipality)
    if not policy.can(request.user, policy.Action.MANAGE_SETTINGS):
        raise PermissionDenied
    form = SettingsForm(request.POST, instance=_municipality())
    if not form.is_valid():
        return _render(request, form, municipality, status=400)
    try:
        form_save_checked(form, seen=form.cleaned_data["seen"] or 0)
    except StaleEdit as stale:
        # The form again, with the values saved in between and their version.
        current = _municipality()
        form = SettingsForm(instance=current, initial={"seen": history_seen(current)})
        return _render(request, form, current, refusal=str(stale), status=409)
    messages.success(request, _("The settings are saved."))
    return redirect(policy.Page.ADMIN_SETTINGS.value)


@policy.opens(policy.Page.ADMIN_SETTINGS)
def settings_history(request: SignedInRequest) -> HttpResponse:
    return history_page(
        request,
        _municipality(),
        back_url=reverse(policy.Page.ADMIN_SETTINGS.value),
        back_label=_("Settings"),
    )
