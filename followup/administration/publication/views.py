"""The publication page (``administration/publicering/``): the settings of the public results
site and the open data, and per year the published committees, units and indicators.

Every view is the policy's ``ADMIN_PUBLICATION`` page; every write asks for ``MANAGE_SETTINGS``
too (``writes_need``) and saves through the stale-edit guard: a list whose row someone else
saved after it was shown is not saved, and shown again with their values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from followup.administration.publication.forms import (
    CheckedFormSet,
    CommitteeFormSet,
    IndicatorFormSet,
    PublicationForm,
    UnitFormSet,
)
from followup.administration.publication.selectors import (
    publication_committees,
    publication_indicators,
    publication_preview,
    publication_units,
)
from followup.administration.publication.services import formset_save_checked
from followup.administration.publication.tables import (
    CommitteePublicationTable,
    IndicatorPublicationTable,
    RowTable,
    UnitPublicationTable,
)
from followup.indicators.models import Indicator
from followup.public.models import Publication, publication_settings
from municipality.access import policy
from municipality.access.choice import current_period
from municipality.access.http import SignedInRequest
from municipality.administration.writes import writes_need
from municipality.history.guard import StaleEdit, form_save_checked, history_seen
from municipality.history.pages import history_page
from municipality.models import FiscalYear
from municipality.organisation.models import Committee, OrgUnit

PAGE = policy.Page.ADMIN_PUBLICATION


@dataclass(frozen=True)
class RowList:
    """One of the page's lists: its rows of a year, its form and its table."""

    slug: str  # in the list's URL
    kind: str  # in a row's history URL
    model: type[models.Model]
    rows: Callable[[int], QuerySet]
    formset: type[CheckedFormSet]
    table: type[RowTable]


LISTS = {
    row_list.slug: row_list
    for row_list in (
        RowList(
            "namnder",
            "namnd",
            Committee,
            publication_committees,
            CommitteeFormSet,
            CommitteePublicationTable,
        ),
        RowList("enheter", "enhet", OrgUnit, publication_units, UnitFormSet, UnitPublicationTable),
        RowList(
            "indikatorer",
            "indikator",
            Indicator,
            publication_indicators,
            IndicatorFormSet,
            IndicatorPublicationTable,
        ),
    )
}
KINDS = {row_list.kind: row_list for row_list in LISTS.values()}


def _years() -> list[int]:
    return list(FiscalYear.objects.order_by("-year").values_list("year", flat=True))


def _year(request: SignedInRequest, years: list[int]) -> int:
    """The year asked for (``?year=``), else the chosen period's, else the latest, else this
    one."""
    asked = request.GET.get("year", "")
    if asked.isdigit() and int(asked) in years:
        return int(asked)
    period = current_period(request)
    if period is not None and period.year in years:
        return period.year
    return years[0] if years else timezone.localdate().year


def _page_url(year: int, anchor: str = "") -> str:
    url = f"{reverse(PAGE.value)}?year={year}"
    return f"{url}#{anchor}" if anchor else url


def _formset(row_list: RowList, year: int, data: QueryDict | None = None) -> CheckedFormSet:
    return row_list.formset(data, queryset=row_list.rows(year), prefix=row_list.slug)


def _render(
    request: SignedInRequest,
    year: int,
    years: list[int],
    *,
    settings_form: PublicationForm | None = None,
    bound: CheckedFormSet | None = None,
    refusal: tuple[str, str] = ("", ""),
    status: int = 200,
) -> HttpResponse:
    """The page; ``settings_form`` or ``bound`` (one list) as sent back, the rest as stored.
    ``refusal`` is the part refused (``"settings"`` or a list's slug) and why."""
    publication = publication_settings()
    if settings_form is None:
        settings_form = PublicationForm(
            instance=publication, initial={"seen": history_seen(publication)}
        )
    lists = []
    for row_list in LISTS.values():
        formset = bound if bound is not None and bound.prefix == row_list.slug else None
        formset = formset or _formset(row_list, year)
        lists.append((row_list.slug, formset, row_list.table(formset.forms)))
    return render(
        request,
        "administration/publication/page.html",
        {
            "year": year,
            "years": years,
            "publication": publication,
            "settings_form": settings_form,
            "lists": lists,
            "preview": publication_preview(year, publication),
            "refused": refusal[0],
            "refusal": refusal[1],
        },
        status=status,
    )


@policy.opens(PAGE)
def publication_page(request: SignedInRequest) -> HttpResponse:
    years = _years()
    return _render(request, _year(request, years), years)


@policy.opens(PAGE)
@require_POST
def publication_settings_save(request: SignedInRequest) -> HttpResponse:
    writes_need(request, policy.Action.MANAGE_SETTINGS)
    years = _years()
    year = _year(request, years)
    form = PublicationForm(request.POST, instance=publication_settings())
    if not form.is_valid():
        return _render(request, year, years, settings_form=form, status=400)
    try:
        form_save_checked(form, seen=form.cleaned_data["seen"] or 0)
    except StaleEdit as stale:
        # The form again, with the values saved in between and their version.
        return _render(request, year, years, refusal=("settings", str(stale)), status=409)
    messages.success(request, _("The publication settings are saved."))
    return redirect(_page_url(year, "settings"))


@policy.opens(PAGE)
@require_POST
def publication_list_save(request: SignedInRequest, slug: str) -> HttpResponse:
    writes_need(request, policy.Action.MANAGE_SETTINGS)
    row_list = LISTS.get(slug)
    if row_list is None:
        raise Http404
    years = _years()
    year = _year(request, years)
    formset = _formset(row_list, year, request.POST)
    if not formset.is_valid():
        return _render(request, year, years, bound=formset, status=400)
    try:
        saved = formset_save_checked(formset)
    except StaleEdit as stale:
        return _render(request, year, years, refusal=(slug, str(stale)), status=409)
    messages.success(
        request,
        ngettext("%(count)s row is saved.", "%(count)s rows are saved.", saved) % {"count": saved}
        if saved
        else _("Nothing was changed."),
    )
    return redirect(_page_url(year, slug))


@policy.opens(PAGE)
def publication_settings_history(request: SignedInRequest) -> HttpResponse:
    publication: Publication = publication_settings()
    return history_page(
        request,
        publication,
        back_url=reverse(PAGE.value),
        back_label=_("Publication"),
    )


@policy.opens(PAGE)
def publication_history(request: SignedInRequest, kind: str, pk: int) -> HttpResponse:
    row_list = KINDS.get(kind)
    if row_list is None:
        raise Http404
    instance = get_object_or_404(row_list.model, pk=pk)
    return history_page(
        request,
        instance,
        back_url=f"{reverse(PAGE.value)}#{row_list.slug}",
        back_label=_("Publication"),
    )
