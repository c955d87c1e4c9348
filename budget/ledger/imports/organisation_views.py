"""The organisation's upload page (``budget:organisation-imports``): the file is stored and
checked by a worker as every import is, and previewed and applied on the import's own page
(``budget.ledger.imports.views``), which shows the organisation with what is here."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budget.ledger.imports.background import import_upload
from budget.ledger.imports.forms import OrganisationUploadForm
from budget.ledger.models import ImportBatch, PendingImport
from municipality.access import policy
from municipality.access.http import SignedInRequest
from municipality.formats.times import TimeColumn
from municipality.organisation.models import OrgUnit


class OrganisationUploadTable(tables.Table):
    caption = gettext_lazy("Your uploads")
    created = TimeColumn(verbose_name=gettext_lazy("Uploaded"))
    file_name = tables.LinkColumn(
        "budget:import-preview", args=[tables.A("pk")], verbose_name=gettext_lazy("File")
    )
    outcome = tables.Column(verbose_name=gettext_lazy("State"), empty_values=())

    class Meta:
        model = PendingImport
        fields = ("created", "file_name", "outcome")
        attrs = {"class": "data-table"}
        orderable = False
        empty_text = gettext_lazy("No organisation has been uploaded yet.")

    def render_outcome(self, record: PendingImport) -> str:
        if record.outcome:
            return str(record.get_outcome_display())
        return str(record.get_state_display())


class ChangesTable(tables.Table):
    caption = gettext_lazy("Changes")
    line = tables.Column(verbose_name=gettext_lazy("Line"))
    unit = tables.Column(verbose_name=gettext_lazy("Unit"))
    change = tables.Column(verbose_name=gettext_lazy("What changes"))

    class Meta:
        attrs = {"class": "data-table"}
        orderable = False


def organisation_imports(request: SignedInRequest) -> HttpResponse:
    """The upload form and the user's earlier uploads of the organisation. The files are
    only stored here: a worker reads them."""
    if not policy.can(request.user, policy.Action.IMPORT_ORGANISATION):
        raise PermissionDenied
    form = OrganisationUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        pending = import_upload(
            kind=ImportBatch.Kind.ORGANISATION,
            upload=data["file"],
            options={
                "year": data["year"],
                "prefix_rule": data["prefix_rule"],
                "dimension": data["dimension"],
            },
            user=request.user,
            mapping=data["mapping"],
        )
        return redirect("budget:import-preview", pending.pk)
    uploads = PendingImport.objects.filter(
        kind=ImportBatch.Kind.ORGANISATION, uploaded_by=request.user
    )[:25]
    return render(
        request,
        "budget/organisation_imports.html",
        {"form": form, "table": OrganisationUploadTable(uploads), "section": "administration"},
    )


def _kind_label(value: str) -> str:
    return str(OrgUnit.Kind(value).label) if value in OrgUnit.Kind.values else value


def organisation_preview_context(part: dict[str, Any]) -> dict[str, Any]:
    """The tables of an organisation's preview, from what its worker kept."""
    changes = [
        {
            "line": line,
            "unit": code,
            "change": _("Renamed from “%(old)s” to “%(new)s”") % {"old": old, "new": new},
        }
        for line, code, old, new in part["renames"]
    ]
    changes += [
        {
            "line": line,
            "unit": f"{code} {name}",
            "change": _("Moves from %(old)s to %(new)s (a reorganisation from %(year)s)")
            % {"old": old, "new": new, "year": part["year"]},
        }
        for line, code, name, old, new in part["moves"]
    ]
    changes += [
        {
            "line": line,
            "unit": code,
            "change": _("Kind changes from %(old)s to %(new)s")
            % {"old": _kind_label(old), "new": _kind_label(new)},
        }
        for line, code, old, new in part["kind_changes"]
    ]
    changes.sort(key=lambda row: row["line"])
    return {
        "organisation": part,
        "organisation_changes": ChangesTable(changes) if changes else None,
    }
