"""Imports from the browser: upload, preview, apply; and rolling an import back."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import django_tables2 as tables
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from budget.ledger.imports.errors import ImportFailed
from budget.ledger.imports.forms import ImportUploadForm
from budget.ledger.imports.pipeline import Prepared, import_apply, import_prepare
from budget.ledger.imports.rollback import import_rollback
from budget.ledger.models import ImportBatch, PendingImport
from budget.ledger.pending import pending_imports_expire
from budget.ledger.tasks import figures_told
from municipality.access import policy
from municipality.access.http import SignedInRequest
from municipality.formats.numbers import format_amount
from municipality.formats.times import TimeColumn
from municipality.tasks import work_watch


def _require_import_right(request: SignedInRequest) -> None:
    if not policy.can(request.user, policy.Action.IMPORT_DATA):
        raise PermissionDenied


class ImportBatchTable(tables.Table):
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


def _totals_table(totals: dict[str, Decimal]) -> CommitteeTotalsTable:
    return CommitteeTotalsTable(
        [{"committee": name, "amount": amount} for name, amount in sorted(totals.items())]
    )


def _options(pending: PendingImport) -> dict[str, Any]:
    # The form's fields as stored: JSON, checked again by import_prepare's keywords.
    return {key: value for key, value in pending.options.items() if value not in (None, "")}


def imports(request: SignedInRequest) -> HttpResponse:
    """The upload form and the list of imports, newest first."""
    _require_import_right(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        pending_imports_expire()
        pending = PendingImport.objects.create(
            kind=form.cleaned_data["kind"],
            file_name=form.cleaned_data["file"].name,
            data=form.cleaned_data["file"].read(),
            options={
                "dimension": form.cleaned_data["dimension"],
                "default_unit": form.cleaned_data["default_unit"],
                "budget_version": form.cleaned_data["budget_version"],
            },
            uploaded_by=request.user,
        )
        return redirect("budget:import-preview", pending.pk)
    batches = ImportBatch.objects.select_related("imported_by", "budget_version")
    table = ImportBatchTable(batches)
    tables.RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request, "budget/imports.html", {"form": form, "table": table, "section": "economy"}
    )


def _pending(request: SignedInRequest, pk: int) -> PendingImport:
    return get_object_or_404(PendingImport, pk=pk, uploaded_by=request.user)


def import_preview(request: SignedInRequest, pk: int) -> HttpResponse:
    """What the file would do, or every problem in it with its line: nothing is written yet."""
    _require_import_right(request)
    pending = _pending(request, pk)
    prepared: Prepared | None = None
    problems = []
    try:
        prepared = import_prepare(
            bytes(pending.data), kind=pending.kind, file_name=pending.file_name, **_options(pending)
        )
    except ImportFailed as failure:
        problems = failure.problems
        pending.delete()  # a refused file can never be applied: nothing of it is kept
    context = {"pending": pending, "prepared": prepared, "problems": problems, "section": "economy"}
    if prepared is not None and prepared.actuals is not None:
        context["actual_totals"] = _totals_table(prepared.actuals.totals)
    if prepared is not None and prepared.budget is not None:
        context["budget_totals"] = _totals_table(prepared.budget.totals)
    return render(request, "budget/import_preview.html", context)


@require_POST
def import_apply_view(request: SignedInRequest, pk: int) -> HttpResponse:
    _require_import_right(request)
    pending = _pending(request, pk)
    try:
        # Checked again: the organisation or a period's lock may have changed since the preview.
        prepared = import_prepare(
            bytes(pending.data), kind=pending.kind, file_name=pending.file_name, **_options(pending)
        )
        with work_watch() as recomputes:
            batches = import_apply(prepared, user=request.user)
    except ImportFailed as failure:
        for problem in failure.problems[:20]:
            messages.error(request, str(problem))
        return redirect("budget:import-preview", pending.pk)
    pending.delete()
    imported = _("%(file)s is imported.") % {"file": pending.file_name}
    messages.success(request, f"{imported} {figures_told(recomputes)}".strip())
    return redirect(f"{reverse('budget:imports')}#import-{batches[0].pk}")


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
