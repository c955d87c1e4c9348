"""The forecast pages above the single unit: the controller's overview of the workflow,
the deviation overview with drill-down, and the forecast accuracy at year end."""

from __future__ import annotations

from html import escape

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

from budget.forecasting.accuracy import AccuracyRow, closed_annual_period, forecast_accuracy
from budget.forecasting.deviations import deviation_overview
from budget.forecasting.overview import STATE_ORDER, State, UnitStatus, forecast_overview
from budget.forecasting.tables import (
    AccuracyTable,
    DeviationTable,
    accuracy_record,
    deviation_record,
)
from budget.ledger.signs import presentation_sign, result_sign
from budget.outturn.views import EXPORT_FORMATS
from municipality.access import policy
from municipality.access.choice import current_period, period_for
from municipality.access.http import SignedInRequest
from municipality.models import Committee, FiscalYear, OrgUnit
from municipality.organisation.selectors import committees_in_year, municipality_current
from municipality.people.selectors import highest_unit

Action = policy.Action


def _int(value: str | None) -> int | None:
    """A query parameter as an id; anything else is no filter rather than an error page."""
    return int(value) if value and value.isdigit() else None


# A unit's row of the overview. Built here rather than in the template because the page lists
# every unit of the municipality, 2 000 in a large one: the template engine spends about 0.4 ms
# on a row of this size and format_html() 0.3 ms, most of the page's time budget (200 ms).
# Every text from the database goes through escape(); the rest are numbers and choice values.
_UNIT_ROW = (
    '<tr data-unit="%(pk)d" data-state="%(state)s"%(row_class)s>'
    '<th scope="row"><span class="tree-depth-%(depth)d">'
    '<a href="%(url_head)s%(pk)d%(url_tail)s">%(code)s '
    '%(name)s</a></span></th><td><span class="badge badge-%(state)s">%(label)s</span>%(late)s'
    "</td><td>%(changed_by)s</td><td>%(changed_at)s</td></tr>"
)
_SENTINEL = 2_147_483_647


def _unit_rows(units: list[UnitStatus]) -> SafeString:
    """The committee's unit rows as HTML."""
    url_head, url_tail = reverse("budget:forecast", args=[_SENTINEL]).split(str(_SENTINEL))
    late = f' <span class="late-marker">⚠ {escape(_("Late"))}</span>'
    labels: dict[str, str] = {value: escape(str(State(value).label)) for value in STATE_ORDER}
    return mark_safe(  # built from escaped parts only
        "".join(
            _UNIT_ROW
            % {
                "pk": unit.pk,
                "state": unit.state,  # one of ``labels``' keys, or the lookup below fails
                "row_class": ' class="is-late"' if unit.late else "",
                "depth": unit.depth,
                "url_head": url_head,
                "url_tail": url_tail,
                "code": escape(unit.code),
                "name": escape(unit.name),
                "label": labels[unit.state],
                "late": late if unit.late else "",
                "changed_by": escape(unit.changed_by),
                "changed_at": f"<time>{escape(unit.changed_at)}</time>" if unit.changed_at else "",
            }
            for unit in units
        )
    )


@policy.opens(policy.Page.FORECAST_OVERVIEW)
def forecast_overview_view(request: SignedInRequest) -> HttpResponse:
    """Where every unit's forecast stands in the chosen period: the controllers' desk, and
    the way to every unit's grid for the others who may see them all."""
    period = current_period(request)
    context: dict[str, object] = {"section": "economy", "period": period, "overview": None}
    if period is not None:
        committee_id = _int(request.GET.get("committee"))
        state = request.GET.get("status") if request.GET.get("status") in State.values else None
        late_only = request.GET.get("late") == "1"
        overview = forecast_overview(
            period=period, committee_id=committee_id, state=state, late_only=late_only
        )
        context.update(
            overview=overview,
            groups=[(committee, _unit_rows(committee.units)) for committee in overview.committees],
            committees=committees_in_year(period.year),
            states=[(value, State(value).label) for value in STATE_ORDER],
            chosen={"committee": committee_id, "status": state or "", "late": late_only},
        )
    return render(request, "budget/forecast/overview.html", context)


