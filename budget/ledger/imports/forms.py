"""The upload form of the import page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from budget.ledger.models import ImportBatch

MAX_UPLOAD_BYTES = 500 * 1024 * 1024


def _dimension_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Object dimension of the responsibility unit"),
        min_value=1,
        initial=1,
        help_text=_("SIE only: the dimension whose objects are the unit codes (usually 1)."),
    )


class _UploadForm(forms.Form):
    """A form whose ``file`` is an upload to import, no larger than the imports take."""

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 500 MB."))
        return upload


class ImportUploadForm(_UploadForm):
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[
            (value, label)
            for value, label in ImportBatch.Kind.choices
            # Their own pages: organisation_imports, and the indicators' staff figures.
            if value not in (ImportBatch.Kind.ORGANISATION, ImportBatch.Kind.STAFF)
        ],
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "SIE (.se, .si), or Excel (.xlsx) or CSV with the columns "
            "year;month;unit;account;amount (actuals) or year;unit;account;amount, "
            "with group instead of account if you like (budget), or "
            "year;month;project;account;amount, and project_name;unit for a new project "
            "(investment outcome)."
        ),
    )
    dimension = _dimension_field()
    default_unit = forms.CharField(
        label=_("Unit for amounts without an object"),
        required=False,
        max_length=20,
        help_text=_(
            "SIE only: a unit code, if the file books some amounts on no unit. Investment "
            "outcome: the responsible unit of new projects whose rows name none."
        ),
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

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("kind") == ImportBatch.Kind.BUDGET and not data.get("budget_version"):
            self.add_error("budget_version", _("Name the budget version the file holds."))
        return data


class OrganisationUploadForm(_UploadForm):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "Excel (.xlsx) or CSV with the columns code;name;committee;parent, and kind and "
            "valid_from if you like; or the ledger's SIE file, whose dimension-1 objects "
            "become units and whose #KONTO lines become accounts."
        ),
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=1990,
        max_value=2100,
        help_text=_("The fiscal year the organisation holds from; empty: the current one."),
    )
    mapping = forms.FileField(
        label=_("Committee of each unit (SIE only)"),
        required=False,
        help_text=_("Excel or CSV with the columns code;committee."),
    )
    prefix_rule = forms.CharField(
        label=_("Committee by code prefix (SIE only)"),
        required=False,
        max_length=500,
        help_text=_(
            "Such as 1=KS,2=SN: codes starting with 1 belong to KS. The longest prefix wins; "
            "the mapping sheet goes before the rule."
        ),
    )
    dimension = _dimension_field()
