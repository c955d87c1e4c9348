"""The investment follow-up page (Ekonomi › Investeringar) and its CSV/Excel downloads, for a
unit, a committee or the whole municipality."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from budget.investments.selectors import investment_followup, investment_sources
from budget.investments.tables import InvestmentProjectTable, InvestmentUnitTable, presented
from budget.ledger.signs import presentation_sign, result_sign
from budget.outturn.scope import scope_chosen
from municipality.access import policy
from municipality.access.choice import current_period
from municipality.access.http import SignedInRequest
from municipality.organisation.selectors import municipality_current

EXPORT_FORMATS = ("csv", "xlsx")
TEMPLATE = "budget/investments.html"


@policy.opens(policy.Page.INVESTMENTS)
def investments_view(request: SignedInRequest) -> HttpResponse:
    """The investment projects of the chosen period: a unit's, a committee's or all."""
    period = current_period(request)
    if period is None:
        return render(request, TEMPLATE, {"section": "economy", "data": None})
    scope = scope_chosen(request, period, url_name="budget:investments")
    if isinstance(scope, HttpResponse):
        return scope
    data = investment_followup(period=period, unit=scope.unit, committee=scope.committee)
    municipality = municipality_current()
    sign = presentation_sign(municipality)
    total = presented(data.total, sign)
    projects = InvestmentProjectTable(
        [presented(row, sign) for row in data.projects],
        followup=data,
        label=_("Project"),
        total=total,
    )
    whole = scope.unit is None and scope.committee is None
    children_label = _("Committee") if whole else _("Unit")
    children = InvestmentUnitTable(
        [presented(row, sign) for row in data.children],
        followup=data,
        label=children_label,
        total=total,
    )
    export = request.GET.get("export")
    if export in EXPORT_FORMATS:
        table = children if request.GET.get("table") == "units" else projects
        name = slugify(f"investeringar-{data.title}-{period.name}")
        return table.export(export, name)
    return render(
        request,
        TEMPLATE,
        {
            "section": "economy",
            "data": data,
            "projects": projects,
            "children": children,
            "children_heading": _("Per committee") if whole else _("Per unit"),
            "scope_query": scope.query,
            "municipality": municipality,
            "result_sign": result_sign(sign),
            # Where the outcome shown comes from: the imports of its current rows.
            "sources": investment_sources(
                year=period.year,
                cutoff=period.cutoff_month,
                project_ids=None if whole else data.project_ids,
            ),
        },
    )
