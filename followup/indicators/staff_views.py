"""Staff figures from the browser (Mål › Indikatorer › Läs in personalstatistik): upload an HR
system's export, see what it would create and change, or every problem with its line, then
apply it or cancel.

The upload is kept as a ``PendingImport`` between the preview and the apply, its file in the
``imports`` storage as the ledger's imports and the forecast workbook keep theirs, so that any
web process can apply what another previewed. An HR file is small and read in the request. The
preview and the apply both read the file again against the values as they are then; the apply
writes only what the preview showed (its fingerprint), and otherwise writes nothing and shows
the new preview.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import django_tables2 as tables
from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from budget.ledger.imports.errors import ImportFailed
from budget.ledger.models import ImportBatch, PendingImport
from budget.ledger.pending import pending_delete, pending_file_drop
from followup.indicators.imports.indicators import own_municipality
from followup.indicators.imports.kolada_areas import area_name
from followup.indicators.imports.staff import MEASURES, staff_prepare
from followup.indicators.imports.staff_preview import (
    PreviewOutdated,
    staff_apply_previewed,
    staff_fingerprint,
    staff_preview,
)
from municipality.access import policy
from municipality.access.http import SignedInRequest

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SECTION = "goals"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
PER_PAGE = 100
Outcome = PendingImport.Outcome


class StaffUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("HR system's export (.xlsx or .csv)"),
        help_text=gettext_lazy(
            "A column per measure: År;Månad;Enhet;Sjukfrånvaro totalt;Sjukfrånvaro kvinnor;"
            "Sjukfrånvaro män;… or a line per measure: År;Månad;Enhet;Mått;Totalt;Kvinnor;Män. "
            "An empty month is the whole year; an empty unit, or the municipality's code, the "
            "whole municipality."
        ),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB; an HR export is much smaller.")
                % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload


def _number_column(name: StrOrPromise) -> tables.Column:
    return tables.Column(
        verbose_name=name, attrs={"td": {"class": "number"}, "th": {"class": "number"}}
    )


class StaffCountTable(tables.Table):
    caption = gettext_lazy("Per indicator")
    indicator = tables.Column(verbose_name=gettext_lazy("Indicator"))
    created = _number_column(gettext_lazy("New values"))
    changed = _number_column(gettext_lazy("Changed values"))
    unchanged = _number_column(gettext_lazy("Unchanged"))

    class Meta:
        attrs = {"class": "data-table", "id": "staff-indicators"}
        orderable = False


class StaffPlaceTable(StaffCountTable):
    caption = gettext_lazy("Per unit and period")
    unit = tables.Column(verbose_name=gettext_lazy("Unit"))
    period = tables.Column(verbose_name=gettext_lazy("Period"))

    class Meta:
        attrs = {"class": "data-table", "id": "staff-places"}
        orderable = False
        sequence = ("indicator", "unit", "period", "created", "changed", "unchanged")


class StaffChangeTable(tables.Table):
    caption = gettext_lazy("Changes")
    row_header = "indicator"  # the file's line comes first, as in the file
    line = _number_column(gettext_lazy("Line"))
    indicator = tables.Column(verbose_name=gettext_lazy("Indicator"))
    unit = tables.Column(verbose_name=gettext_lazy("Unit"))
    period = tables.Column(verbose_name=gettext_lazy("Period"))
    series = tables.Column(verbose_name=gettext_lazy("Series"))
    now = _number_column(gettext_lazy("Now"))
    new = _number_column(gettext_lazy("In the file"))

    class Meta:
        attrs = {"class": "data-table", "id": "staff-changes"}
        orderable = False


@policy.opens(policy.Page.STAFF_IMPORT)
def staff_import_page(request: SignedInRequest) -> HttpResponse:
    """The upload form; an upload is stored and its preview shown."""
    form = StaffUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        pending = PendingImport(
            kind=ImportBatch.Kind.STAFF,
            file_name=upload.name,
            uploaded_by=request.user,
            state=PendingImport.State.DONE,  # checked in the request: born done
            outcome=Outcome.CHECKED,
        )
        pending.file.save(upload.name, upload, save=False)
        pending.save()
        return redirect("followup:staff-import-preview", pending.pk)
    return render(
        request,
        "followup/staff_import.html",
        {"section": SECTION, "form": form, "measures": list(MEASURES)},
    )


def _pending(request: SignedInRequest, pk: int) -> PendingImport | None:
    """The user's own staff upload; None when there is none (applied and gone, cancelled,
    expired, or another's)."""
    return PendingImport.objects.filter(
        pk=pk, kind=ImportBatch.Kind.STAFF, uploaded_by=request.user
    ).first()


