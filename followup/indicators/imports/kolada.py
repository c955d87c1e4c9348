"""Comparison values from Kolada, the national database of municipal key figures.

Kolada's data format (API v3) is an object whose ``values`` lists one item per KPI,
municipality (or peer group, ids starting with G) and year::

    {"count": 1, "values": [{"kpi": "N00005", "municipality": "0880", "period": 2019,
      "values": [{"gender": "T", "count": 1, "status": "", "value": 12.3, "isdeleted": false}]}]}

Kolada's unit-level data (``oudata``) has the same shape with ``ou`` (a unit's Kolada id, such
as ``V15E088000301``) in place of ``municipality``.

Each value is stored, with ``source = kolada``, on every indicator lineage whose Kolada KPI it
is, on the copy for its year (``Lineages.home``), as a whole year's value (month 12); a unit's
value as the municipality's, with the unit (``OrgUnit.kolada_ou``) set. Deleted and empty values
are skipped and counted, and so are KPIs no indicator follows. A malformed document is refused
whole, and nothing is written.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from http.client import HTTPException
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from budget.ledger.imports.errors import ImportFailed, Problem
from followup.indicators.imports.kolada_areas import area_name
from followup.indicators.imports.store import (
    ImportResult,
    IncomingValue,
    Lineages,
    stored_value,
    values_store,
)
from followup.indicators.models import Gender, Indicator
from municipality.models import Municipality, OrgUnit, User
from municipality.organisation.selectors import municipality_current

YEARS = range(1900, 2101)
KPI_ID = re.compile(r"[A-Z]\d{5}")
AREA_ID = re.compile(r"\d{4}|G\d+")
OU_ID = re.compile(r"V\d{2}E\d{6,12}")
# A guard against a server whose pages point at each other for ever.
MAX_PAGES = 1000


@dataclass(frozen=True)
class KoladaValue:
    kpi: str
    area_code: str  # a municipality's or group's id; a unit's (OU) id for unit-level data
    year: int
    gender: str
    value: Decimal
    ou: bool = False  # ``area_code`` is a unit's Kolada id (``oudata``)


@dataclass
class KoladaDocument:
    """The values of a Kolada document that can be stored, and what was left out and why."""

    values: list[KoladaValue]
    deleted: int = 0
    empty: int = 0
    # Deleted and empty values per KPI.
    left_out: Counter[str] = field(default_factory=Counter)


def _item_problems(item: object) -> list[str]:
    """What is wrong with the shape of an item of ``values``."""
    if not isinstance(item, dict):
        return [_("it is not an object")]
    problems = []
    area = (
        ("ou", OU_ID, _("“%(id)s” is not a Kolada unit id"))
        if "ou" in item and "municipality" not in item
        else ("municipality", AREA_ID, _("“%(id)s” is neither a municipality code nor a group id"))
    )
    ids = (("kpi", KPI_ID, _("“%(id)s” is not a Kolada KPI id")), area)
    for key, pattern, not_an_id in ids:
        text = item.get(key)
        if not isinstance(text, str) or not text.strip():
            problems.append(_("it has no %(key)s") % {"key": key})
        elif not pattern.fullmatch(text.strip()):
            problems.append(not_an_id % {"id": text})
    period = item.get("period")
    if isinstance(period, bool) or not (
        (isinstance(period, int) and period in YEARS)
        or (isinstance(period, str) and period.isdigit() and int(period) in YEARS)
    ):
        problems.append(_("its period “%(period)s” is not a year") % {"period": period})
    if not isinstance(item.get("values"), list):
        problems.append(_("it has no list of values"))
    return problems


def _value_problems(entry: object) -> list[str]:
    """What is wrong with one gender's value of an item."""
    if not isinstance(entry, dict):
        return [_("one of its values is not an object")]
    problems = []
    if entry.get("gender") not in Gender.values:
        problems.append(
            _("the gender “%(gender)s” is not T, K or M") % {"gender": entry.get("gender")}
        )
    value = entry.get("value")
    if value is not None and (isinstance(value, bool) or not isinstance(value, int | Decimal)):
        problems.append(_("the value “%(value)s” is not a number") % {"value": value})
    elif value is not None:
        try:
            stored_value(Decimal(value))
        except ValueError as error:
            problems.append(str(error))
    if not isinstance(entry.get("isdeleted", False), bool):
        problems.append(_("isdeleted is neither true nor false"))
    return problems


