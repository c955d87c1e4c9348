"""What the public results site shows: the only source of public content.

Only what a decided report contains, or an explicitly published indicator, is ever read here:

- nothing at all while the site is closed (``Publication.enabled``), and each kind of result
  only while its switch is on (``goal_status``, ``indicators``, ``finance``, ``reports``);
- a committee only while it is published, a unit only while it and its committee are;
- goal status and key figures only of a committee's report that is decided *and* frozen in a
  period locked after decision (its assessments can no longer change), the key figures read
  from the report's frozen tables, never computed again from the live tables;
- an indicator only while it is published; its municipality's and units' own values only for
  months a locked period covers (or years Tertial has no periods for: history imported from
  before), Kolada's (public statistics) always; a unit's values only while the unit is shown;
- no names of people: the goal status carries the decided comment, the reports their PDF.

The results are plain frozen dataclasses, never querysets nor model instances, so a template
cannot reach past them. Each function reads a constant number of queries.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models.functions import Coalesce, Length

from followup.assessments.models import Assessment
from followup.goals.models import CommitteeGoal
from followup.public.results import (
    KeyFigures,
    PublicCommittee,
    PublicGoal,
    PublicIndicator,
    PublicPdf,
    PublicPeriod,
    PublicReport,
    PublicSite,
    PublicStatus,
    PublicUnit,
    PublicValue,
    SearchResult,
    public_period,
    report_file_name,
    site,
    status_of,
)
from followup.public.series import indicator, indicators, latest_total
from followup.reports.models import Report, ReportStatus
from municipality.models import Committee, OrgUnit, ReportingPeriod

__all__ = [
    "KeyFigures", "PublicCommittee", "PublicGoal", "PublicIndicator", "PublicPdf", "PublicPeriod",
    "PublicReport", "PublicSite", "PublicStatus", "PublicUnit", "PublicValue", "SearchResult",
    "categories", "committee", "committees", "indicator", "indicators", "key_figures",
    "latest_total", "report_file_name", "report_pdf", "reports", "search", "site", "status_of",
    "unit", "units",
]  # fmt: skip

# The frozen report table whose total row holds a committee's budget, forecast (and at the
# year's end outcome) and deviation (``followup.reports.sections.operating.units_table``).
KEY_FIGURES_TABLE = "operating-units"


# --- Committees, their decided reports, goal status and figures --------------------------


def _decided_reports(committee_ids: Iterable[int]) -> list[Report]:
    """The decided reports frozen in locked periods of the committees, newest period first,
    the latest decided version of each (committee, period) only. One query; the archive and
    the snapshot HTML are not read."""
    reports = (
        Report.objects.filter(
            committee_id__in=list(committee_ids),
            status=ReportStatus.DECIDED,
            frozen_at__isnull=False,
            period__state=ReportingPeriod.State.LOCKED,
        )
        .select_related("period__fiscal_year")
        .defer("pdf", "snapshot_html")
        .annotate(pdf_size=Coalesce(Length("pdf"), 0))
        .order_by("committee_id", "-period__fiscal_year__year", "-period__cutoff_month", "-version")
    )
    latest: dict[tuple[int, int], Report] = {}
    for report in reports:
        latest.setdefault((report.committee_id, report.period_id), report)  # type: ignore[arg-type]  # committee set
    return list(latest.values())


def _public_report(report: Report, committee_name: str) -> PublicReport:
    assert report.frozen_at is not None
    return PublicReport(
        pk=report.pk,
        committee_id=report.committee_id,  # type: ignore[arg-type]  # committee reports only
        committee_name=committee_name,
        period=public_period(report.period),
        version=report.version,
        decision_date=report.decision_date,
        frozen_at=report.frozen_at,
        pdf_sha256=report.pdf_sha256,
        pdf_size=report.pdf_size,  # type: ignore[attr-defined]  # annotated
    )


def key_figures(snapshot_tables: dict[str, Any], period: PublicPeriod) -> KeyFigures | None:
    """The total row of the frozen table per area of operation: budget, forecast, (outcome,)
    deviation, read by the table's own headings' count; ``None`` without the table."""
    table = snapshot_tables.get(KEY_FIGURES_TABLE)
    if not table or not table.get("rows"):
        return None
    totals = [row for row in table["rows"] if row[1] == "total"]
    _label, _kind, values = totals[-1] if totals else table["rows"][-1]
    amounts = [None if v is None else Decimal(v) for v in values]
    if len(amounts) == 4:
        budget, forecast, outcome, deviation = amounts
    elif len(amounts) == 3:
        budget, forecast, deviation = amounts
        outcome = None
    else:
        return None
    return KeyFigures(period, budget, forecast, outcome, deviation)


def _goals(latest: dict[int, Report]) -> dict[int, list[PublicGoal]]:
    """Per committee the goals of its decided period's year, with the period's status and
    comment (two queries for any number of committees)."""
    if not latest:
        return {}
    years = {report.period.fiscal_year_id for report in latest.values()}
    goals = (
        CommitteeGoal.objects.filter(committee_id__in=list(latest), fiscal_year_id__in=years)
        .select_related("goal_area")
        .order_by("committee_id", "goal_area__order", "goal_area__name", "order", "title")
        .only("pk", "title", "committee_id", "fiscal_year_id", "goal_area__name")
    )
    periods = {report.period_id for report in latest.values()}
    assessments = {
        (a.period_id, a.committee_goal_id): a
        for a in Assessment.objects.filter(
            period_id__in=periods, committee_goal__committee_id__in=list(latest)
        ).only("period_id", "committee_goal_id", "status", "comment")
    }
    result: dict[int, list[PublicGoal]] = defaultdict(list)
    for goal in goals:
        report = latest[goal.committee_id]
        if goal.fiscal_year_id != report.period.fiscal_year_id:
            continue
        assessment = assessments.get((report.period_id, goal.pk))
        status = assessment.status if assessment else ""
        result[goal.committee_id].append(
            PublicGoal(
                pk=goal.pk,
                title=goal.title,
                goal_area=goal.goal_area.name,
                status=status_of(status),
                comment=assessment.comment if assessment else "",
            )
        )
    return result


def _units(committee_ids: Iterable[int] | None = None) -> list[OrgUnit]:
    units = OrgUnit.objects.filter(published=True, committee__published=True)
    if committee_ids is not None:
        units = units.filter(committee_id__in=list(committee_ids))
    return list(
        units.select_related("committee")
        .only("pk", "name", "code", "public_category", "kolada_ou", "committee__name")
        .order_by("name", "code")
    )


def _public_unit(unit: OrgUnit) -> PublicUnit:
    category = unit.public_category or OrgUnit.PublicCategory.OTHER
    return PublicUnit(
        pk=unit.pk,
        name=unit.name,
        code=unit.code,
        committee_id=unit.committee_id,
        committee_name=unit.committee.name,
        category=category,
        category_label=str(OrgUnit.PublicCategory(category).label),
        kolada_ou=unit.kolada_ou,
    )


def committees(
    pk: int | None = None, *, site_settings: PublicSite | None = None
) -> list[PublicCommittee]:
    """The published committees (or the one ``pk``, if published) in their order, each with
    its latest decided period's goal status and key figures, its published units and its
    decided reports, as the switches allow. Empty while the site is closed."""
    settings = site_settings or site()
    if settings is None:
        return []
    found = Committee.objects.filter(published=True).only("pk", "name", "short_code")
    if pk is not None:
        found = found.filter(pk=pk)
    chosen = list(found.order_by("order", "name"))
    if not chosen:
        return []
    ids = [committee.pk for committee in chosen]
    reports = (
        _decided_reports(ids) if settings.goal_status or settings.finance or settings.reports
        else []
    )  # fmt: skip
    latest: dict[int, Report] = {}
    for decided in reports:  # newest period first per committee
        latest.setdefault(decided.committee_id, decided)  # type: ignore[arg-type]  # committee set
    goals = _goals(latest) if settings.goal_status else {}
    units: dict[int, list[PublicUnit]] = defaultdict(list)
    for unit in _units(ids):
        units[unit.committee_id].append(_public_unit(unit))
    result = []
    for committee in chosen:
        report = latest.get(committee.pk)
        period = public_period(report.period) if report else None
        figures = (
            key_figures(report.snapshot_tables, period)
            if settings.finance and report is not None and period is not None
            else None
        )
        result.append(
            PublicCommittee(
                pk=committee.pk,
                name=committee.name,
                short_code=committee.short_code,
                period=period,
                goals=tuple(goals.get(committee.pk, ())),
                figures=figures,
                units=tuple(units[committee.pk]),
                reports=tuple(
                    _public_report(r, committee.name)
                    for r in reports
                    if r.committee_id == committee.pk and r.pdf_size  # type: ignore[attr-defined]
                )
                if settings.reports
                else (),
            )
        )
    return result


def committee(pk: int) -> PublicCommittee | None:
    """The published committee, or ``None`` (a 404) if it is not shown."""
    found = committees(pk)
    return found[0] if found else None


def reports() -> list[PublicReport]:
    """Every published committee's decided reports with an archived PDF, newest first."""
    settings = site()
    if settings is None or not settings.reports:
        return []
    names = dict(Committee.objects.filter(published=True).values_list("pk", "name"))
    found = [
        _public_report(report, names[report.committee_id])  # type: ignore[index]  # committee set
        for report in _decided_reports(names)
        if report.pdf_size  # type: ignore[attr-defined]  # annotated
    ]
    return sorted(found, key=lambda r: (-r.period.year, -r.period.cutoff_month))


