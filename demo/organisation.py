"""A believable demo municipality, modelled on Kalmar's tertial report (seed 004).

Two fiscal years: in the earlier one IT belongs to Servicenämnden and the
security centre to Kommunikation; in the later one both are reorganised, as
Kalmar did in 2019, so the demo shows units moving between years. The
organisation stands from the year before the earlier one, which is no fiscal
year in Tertial: only its books go in, as the earlier year's prior-year column.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from municipality.models import (
    Committee,
    Municipality,
    OrgUnit,
    ReportingPeriod,
    Role,
    RoleAssignment,
    User,
)
from municipality.people.models import DirectoryGroupRole, RoleSource
from municipality.people.services import unit_reorganise
from municipality.periods.services import PeriodPlan, fiscal_year_create, period_set_state

Kind = OrgUnit.Kind
DEMO_PASSWORD = "tertial-demo"

# (code, name, kind, children)
Tree = tuple[str, str, str, tuple["Tree", ...]]


def _ops(*units: tuple[str, str]) -> tuple[Tree, ...]:
    return tuple((code, name, Kind.OPERATION, ()) for code, name in units)


# Kommunstyrelsen's twelve areas of operation, in the order of seed 004's operating table.
KS_OPERATIONS: tuple[Tree, ...] = (
    ("1010", "Koncernledning", Kind.OPERATION, ()),
    ("1020", "Upphandling och kansli", Kind.OPERATION, ()),
    ("1030", "Ekonomi", Kind.OPERATION, ()),
    ("1040", "HR", Kind.OPERATION, ()),
    ("1050", "Arbete & välfärd", Kind.OPERATION, ()),
    ("1060", "Mark och exploatering", Kind.OPERATION, ()),
    ("1070", "Exploateringsverksamheten", Kind.OPERATION, ()),
    ("1080", "Kommunikation", Kind.OPERATION, (
        ("1081", "Trygghets- och larmcentralen", Kind.UNIT, ()),
    )),
    # IT (2050) joins here in the later year, from Servicenämnden.
    ("1100", "Brandkåren", Kind.OPERATION, ()),
    ("1110", "Överförmyndarverksamheten", Kind.OPERATION, ()),
    ("1120", "Gymnasieverksamheten", Kind.OPERATION, (
        ("1121", "Stagneliusskolan", Kind.UNIT, ()),
        ("1122", "Jenny Nyströmsskolan", Kind.UNIT, ()),
        ("1123", "Lars Kaggskolan", Kind.UNIT, ()),
    )),
)  # fmt: skip

# (short code, name, root unit)
COMMITTEES: tuple[tuple[str, str, Tree], ...] = (
    ("KS", "Kommunstyrelsen",
     ("1000", "Kommunledningskontoret", Kind.ADMINISTRATION, KS_OPERATIONS)),
    ("SEN", "Servicenämnden", ("2000", "Serviceförvaltningen", Kind.ADMINISTRATION, _ops(
        ("2010", "Måltidsservice"), ("2020", "Städservice"), ("2030", "Fastighetsförvaltning"),
        ("2040", "Kontaktcenter"), ("2050", "IT"),
    ))),
    ("BUN", "Barn- och ungdomsnämnden",
     ("3000", "Barn- och ungdomsförvaltningen", Kind.ADMINISTRATION, (
        ("3100", "Förskola", Kind.DEPARTMENT, (
            ("3110", "Förskoleområde norr", Kind.UNIT, ()),
            ("3120", "Förskoleområde söder", Kind.UNIT, ()),
        )),
        ("3200", "Grundskola", Kind.DEPARTMENT, (
            ("3210", "Rinkabyskolan", Kind.UNIT, ()),
            ("3220", "Funkaboskolan", Kind.UNIT, ()),
            ("3230", "Smedby skola", Kind.UNIT, ()),
        )),
        ("3300", "Elevhälsa", Kind.DEPARTMENT, ()),
        ("3400", "Förvaltningsgemensamt", Kind.DEPARTMENT, ()),
    ))),
    ("ON", "Omsorgsnämnden", ("4000", "Omsorgsförvaltningen", Kind.ADMINISTRATION, (
        ("4100", "Hemtjänst", Kind.DEPARTMENT, (
            ("4110", "Hemtjänst centrum", Kind.UNIT, ()),
            ("4120", "Hemtjänst landsbygd", Kind.UNIT, ()),
        )),
        ("4200", "Särskilt boende", Kind.DEPARTMENT, ()),
        ("4300", "Funktionsstöd", Kind.DEPARTMENT, ()),
        ("4400", "Hälso- och sjukvård", Kind.DEPARTMENT, ()),
    ))),
    ("SN", "Socialnämnden", ("5000", "Socialförvaltningen", Kind.ADMINISTRATION, (
        ("5100", "Barn och unga", Kind.DEPARTMENT, ()),
        ("5200", "Vuxen och missbruk", Kind.DEPARTMENT, ()),
        ("5300", "Ekonomiskt bistånd", Kind.DEPARTMENT, ()),
    ))),
    ("SBN", "Samhällsbyggnadsnämnden", ("6000", "Samhällsbyggnadskontoret", Kind.ADMINISTRATION, (
        ("6100", "Planering", Kind.DEPARTMENT, ()),
        ("6200", "Bygglov", Kind.DEPARTMENT, ()),
        ("6300", "Gata och park", Kind.DEPARTMENT, ()),
        ("6400", "Lantmäteri", Kind.DEPARTMENT, ()),
    ))),
)  # fmt: skip


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: Role
    unit_code: str | None


DEMO_USERS = (
    DemoUser("ekonom", "Anna", "Ekström", Role.ECONOMIST, "1000"),
    DemoUser("malagare", "Maria", "Lind", Role.GOAL_OWNER, "1000"),
    DemoUser("lasare", "Per", "Holm", Role.READER, None),
    DemoUser("controller", "Karin", "Sjöberg", Role.CONTROLLER, None),
    DemoUser("admin", "Ola", "Nyström", Role.ADMINISTRATOR, None),
)


@dataclass(frozen=True)
class DemoGroup:
    """A directory group of the demo's identity provider and the role it gives."""

    group: str
    role: Role
    unit_code: str | None
    description: str