def _gone(request: SignedInRequest) -> HttpResponse:
    messages.info(request, _("The uploaded file is no longer kept; upload it again."))
    return redirect("followup:staff-import")


def _refuse(pending: PendingImport, failure: ImportFailed) -> None:
    """Keep the problems to show, and drop the file: it is never applied."""
    pending.outcome = Outcome.REFUSED
    pending.problems = [str(problem) for problem in failure.problems]
    PendingImport.objects.filter(pk=pending.pk).update(
        outcome=pending.outcome, problems=pending.problems
    )
    pending_file_drop(pending)


def _stored(pending: PendingImport) -> bytes | None:
    """The uploaded file; None when it is gone (expired)."""
    try:
        with pending.file.open("rb") as stored:
            return stored.read()
    except (FileNotFoundError, ValueError):  # no file, or none named
        return None


def _municipality_name() -> str:
    municipality = own_municipality()
    return area_name(municipality.code) or municipality.name


@policy.opens(policy.Page.STAFF_IMPORT)
def staff_import_preview(request: SignedInRequest, pk: int) -> HttpResponse:
    """What the file would do, or every problem in it with its line; nothing is written."""
    pending = _pending(request, pk)
    if pending is None:
        return _gone(request)
    context: dict[str, object] = {"section": SECTION, "pending": pending, "Outcome": Outcome}
    if pending.outcome == Outcome.CHECKED:
        data = _stored(pending)
        if data is None:
            pending_delete(pending)
            return _gone(request)
        try:
            prepared = staff_prepare(data, file_name=pending.file_name)
        except ImportFailed as failure:
            _refuse(pending, failure)
        else:
            preview = staff_preview(prepared, municipality_name=_municipality_name())
            # A large export's lines page by page; the same file read again for each page.
            places = StaffPlaceTable(preview.places, prefix="places-")
            changes = StaffChangeTable(preview.changes, prefix="changes-")
            for table in (places, changes):
                tables.RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
            context.update(
                preview=preview,
                fingerprint=staff_fingerprint(prepared),
                indicators=StaffCountTable(preview.indicators),
                places=places,
                changes=changes if preview.changes else None,
            )
    return render(request, "followup/staff_import_preview.html", context)


@require_POST
@policy.opens(policy.Page.STAFF_IMPORT)
def staff_import_apply(request: SignedInRequest, pk: int) -> HttpResponse:
    """Write the previewed values, all or none, if they are still what the preview showed."""
    pending = _pending(request, pk)
    if pending is None:
        return _gone(request)
    back = redirect("followup:staff-import-preview", pending.pk)
    if pending.outcome != Outcome.CHECKED:  # applied or refused already: a second click
        return back
    data = _stored(pending)
    if data is None:
        pending_delete(pending)
        return _gone(request)
    try:
        prepared = staff_prepare(data, file_name=pending.file_name)
        with transaction.atomic():  # the values and the upload's "applied", or neither
            result = staff_apply_previewed(
                prepared, user=request.user, fingerprint=request.POST.get("preview", "")
            )
            pending.outcome = Outcome.APPLIED
            pending.preview = {"written": result.written}
            PendingImport.objects.filter(pk=pending.pk).update(
                outcome=pending.outcome, preview=pending.preview
            )
    except ImportFailed as failure:  # such as a period locked since the preview
        _refuse(pending, failure)
        messages.error(request, _("The file cannot be imported now. Nothing has been written."))
        return back
    except PreviewOutdated:
        messages.error(
            request,
            _(
                "The values have changed since the preview; nothing has been written. "
                "Check the new preview."
            ),
        )
        return back
    pending_file_drop(pending)
    count = result.written
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)s value from %(file)s is saved.",
                "%(count)s values from %(file)s are saved.",
                count,
            )
            % {"count": count, "file": pending.file_name},
        )
    else:
        messages.info(request, _("%(file)s held no changes.") % {"file": pending.file_name})
    return back


@require_POST
@policy.opens(policy.Page.STAFF_IMPORT)
def staff_import_cancel(request: SignedInRequest, pk: int) -> HttpResponse:
    """Forget the upload, row and file; nothing was written."""
    pending = _pending(request, pk)
    if pending is not None and pending.outcome == Outcome.CHECKED:
        pending_delete(pending)
        messages.info(
            request,
            _("The import of %(file)s is cancelled; nothing was written.")
            % {"file": pending.file_name},
        )
    return redirect("followup:staff-import")
