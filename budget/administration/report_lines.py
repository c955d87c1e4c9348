"""The controller's page of a year's report lines (``budget:admin-report-lines``).

Per year: the operating statement's lines in report order with their account ranges (and how
many accounts of the chart fall in each), the subtotals with what they add up, and the
operating accounts that roll up to no line; a line created, edited, moved or deleted, a range
added, changed or deleted, a year without lines started from a preset or another year, and
the investment settings; and the year's budget versions (``budget.administration.versions``).
Every write goes through ``budget.ledger.services``: the history
(who, when, old, new), the stale-edit guard, the year's locked periods and the recompute of
the figures once the ranges change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from budget.administration.forms import (
    InvestmentSettingsForm,
    LineForm,
    RangeForm,
    StartForm,
)
from budget.administration.selectors import budget_versions_of, report_lines_of
from budget.administration.tables import ReportLinesTable
from budget.investments.models import InvestmentSettings
from budget.ledger.models import AccountGroup, AccountRange
from budget.ledger.presets import PRESETS
from budget.ledger.services import (
    account_group_create,
    account_group_delete,
    account_group_move,
    account_group_update,
    account_groups_copy,
    account_groups_load_preset,
    account_range_delete,
    account_range_save,
)
from budget.ledger.tasks import figures_told
from municipality.access import policy
from municipality.access.choice import chosen_fiscal_year
from municipality.access.http import SignedInRequest
from municipality.administration.forms import SeenModelForm
from municipality.administration.writes import writes_need
from municipality.history.guard import StaleEdit, form_save_checked
from municipality.history.pages import history_page
from municipality.models import FiscalYear
from municipality.tasks import work_watch

PAGE = policy.Page.ADMIN_REPORT_LINES
FORM_TEMPLATE = "administration/report_lines/form.html"


def _may_change(request: SignedInRequest) -> None:
    writes_need(request, policy.Action.MANAGE_ACCOUNTS)


def page_url(fiscal_year: FiscalYear | int) -> str:
    year = fiscal_year if isinstance(fiscal_year, int) else fiscal_year.year
    return f"{reverse(PAGE.value)}?year={year}"


@policy.opens(PAGE)
def report_lines_view(request: SignedInRequest) -> HttpResponse:
    years = list(FiscalYear.objects.order_by("-year"))
    fiscal_year = chosen_fiscal_year(request, years)
    context: dict[str, Any] = {"years": years, "year": fiscal_year}
    if fiscal_year is not None:
        lines = report_lines_of(fiscal_year=fiscal_year)
        context |= {
            "lines": lines,
            "table": ReportLinesTable(lines.lines),
            "versions": budget_versions_of(fiscal_year=fiscal_year),
        }
        if not lines.lines:
            with_lines = sorted(
                AccountGroup.objects.values_list("fiscal_year__year", flat=True).distinct(),
                reverse=True,
            )
            context["start_form"] = StartForm(years_with_lines=with_lines)
    context["investment_settings"] = InvestmentSettings.current()
    return render(request, "administration/report_lines/page.html", context)


@dataclass
class FormPage:
    """A form page of this administration: a form shown, saved through a service, and shown
    again with the refusal (a field's, the service's, or someone else's newer save)."""

    title: str
    back_url: str
    make_form: Callable[[Any], SeenModelForm]  # the form, the object read afresh each time
    save: Callable[[SeenModelForm], str]  # saves the valid form, says what was done
    extra: dict[str, Any] = field(default_factory=dict)
    writes: policy.Action = policy.Action.MANAGE_ACCOUNTS  # what a POST asks the policy for

    def answer(self, request: SignedInRequest) -> HttpResponse:
        form = self.make_form(None)
        stale = ""
        if request.method == "POST":
            writes_need(request, self.writes)
            form = self.make_form(request.POST)
            if form.is_valid():
                try:
                    with work_watch() as recomputes:
                        done = self.save(form)
                except StaleEdit as edit:
                    form, stale = self.make_form(None), str(edit)
                except ValidationError as refusal:
                    form.add_error(None, refusal)
                else:
                    messages.success(request, f"{done} {figures_told(recomputes)}".strip())
                    return redirect(self.back_url)
        context = {"title": self.title, "back_url": self.back_url, "form": form, "stale": stale}
        return render(request, FORM_TEMPLATE, context | self.extra)


def _line(pk: int) -> AccountGroup:
    return get_object_or_404(AccountGroup.objects.select_related("fiscal_year"), pk=pk)


@policy.opens(PAGE)
def line_create(request: SignedInRequest) -> HttpResponse:
    years = list(FiscalYear.objects.order_by("-year"))
    fiscal_year = chosen_fiscal_year(request, years)
    if fiscal_year is None:
        return redirect(PAGE.value)

    def make_form(data: Any) -> LineForm:
        return LineForm(data, fiscal_year=fiscal_year)

    def save(form: SeenModelForm) -> str:
        assert isinstance(form, LineForm)
        group = account_group_create(group=form.instance, components=form.chosen_components() or [])
        return _("%(line)s is added to %(year)s.") % {"line": group.name, "year": fiscal_year.year}

    return FormPage(
        title=_("New report line, %(year)s") % {"year": fiscal_year.year},
        back_url=page_url(fiscal_year),
        make_form=make_form,
        save=save,
        extra={"action": f"{reverse('budget:admin-report-line-create')}?year={fiscal_year.year}"},
    ).answer(request)


@policy.opens(PAGE)
def line_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    group = _line(pk)

    def make_form(data: Any) -> LineForm:
        return LineForm(data, instance=_line(pk), fiscal_year=group.fiscal_year)

    def save(form: SeenModelForm) -> str:
        assert isinstance(form, LineForm)
        account_group_update(
            group=form.instance, components=form.chosen_components(), seen=form.seen_version
        )
        return _("%(line)s is saved.") % {"line": form.instance.name}

    return FormPage(
        title=_("%(line)s, %(year)s") % {"line": group.name, "year": group.fiscal_year.year},
        back_url=page_url(group.fiscal_year),
        make_form=make_form,
        save=save,
        extra={
            "delete_url": reverse("budget:admin-report-line-delete", args=[pk]),
            "history_url": reverse("budget:admin-report-line-history", args=[pk]),
        },
    ).answer(request)


class DeleteForm(forms.Form):
    seen = forms.IntegerField(min_value=0, required=False)


def posted_seen(request: SignedInRequest) -> int:
    form = DeleteForm(request.POST)
    return (form.cleaned_data.get("seen") or 0) if form.is_valid() else 0


def answered(request: SignedInRequest, call: Callable[[], str], back_url: str) -> HttpResponse:
    """Run a write without a form of its own: its outcome, or its refusal, as a message."""
    try:
        with work_watch() as recomputes:
            done = call()
    except (ValidationError, StaleEdit) as refusal:
        text = str(refusal) if isinstance(refusal, StaleEdit) else " ".join(refusal.messages)
        messages.error(request, text)
    else:
        messages.success(request, f"{done} {figures_told(recomputes)}".strip())
    return redirect(back_url)


@require_POST
@policy.opens(PAGE)
def line_delete(request: SignedInRequest, pk: int) -> HttpResponse:
    _may_change(request)
    group = _line(pk)

    def delete() -> str:
        account_group_delete(group=group, seen=posted_seen(request))
        return _("%(line)s is deleted.") % {"line": group.name}

    return answered(request, delete, page_url(group.fiscal_year))


@require_POST
@policy.opens(PAGE)
def line_move(request: SignedInRequest, pk: int) -> HttpResponse:
    _may_change(request)
    group = _line(pk)
    up = request.POST.get("direction") == "up"

    def move() -> str:
        account_group_move(group=group, step=-1 if up else 1)
        if up:
            return _("%(line)s is moved up.") % {"line": group.name}
        return _("%(line)s is moved down.") % {"line": group.name}

    return answered(request, move, f"{page_url(group.fiscal_year)}#line-{group.pk}")


@policy.opens(PAGE)
def line_history(request: SignedInRequest, pk: int) -> HttpResponse:
    group = _line(pk)
    return history_page(
        request,
        group,
        back_url=page_url(group.fiscal_year),
        back_label=_("Report lines %(year)s") % {"year": group.fiscal_year.year},
    )


def _range(pk: int) -> AccountRange:
    return get_object_or_404(AccountRange.objects.select_related("group__fiscal_year"), pk=pk)


@policy.opens(PAGE)
def range_create(request: SignedInRequest, pk: int) -> HttpResponse:
    group = _line(pk)
    if group.kind != AccountGroup.Kind.LINE:
        raise PermissionDenied  # a subtotal adds up lines; accounts never map to it

    def make_form(data: Any) -> RangeForm:
        return RangeForm(data, instance=AccountRange(group=group))

    def save(form: SeenModelForm) -> str:
        account_range = account_range_save(account_range=form.instance)
        return _("Accounts %(range)s now map to %(line)s.") % {
            "range": account_range,
            "line": group.name,
        }

    return FormPage(
        title=_("New account range of %(line)s, %(year)s")
        % {"line": group.name, "year": group.fiscal_year.year},
        back_url=page_url(group.fiscal_year),
        make_form=make_form,
        save=save,
    ).answer(request)


@policy.opens(PAGE)
def range_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    account_range = _range(pk)
    group = account_range.group

    def make_form(data: Any) -> RangeForm:
        return RangeForm(data, instance=_range(pk))

    def save(form: SeenModelForm) -> str:
        saved = account_range_save(account_range=form.instance, seen=form.seen_version)
        return _("Accounts %(range)s now map to %(line)s.") % {"range": saved, "line": group.name}

    return FormPage(
        title=_("Account range %(range)s of %(line)s, %(year)s")
        % {"range": account_range, "line": group.name, "year": group.fiscal_year.year},
        back_url=page_url(group.fiscal_year),
        make_form=make_form,
        save=save,
        extra={
            "delete_url": reverse("budget:admin-report-range-delete", args=[pk]),
            "history_url": reverse("budget:admin-report-range-history", args=[pk]),
        },
    ).answer(request)


@require_POST
@policy.opens(PAGE)
def range_delete(request: SignedInRequest, pk: int) -> HttpResponse:
    _may_change(request)
    account_range = _range(pk)

    def delete() -> str:
        account_range_delete(account_range=account_range, seen=posted_seen(request))
        return _("Accounts %(range)s no longer map to %(line)s.") % {
            "range": account_range,
            "line": account_range.group.name,
        }

    return answered(request, delete, page_url(account_range.group.fiscal_year))


@policy.opens(PAGE)
def range_history(request: SignedInRequest, pk: int) -> HttpResponse:
    account_range = _range(pk)
    return history_page(
        request,
        account_range,
        back_url=page_url(account_range.group.fiscal_year),
        back_label=_("Report lines %(year)s") % {"year": account_range.group.fiscal_year.year},
    )


@require_POST
@policy.opens(PAGE)
def year_start(request: SignedInRequest) -> HttpResponse:
    """A year without lines takes a preset's, or a copy of another year's."""
    _may_change(request)
    fiscal_year = chosen_fiscal_year(request, list(FiscalYear.objects.order_by("-year")))
    if fiscal_year is None:
        return redirect(PAGE.value)
    with_lines = list(AccountGroup.objects.values_list("fiscal_year__year", flat=True).distinct())
    form = StartForm(request.POST, years_with_lines=with_lines)
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for error in form.errors["source"]))
        return redirect(page_url(fiscal_year))
    kind, key = form.cleaned_data["source"].split(":", 1)

    def start() -> str:
        if kind == "preset":
            account_groups_load_preset(
                fiscal_year=fiscal_year, preset=PRESETS[key], user=request.user
            )
            source = PRESETS[key].label
        else:
            account_groups_copy(
                source=FiscalYear.objects.get(year=int(key)),
                fiscal_year=fiscal_year,
                user=request.user,
            )
            source = key
        return _("%(year)s has the report lines of %(source)s.") % {
            "year": fiscal_year.year,
            "source": source,
        }

    return answered(request, start, page_url(fiscal_year))


def _investment_settings_saved(form: SeenModelForm) -> str:
    form_save_checked(form, seen=form.seen_version)
    return _("The investment settings are saved.")


@policy.opens(PAGE)
def investment_settings_edit(request: SignedInRequest) -> HttpResponse:
    return FormPage(
        title=_("Investment settings"),
        back_url=f"{reverse(PAGE.value)}#investments",
        make_form=lambda data: InvestmentSettingsForm(data, instance=InvestmentSettings.current()),
        save=_investment_settings_saved,
        extra={"history_url": reverse("budget:admin-investment-settings-history")},
    ).answer(request)


@policy.opens(PAGE)
def investment_settings_history(request: SignedInRequest) -> HttpResponse:
    return history_page(
        request,
        InvestmentSettings.current(),
        back_url=f"{reverse(PAGE.value)}#investments",
        back_label=_("Report lines"),
    )
