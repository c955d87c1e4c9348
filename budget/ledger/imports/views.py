"""Imports from the browser: upload (stored, and checked by a worker), progress, preview,
apply (by a worker), retry; and rolling an import back."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import django_tables2 as tables
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from budget.ledger.imports.background import import_apply_start, import_retry, import_upload
from budget.ledger.imports.errors import ImportFailed
from budget.ledger.imports.forms import ImportUploadForm
from budget.ledger.imports.kinds import import_kind
from budget.ledger.imports.organisation_views import organisation_preview_context
from budget.ledger.imports.preview import preview_totals
from budget.ledger.imports.rollback import import_rollback
from budget.ledger.models import ImportBatch, PendingImport
from budget.ledger.tasks import figures_told
from municipality.access import policy
from municipality.access.http import SignedInRequest
from municipality.formats.numbers import format_amount
from municipality.formats.times import TimeColumn
from municipality.tasks import work_watch


def import_action(kind: str) -> policy.Action:
    """The right an upload of ``kind`` needs: the organisation's is the administrator's."""
    if kind == ImportBatch.Kind.ORGANISATION:
        return policy.Action.IMPORT_ORGANISATION
    return policy.Action.IMPORT_DATA


def _require_import_right(request: SignedInRequest, kind: str = ImportBatch.Kind.SIE) -> None:
    if not policy.can(request.user, import_action(kind)):
        raise PermissionDenied


class ImportBatchTable(tables.Table):
    caption = gettext_lazy("Imports")
    imported_at = TimeColumn(verbose_name=gettext_lazy("Imported"))
    file_name = tables.Column(verbose_name=gettext_lazy("File"))
    kind = tables.Column(verbose_name=gettext_lazy("Kind"))
    year = tables.Column(verbose_name=gettext_lazy("Year"))
    months = tables.Column(verbose_name=gettext_lazy("Months"), orderable=False)
    rows = tables.Column(
        verbose_name=gettext_lazy("Number of amounts"),
        attrs={"td": {"class": "number"}, "th": {"class": "number"}},
    )
    imported_by = tables.Column(verbose_name=gettext_lazy("By"), empty_values=())
    state = tables.TemplateColumn(
        template_name="budget/partials/import_state.html", verbose_name=gettext_lazy("State")
    )

    class Meta:
        model = ImportBatch
        fields = (
            "imported_at",
            "file_name",
            "kind",
            "year",
            "months",
            "rows",
            "imported_by",
            "state",
        )
        attrs = {"class": "data-table"}
        row_attrs = {"id": lambda record: f"import-{record.pk}"}
        order_by = ("-imported_at",)
        empty_text = gettext_lazy("Nothing has been imported yet.")

    def render_months(self, value: list[int]) -> str:
        if not value:
            return "–"
        return f"{value[0]}–{value[-1]}" if len(value) > 1 else str(value[0])

    def render_imported_by(self, value: object, record: ImportBatch) -> str:
        """The user, or the operating-system user who ran a command-line import."""
        return str(value) if value else record.run_by or "–"

    def render_year(self, value: int) -> str:
        return str(value)

    def render_rows(self, value: int) -> str:
        return format_amount(value)


class CommitteeTotalsTable(tables.Table):
    caption = gettext_lazy("Totals per committee")
    committee = tables.Column(verbose_name=gettext_lazy("Committee"))
    amount = tables.Column(
        verbose_name=gettext_lazy("Amount, kronor (ledger sign)"),
        attrs={"td": {"class": "number"}, "th": {"class": "number"}},
    )

    class Meta:
        attrs = {"class": "data-table totals-table"}
        orderable = False

    def render_amount(self, value: Decimal) -> str:
        return format_amount(value, decimals=2)


def _totals_table(part: dict[str, Any]) -> CommitteeTotalsTable:
    totals = preview_totals(part)
    return CommitteeTotalsTable(
        [{"committee": name, "amount": amount} for name, amount in sorted(totals.items())]
    )


def imports(request: SignedInRequest) -> HttpResponse:
    """The upload form and the list of imports, newest first. An upload is only stored
    here, and its check queued: the file is read by a worker, never in the request."""
    _require_import_right(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        pending = import_upload(
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
            options={
                "dimension": form.cleaned_data["dimension"],
                "default_unit": form.cleaned_data["default_unit"],
                "budget_version": form.cleaned_data["budget_version"],
            },
            user=request.user,
        )
        return redirect("budget:import-preview", pending.pk)
    batches = ImportBatch.objects.select_related("imported_by", "budget_version")
    table = ImportBatchTable(batches)
    tables.RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request, "budget/imports.html", {"form": form, "table": table, "section": "economy"}
    )


def _pending(request: SignedInRequest, pk: int) -> PendingImport:
    """The uploader's own ledger or organisation upload, if they may import its kind: 403
    for those who may not, 404 for anyone else's upload (deny by default)."""
    others = (ImportBatch.Kind.FORECAST, ImportBatch.Kind.STAFF)  # on their own pages
    pending = PendingImport.objects.exclude(kind__in=others).filter(pk=pk).first()
    _require_import_right(request, pending.kind if pending else ImportBatch.Kind.SIE)
    if pending is None or pending.uploaded_by_id != request.user.pk:
        raise Http404
    return pending


