"""Kolada's administration: one page showing and editing what is fetched (the year's
indicators with a KPI, the peers), the units with a Kolada id, the schedule and the last
fetches; "Hämta nu" starts a fetch in the background, whose progress the page polls, and a
failed one can be retried. Every view is the policy's ``ADMIN_KOLADA`` page; every write asks
for ``MANAGE_SETTINGS`` too, and the two forms save through the stale-edit guard."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from followup.administration.kolada.forms import KoladaIndicatorsForm, KoladaPeersForm
from followup.administration.kolada.selectors import (
    kolada_fetches,
    kolada_indicators,
    kolada_schedule,
    kolada_unit_list,
    kolada_year,
)
from followup.administration.kolada.tables import KoladaFetchTable
from followup.kolada.background import fetch_retry, fetch_start
from followup.kolada.fetching import kolada_plan
from followup.kolada.models import KoladaFetch
from municipality.access import policy
from municipality.access.http import SignedInRequest
from municipality.administration.writes import writes_need
from municipality.history.guard import StaleEdit, form_save_checked, history_seen
from municipality.models import FiscalYear, Municipality
from municipality.organisation.selectors import municipality_current
from municipality.tasks import WorkTicket, work_watch, works_told

PAGE = policy.Page.ADMIN_KOLADA
WRITE = policy.Action.MANAGE_SETTINGS


def _municipality() -> Municipality:
    municipality = municipality_current()
    if municipality is None:  # the setup wizard creates it before any page is reached
        raise Http404(_("No municipality has been set up yet."))
    return municipality


def _page_url(fiscal_year: FiscalYear | None) -> str:
    url = reverse(PAGE.value)
    return f"{url}?year={fiscal_year.year}" if fiscal_year is not None else url


def _fetch_context(fetch: KoladaFetch) -> dict[str, object]:
    return {
        "job": fetch,
        "poll_url": reverse("followup:admin-kolada-fetch", args=[fetch.pk]),
        "retry_url": reverse("followup:admin-kolada-retry", args=[fetch.pk]),
    }


def _render(
    request: SignedInRequest,
    *,
    fiscal_year: FiscalYear | None,
    peers_form: KoladaPeersForm | None = None,
    indicators_form: KoladaIndicatorsForm | None = None,
    refusal: tuple[str, str] = ("", ""),
    status: int = 200,
) -> HttpResponse:
    """The page; ``refusal`` is a stale edit's: the form it refused ("peers", "indicators")
    and why."""
    municipality = _municipality()
    if peers_form is None:
        peers_form = KoladaPeersForm(
            instance=municipality, initial={"seen": history_seen(municipality)}
        )
    if indicators_form is None:
        indicators_form = KoladaIndicatorsForm(indicators=kolada_indicators(fiscal_year))
    fetches = list(kolada_fetches())
    context: dict[str, object] = {
        "municipality": municipality,
        "fiscal_year": fiscal_year,
        "years": list(FiscalYear.objects.order_by("-year")),
        "year": fiscal_year,
        "peers_form": peers_form,
        "indicators_form": indicators_form,
        "peers_refusal": refusal[1] if refusal[0] == "peers" else "",
        "indicators_refusal": refusal[1] if refusal[0] == "indicators" else "",
        "plan": kolada_plan(),
        "units": kolada_unit_list(),
        "units_url_name": (
            "municipality:admin-unit-edit"
            if policy.may_open(request.user, policy.Page.ADMIN_ORGANISATION)
            else ""
        ),
        "schedule": kolada_schedule(),
        "table": KoladaFetchTable(fetches),
        "latest": fetches[0] if fetches else None,
    }
    if fetches:
        context.update(_fetch_context(fetches[0]))
    return render(request, "administration/kolada/page.html", context, status=status)


@policy.opens(PAGE)
@require_GET
def kolada_admin(request: SignedInRequest) -> HttpResponse:
    return _render(request, fiscal_year=kolada_year(request.GET.get("year", "")))


@policy.opens(PAGE)
@require_POST
def kolada_peers_save(request: SignedInRequest) -> HttpResponse:
    writes_need(request, WRITE)
    fiscal_year = kolada_year(request.POST.get("year", ""))
    form = KoladaPeersForm(request.POST, instance=_municipality())
    if not form.is_valid():
        return _render(request, fiscal_year=fiscal_year, peers_form=form, status=400)
    try:
        form_save_checked(form, seen=form.cleaned_data["seen"] or 0)
    except StaleEdit as stale:
        return _render(request, fiscal_year=fiscal_year, refusal=("peers", str(stale)), status=409)
    messages.success(request, _("The comparisons are saved."))
    return HttpResponseRedirect(_page_url(fiscal_year))


@policy.opens(PAGE)
@require_POST
def kolada_indicators_save(request: SignedInRequest) -> HttpResponse:
    writes_need(request, WRITE)
    fiscal_year = kolada_year(request.POST.get("year", ""))
    form = KoladaIndicatorsForm(request.POST, indicators=kolada_indicators(fiscal_year))
    if not form.is_valid():
        return _render(request, fiscal_year=fiscal_year, indicators_form=form, status=400)
    try:
        changed = form.save()
    except StaleEdit as stale:
        return _render(
            request, fiscal_year=fiscal_year, refusal=("indicators", str(stale)), status=409
        )
    messages.success(
        request,
        ngettext("%(count)s indicator changed.", "%(count)s indicators changed.", changed)
        % {"count": changed},
    )
    return HttpResponseRedirect(_page_url(fiscal_year))


def _tell(request: SignedInRequest, tickets: list[WorkTicket]) -> None:
    """Say whether the fetch was queued or done here (Redis away), or waits to be queued."""
    told = works_told(
        tickets,
        queued=_("The fetch is queued: Kolada is asked in the background."),
        in_process=_("Redis could not be reached, so Kolada was asked now, while you waited."),
        pending=_("The fetch could not be queued yet; it will be as soon as Redis answers."),
    )
    if told:
        messages.info(request, told)


@policy.opens(PAGE)
@require_POST
def kolada_fetch_now(request: SignedInRequest) -> HttpResponse:
    writes_need(request, WRITE)
    with work_watch() as tickets:
        _fetch, started = fetch_start(request.user)
    if started:
        _tell(request, tickets)
    else:
        messages.warning(request, _("A fetch is already under way; wait for it to finish."))
    return HttpResponseRedirect(reverse(PAGE.value))


@policy.opens(PAGE)
@require_GET
def kolada_fetch_progress(request: SignedInRequest, pk: int) -> HttpResponse:
    """The polled partial: it stops polling once the fetch is done, failed or interrupted,
    and then has htmx reload the page, so that the list of fetches says how it ended too."""
    fetch = get_object_or_404(KoladaFetch, pk=pk)
    response = render(request, "administration/kolada/_fetch.html", _fetch_context(fetch))
    if fetch.is_finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@policy.opens(PAGE)
@require_POST
def kolada_fetch_retry(request: SignedInRequest, pk: int) -> HttpResponse:
    writes_need(request, WRITE)
    fetch = get_object_or_404(KoladaFetch, pk=pk)
    with work_watch() as tickets:
        retried = fetch_retry(fetch)
    if retried:
        _tell(request, tickets)
    else:
        messages.warning(
            request, _("The fetch cannot be retried now: it has not failed, or another runs.")
        )
    return HttpResponseRedirect(reverse(PAGE.value))
