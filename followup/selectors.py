"""Reads for the goal-status dashboards: the overview's status matrices, the change since the
previous period, a goal's chain and status history, and the filtered goal and activity lists.

Every read takes the committees the user may see (:func:`committees_visible`) and stays at a
fixed number of queries however many goals, activities and periods there are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Exists, F, FilteredRelation, Model, OuterRef, Q, QuerySet

from budget.forecasting.grid import KIND_PRIORITY, previous_period
from followup.models import (
    GOAL_RANK,
    Activity,
    Assessment,
    AssessmentSubmission,
    CommitteeGoal,
    CouncilGoal,
    GoalArea,
    GoalStatus,
    WorkStatus,
)
from municipality.access import policy
from municipality.models import Committee, OrgUnit, ReportingPeriod, Role, RoleAssignment, User
from municipality.organisation.selectors import committees_in_year

NOT_ASSESSED = GoalStatus.NOT_ASSESSED.value
# The order in which the statuses are shown, best first; an activity without an assessment in
# the period counts as not assessed, as a goal does.
GOAL_STATUSES: tuple[str, ...] = (
    GoalStatus.FULFILLED,
    GoalStatus.PARTLY,
    GoalStatus.NOT_FULFILLED,
    GoalStatus.NOT_ASSESSED,
)
WORK_STATUSES: tuple[str, ...] = (
    WorkStatus.DONE,
    WorkStatus.IN_PROGRESS,
    WorkStatus.STARTED,
    WorkStatus.NOT_STARTED,
    WorkStatus.DELAYED,
    WorkStatus.CANCELLED,
    NOT_ASSESSED,
)


def committees_visible(user: User, year: int) -> list[Committee]:
    """The year's committees in which the user may view at least one unit, in their order."""
    units = OrgUnit.objects.valid_in(year).filter(
        policy.units_filter(user, policy.Action.VIEW_UNIT)
    )
    return list(committees_in_year(year).filter(pk__in=units.values("committee_id")))


def committee_visible(user: User, committee_id: int, year: int) -> bool:
    """May the user see the committee's goals of ``year``: may they view one of its units?"""
    return (
        OrgUnit.objects.valid_in(year)
        .filter(committee_id=committee_id)
        .filter(policy.units_filter(user, policy.Action.VIEW_UNIT))
        .exists()
    )


def assessment_previous_period(period: ReportingPeriod) -> ReportingPeriod | None:
    """The follow-up point before ``period``: the year's previous one, else the last of the
    year before."""
    earlier = previous_period(period)
    if earlier is not None:
        return earlier
    last_year = list(
        ReportingPeriod.objects.filter(fiscal_year__year=period.year - 1).select_related(
            "fiscal_year"
        )
    )
    if not last_year:
        return None
    return max(last_year, key=lambda p: (p.cutoff_month, -KIND_PRIORITY[p.kind]))


def in_period(period: ReportingPeriod | None, relation: str = "assessments") -> FilteredRelation:
    return FilteredRelation(relation, condition=Q(**{f"{relation}__period": period}))


def status_filter(status: str, prefix: str = "now__") -> Q:
    """The targets whose assessment (joined as ``prefix``) has ``status``; not assessed
    includes those without an assessment."""
    if status == NOT_ASSESSED:
        return (
            Q(**{f"{prefix}status__isnull": True})
            | Q(**{f"{prefix}status": ""})
            | Q(**{f"{prefix}status": NOT_ASSESSED})
        )
    return Q(**{f"{prefix}status": status})


@dataclass
class StatusMatrix:
    """Counts per status for goal areas (rows) × committees (columns), with the totals."""

    statuses: tuple[str, ...]
    areas: list[GoalArea]
    committees: list[Committee]
    cells: dict[tuple[int, int], Counter] = field(default_factory=dict)

    def add(self, area_id: int, committee_id: int, status: str | None, count: int) -> None:
        key = (area_id, committee_id)
        self.cells.setdefault(key, Counter())[status or NOT_ASSESSED] += count

    def cell(self, area_id: int, committee_id: int) -> Counter:
        return self.cells.get((area_id, committee_id), Counter())

    def area_total(self, area_id: int) -> Counter:
        return sum((c for (a, _c), c in self.cells.items() if a == area_id), Counter())

    def committee_total(self, committee_id: int) -> Counter:
        return sum((c for (_a, k), c in self.cells.items() if k == committee_id), Counter())

    def total(self) -> Counter:
        return sum(self.cells.values(), Counter())


