"""The indicator pages: the year's list, an indicator with its chart and values, the values as
CSV and XLSX, and the entry of the open period's values (htmx, or a plain form)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from followup.indicators.charts.words import period_label, target_text, value_text
from followup.indicators.entry import (
    IndicatorValuesForm,
    entry_is_for,
    entry_units,
    indicator_values_enter,
    may_enter_values,
    own_values_at,
)
from followup.indicators.models import Indicator
from followup.indicators.pages import (
    IndicatorPage,
    indicator_list_rows,
    indicator_page,
    indicators_with_goals,
)
from followup.indicators.tables import IndicatorTable, ValuesTable, met_badge, values_export
from municipality.access import policy
from municipality.access.choice import current_period
from municipality.access.http import SignedInRequest
from municipality.models import OrgUnit, ReportingPeriod

SECTION = "goals"


def _may_view(request: SignedInRequest) -> None:
    """Indicators are the municipality's: anyone who may see some unit may see them."""
    if not policy.may_open(request.user, policy.Page.INDICATORS):
        raise PermissionDenied


def indicator_list(request: SignedInRequest) -> HttpResponse:
    _may_view(request)
    period = current_period(request)
    table = IndicatorTable(indicator_list_rows(period) if period else [])
    return render(
        request,
        "followup/indicators.html",
        {
            "section": SECTION,
            "period": period,
            "table": table,
            "may_import_staff": policy.may_open(request.user, policy.Page.STAFF_IMPORT),
        },
    )


def _indicator(request: SignedInRequest, pk: int) -> Indicator:
    _may_view(request)
    return get_object_or_404(indicators_with_goals(), pk=pk)


def _entry_unit(
    request: SignedInRequest, indicator: Indicator, period: ReportingPeriod | None
) -> tuple[OrgUnit | None, list[OrgUnit]]:
    """The unit whose values are entered (``unit``; none: the municipality's), and the units
    the user may choose; a unit the user may not enter for is refused."""
    units = entry_units(request.user, indicator, period)
    chosen = request.POST.get("unit") or request.GET.get("unit") or ""
    if not chosen:
        return None, units
    unit = next((u for u in units if str(u.pk) == chosen), None)
    if unit is None:
        raise PermissionDenied
    return unit, units


def _entry_context(
    request: SignedInRequest,
    page: IndicatorPage,
    period: ReportingPeriod | None,
    form: IndicatorValuesForm | None = None,
) -> dict[str, object]:
    """The entry form, when the user may enter values for the chosen period here: the
    municipality's, or those of a unit the user answers for (``?unit=``)."""
    indicator = page.indicator
    unit, units = _entry_unit(request, indicator, period)
    can_enter = (
        period is not None
        and period.state == ReportingPeriod.State.OPEN
        and entry_is_for(indicator, period)
        and (unit is not None or may_enter_values(request.user, indicator, period))
    )
    note = ""
    if (
        period is not None
        and entry_is_for(indicator, period)
        and period.state != ReportingPeriod.State.OPEN
    ):
        note = _("%(period)s is not open for entry: its values can only be read.") % {
            "period": period.name
        }
    if can_enter and form is None and period is not None:
        current = own_values_at(
            page.values,
            own_area=page.own_area,
            year=period.year,
            month=period.cutoff_month,
            org_unit=unit,
        )
        form = IndicatorValuesForm(
            indicator=indicator, current={g: v.value for g, v in current.items()}
        )
    return {
        "can_enter": can_enter,
        "entry_unit": unit,
        "entry_units": units if can_enter else [],
        "form": form if can_enter else None,
        "entry_period": period.name if period else "",
        "entry_note": note,
    }


def _page_context(
    request: SignedInRequest,
    indicator: Indicator,
    period: ReportingPeriod | None,
    form: IndicatorValuesForm | None = None,
    page: IndicatorPage | None = None,
) -> dict[str, object]:
    page = page or indicator_page(indicator, period)
    latest = page.standing.latest if page.standing else None
    return {
        "section": SECTION,
        "indicator": indicator,
        "period": period,
        "target": target_text(indicator),
        "standing": page.standing,
        "latest_text": value_text(indicator, latest.value) if latest else "",
        "latest_period": period_label(latest.year, latest.month) if latest else "",
        "met_badge": met_badge(page.standing.met) if page.standing else "",
        "chart": page.chart,
        "values_table": ValuesTable(page.chart.table),
        **_entry_context(request, page, period, form),
    }


def indicator_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    indicator = _indicator(request, pk)
    period = current_period(request)
    return render(request, "followup/indicator.html", _page_context(request, indicator, period))


def _export(request: SignedInRequest, pk: int, export_format: str) -> HttpResponse:
    indicator = _indicator(request, pk)
    page = indicator_page(indicator, current_period(request))
    name = slugify(f"{indicator.code}-{indicator.name}-{indicator.fiscal_year.year}")
    return values_export(page.chart.table, export_format, name)


def indicator_csv(request: SignedInRequest, pk: int) -> HttpResponse:
    return _export(request, pk, "csv")


def indicator_xlsx(request: SignedInRequest, pk: int) -> HttpResponse:
    return _export(request, pk, "xlsx")


@require_POST
def indicator_values(request: SignedInRequest, pk: int) -> HttpResponse:
    """Save the open period's values: the values section again for htmx, else back to the
    page; a value that cannot be read is shown at its field and nothing is saved."""
    indicator = _indicator(request, pk)
    period = current_period(request)
    if period is None:
        raise Http404(_("No reporting period has been set up."))
    unit, _units = _entry_unit(request, indicator, period)
    if not (
        period.state == ReportingPeriod.State.OPEN
        and entry_is_for(indicator, period)
        and (unit is not None or may_enter_values(request.user, indicator, period))
    ):
        raise PermissionDenied
    page = indicator_page(indicator, period)
    current = own_values_at(
        page.values,
        own_area=page.own_area,
        year=period.year,
        month=period.cutoff_month,
        org_unit=unit,
    )
    form = IndicatorValuesForm(
        request.POST, indicator=indicator, current={g: v.value for g, v in current.items()}
    )
    saved = None
    if form.is_valid():
        try:
            saved = indicator_values_enter(
                indicator=indicator,
                period=period,
                values=form.values(),
                user=request.user,
                org_unit=unit,
            )
        except ValidationError as error:  # the period was closed or locked meanwhile
            raise PermissionDenied(error.messages[0]) from error
        if not request.htmx:
            messages.success(request, _("The values are saved."))
            response = redirect("followup:indicator", indicator.pk)
            if unit is not None:
                response["Location"] += f"?unit={unit.pk}"
            return response
        context = _page_context(request, indicator, period)  # the saved values read back
    else:
        context = _page_context(request, indicator, period, form, page)
    context["saved"] = saved
    if request.htmx:
        # htmx swaps only successful answers: a form with errors is one, too. The latest
        # value above the section follows out of band.
        context["oob"] = True
        return render(request, "followup/partials/indicator_values.html", context)
    return render(request, "followup/indicator.html", context, status=400)
