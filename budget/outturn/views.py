"""The budget follow-up page (and its CSV/Excel export) for a unit, a committee or the
whole municipality."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from budget.ledger.outcome import outcome_sources
from budget.ledger.signs import presentation_sign, result_sign
from budget.outturn.rows import followup
from budget.outturn.scope import scope_chosen
from budget.outturn.tables import FollowupTable, presented
from budget.planning.changes.selectors import budget_source
from municipality.access import policy
from municipality.access.choice import current_period
from municipality.access.http import SignedInRequest
from municipality.organisation.selectors import municipality_current

EXPORT_FORMATS = ("csv", "xlsx")


@policy.opens(policy.Page.BUDGET_FOLLOWUP)
def followup_view(request: SignedInRequest) -> HttpResponse:
    """Budget follow-up for the chosen period: a unit, a committee, or the whole municipality."""
    period = current_period(request)
    if period is None:
        return render(request, "budget/followup.html", {"section": "economy", "data": None})
    scope = scope_chosen(request, period, url_name="budget:followup")
    if isinstance(scope, HttpResponse):
        return scope
    data = followup(period=period, unit=scope.unit, committee=scope.committee)
    municipality = municipality_current()
    sign = presentation_sign(municipality)
    groups = FollowupTable(
        [presented(row, sign) for row in data.groups],
        followup=data,
        label=_("Account group"),
        total=None,
        prefix="g-",
        orderable=False,
    )
    children = FollowupTable(
        [presented(row, sign) for row in data.children],
        followup=data,
        label=data.children_label,
        total=presented(data.total, sign),
        prefix="u-",
    )
    children.order_by = request.GET.get("u-sort")
    export = request.GET.get("export")
    if export in EXPORT_FORMATS:
        table = groups if request.GET.get("table") == "groups" else children
        name = slugify(f"uppfoljning-{data.title}-{period.name}")
        return table.export(export, name)
    return render(
        request,
        "budget/followup.html",
        {
            "section": "economy",
            "data": data,
            "groups": groups,
            "children": children,
            "municipality": municipality,
            "result_sign": result_sign(sign),
            "can_import": policy.can(request.user, policy.Action.IMPORT_DATA),
            # Where the budget shown comes from: the decided version and the changes by then.
            "budget_source": budget_source(period=period),
            # Where the actuals shown come from: the imports of their current rows.
            "sources": outcome_sources(
                year=period.year,
                cutoff=period.cutoff_month,
                unit_ids=None if data.whole_municipality else data.scope_ids,
            ),
        },
    )