def kolada_document_read(document: object) -> KoladaDocument:
    """The values of a parsed Kolada document (numbers as Decimal); ImportFailed if malformed,
    naming each wrong item by its number in ``values`` (counted from 1)."""
    if not isinstance(document, dict) or not isinstance(document.get("values"), list):
        raise ImportFailed(
            [Problem(None, _("This is not Kolada data: there is no list of “values”."))]
        )
    problems: list[Problem] = []
    read = KoladaDocument(values=[])
    seen: dict[tuple[str, str, int, str], Decimal] = {}
    for number, item in enumerate(document["values"], start=1):
        wrong = _item_problems(item)
        if not wrong:
            wrong = [p for entry in item["values"] for p in _value_problems(entry)]
        if wrong:
            problems.extend(
                Problem(None, _("Item %(number)s: %(problem)s") % {"number": number, "problem": p})
                for p in wrong
            )
            continue
        ou = "municipality" not in item
        kpi, year = item["kpi"].strip(), int(item["period"])
        area = item["ou" if ou else "municipality"].strip()
        for entry in item["values"]:
            if entry.get("isdeleted", False) or entry.get("value") is None:
                read.left_out[kpi] += 1
                if entry.get("isdeleted", False):
                    read.deleted += 1
                else:
                    read.empty += 1
                continue
            key = (kpi, area, year, entry["gender"])
            amount = stored_value(Decimal(entry["value"]))
            if key not in seen:
                seen[key] = amount
                read.values.append(KoladaValue(*key, amount, ou=ou))
            elif seen[key] != amount:
                message = _(
                    "Item %(number)s: another value for %(kpi)s, %(area)s, %(year)s, %(gender)s "
                    "than an earlier item gave"
                )
                problems.append(
                    Problem(
                        None,
                        message
                        % {
                            "number": number,
                            "kpi": kpi,
                            "area": area,
                            "year": year,
                            "gender": key[3],
                        },
                    )
                )
    if problems:
        raise ImportFailed(problems)
    return read


def kolada_parse(data: bytes) -> object:
    """A Kolada file's JSON, its numbers exact."""
    try:
        return json.loads(data, parse_float=Decimal)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportFailed(
            [Problem(None, _("The file is not JSON: %(error)s") % {"error": error})]
        ) from error


@dataclass
class KoladaResult(ImportResult):
    """What a Kolada import did, and per KPI how many of its values were left out."""

    skipped_by_kpi: Counter[str] = field(default_factory=Counter)


class KoladaUnits:
    """The organisation's units by their Kolada id (``OrgUnit.kolada_ou``): a value of a year
    goes to the unit valid that year, else to the latest of them (a unit reorganised into a
    successor that kept its Kolada id)."""

    def __init__(self, units: Iterable[OrgUnit]) -> None:
        self.by_ou: dict[str, list[OrgUnit]] = defaultdict(list)
        for unit in units:
            if unit.kolada_ou:
                self.by_ou[unit.kolada_ou].append(unit)

    def unit(self, ou: str, year: int) -> OrgUnit | None:
        units = sorted(self.by_ou.get(ou, []), key=lambda u: (u.valid_from, u.pk))
        valid = [u for u in units if u.valid_from <= year and (u.valid_to or year) >= year]
        chosen = valid or units
        return chosen[-1] if chosen else None