@dataclass(frozen=True)
class GoalChange:
    """A committee goal's status in the previous period and in this one."""

    goal_id: int
    title: str
    before: str
    after: str


@dataclass
class CommitteeChange:
    """How a committee's goals moved since the previous period."""

    committee: Committee
    better: list[GoalChange] = field(default_factory=list)
    same: list[GoalChange] = field(default_factory=list)
    worse: list[GoalChange] = field(default_factory=list)
    unknown: list[GoalChange] = field(default_factory=list)

    def add(self, change: GoalChange) -> None:
        before, after = GOAL_RANK.get(change.before), GOAL_RANK.get(change.after)
        if before is None or after is None:
            self.unknown.append(change)
        elif after < before:
            self.better.append(change)
        elif after > before:
            self.worse.append(change)
        else:
            self.same.append(change)


@dataclass
class GoalOverview:
    period: ReportingPeriod
    previous: ReportingPeriod | None
    areas: list[GoalArea]
    committees: list[Committee]
    goals: StatusMatrix
    activities: StatusMatrix
    changes: list[CommitteeChange]
    council_goals: list[CouncilGoal]


def goal_areas_of(period: ReportingPeriod) -> list[GoalArea]:
    return list(GoalArea.objects.filter(fiscal_year_id=period.fiscal_year_id))


