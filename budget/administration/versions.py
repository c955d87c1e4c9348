"""The budget versions of a year on the report lines page (``budget:admin-report-lines``):
the controller makes one the year's active version, the budget the follow-up compares with,
through ``budget.ledger.services.budget_version_activate`` (the history, the stale-edit
guard, the year's locked periods and the recompute of the figures)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from budget.administration.report_lines import PAGE, answered, page_url, posted_seen
from budget.ledger.models import BudgetVersion
from budget.ledger.services import budget_version_activate
from municipality.access import policy
from municipality.access.http import SignedInRequest
from municipality.administration.writes import writes_need
from municipality.history.pages import history_page
from municipality.models import FiscalYear


def _may_activate(request: SignedInRequest) -> None:
    """Which version is active is the budget decision the follow-up compares with: the action
    that decides a committee's budget into the active version (``MANAGE_PLANNING``)."""
    writes_need(request, policy.Action.MANAGE_PLANNING)


def _version(pk: int) -> BudgetVersion:
    return get_object_or_404(BudgetVersion.objects.select_related("fiscal_year"), pk=pk)


def versions_url(fiscal_year: FiscalYear) -> str:
    return f"{page_url(fiscal_year)}#versions"


@require_POST
@policy.opens(PAGE)
def version_activate(request: SignedInRequest, pk: int) -> HttpResponse:
    """Make a budget version its year's active one: the follow-up's budget from now on."""
    _may_activate(request)
    version = _version(pk)

    def activate() -> str:
        budget_version_activate(version=version, seen=posted_seen(request))
        return _("%(version)s is now the active budget of %(year)s.") % {
            "version": version.name,
            "year": version.fiscal_year.year,
        }

    return answered(request, activate, versions_url(version.fiscal_year))


@policy.opens(PAGE)
def version_history(request: SignedInRequest, pk: int) -> HttpResponse:
    version = _version(pk)
    return history_page(
        request,
        version,
        back_url=versions_url(version.fiscal_year),
        back_label=_("Report lines %(year)s") % {"year": version.fiscal_year.year},
    )