def _job_context(pending: PendingImport) -> dict[str, Any]:
    return {
        "job": pending,
        "pending": pending,
        "poll_url": reverse("budget:import-progress", args=[pending.pk]),
        "retry_url": reverse("budget:import-retry", args=[pending.pk]),
        "label": _("Import progress"),
        "Outcome": PendingImport.Outcome,
    }


def import_preview(request: SignedInRequest, pk: int) -> HttpResponse:
    """The upload's page: its progress while a worker checks (or applies) it; then what the
    file would do, or every problem in it with its line; then the import it became. Shown
    from what the worker kept: the file is not read here."""
    pending = _pending(request, pk)
    organisation = pending.kind == ImportBatch.Kind.ORGANISATION
    # The organisation's import belongs to the administration, as its upload page does.
    context = {**_job_context(pending), "section": "administration" if organisation else "economy"}
    preview = pending.preview
    if preview.get("actuals"):
        context["actual_totals"] = _totals_table(preview["actuals"])
    if preview.get("budget"):
        context["budget_totals"] = _totals_table(preview["budget"])
    if preview.get("organisation"):
        context.update(organisation_preview_context(preview["organisation"]))
    handler = import_kind(pending.kind)
    if handler is not None and preview.get(handler.name):
        context["part"] = preview[handler.name]
        context["part_template"] = handler.template
        context["part_totals"] = _totals_table(preview[handler.name])
    context["back_url"] = reverse(
        "budget:organisation-imports" if organisation else "budget:imports"
    )
    batch = pending.batches.order_by("pk").first()
    if batch is not None:
        context["list_url"] = f"{reverse('budget:imports')}#import-{batch.pk}"
    elif organisation:
        context["list_url"] = context["back_url"]
    return render(request, "budget/import_preview.html", context)


@require_GET
def import_progress(request: SignedInRequest, pk: int) -> HttpResponse:
    """The polled progress; once the job is done the whole page is loaded again, to show
    the preview, the problems or the import."""
    pending = _pending(request, pk)
    response = render(request, "budget/_import_progress.html", _job_context(pending))
    if pending.state == PendingImport.State.DONE:
        response["HX-Refresh"] = "true"
    return response


@require_POST
def import_apply_view(request: SignedInRequest, pk: int) -> HttpResponse:
    """Queue the apply of a checked file (a second click does nothing)."""
    pending = _pending(request, pk)
    import_apply_start(pending)
    return redirect("budget:import-preview", pending.pk)


@require_POST
def import_retry_view(request: SignedInRequest, pk: int) -> HttpResponse:
    """Queue a failed or interrupted check or apply again."""
    pending = _pending(request, pk)
    import_retry(pending)
    return redirect("budget:import-preview", pending.pk)


@require_POST
def import_rollback_view(request: SignedInRequest, pk: int) -> HttpResponse:
    _require_import_right(request)
    batch = get_object_or_404(ImportBatch, pk=pk)
    try:
        with work_watch() as recomputes:
            import_rollback(batch=batch, user=request.user)
    except ImportFailed as failure:
        for problem in failure.problems:
            messages.error(request, str(problem))
    else:
        rolled_back = _("The import of %(file)s is rolled back.") % {"file": batch.file_name}
        messages.success(request, f"{rolled_back} {figures_told(recomputes)}".strip())
    return redirect("budget:imports")