def report_pdf(pk: int) -> PublicPdf | None:
    """A decided report's archived PDF, or ``None`` (a 404) unless it is public."""
    settings = site()
    if settings is None or not settings.reports:
        return None
    report = (
        Report.objects.filter(
            pk=pk,
            committee__published=True,
            status=ReportStatus.DECIDED,
            frozen_at__isnull=False,
            pdf__isnull=False,
            period__state=ReportingPeriod.State.LOCKED,
        )
        .select_related("period__fiscal_year", "committee")
        .defer("snapshot_html", "snapshot_tables")
        .annotate(pdf_size=Coalesce(Length("pdf"), 0))
        .first()
    )
    if report is None or report.committee is None or not report.pdf:
        return None
    # Only the latest decided version of the committee's period is public.
    newer = Report.objects.filter(
        committee_id=report.committee.pk,
        period_id=report.period_id,
        status=ReportStatus.DECIDED,
        frozen_at__isnull=False,
        version__gt=report.version,
    )
    if newer.exists():
        return None
    public = _public_report(report, report.committee.name)
    return PublicPdf(public, bytes(report.pdf), public.file_name)


# --- Units -------------------------------------------------------------------------------


def units(category: str | None = None) -> list[PublicUnit]:
    """The published units of published committees, by name; of one public category."""
    if site() is None:
        return []
    found = [_public_unit(unit) for unit in _units()]
    if category:
        found = [unit for unit in found if unit.category == category]
    return found


def unit(pk: int) -> PublicUnit | None:
    if site() is None:
        return None
    found = OrgUnit.objects.filter(pk=pk, published=True, committee__published=True)
    chosen = found.select_related("committee").first()
    return _public_unit(chosen) if chosen else None


def categories() -> list[tuple[str, str, int]]:
    """The public categories that have published units: (value, label, count)."""
    counts = Counter(unit.category for unit in units())
    return [
        (value, str(label), counts[value])
        for value, label in OrgUnit.PublicCategory.choices
        if counts[value]
    ]


def search(query: str) -> SearchResult:
    """Published committees and units whose name (or a unit's code) holds the query."""
    query = query.strip()[:100]
    if not query or site() is None:
        return SearchResult(query)
    needle = query.casefold()
    found_committees = tuple(c for c in committees() if needle in c.name.casefold())
    found_units = tuple(
        u for u in units() if needle in u.name.casefold() or needle == u.code.casefold()
    )
    return SearchResult(query, found_committees, found_units)