@policy.opens(policy.Page.DEVIATIONS)
def deviations_view(request: SignedInRequest) -> HttpResponse:
    """Budget, forecast and deviation per committee, drilling down to units and their lines.

    Municipality-wide readers start at the committees; anyone else at the highest unit
    they may see, and only below it.
    """
    period = current_period(request)
    if period is None:
        return render(request, "budget/deviations.html", {"section": "economy", "data": None})
    unit = committee = None
    if request.GET.get("unit"):
        unit = get_object_or_404(
            OrgUnit.objects.select_related("committee"), pk=_int(request.GET["unit"])
        )
        if not policy.can(request.user, Action.VIEW_UNIT, unit=unit):
            raise PermissionDenied
    else:
        if not policy.can(request.user, Action.VIEW_UNIT):
            own = highest_unit(request.user, period.year)
            if own is None:
                raise PermissionDenied
            return redirect(f"{reverse('budget:deviations')}?unit={own.pk}")
        if request.GET.get("committee"):
            committee = get_object_or_404(Committee, pk=_int(request.GET["committee"]))
    data = deviation_overview(period=period, unit=unit, committee=committee)
    municipality = municipality_current()
    sign = presentation_sign(municipality)
    groups = DeviationTable(
        [deviation_record(row, sign) for row in data.groups],
        label=_("Account group"),
        total=None,
        prefix="g-",
        orderable=False,
        period=period,
        previous_period=data.previous_period,
    )
    children = DeviationTable(
        [deviation_record(row, sign) for row in data.children],
        label=data.children_label,
        total=deviation_record(data.total, sign),
        prefix="u-",
        period=period,
        previous_period=data.previous_period,
    )
    children.order_by = request.GET.get("u-sort")
    if request.GET.get("export") in EXPORT_FORMATS:
        table = groups if request.GET.get("table") == "groups" else children
        name = slugify(f"avvikelser-{data.title}-{period.name}")
        return table.export(request.GET["export"], name)
    may_see_all = policy.can(request.user, Action.VIEW_UNIT)
    return render(
        request,
        "budget/deviations.html",
        {
            "section": "economy",
            "data": data,
            "groups": groups,
            "children": children,
            "municipality": municipality,
            "result_sign": result_sign(sign),
            "may_see_all": may_see_all,
            # Breadcrumbs only to the levels the user may open.
            "ancestors": [
                a
                for a in data.ancestors
                if may_see_all or policy.can(request.user, Action.VIEW_UNIT, unit=a)
            ],
            "scope_query": (
                f"unit={unit.pk}&" if unit else f"committee={committee.pk}&" if committee else ""
            ),
        },
    )


@policy.opens(policy.Page.FORECAST_ACCURACY)
def forecast_accuracy_view(request: SignedInRequest) -> HttpResponse:
    """How close each committee's T1 and T2 forecasts came to the outcome of the year."""
    years = list(FiscalYear.objects.order_by("-year").values_list("year", flat=True))
    year = _int(request.GET.get("year"))
    if year is None:
        # The latest closed year as seen from the chosen period; the chosen period's year
        # (nothing to compare yet) only while no year is closed.
        chosen = current_period(request)
        shown = (
            period_for(user=request.user, chosen=chosen, page=policy.Page.FORECAST_ACCURACY)
            or chosen
        )
        year = shown.year if shown else (years[0] if years else None)
    context: dict[str, object] = {"section": "economy", "year": year, "years": years}
    annual = closed_annual_period(year=year) if year is not None else None
    if year is not None and annual is not None:
        rows = forecast_accuracy(year=year)
        table = AccuracyTable(
            [accuracy_record(row) for row in rows],
            total=accuracy_record(AccuracyRow.total_of(rows, _("Total"))) if rows else None,
        )
        if request.GET.get("export") in EXPORT_FORMATS:
            return table.export(request.GET["export"], f"prognossakerhet-{year}")
        context.update(table=table, annual=annual)
    return render(request, "budget/forecast/accuracy.html", context)