def goal_status_matrix(
    *, period: ReportingPeriod, areas: list[GoalArea], committees: list[Committee]
) -> StatusMatrix:
    """Committee goals per status in the period, per goal area and committee (one query)."""
    matrix = StatusMatrix(GOAL_STATUSES, areas, committees)
    rows = (
        CommitteeGoal.objects.filter(fiscal_year_id=period.fiscal_year_id, committee__in=committees)
        .annotate(now=in_period(period))
        .values("goal_area_id", "committee_id", "now__status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        matrix.add(row["goal_area_id"], row["committee_id"], row["now__status"], row["n"])
    return matrix


def activity_status_matrix(
    *, period: ReportingPeriod, areas: list[GoalArea], committees: list[Committee]
) -> StatusMatrix:
    """Activities per status in the period, by their goal's area and committee (one query)."""
    matrix = StatusMatrix(WORK_STATUSES, areas, committees)
    rows = (
        Activity.objects.filter(
            goal__fiscal_year_id=period.fiscal_year_id, goal__committee__in=committees
        )
        .annotate(now=in_period(period))
        .values("goal__goal_area_id", "goal__committee_id", "now__status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        matrix.add(
            row["goal__goal_area_id"], row["goal__committee_id"], row["now__status"], row["n"]
        )
    return matrix


def goal_changes(
    *, period: ReportingPeriod, previous: ReportingPeriod | None, committees: list[Committee]
) -> list[CommitteeChange]:
    """Per committee, its goals that got better, stayed, got worse since ``previous``.

    Across a year end a goal is compared with its predecessor, the goal it was copied from.
    A goal not assessed in either period cannot be compared (``unknown``).
    """
    changes = {committee.pk: CommitteeChange(committee) for committee in committees}
    if previous is None:
        return list(changes.values())
    goals = CommitteeGoal.objects.filter(
        fiscal_year_id=period.fiscal_year_id, committee__in=committees
    ).annotate(now=in_period(period))
    if previous.fiscal_year_id == period.fiscal_year_id:
        goals = goals.annotate(before=in_period(previous))
    else:
        goals = goals.annotate(before=in_period(previous, "predecessor__assessments"))
    rows = goals.values_list("pk", "title", "committee_id", "now__status", "before__status")
    for pk, title, committee_id, now, before in rows.order_by("goal_area__order", "order", "title"):
        changes[committee_id].add(
            GoalChange(pk, title, before or NOT_ASSESSED, now or NOT_ASSESSED)
        )
    return list(changes.values())


def council_goals_with_status(
    *, period: ReportingPeriod, area_ids: Iterable[int] | None = None
) -> QuerySet[CouncilGoal]:
    """The year's council goals with their status and comment in the period."""
    goals = CouncilGoal.objects.filter(goal_area__fiscal_year_id=period.fiscal_year_id)
    if area_ids is not None:
        goals = goals.filter(goal_area_id__in=list(area_ids))
    return (
        goals.annotate(now=in_period(period))
        .annotate(period_status=F("now__status"), period_comment=F("now__comment"))
        .select_related("goal_area")
        .order_by("goal_area__order", "goal_area__name", "order", "title")
    )


def goal_overview(*, period: ReportingPeriod, committees: list[Committee]) -> GoalOverview:
    """Everything of the overview page for the period and the committees the user may see."""
    areas = goal_areas_of(period)
    previous = assessment_previous_period(period)
    return GoalOverview(
        period=period,
        previous=previous,
        areas=areas,
        committees=committees,
        goals=goal_status_matrix(period=period, areas=areas, committees=committees),
        activities=activity_status_matrix(period=period, areas=areas, committees=committees),
        changes=goal_changes(period=period, previous=previous, committees=committees),
        council_goals=list(council_goals_with_status(period=period)) if committees else [],
    )


def committee_goals_with_status(
    *,
    period: ReportingPeriod | None,
    fiscal_year_id: int,
    committees: Sequence[Committee],
    committee_id: int | None = None,
    area_id: int | None = None,
    status: str | None = None,
    council_goal: CouncilGoal | None = None,
) -> QuerySet[CommitteeGoal]:
    """The committee goals of a year with their status and comment in ``period`` (None: a
    year without periods, nothing assessed)."""
    goals = CommitteeGoal.objects.filter(fiscal_year_id=fiscal_year_id, committee__in=committees)
    if committee_id is not None:
        goals = goals.filter(committee_id=committee_id)
    if area_id is not None:
        goals = goals.filter(goal_area_id=area_id)
    if council_goal is not None:
        goals = goals.filter(council_goals=council_goal)
    goals = goals.annotate(now=in_period(period))
    if status:
        goals = goals.filter(status_filter(status))
    return (
        goals.annotate(
            period_status=F("now__status"),
            period_comment=F("now__comment"),
            activity_count=Count("activities", distinct=True),
        )
        .select_related("committee", "goal_area")
        .order_by("committee__order", "goal_area__order", "order", "title")
    )


def activities_with_status(
    activities: QuerySet[Activity],
    *,
    period: ReportingPeriod | None,
    status: str | None = None,
    unit: OrgUnit | None = None,
    owner_paths: Sequence[str] | None = None,
) -> QuerySet[Activity]:
    """``activities`` with their status, completion and comment in the period, filtered."""
    activities = activities.annotate(now=in_period(period))
    if status:
        activities = activities.filter(status_filter(status))
    if unit is not None:
        activities = activities.filter(owner_unit__path__startswith=unit.path)
    if owner_paths is not None:
        activities = activities.filter(owner_filter(owner_paths))
    return (
        activities.annotate(
            period_status=F("now__status"),
            period_completion=F("now__completion"),
            period_comment=F("now__comment"),
        )
        .select_related("owner_unit", "goal__committee")
        .order_by("goal__committee__order", "goal__goal_area__order", "goal__order", "order", "pk")
    )


def year_activities(
    *,
    period: ReportingPeriod,
    committees: Sequence[Committee],
    committee_id: int | None = None,
    area_id: int | None = None,
) -> QuerySet[Activity]:
    activities = Activity.objects.filter(
        goal__fiscal_year_id=period.fiscal_year_id, goal__committee__in=committees
    )
    if committee_id is not None:
        activities = activities.filter(goal__committee_id=committee_id)
    if area_id is not None:
        activities = activities.filter(goal__goal_area_id=area_id)
    return activities


@dataclass(frozen=True)
class GoalOwner:
    """A goal owner's grant on a unit: they assess what is owned in the unit's subtree."""

    user: User
    unit_path: str


def goal_owners(committee_ids: Iterable[int]) -> list[GoalOwner]:
    """The unit-scoped goal owners in the committees (one query), by name."""
    grants = (
        RoleAssignment.objects.filter(
            role=Role.GOAL_OWNER, unit__committee_id__in=list(committee_ids)
        )
        .select_related("user", "unit")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    return [GoalOwner(grant.user, grant.unit.path) for grant in grants]


def owners_of(unit: OrgUnit, owners: Sequence[GoalOwner]) -> list[User]:
    """Who answers for what ``unit`` owns: the goal owners of it or of a unit above it."""
    found: dict[int, User] = {}
    for owner in owners:
        if unit.path.startswith(owner.unit_path):
            found.setdefault(owner.user.pk, owner.user)
    return list(found.values())


def owner_filter(paths: Sequence[str]) -> Q:
    """The activities a goal owner answers for: owned in the subtree of one of their units
    (``paths``)."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(owner_unit__path__startswith=path)
    return condition


def activity_units(activities: QuerySet[Activity]) -> list[OrgUnit]:
    """The responsible units of ``activities`` (one query), in tree order."""
    return list(OrgUnit.objects.filter(pk__in=activities.values("owner_unit_id")).order_by("path"))


def lineage_ids(model: type[Model], pk: int) -> list[int]:
    """``pk`` and the ids of its predecessors, the year before first (one query)."""
    table = connection.ops.quote_name(model._meta.db_table)
    sql = (
        f"WITH RECURSIVE chain(id, predecessor_id, depth) AS ("
        f" SELECT id, predecessor_id, 0 FROM {table} WHERE id = %s"
        f" UNION ALL SELECT t.id, t.predecessor_id, c.depth + 1 FROM {table} t"
        f" JOIN chain c ON t.id = c.predecessor_id WHERE c.depth < 100"
        f") SELECT id FROM chain ORDER BY depth"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        return [row[0] for row in cursor.fetchall()]


@dataclass(frozen=True)
class HistoryRow:
    """A period of a goal's status history and the goal's assessment in it, if any."""

    period: ReportingPeriod
    assessment: Assessment | None

    @property
    def status(self) -> str:
        if self.assessment is None or not self.assessment.status:
            return NOT_ASSESSED
        return self.assessment.status


def _chronological(period: ReportingPeriod) -> tuple[int, int, int]:
    return (period.year, period.cutoff_month, -KIND_PRIORITY[period.kind])


def status_history(goal: CommitteeGoal | CouncilGoal) -> list[HistoryRow]:
    """The goal's assessments in every period of its year and its predecessors' years,
    newest first (three queries). Periods not yet opened are left out unless assessed."""
    kind = "committee_goal" if isinstance(goal, CommitteeGoal) else "council_goal"
    ids = lineage_ids(type(goal), goal.pk)
    if kind == "committee_goal":
        periods = ReportingPeriod.objects.filter(fiscal_year__committee_goals__in=ids)
    else:
        periods = ReportingPeriod.objects.filter(fiscal_year__goal_areas__council_goals__in=ids)
    assessments = {
        a.period_id: a
        for a in Assessment.objects.filter(**{f"{kind}_id__in": ids}).select_related("updated_by")
    }
    rows = [
        HistoryRow(period, assessments.get(period.pk))
        for period in periods.select_related("fiscal_year").distinct()
        if period.pk in assessments or period.state != ReportingPeriod.State.PLANNED
    ]
    return sorted(rows, key=lambda row: _chronological(row.period), reverse=True)


def period_of_goal_year(
    chosen: ReportingPeriod | None, history: Sequence[HistoryRow], fiscal_year_id: int
) -> ReportingPeriod | None:
    """The period a goal page shows: the chosen one when it is of the goal's year, else the
    latest begun period of that year."""
    if chosen is not None and chosen.fiscal_year_id == fiscal_year_id:
        return chosen
    own = [row.period for row in history if row.period.fiscal_year_id == fiscal_year_id]
    return own[0] if own else None


def periods_with_approved_assessments(
    periods: QuerySet[ReportingPeriod],
) -> QuerySet[ReportingPeriod]:
    """Those of ``periods`` whose assessments the controller has approved (decided) for at
    least one committee, in the order given; where a reader's pages open."""
    approved = AssessmentSubmission.objects.filter(
        period=OuterRef("pk"), state=AssessmentSubmission.State.APPROVED
    )
    return periods.filter(Exists(approved))