DEMO_GROUPS = (
    DemoGroup("Tertial-Ekonom-KS", Role.ECONOMIST, "1000", "Ekonomer på kommunledningskontoret"),
    DemoGroup("Tertial-Malagare-KS", Role.GOAL_OWNER, "1000", "Målägare i kommunstyrelsen"),
    DemoGroup("Tertial-Lasare", Role.READER, None, "Läsbehörighet för hela kommunen"),
    DemoGroup("Tertial-Controller", Role.CONTROLLER, None, "Koncernekonomi"),
)
# Someone who signs in through the directory only (no password of Tertial's): the user list
# shows where their role came from. The demo's own users keep their passwords and roles.
DIRECTORY_USER = DemoUser("eva.berg", "Eva", "Berg", Role.ECONOMIST, "1000")


def _create_tree(committee: Committee, tree: Tree, parent: OrgUnit | None, year: int) -> None:
    code, name, kind, children = tree
    unit = OrgUnit.objects.create(
        committee=committee,
        parent=parent,
        code=code,
        name=name,
        kind=kind,
        valid_from=year,
        order=int(code) % 1000 if code.isdigit() else 0,
    )
    for child in children:
        _create_tree(committee, child, unit, year)


def demo_calendar(year: int) -> list[PeriodPlan]:
    """The demo's reporting calendar of ``year``: every second month, the tertials among them."""
    P = ReportingPeriod.Kind
    return [
        PeriodPlan(P.MONTH, 2, date(year, 3, 15)),
        PeriodPlan(P.T1, 4, date(year, 5, 10)),
        PeriodPlan(P.MONTH, 6, date(year, 7, 5)),
        PeriodPlan(P.T2, 8, date(year, 9, 12)),
        PeriodPlan(P.MONTH, 10, date(year, 11, 27)),
        PeriodPlan(P.ANNUAL, 12, date(year + 1, 1, 31)),
    ]


def _periods(year: int, states: dict[tuple[str, int], str]) -> list[tuple[ReportingPeriod, str]]:
    """The year's reporting calendar, every period not opened yet, each with its demo state."""
    _fiscal_year, periods = fiscal_year_create(year=year, calendar=demo_calendar(year))
    planned = ReportingPeriod.State.PLANNED
    return [(p, states.get((p.kind, p.cutoff_month), planned)) for p in periods]


_STATE_ORDER: list[str] = [
    ReportingPeriod.State.PLANNED,
    ReportingPeriod.State.OPEN,
    ReportingPeriod.State.CLOSED,
    ReportingPeriod.State.LOCKED,
]


