"""A Kolada fetch, from the plan to the stored values.

The plan (``kolada_plan``) is what the controller chose: the KPIs of the indicators fetched
from Kolada (``Indicator.kolada_fetched``), the municipality and its peers
(``Municipality.kolada_peers``), the units with a Kolada id (``OrgUnit.kolada_ou``), and the
current year and the ``YEARS_BACK`` before it. The run (``kolada_fetch_run``, the Celery task's)
asks Kolada for every page first, and only when every answer has come and reads as Kolada data
stores them all in one transaction: a fetch that fails at any point (the network, an error
answer, a timeout, a malformed document) stores nothing and keeps the values there were, and
its job says failed with the reason, to be retried.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from budget.ledger.imports.errors import ImportFailed
from followup.indicators.imports.kolada import (
    KoladaResult,
    KoladaUnreachable,
    kolada_data_url,
    kolada_fetch,
    kolada_ou_data_url,
    kolada_values_store,
)
from followup.indicators.models import Indicator
from followup.kolada.models import KoladaFetch
from municipality.administration.municipality_settings import kolada_ids
from municipality.jobs.services import (
    job_claim,
    job_done,
    job_failed,
    job_heartbeat,
    job_progress,
)
from municipality.models import Municipality, OrgUnit, User
from municipality.organisation.selectors import municipality_current

logger = logging.getLogger(__name__)

# The current year and this many before it: Kolada revises the recent years' values.
YEARS_BACK = 4
# Ids per request, so that an address stays well inside what Kolada's server accepts.
IDS_PER_REQUEST = 25
# A fetch whose worker died this often (its task delivered again each time) fails instead.
MAX_ATTEMPTS = 3
# How much of the progress bar asking Kolada takes; storing the rest.
FETCHING_SHARE = 90


def kolada_years(today: date) -> list[int]:
    """The years a fetch asks for."""
    return list(range(today.year - YEARS_BACK, today.year + 1))


def fetched_indicators(first_year: int) -> QuerySet[Indicator]:
    """The indicators whose KPIs are fetched: with a KPI, fetching on, from ``first_year``."""
    return Indicator.objects.exclude(kolada_kpi="").filter(
        kolada_fetched=True, fiscal_year__year__gte=first_year
    )


def kolada_units() -> QuerySet[OrgUnit]:
    """The units with a Kolada id, whose unit-level values are fetched."""
    return OrgUnit.objects.exclude(kolada_ou="")


@dataclass(frozen=True)
class KoladaPlan:
    """What a fetch asks Kolada for."""

    municipality: Municipality | None
    kpis: list[str]
    areas: list[str]  # the municipality's code, then its peers (municipalities and groups)
    ous: list[str]  # the units' Kolada ids
    years: list[int]


def kolada_plan(today: date | None = None) -> KoladaPlan:
    """What the controller chose, as of ``today``."""
    years = kolada_years(today or timezone.localdate())
    municipality = municipality_current()
    areas: list[str] = []
    if municipality is not None:
        areas = [municipality.code]
        areas += [code for code in kolada_ids(municipality.kolada_peers) if code not in areas]
    kpis = set(fetched_indicators(years[0]).values_list("kolada_kpi", flat=True))
    ous = set(kolada_units().values_list("kolada_ou", flat=True))
    return KoladaPlan(
        municipality=municipality,
        kpis=sorted(kpis),
        areas=areas,
        ous=sorted(ous),
        years=years,
    )


def _chunks(ids: Sequence[str]) -> list[Sequence[str]]:
    return [ids[start : start + IDS_PER_REQUEST] for start in range(0, len(ids), IDS_PER_REQUEST)]


def kolada_urls(plan: KoladaPlan) -> list[str]:
    """The queries of a plan: the municipalities' data (``data``), then the units' (``oudata``)."""
    urls = [
        kolada_data_url(kpis=kpis, municipalities=plan.areas, years=plan.years)
        for kpis in _chunks(plan.kpis)
    ]
    urls += [
        kolada_ou_data_url(kpis=kpis, ous=ous, years=plan.years)
        for kpis in _chunks(plan.kpis)
        for ous in _chunks(plan.ous)
    ]
    return urls


def kolada_fetch_new(*, trigger: str, user: User | None) -> KoladaFetch | None:
    """A new fetch, queued; None while another is queued or running (two never run at once)."""
    try:
        with transaction.atomic():
            return KoladaFetch.objects.create(trigger=trigger, requested_by=user)
    except IntegrityError:
        return None


def _fetch_all(fetch_id: int, urls: list[str]) -> tuple[list[object], int]:
    """Every page of every query: the items and how many pages; KoladaUnreachable if any
    fails."""
    values: list[object] = []
    pages = 0
    for number, url in enumerate(urls, start=1):
        step = _("Asking Kolada (%(number)s of %(count)s)") % {"number": number, "count": len(urls)}
        job_progress(KoladaFetch, fetch_id, FETCHING_SHARE * (number - 1) / len(urls), step)
        document = kolada_fetch(url, timeout=settings.KOLADA_TIMEOUT)
        values.extend(document["values"])
        pages += document["pages"]
    return values, pages


def _per_kpi(plan: KoladaPlan, result: KoladaResult) -> dict[str, dict[str, int]]:
    """Per KPI asked for: the values stored (created or changed), unchanged and skipped."""
    tally = {kpi: {"stored": 0, "unchanged": 0, "skipped": 0} for kpi in plan.kpis}
    for indicator, counts in result.tallies.items():
        row = tally.setdefault(indicator.kolada_kpi, {"stored": 0, "unchanged": 0, "skipped": 0})
        row["stored"] += counts.created + counts.changed
        row["unchanged"] += counts.unchanged
    for kpi, skipped in result.skipped_by_kpi.items():
        tally.setdefault(kpi, {"stored": 0, "unchanged": 0, "skipped": 0})["skipped"] += skipped
    return tally


def _store(fetch: KoladaFetch, plan: KoladaPlan, values: list[object], pages: int) -> None:
    """Store the fetched values and end the job done, in one transaction."""
    job_progress(KoladaFetch, fetch.pk, FETCHING_SHARE, _("Storing the values"))
    with transaction.atomic():
        result = kolada_values_store(
            {"values": values},
            user=fetch.requested_by,
            followers=fetched_indicators(plan.years[0]),
            municipality=plan.municipality,
            units=kolada_units(),
        )
        per_kpi = _per_kpi(plan, result)
        job_done(
            KoladaFetch,
            fetch.pk,
            pages=pages,
            stored=result.written,
            unchanged=sum(t.unchanged for t in result.tallies.values()),
            skipped=sum(result.skipped.values()),
            per_kpi=per_kpi,
            skipped_reasons=dict(result.skipped),
        )


def kolada_fetch_run(fetch_id: int) -> str:
    """Run a queued fetch: idempotent (a done fetch is left as it is; a failed, interrupted or
    redelivered one is run again from the start). Returns the state it ends in."""
    fetch = job_claim(
        KoladaFetch, fetch_id, select_related=("requested_by",), max_attempts=MAX_ATTEMPTS
    )
    if fetch is None:
        state = KoladaFetch.objects.filter(pk=fetch_id).values_list("state", flat=True).first()
        return state or KoladaFetch.State.DONE
    plan = kolada_plan()
    KoladaFetch.objects.filter(pk=fetch_id).update(
        kpis=plan.kpis, areas=plan.areas, units=plan.ous, years=plan.years
    )
    if plan.municipality is None or not plan.kpis:
        nothing = (
            _("Nothing to fetch: no municipality has been set up.")
            if plan.municipality is None
            else _("Nothing to fetch: no indicator with a Kolada KPI is chosen.")
        )
        job_done(KoladaFetch, fetch_id, step=nothing)
        return KoladaFetch.State.DONE
    try:
        # A query of many pages tells no progress between them: the job beats meanwhile.
        with job_heartbeat(KoladaFetch, fetch_id):
            values, pages = _fetch_all(fetch_id, kolada_urls(plan))
        _store(fetch, plan, values, pages)
    except (KoladaUnreachable, ImportFailed) as error:
        logger.warning("Kolada fetch %s failed: %s", fetch_id, error)
        job_failed(KoladaFetch, fetch_id, _("Nothing was stored: %(error)s") % {"error": error})
        return KoladaFetch.State.FAILED
    except Exception as error:
        logger.exception("Kolada fetch %s failed", fetch_id)
        reason = str(error) or error.__class__.__name__
        job_failed(KoladaFetch, fetch_id, _("Nothing was stored: %(error)s") % {"error": reason})
        return KoladaFetch.State.FAILED
    return KoladaFetch.State.DONE