@transaction.atomic
def kolada_values_store(
    document: object,
    *,
    user: User | None = None,
    followers: QuerySet[Indicator] | None = None,
    municipality: Municipality | None = None,
    units: Iterable[OrgUnit] = (),
) -> KoladaResult:
    """Store a parsed Kolada document's values on the indicators that follow its KPIs (those
    of ``followers``; every indicator when None). A unit's value (``oudata``) is stored as
    ``municipality``'s, on the unit of ``units`` that has its Kolada id."""
    read = kolada_document_read(document)
    result = KoladaResult()
    result.skipped_by_kpi.update(read.left_out)
    if read.deleted:
        result.skipped[_("deleted in Kolada")] += read.deleted
    if read.empty:
        result.skipped[_("no value")] += read.empty
    chosen = Indicator.objects.all() if followers is None else followers
    following = list(
        chosen.filter(kolada_kpi__in={v.kpi for v in read.values}).select_related("fiscal_year")
    )
    lineages = Lineages.of(following)
    by_kpi: dict[str, set[int]] = defaultdict(set)
    for indicator in following:
        by_kpi[indicator.kolada_kpi].add(indicator.lineage_id)
    by_ou = KoladaUnits(units)
    own_name = (area_name(municipality.code) or municipality.name) if municipality else ""
    incoming: dict[tuple, tuple[str, IncomingValue]] = {}
    for value in read.values:

        def skip(reason: str, kpi: str = value.kpi) -> None:
            result.skipped[reason] += 1
            result.skipped_by_kpi[kpi] += 1

        if value.kpi not in by_kpi:
            skip(_("KPI %(kpi)s: no indicator follows it") % {"kpi": value.kpi})
            continue
        unit = by_ou.unit(value.area_code, value.year) if value.ou else None
        if value.ou and (unit is None or municipality is None):
            skip(_("unit %(ou)s: no unit has this Kolada id") % {"ou": value.area_code})
            continue
        for lineage in sorted(by_kpi[value.kpi]):
            home = lineages.home(lineage, value.year)
            if value.gender != Gender.TOTAL and not home.split_by_gender:
                skip(_("by gender, for an indicator not split by gender"))
                continue
            item = IncomingValue(
                indicator=home,
                year=value.year,
                month=12,
                gender=value.gender,
                area_code=municipality.code if unit and municipality else value.area_code,
                area_name=own_name if unit else area_name(value.area_code),
                value=value.value,
                org_unit=unit,
            )
            # A lineage whose copies follow different KPIs gets two values for one place:
            # the KPI of the copy the value is stored on wins.
            if item.key in incoming:
                skip(_("a value of another KPI of the same indicator"))
                if incoming[item.key][0] == home.kolada_kpi:
                    continue
            incoming[item.key] = (value.kpi, item)
    result.tallies = values_store(
        [item for _kpi, item in incoming.values()], source=Indicator.Source.KOLADA, user=user
    )
    return result


def kolada_import(data: bytes, *, user: User | None = None) -> ImportResult:
    """Import a Kolada file (API v3's JSON data format, municipalities' or units'), all or
    nothing."""
    return kolada_values_store(
        kolada_parse(data),
        user=user,
        municipality=municipality_current(),
        units=OrgUnit.objects.exclude(kolada_ou=""),
    )


class KoladaUnreachable(Exception):
    """Kolada's API could not be asked, or did not answer with data."""


def kolada_data_url(
    *, kpis: Sequence[str], municipalities: Sequence[str], years: Sequence[int] = ()
) -> str:
    """The API v3 data address for these KPIs, municipalities and (all, if none) years."""
    base = settings.KOLADA_API_URL.rstrip("/")
    url = f"{base}/data/kpi/{','.join(kpis)}/municipality/{','.join(municipalities)}"
    if years:
        url += f"/year/{','.join(map(str, years))}"
    return url


def kolada_ou_data_url(*, kpis: Sequence[str], ous: Sequence[str], years: Sequence[int]) -> str:
    """The API v3 address of these KPIs' values for these units (OU) and years."""
    base = settings.KOLADA_API_URL.rstrip("/")
    return f"{base}/oudata/kpi/{','.join(kpis)}/ou/{','.join(ous)}/year/{','.join(map(str, years))}"


def _get_json(url: str, *, timeout: float) -> object:
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
    except urllib.error.HTTPError as error:
        raise KoladaUnreachable(
            _("Kolada answered %(status)s %(reason)s for %(url)s")
            % {"status": error.code, "reason": error.reason, "url": url}
        ) from error
    except (urllib.error.URLError, TimeoutError, ConnectionError, HTTPException) as error:
        reason = getattr(error, "reason", error)
        raise KoladaUnreachable(
            _("Kolada cannot be reached at %(url)s: %(reason)s") % {"url": url, "reason": reason}
        ) from error
    try:
        return json.loads(body, parse_float=Decimal)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise KoladaUnreachable(
            _("Kolada's answer from %(url)s is not JSON: %(error)s") % {"url": url, "error": error}
        ) from error


def kolada_fetch(url: str, *, timeout: float = 30) -> dict[str, Any]:
    """Every page of a Kolada data query, its items in one document of import_kolada's format.

    Each page gives the address of the next in ``next_url`` (API v3) or ``next_page`` (as v2
    did), until the last page.
    """
    values: list = []
    seen: set[str] = set()
    next_url: str | None = url
    while next_url:
        if next_url in seen or len(seen) >= MAX_PAGES:
            raise KoladaUnreachable(_("Kolada's pages do not end (at %(url)s)") % {"url": next_url})
        seen.add(next_url)
        page = _get_json(next_url, timeout=timeout)
        if not isinstance(page, dict) or not isinstance(page.get("values"), list):
            raise KoladaUnreachable(
                _("Kolada's answer from %(url)s holds no list of “values”") % {"url": next_url}
            )
        values.extend(page["values"])
        next_url = page.get("next_url") or page.get("next_page") or None
    return {"count": len(values), "values": values, "pages": len(seen)}