def _advance(period: ReportingPeriod, target: str) -> ReportingPeriod:
    """Move ``period`` step by step through the calendar's states up to ``target``."""
    start = _STATE_ORDER.index(period.state) + 1
    for state in _STATE_ORDER[start : _STATE_ORDER.index(target) + 1]:
        period = period_set_state(period=period, state=state, user=None, note="Demo")
    return period


@transaction.atomic
def demo_build(
    *, year: int, with_users: bool, before_locking: Callable[[], None] | None = None
) -> list[DemoUser]:
    """Build the demo municipality for ``year - 1`` and ``year``, its organisation standing
    from ``year - 2`` (whose actuals only are imported); returns the users made.

    ``before_locking`` runs once the organisation of both years and the users stand and the
    periods are open or closed, before any is locked: the ledger import refuses the months of
    a locked period, and a budget change one that would change a locked period's budget, so
    the demo's actuals, budgets and changes go in there.
    """
    previous = year - 1
    Municipality.objects.create(
        name="Kalmar kommun", code="0880", presentation_sign=Municipality.Sign.LEDGER
    )
    for order, (short_code, name, root) in enumerate(COMMITTEES, start=1):
        committee = Committee.objects.create(
            name=name, short_code=short_code, order=order, valid_from=previous - 1
        )
        _create_tree(committee, root, None, previous - 1)

    locked = ReportingPeriod.State.LOCKED
    P = ReportingPeriod.Kind
    periods = _periods(
        previous,
        {
            (k, m): locked
            for k, m in [
                (P.MONTH, 2),
                (P.T1, 4),
                (P.MONTH, 6),
                (P.T2, 8),
                (P.MONTH, 10),
                (P.ANNUAL, 12),
            ]
        },
    )
    periods += _periods(year, {
        (P.MONTH, 2): locked, (P.T1, 4): locked, (P.MONTH, 6): locked,
        (P.T2, 8): ReportingPeriod.State.CLOSED, (P.MONTH, 10): ReportingPeriod.State.OPEN,
    })  # fmt: skip
    # Opened and closed now, locked only after the ledger import (see ``before_locking``).
    closed = ReportingPeriod.State.CLOSED
    periods = [(_advance(p, closed if t == locked else t), t) for p, t in periods]

    # Seed 004 shows Kommunledningskontoret's own bookings within Koncernledning.
    for office in OrgUnit.objects.filter(code="1000"):
        office.reported_with = OrgUnit.objects.get(code="1010", parent=office)
        office.save(update_fields=["reported_with"])
    units = {unit.code: unit for unit in OrgUnit.objects.all()}
    it = unit_reorganise(unit=units["2050"], year=year, parent=units["1000"])  # IT to KLK
    OrgUnit.objects.filter(pk=it.pk).update(order=90)  # after Kommunikation, as in seed 004
    unit_reorganise(unit=units["1081"], year=year, parent=units["1100"])  # larmcentralen

    # The users before the ledger: the budget changes of the year name who entered them.
    made = _users_create(year) if with_users else []
    if before_locking is not None:
        before_locking()
    for period, target in periods:
        _advance(period, target)
    return made


def _users_create(year: int) -> list[DemoUser]:
    current = {unit.code: unit for unit in OrgUnit.objects.valid_in(year)}
    for demo in DEMO_USERS:
        user = User.objects.create_user(
            username=demo.username,
            password=DEMO_PASSWORD,
            first_name=demo.first_name,
            last_name=demo.last_name,
            email=f"{demo.username}@example.se",
        )
        RoleAssignment.objects.create(
            user=user, role=demo.role, unit=current[demo.unit_code] if demo.unit_code else None
        )
    for group in DEMO_GROUPS:
        DirectoryGroupRole.objects.create(
            group=group.group,
            role=group.role,
            unit=current[group.unit_code] if group.unit_code else None,
            description=group.description,
        )
    eva = User.objects.create_user(
        username=DIRECTORY_USER.username,
        first_name=DIRECTORY_USER.first_name,
        last_name=DIRECTORY_USER.last_name,
        email=f"{DIRECTORY_USER.username}@example.se",
        directory_subject="demo-0001",
        employee_id="10452",
    )
    RoleAssignment.objects.create(
        user=eva,
        role=Role.ECONOMIST,
        unit=current["1000"],
        source=RoleSource.DIRECTORY,
        directory_group="Tertial-Ekonom-KS",
    )
    return list(DEMO_USERS)
