"""The controller's page of report types (``followup:admin-report-types``): per follow-up the
report's name, its sections (title, order, included or not) and the tables of its financial
section, each edited through the stale-edit guard with its history. Every view is the
policy's ``ADMIN_REPORT_TYPES`` page; every write asks for ``MANAGE_REPORTS`` too."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from budget.administration.report_lines import FormPage, answered, posted_seen
from followup.administration.report_types.forms import (
    FinancialTableForm,
    ReportTypeForm,
    SectionForm,
)
from followup.administration.report_types.selectors import report_types_listed
from followup.administration.report_types.services import financial_table_delete
from followup.reports.models import FinancialTable, ReportSection, ReportType
from municipality.access import policy
from municipality.access.http import SignedInRequest
from municipality.administration.forms import SeenModelForm
from municipality.administration.writes import writes_need
from municipality.history.guard import form_save_checked
from municipality.history.pages import history_page

PAGE = policy.Page.ADMIN_REPORT_TYPES
WRITES = policy.Action.MANAGE_REPORTS


def _back(report_type_id: int) -> str:
    return f"{reverse(PAGE.value)}#type-{report_type_id}"


def _saved(form: SeenModelForm) -> str:
    form_save_checked(form, seen=form.seen_version)
    return _("%(name)s is saved.") % {"name": form.instance}


def _form_page(title: str, report_type_id: int, make_form: Any, **extra: Any) -> FormPage:
    return FormPage(
        title=title,
        back_url=_back(report_type_id),
        make_form=make_form,
        save=_saved,
        extra={"back_label": _("Report types"), **extra},
        writes=WRITES,
    )


def _history(request: SignedInRequest, instance: Any, report_type_id: int) -> HttpResponse:
    return history_page(
        request, instance, back_url=_back(report_type_id), back_label=_("Report types")
    )


@policy.opens(PAGE)
def report_types_view(request: SignedInRequest) -> HttpResponse:
    context = {"report_types": report_types_listed()}
    return render(request, "administration/report_types/page.html", context)


def _report_type(pk: int) -> ReportType:
    return get_object_or_404(ReportType, pk=pk)


@policy.opens(PAGE)
def report_type_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    report_type = _report_type(pk)
    return _form_page(
        _("Report type %(name)s") % {"name": report_type.name},
        report_type.pk,
        lambda data: ReportTypeForm(data, instance=_report_type(pk)),
        history_url=reverse("followup:admin-report-type-history", args=[pk]),
    ).answer(request)


@policy.opens(PAGE)
def report_type_history(request: SignedInRequest, pk: int) -> HttpResponse:
    return _history(request, _report_type(pk), pk)


def _section(pk: int) -> ReportSection:
    return get_object_or_404(ReportSection.objects.select_related("report_type"), pk=pk)


@policy.opens(PAGE)
def section_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    section = _section(pk)
    return _form_page(
        _("%(section)s in %(report)s")
        % {"section": section.get_kind_display(), "report": section.report_type.name},
        section.report_type_id,
        lambda data: SectionForm(data, instance=_section(pk)),
        history_url=reverse("followup:admin-report-section-history", args=[pk]),
    ).answer(request)


@policy.opens(PAGE)
def section_history(request: SignedInRequest, pk: int) -> HttpResponse:
    section = _section(pk)
    return _history(request, section, section.report_type_id)


def _table(pk: int) -> FinancialTable:
    return get_object_or_404(FinancialTable.objects.select_related("report_type"), pk=pk)


@policy.opens(PAGE)
def table_create(request: SignedInRequest, pk: int) -> HttpResponse:
    report_type = _report_type(pk)
    return _form_page(
        _("New financial table in %(report)s") % {"report": report_type.name},
        report_type.pk,
        lambda data: FinancialTableForm(data, instance=FinancialTable(report_type=report_type)),
    ).answer(request)


@policy.opens(PAGE)
def table_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    table = _table(pk)
    return _form_page(
        _("Financial table %(table)s in %(report)s")
        % {"table": table, "report": table.report_type.name},
        table.report_type_id,
        lambda data: FinancialTableForm(data, instance=_table(pk)),
        delete_url=reverse("followup:admin-financial-table-delete", args=[pk]),
        history_url=reverse("followup:admin-financial-table-history", args=[pk]),
    ).answer(request)


@require_POST
@policy.opens(PAGE)
def table_delete(request: SignedInRequest, pk: int) -> HttpResponse:
    writes_need(request, WRITES)
    table = _table(pk)

    def delete() -> str:
        financial_table_delete(table=table, seen=posted_seen(request))
        return _("The table %(table)s is taken out of %(report)s.") % {
            "table": table,
            "report": table.report_type.name,
        }

    return answered(request, delete, _back(table.report_type_id))


@policy.opens(PAGE)
def table_history(request: SignedInRequest, pk: int) -> HttpResponse:
    table = _table(pk)
    return _history(request, table, table.report_type_id)
