"""The public results site's results: plain frozen dataclasses, never querysets nor model
instances, so that a template cannot reach past what ``published`` chose to show; and the
site's settings (``site``), ``None`` while the site is closed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from followup.dashboards.badges import status_label, status_look
from followup.goals.models import GoalStatus
from followup.public.models import Licence, Publication, publication_settings
from municipality.models import ReportingPeriod
from municipality.organisation.selectors import municipality_current


@dataclass(frozen=True)
class PublicSite:
    """The site's settings as the public pages need them; ``None`` from :func:`site` when
    the site is closed."""

    municipality_name: str
    municipality_code: str
    introduction: str
    contact_email: str
    licence: str
    licence_label: str
    goal_status: bool
    indicators: bool
    finance: bool
    reports: bool
    open_data: bool
    changed: datetime


@dataclass(frozen=True)
class PublicStatus:
    """A decided status: its colour, its symbol and its word, always together."""

    status: str
    colour: str
    symbol: str
    word: str


@dataclass(frozen=True)
class PublicPeriod:
    pk: int
    name: str
    year: int
    kind: str
    cutoff_month: int


@dataclass(frozen=True)
class PublicGoal:
    """A committee goal with the status and comment decided in the period."""

    pk: int
    title: str
    goal_area: str
    status: PublicStatus
    comment: str


@dataclass(frozen=True)
class KeyFigures:
    """A committee's figures from its decided report's frozen table, in kronor as the report
    shows them (its presentation sign); ``outcome`` only at the year's end (``forecast``, the
    expected outcome, before it). ``deviation`` is the report's own deviation column."""

    period: PublicPeriod
    budget: Decimal | None
    forecast: Decimal | None
    outcome: Decimal | None
    deviation: Decimal | None

    @property
    def year_end(self) -> bool:
        return self.outcome is not None


@dataclass(frozen=True)
class PublicReport:
    """A decided, frozen report with its archived PDF."""

    pk: int
    committee_id: int
    committee_name: str
    period: PublicPeriod
    version: int
    decision_date: date | None
    frozen_at: datetime
    pdf_sha256: str
    pdf_size: int

    @property
    def file_name(self) -> str:
        return report_file_name(self.committee_name, self.period, self.version)


@dataclass(frozen=True)
class PublicUnit:
    pk: int
    name: str
    code: str
    committee_id: int
    committee_name: str
    category: str
    category_label: str
    kolada_ou: str


@dataclass(frozen=True)
class PublicCommittee:
    """A published committee: its latest decided period's goal status and key figures (empty
    while their switches are off or nothing is decided), its published units and its decided
    reports (newest first)."""

    pk: int
    name: str
    short_code: str
    period: PublicPeriod | None
    goals: tuple[PublicGoal, ...] = ()
    figures: KeyFigures | None = None
    units: tuple[PublicUnit, ...] = ()
    reports: tuple[PublicReport, ...] = ()

    @property
    def status_summary(self) -> tuple[tuple[PublicStatus, int], ...]:
        """How many goals are in each status, best first."""
        counts = Counter(goal.status.status for goal in self.goals)
        return tuple(
            (status_of(status), counts[status]) for status in GoalStatus.values if counts[status]
        )


@dataclass(frozen=True)
class PublicValue:
    """One published value; ``area`` is its series (``area_key``: the area's code, or a
    unit's ``<code>-u<pk>``), ``kind`` ``own``, ``peer`` or ``unit``."""

    year: int
    month: int
    gender: str
    area: str
    area_name: str
    kind: str
    unit_id: int | None
    value: Decimal
    source: str


@dataclass(frozen=True)
class PublicIndicator:
    """A published indicator (the newest published copy of its chain of yearly copies) and
    its published values, oldest first."""

    pk: int
    name: str
    code: str
    kolada_kpi: str
    unit: str
    decimals: int
    split_by_gender: bool
    definition: str
    direction: str
    target_kind: str
    target_comparison: str
    target_value: Decimal | None
    values: tuple[PublicValue, ...] = ()


# The fields a public indicator copies from its newest published copy.
INDICATOR_FIELDS = (
    "pk", "name", "code", "kolada_kpi", "unit", "decimals", "split_by_gender", "definition",
    "direction", "target_kind", "target_comparison", "target_value",
)  # fmt: skip


@dataclass(frozen=True)
class PublicPdf:
    """A decided report's archived PDF, to be downloaded."""

    report: PublicReport
    content: bytes
    file_name: str


@dataclass(frozen=True)
class SearchResult:
    """The published committees and units a reader's search found."""

    query: str
    committees: tuple[PublicCommittee, ...] = ()
    units: tuple[PublicUnit, ...] = ()


# --- Settings ----------------------------------------------------------------------------


def site(publication: Publication | None = None) -> PublicSite | None:
    """The public site's settings, or ``None`` while it is closed (everything is then 404)."""
    publication = publication or publication_settings()
    if not publication.enabled:
        return None
    municipality = municipality_current()
    return PublicSite(
        municipality_name=municipality.name if municipality else "",
        municipality_code=municipality.code if municipality else "",
        introduction=publication.introduction,
        contact_email=publication.contact_email,
        licence=publication.licence,
        licence_label=str(Licence(publication.licence).label),
        goal_status=publication.goal_status,
        indicators=publication.indicators,
        finance=publication.finance,
        reports=publication.reports,
        open_data=publication.open_data,
        changed=publication.changed,
    )


def status_of(status: str | None) -> PublicStatus:
    colour, symbol = status_look(status)
    return PublicStatus(status or GoalStatus.NOT_ASSESSED, colour, symbol, status_label(status))


def public_period(period: ReportingPeriod) -> PublicPeriod:
    return PublicPeriod(period.pk, period.name, period.year, period.kind, period.cutoff_month)


def report_file_name(committee_name: str, period: PublicPeriod, version: int) -> str:
    """``Kommunstyrelsen Tertial 1 2019.pdf``; a later version says so."""
    suffix = f" v{version}" if version > 1 else ""
    return f"{committee_name} {period.name}{suffix}.pdf"
