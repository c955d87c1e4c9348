"""The goal-status dashboards: the overview of goal areas × committees, the lists its counts
link to, and the pages of a committee goal and a council goal.

A reader sees the goals of the committees in which they may view a unit (policy VIEW_UNIT);
a committee goal of any other committee is refused.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_tables2 import RequestConfig

from followup.assessments.selectors import assessment_previous_period
from followup.dashboards.filters import ActivityFilterForm, GoalFilterForm
from followup.dashboards.goal_pages import GoalPage, committee_goal_page, council_goal_page
from followup.dashboards.selectors import (
    GoalOwner,
    activities_with_status,
    activity_units,
    committee_goals_with_status,
    goal_areas_of,
    goal_changes,
    goal_overview,
    goal_owners,
    year_activities,
)
from followup.dashboards.tables import (
    ActivityTable,
    ChangeTable,
    CouncilGoalTable,
    GoalTable,
    HistoryTable,
    StatusMatrixTable,
)
from followup.goals.models import Activity, CommitteeGoal, CouncilGoal
from followup.goals.selectors import committee_visible, committees_visible
from followup.indicators.tables import ValuesTable, met_badge
from municipality.access import policy
from municipality.access.choice import current_period
from municipality.access.http import SignedInRequest
from municipality.models import Committee, ReportingPeriod

PER_PAGE = 50
CHANGE_HEADINGS = {
    "better": _("Goals of %(committee)s that got better"),
    "same": _("Goals of %(committee)s whose status stayed the same"),
    "worse": _("Goals of %(committee)s that got worse"),
    "unknown": _("Goals of %(committee)s that cannot be compared"),
}


@policy.opens(policy.Page.GOAL_OVERVIEW)
def overview_view(request: SignedInRequest) -> HttpResponse:
    """Where the goals and activities stand in the chosen period, and how they moved."""
    period = current_period(request)
    context: dict[str, object] = {"section": "goals", "period": period, "overview": None}
    if period is not None:
        data = goal_overview(
            period=period, committees=committees_visible(request.user, period.year)
        )
        context.update(
            overview=data,
            goal_matrix=StatusMatrixTable(
                data.goals,
                list_url=reverse("followup:goal-list"),
                caption=_("Committee goals per goal area and committee"),
                prefix="g-",
            ),
            activity_matrix=StatusMatrixTable(
                data.activities,
                list_url=reverse("followup:activity-list"),
                caption=_("Activities per goal area and committee"),
                prefix="a-",
            ),
            changes=ChangeTable(data.changes, prefix="c-"),
            council_goals=CouncilGoalTable(data.council_goals, prefix="k-"),
        )
    return render(request, "followup/overview.html", context)


def goal_change_list_view(
    request: SignedInRequest, committee_pk: int, direction: str
) -> HttpResponse:
    """A committee's goals that moved one way since the previous period: the overview loads
    the list when its number is opened (htmx), and it is a page of its own without script."""
    if direction not in CHANGE_HEADINGS:
        raise Http404
    committee = get_object_or_404(Committee, pk=committee_pk)
    period = current_period(request)
    if period is None or not committee_visible(request.user, committee.pk, period.year):
        raise PermissionDenied
    previous = assessment_previous_period(period)
    (change,) = goal_changes(period=period, previous=previous, committees=[committee])
    context = {
        "section": "goals",
        "changes": getattr(change, direction),
        "committee": committee,
        "period": period,
        "previous": previous,
        "heading": CHANGE_HEADINGS[direction] % {"committee": committee.name},
    }
    if request.htmx:
        return render(request, "followup/partials/change_list.html", context)
    return render(request, "followup/goal_changes.html", context)


@policy.opens(policy.Page.GOAL_LIST)
def goal_list_view(request: SignedInRequest) -> HttpResponse:
    """The committee goals of the chosen period's year, filtered by committee, area, status."""
    period = current_period(request)
    context: dict[str, object] = {"section": "goals", "period": period, "table": None}
    if period is not None:
        committees = committees_visible(request.user, period.year)
        form = GoalFilterForm(request.GET, committees=committees, areas=goal_areas_of(period))
        chosen = form.cleaned()
        goals = committee_goals_with_status(
            period=period,
            fiscal_year_id=period.fiscal_year_id,
            committees=committees,
            committee_id=chosen["committee"],
            area_id=chosen["area"],
            status=chosen["status"],
        )
        table = GoalTable(goals)
        RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
        context.update(form=form, table=table)
    return render(request, "followup/goal_list.html", context)


