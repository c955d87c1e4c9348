"""The upload form of the import page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from budget.ledger.models import ImportBatch

MAX_UPLOAD_BYTES = 500 * 1024 * 1024


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=ImportBatch.Kind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "SIE (.se, .si), or Excel (.xlsx) or CSV with the columns "
            "year;month;unit;account;amount (actuals) or year;unit;account;amount, "
            "with group instead of account if you like (budget)."
        ),
    )
    dimension = forms.IntegerField(
        label=_("Object dimension of the responsibility unit"),
        min_value=1,
        initial=1,
        help_text=_("SIE only: the dimension whose objects are the unit codes (usually 1)."),
    )
    default_unit = forms.CharField(
        label=_("Unit for amounts without an object"),
        required=False,
        max_length=20,
        help_text=_("SIE only: a unit code, if the file books some amounts on no unit."),
    )
    budget_version = forms.CharField(
        label=_("Budget version"),
        required=False,
        max_length=100,
        help_text=_(
            "For a budget, or for the #PBUDGET rows of an SIE file. A new name creates "
            "a version; an existing one is replaced."
        ),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 500 MB."))
        return upload

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("kind") == ImportBatch.Kind.BUDGET and not data.get("budget_version"):
            self.add_error("budget_version", _("Name the budget version the file holds."))
        return data
