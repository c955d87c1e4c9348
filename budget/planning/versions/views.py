"""The comparison of two budget versions: the page, and its workbook with the same rows."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from django_tables2 import RequestConfig

from budget.ledger.signs import presentation_sign, result_sign
from budget.planning.versions.choices import VersionChoice, budget_versions_of, default_pair
from budget.planning.versions.comparison import Comparison, version_comparison
from budget.planning.versions.tables import (
    COMMITTEES,
    UNITS,
    ComparisonTable,
    comparison_records,
)
from budget.planning.versions.workbook import comparison_xlsx
from municipality.access import policy
from municipality.access.choice import current_period
from municipality.access.http import SignedInRequest
from municipality.models import Committee, FiscalYear
from municipality.organisation.selectors import committees_in_year, municipality_current

ROWS_PER_PAGE = 100
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _int(value: str | None) -> int | None:
    """A query parameter as an id or a year; anything else is no choice, not an error page."""
    return int(value) if value and value.isdigit() else None


@dataclass(frozen=True)
class _Chosen:
    """What the query asks for, each part checked against what exists."""

    years: list[int]
    year: int | None
    choices: list[VersionChoice]
    left: VersionChoice | None
    right: VersionChoice | None
    committee: Committee | None
    committees: list[Committee]

    @property
    def query(self) -> str:
        """The choice as a query string, for the download link and the drill-down."""
        params: dict[str, str | int] = {"year": self.year or ""}
        if self.left and self.right:
            params |= {"left": self.left.key, "right": self.right.key}
        if self.committee is not None:
            params["committee"] = self.committee.pk
        return urlencode(params)


def _chosen(request: SignedInRequest) -> _Chosen:
    """The year asked for (else the current period's, else the latest), its versions, and
    the two to compare: the asked keys where the year has them, else the first and last."""
    years = list(FiscalYear.objects.order_by("-year").values_list("year", flat=True))
    year = _int(request.GET.get("year"))
    if year not in years:
        period = current_period(request)
        year = period.year if period is not None and period.year in years else None
        year = year or (years[0] if years else None)
    if year is None:
        return _Chosen(years, None, [], None, None, None, [])
    choices = budget_versions_of(year=year)
    by_key = {choice.key: choice for choice in choices}
    pair = default_pair(choices)
    left = by_key.get(request.GET.get("left", "")) or (pair[0] if pair else None)
    right = by_key.get(request.GET.get("right", "")) or (pair[1] if pair else None)
    committees = list(committees_in_year(year))
    wanted = _int(request.GET.get("committee"))
    committee = next((c for c in committees if c.pk == wanted), None)
    return _Chosen(years, year, choices, left, right, committee, committees)


def _level(request: SignedInRequest, chosen: _Chosen) -> str:
    """Per unit for one committee, or for whoever sees only part of the municipality; per
    committee for the whole municipality (its workbook's ``units=1`` has every unit's rows)."""
    whole = policy.granted(request.user, policy.Action.VIEW_UNIT)
    return COMMITTEES if whole and chosen.committee is None else UNITS


def _comparison(request: SignedInRequest, chosen: _Chosen, level: str) -> Comparison | None:
    if chosen.year is None or chosen.left is None or chosen.right is None:
        return None
    return version_comparison(
        year=chosen.year,
        left=chosen.left.key,
        right=chosen.right.key,
        committee=chosen.committee,
        user=request.user,
        choices=chosen.choices,
        per_unit=level == UNITS,
    )


@policy.opens(policy.Page.BUDGET_VERSIONS)
def budget_versions_view(request: SignedInRequest) -> HttpResponse:
    """Any two versions of a year's budget side by side, per committee, unit and line."""
    chosen = _chosen(request)
    level = _level(request, chosen)
    comparison = _comparison(request, chosen, level)
    context: dict[str, object] = {"section": "planning", "chosen": chosen, "data": comparison}
    if comparison is not None:
        result = result_sign(presentation_sign(municipality_current()))
        base: dict[str, str | int] = {
            "year": comparison.year,
            "left": comparison.left.key,
            "right": comparison.right.key,
        }
        drill = f"?{urlencode(base)}&committee={{pk}}"
        records = comparison_records(comparison, level=level, result=result, committee_url=drill)
        table = ComparisonTable(records, comparison=comparison)
        # A committee of 200 units has some 1 500 rows: a page of them at a time.
        RequestConfig(request, paginate={"per_page": ROWS_PER_PAGE}).configure(table)
        context |= {
            "table": table,
            "level": level,
            "result_sign": result,
            "xlsx_url": f"{reverse('budget:budget-versions-xlsx')}?{chosen.query}",
        }
    return render(request, "budget/planning/versions.html", context)


@policy.opens(policy.Page.BUDGET_VERSIONS)
def budget_versions_xlsx(request: SignedInRequest) -> HttpResponse:
    """The page's rows as a workbook; ``?units=1`` every unit's, for the whole municipality."""
    chosen = _chosen(request)
    level = UNITS if request.GET.get("units") == "1" else _level(request, chosen)
    comparison = _comparison(request, chosen, level)
    if comparison is None:
        raise Http404
    result = result_sign(presentation_sign(municipality_current()))
    records = comparison_records(comparison, level=level, result=result)
    response = HttpResponse(comparison_xlsx(comparison, records, result=result), content_type=XLSX)
    scope = f"-{slugify(chosen.committee.name)}" if chosen.committee else ""
    name = f"budgetversioner-{chosen.year}{scope}-{comparison.left.key}-{comparison.right.key}"
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