def _activity_table(
    request: SignedInRequest,
    form: ActivityFilterForm,
    activities: QuerySet[Activity],
    *,
    period: ReportingPeriod | None,
    owners: list[GoalOwner],
    show_goal: bool,
) -> ActivityTable:
    chosen = form.cleaned()
    owner_paths = (
        [owner.unit_path for owner in owners if owner.user.pk == chosen["owner"]]
        if chosen["owner"]
        else None
    )
    rows = activities_with_status(
        activities,
        period=period,
        status=chosen["status"],
        unit=form.units.get(unit_id) if (unit_id := chosen["unit"]) is not None else None,
        owner_paths=owner_paths,
    )
    table = ActivityTable(rows, owners=owners, show_goal=show_goal)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return table


@policy.opens(policy.Page.ACTIVITY_LIST)
def activity_list_view(request: SignedInRequest) -> HttpResponse:
    """The activities of the chosen period's year, filtered by committee, goal area, status,
    responsible unit and goal owner."""
    period = current_period(request)
    context: dict[str, object] = {"section": "goals", "period": period, "table": None}
    if period is not None:
        committees = committees_visible(request.user, period.year)
        areas = goal_areas_of(period)
        scope = GoalFilterForm(request.GET, committees=committees, areas=areas).cleaned()
        activities = year_activities(
            period=period,
            committees=committees,
            committee_id=scope["committee"],
            area_id=scope["area"],
        )
        owners = goal_owners(
            [scope["committee"]] if scope["committee"] else [c.pk for c in committees]
        )
        form = ActivityFilterForm(
            request.GET,
            committees=committees,
            areas=areas,
            units=activity_units(activities),
            owners=owners,
        )
        table = _activity_table(
            request, form, activities, period=period, owners=owners, show_goal=True
        )
        context.update(form=form, table=table)
    return render(request, "followup/activity_list.html", context)


def _goal_context(page: GoalPage) -> dict[str, object]:
    """What both goal pages show: the history and each indicator's chart, table and standing."""
    return {
        "section": "goals",
        "page": page,
        "goal": page.goal,
        "history": HistoryTable(page.history, prefix="h-"),
        "indicators": [
            (
                view,
                ValuesTable(view.chart.table, prefix=f"i{view.indicator.pk}-"),
                met_badge(view.standing.met if view.standing else None),
            )
            for view in page.indicators
        ],
    }


def committee_goal_view(request: SignedInRequest, pk: int) -> HttpResponse:
    """A committee goal: its chain up to the council goals, its status through the periods
    and years, its indicators and its activities."""
    goal = get_object_or_404(
        CommitteeGoal.objects.select_related(
            "committee",
            "goal_area",
            "owner_unit",
            "fiscal_year",
            "predecessor__fiscal_year",
            "successor__fiscal_year",
        ),
        pk=pk,
    )
    if not committee_visible(request.user, goal.committee_id, goal.fiscal_year.year):
        raise PermissionDenied
    page = committee_goal_page(goal=goal, chosen=current_period(request))
    owners = goal_owners([goal.committee_id])
    activities = goal.activities.all()
    form = ActivityFilterForm(
        request.GET,
        committees=[],
        areas=[],
        units=activity_units(activities),
        owners=owners,
        fixed_goal=True,
    )
    table = _activity_table(
        request, form, activities, period=page.period, owners=owners, show_goal=False
    )
    return render(
        request,
        "followup/committee_goal.html",
        {**_goal_context(page), "form": form, "table": table},
    )


def council_goal_view(request: SignedInRequest, pk: int) -> HttpResponse:
    """A council goal: its status through the periods and years, the committee goals that
    break it down (those the user may see), and its indicators."""
    goal = get_object_or_404(
        CouncilGoal.objects.select_related(
            "goal_area__fiscal_year", "owner_unit", "predecessor", "successor"
        ),
        pk=pk,
    )
    committees = committees_visible(request.user, goal.goal_area.fiscal_year.year)
    if not committees:
        raise PermissionDenied
    page = council_goal_page(goal=goal, chosen=current_period(request))
    goals = committee_goals_with_status(
        period=page.period,
        fiscal_year_id=goal.goal_area.fiscal_year_id,
        committees=committees,
        council_goal=goal,
    )
    table = GoalTable(goals)
    table.columns.hide("goal_area")
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return render(
        request,
        "followup/council_goal.html",
        {**_goal_context(page), "table": table},
    )
