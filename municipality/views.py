"""The pages of the organisation and the reporting calendar: the start page, the unit tree
of each section, a unit's page, and the calendar where periods are chosen and moved.
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipality.access import policy
from municipality.access.choice import choose_period, current_period
from municipality.access.http import SignedInRequest
from municipality.organisation.models import Committee, OrgUnit
from municipality.organisation.selectors import (
    committees_in_year,
    municipality_current,
    unit_ancestors,
    units_in_tree_order,
    units_in_year,
)
from municipality.people.models import Role, RoleAssignment, User
from municipality.periods.models import ReportingPeriod
from municipality.periods.selectors import periods_all
from municipality.periods.services import PERIOD_TRANSITIONS, period_set_state
from municipality.tables import PeriodTable, UnitTable
from municipality.tasks import WorkTicket, work_watch, works_told

Action = policy.Action

# The organisation as each section sees it: who answers for which unit.
SECTION_ROLES = {"economy": Role.ECONOMIST, "goals": Role.GOAL_OWNER}


def _valid_in(year: int, prefix: str = "") -> Q:
    return Q(**{f"{prefix}valid_from__lte": year}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": year})
    )


def _year(request: HttpRequest) -> int | None:
    period = current_period(request)
    return period.year if period else None


@policy.opens(policy.Page.START)
def start(request: SignedInRequest) -> HttpResponse:
    period = current_period(request)
    assignments = (
        RoleAssignment.objects.filter(user=request.user)
        .select_related("unit__committee")
        .order_by("role", "unit__path")
    )
    committees: QuerySet[Committee] | list[Committee] = []
    if period is not None:
        visible = policy.units_filter(request.user, Action.VIEW_UNIT, prefix="units__")
        committees = (
            committees_in_year(period.year)
            .annotate(unit_count=Count("units", filter=visible & _valid_in(period.year, "units__")))
            .filter(unit_count__gt=0)
        )
    return render(
        request,
        "municipality/start.html",
        {
            "municipality": municipality_current(),
            "period": period,
            "assignments": assignments,
            "committees": committees,
            "section": "start",
        },
    )


def unit_tree(request: SignedInRequest, section: str) -> HttpResponse:
    """The year's organisation, committee by committee, with who answers for each unit."""
    role = SECTION_ROLES[section]
    year = _year(request)
    units = units_in_tree_order(
        units_in_year(year).filter(policy.units_filter(request.user, Action.VIEW_UNIT))
        if year is not None
        else []
    )
    people: dict[int | None, list[User]] = defaultdict(list)
    for grant in RoleAssignment.objects.filter(role=role, unit__in=units).select_related("user"):
        people[grant.unit_id].append(grant.user)
    by_committee: dict[Committee, list[OrgUnit]] = defaultdict(list)
    for unit in units:
        unit.people = people[unit.pk]  # type: ignore[attr-defined]  # UnitTable shows them
        by_committee[unit.committee].append(unit)
    tables = [
        (committee, UnitTable(committee_units, prefix=f"c{committee.pk}-"))
        for committee, committee_units in by_committee.items()
    ]
    return render(
        request,
        "municipality/unit_tree.html",
        {"tables": tables, "year": year, "section": section, "role": role},
    )


def unit_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(
        OrgUnit.objects.select_related("committee", "predecessor__committee"), pk=pk
    )
    if not policy.can(request.user, Action.VIEW_UNIT, unit=unit):
        raise PermissionDenied
    children = list(unit.children.order_by("order", "code"))
    grants = (
        RoleAssignment.objects.filter(unit__in=[unit.pk, *unit.ancestor_ids])
        .select_related("user", "unit")
        .order_by("role", "unit__depth", "user__last_name")
    )
    return render(
        request,
        "municipality/unit_detail.html",
        {
            "unit": unit,
            "ancestors": unit_ancestors(unit),
            "children": UnitTable(children),
            "grants": grants,
            "successors": unit.successors.select_related("committee", "parent"),
            "section": "economy",
        },
    )


def period_calendar(request: SignedInRequest) -> HttpResponse:
    """The reporting calendar: every period, what it covers, its deadline and state."""
    can_manage = policy.can(request.user, Action.MANAGE_PERIODS)
    periods = list(periods_all())
    for period in periods:
        next_states = [ReportingPeriod.State(s) for s in sorted(PERIOD_TRANSITIONS[period.state])]
        period.next_states = next_states  # type: ignore[attr-defined]  # PeriodTable offers them
    return render(
        request,
        "municipality/period_calendar.html",
        {"table": PeriodTable(periods, can_manage=can_manage), "section": "reports"},
    )


def period_follow_ups_told(state: str, follow_ups: list[WorkTicket]) -> str:
    """What follows a change of state (freezing the reports of a locked period, the forecast
    proposals of an opened one): queued, or done here because Redis could not be reached."""
    if state == ReportingPeriod.State.LOCKED:
        return works_told(
            follow_ups,
            queued=_("Queued: the reports are being frozen in the background."),
            in_process=_("Redis could not be reached, so the reports were frozen now."),
            pending=_("Freezing the reports is not queued yet; it will be when Redis answers."),
        )
    return works_told(
        follow_ups,
        queued=_("Queued: the forecast proposals are being computed in the background."),
        in_process=_("Redis could not be reached, so the forecast proposals were computed now."),
        pending=_("The forecast proposals are not queued yet; they will be when Redis answers."),
    )


@require_POST
def period_change_state(request: SignedInRequest, pk: int) -> HttpResponse:
    period = get_object_or_404(periods_all(), pk=pk)
    if not policy.can(request.user, Action.MANAGE_PERIODS, period=period):
        raise PermissionDenied
    state = request.POST.get("state", "")
    if state not in ReportingPeriod.State.values:
        messages.error(request, _("Unknown state."))
    else:
        try:
            with work_watch() as follow_ups:
                period = period_set_state(
                    period=period, state=state, user=request.user, note=request.POST.get("note", "")
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            changed = _("%(period)s is now “%(state)s”.") % {
                "period": period.name,
                "state": period.get_state_display(),
            }
            follow_up = period_follow_ups_told(state, follow_ups)
            messages.success(request, f"{changed} {follow_up}".strip())
    # Back to the page the button was on: the calendar, or the administration's periods.
    return redirect(_next_url(request, default=reverse("municipality:periods")))


@require_POST
def period_choose(request: SignedInRequest) -> HttpResponse:
    period = get_object_or_404(periods_all(), pk=request.POST.get("period") or 0)
    choose_period(request, period)
    return redirect(_next_url(request, default=reverse("municipality:start")))


def _next_url(request: HttpRequest, *, default: str) -> str:
    """The form's ``next`` address when it is one of this site's, else ``default``."""
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return default
    return next_url
