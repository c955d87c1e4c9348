"""The indicators' administration: a year's list, an indicator created, changed or deleted, and
its history. Every view is the policy's ``ADMIN_INDICATORS`` page; every write asks for
``MANAGE_GOALS`` too, and saves through the stale-edit guard."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from followup.administration.indicators.forms import IndicatorFilterForm, IndicatorForm
from followup.administration.indicators.selectors import (
    admin_indicators,
    kolada_areas,
    year_committee_goals,
)
from followup.administration.indicators.services import (
    indicator_delete,
    indicator_delete_refusal,
)
from followup.administration.indicators.tables import IndicatorAdminTable
from followup.indicators.models import Indicator
from municipality.access import policy
from municipality.access.choice import current_period
from municipality.access.http import SignedInRequest
from municipality.history.guard import StaleEdit, form_save_checked, history_seen
from municipality.history.pages import history_page
from municipality.models import FiscalYear
from municipality.organisation.selectors import municipality_current

PAGE = policy.Page.ADMIN_INDICATORS
PER_PAGE = 50


def _may_write(request: SignedInRequest) -> None:
    if not policy.can(request.user, policy.Action.MANAGE_GOALS):
        raise PermissionDenied


def _list_url(year: int) -> str:
    return f"{reverse(PAGE.value)}?year={year}"


def _chosen_year(request: SignedInRequest, years: list[FiscalYear]) -> FiscalYear | None:
    """The year asked for (``?year=``), else the chosen period's, else the latest."""
    by_year = {fiscal_year.year: fiscal_year for fiscal_year in years}
    asked = request.GET.get("year", "")
    if asked.isdigit() and int(asked) in by_year:
        return by_year[int(asked)]
    period = current_period(request)
    if period is not None and period.year in by_year:
        return by_year[period.year]
    return years[0] if years else None


def _settings_url(request: SignedInRequest) -> str:
    """The settings page, where the Kolada comparisons are chosen, if the user may open it."""
    if not policy.may_open(request.user, policy.Page.ADMIN_SETTINGS):
        return ""
    try:
        return reverse(policy.Page.ADMIN_SETTINGS.value)
    except NoReverseMatch:  # the settings page is another branch's of issue 17 until merged
        return ""


def _kolada_context(request: SignedInRequest) -> dict[str, object]:
    return {"kolada": kolada_areas(municipality_current()), "settings_url": _settings_url(request)}


@policy.opens(PAGE)
def indicator_admin_list(request: SignedInRequest) -> HttpResponse:
    years = list(FiscalYear.objects.order_by("-year"))
    fiscal_year = _chosen_year(request, years)
    context: dict[str, object] = {"fiscal_year": fiscal_year, **_kolada_context(request)}
    if fiscal_year is not None:
        form = IndicatorFilterForm(
            request.GET, years=years, year=fiscal_year, goals=year_committee_goals(fiscal_year)
        )
        chosen = form.chosen()
        table = IndicatorAdminTable(
            admin_indicators(
                fiscal_year,
                source=chosen["source"],
                unit=chosen["unit"],
                goal_id=chosen["goal"],
                search=chosen["q"],
            )
        )
        RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
        context.update(form=form, table=table)
    return render(request, "administration/indicators/list.html", context)


def _form_page(
    request: SignedInRequest,
    form: IndicatorForm,
    *,
    indicator: Indicator | None = None,
    stale: StaleEdit | None = None,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, object] = {
        "form": form,
        "stale": stale,
        "indicator": indicator,
        "fiscal_year": form.fiscal_year,
        "back_url": _list_url(form.fiscal_year.year),
        **_kolada_context(request),
    }
    if indicator is not None:
        context["delete_refusal"] = indicator_delete_refusal(indicator)
    return render(request, "administration/indicators/form.html", context, status=status)


@policy.opens(PAGE)
def indicator_admin_create(request: SignedInRequest) -> HttpResponse:
    year = request.POST.get("year") or request.GET.get("year") or ""
    fiscal_year = get_object_or_404(FiscalYear, year=int(year) if year.isdigit() else -1)
    if request.method != "POST":
        return _form_page(request, IndicatorForm(fiscal_year=fiscal_year))
    _may_write(request)
    form = IndicatorForm(request.POST, fiscal_year=fiscal_year)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    indicator = form_save_checked(form, seen=0)
    messages.success(request, _("The indicator %(name)s is created.") % {"name": indicator.name})
    return redirect(_list_url(fiscal_year.year))


def _indicator(pk: int) -> Indicator:
    return get_object_or_404(Indicator.objects.select_related("fiscal_year"), pk=pk)


@policy.opens(PAGE)
def indicator_admin_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    indicator = _indicator(pk)
    fiscal_year = indicator.fiscal_year
    if request.method != "POST":
        form = IndicatorForm(
            instance=indicator, fiscal_year=fiscal_year, initial={"seen": history_seen(indicator)}
        )
        return _form_page(request, form, indicator=indicator)
    _may_write(request)
    form = IndicatorForm(request.POST, instance=indicator, fiscal_year=fiscal_year)
    if not form.is_valid():
        return _form_page(request, form, indicator=_indicator(pk), status=400)
    try:
        form_save_checked(form, seen=form.cleaned_data["seen"] or 0)
    except StaleEdit as stale:
        # Someone saved after this form was opened: their values are shown, with who and when.
        current = _indicator(pk)
        fresh = IndicatorForm(
            instance=current, fiscal_year=fiscal_year, initial={"seen": history_seen(current)}
        )
        return _form_page(request, fresh, indicator=current, stale=stale, status=409)
    messages.success(request, _("The indicator %(name)s is saved.") % {"name": indicator.name})
    return redirect(_list_url(fiscal_year.year))


@policy.opens(PAGE)
@require_POST
def indicator_admin_delete(request: SignedInRequest, pk: int) -> HttpResponse:
    _may_write(request)
    indicator = _indicator(pk)
    seen = request.POST.get("seen", "")
    try:
        indicator_delete(indicator, seen=int(seen) if seen.isdigit() else 0)
    except (ValidationError, StaleEdit) as refusal:
        text = refusal.messages[0] if isinstance(refusal, ValidationError) else str(refusal)
        messages.error(request, text)
        return HttpResponseRedirect(reverse("followup:admin-indicator", args=[pk]))
    messages.success(request, _("The indicator %(name)s is deleted.") % {"name": indicator.name})
    return redirect(_list_url(indicator.fiscal_year.year))


@policy.opens(PAGE)
def indicator_admin_history(request: SignedInRequest, pk: int) -> HttpResponse:
    indicator = _indicator(pk)
    return history_page(
        request,
        indicator,
        back_url=reverse("followup:admin-indicator", args=[pk]),
        back_label=_("Back to the indicator"),
    )
