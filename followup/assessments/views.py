"""Mina mål: goal owners assess their goals, activities and assignments of the period.

Each field saves on its own when it is left (htmx) and the answer carries what follows from
it: the field's new version or its conflict, the goal's suggestion, the progress. Without
JavaScript every item is a plain form with a Save button.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from followup.assessments import services
from followup.assessments.items import Item, MyGoals, Show
from followup.assessments.mine import my_goals
from followup.assessments.models import AreaObservation, AssessmentSubmission
from followup.goals.models import Activity, Assignment, CommitteeGoal, CouncilGoal, GoalArea
from municipality.access import policy
from municipality.access.choice import current_period
from municipality.access.http import SignedInRequest
from municipality.editing.gate import EditConflict, audit_trail
from municipality.editing.workflow import step_with_messages
from municipality.models import Committee, ReportingPeriod
from municipality.periods.exceptions import PeriodLocked, PeriodNotOpen

OBSERVATION_FIELDS = ("positive", "improvement")
MODELS: dict[str, QuerySet[services.Target]] = {
    "council_goal": CouncilGoal.objects.select_related("goal_area__fiscal_year", "owner_unit"),
    "committee_goal": CommitteeGoal.objects.select_related("fiscal_year", "committee"),
    "activity": Activity.objects.select_related("goal__fiscal_year", "goal__committee"),
    "assignment": Assignment.objects.select_related("fiscal_year", "committee"),
}


def _period(request: SignedInRequest) -> ReportingPeriod:
    period = current_period(request)
    if period is None:
        raise Http404(_("No reporting period has been set up."))
    return period


def _context(request: SignedInRequest, goals: MyGoals, **extra: object) -> dict:
    user = request.user
    approvals = []
    if policy.granted(user, policy.Action.APPROVE_ASSESSMENTS):
        approvals = _approvals(goals.period)
    return {"goals": goals, "period": goals.period, "approvals": approvals, **extra}


def _approvals(period: ReportingPeriod) -> list[AssessmentSubmission]:
    """Every committee's submission of the period, for the controller to approve or return."""
    committees = Committee.objects.valid_in(period.year).order_by("order", "name")
    found = {
        s.committee_id: s
        for s in AssessmentSubmission.objects.filter(period=period).select_related("updated_by")
    }
    return [found.get(c.pk) or AssessmentSubmission(period=period, committee=c) for c in committees]


def _show(value: str | None) -> Show | None:
    """The filter asked for: none when none is (the page's default), all for an unknown one."""
    if not value:
        return None
    return Show(value) if value in Show.values else Show.ALL


def _my_goals_url(request: SignedInRequest, anchor: str) -> str:
    """Back to "Mina mål" after a plain form, with the filter the form was sent from."""
    show = _show(request.POST.get("show"))
    query = "" if show is None else f"?show={show}"
    return f"{reverse('followup:my-goals')}{query}#{anchor}"


@policy.opens(policy.Page.MY_GOALS)
def my_goals_page(request: SignedInRequest) -> HttpResponse:
    period = _period(request)
    goals = my_goals(request.user, period, show=_show(request.GET.get("show")))
    return render(request, "followup/entry/my_goals.html", _context(request, goals))


def _target(kind: str, pk: str) -> services.Target:
    if kind not in MODELS:
        raise Http404
    try:
        return get_object_or_404(MODELS[kind], pk=int(pk))
    except ValueError as error:
        raise Http404 from error


def _version(request: SignedInRequest, name: str) -> int:
    try:
        return int(request.POST.get(name, ""))
    except ValueError as error:
        raise ValidationError(_("The form is incomplete; reload the page.")) from error


def _conflict_text(conflict: EditConflict, field: str, item: Item) -> str:
    theirs = conflict.current
    if field == "status":
        theirs = dict(item.choices).get(theirs, "")
    return conflict.sentence("" if theirs is None else str(theirs))


@require_POST
def assess(request: SignedInRequest) -> HttpResponse:
    """Save one field of an assessment (htmx), or every field of an item (the plain form)."""
    period = _period(request)
    kind = request.POST.get("kind", "")
    target = _target(kind, request.POST.get("id", ""))
    if not request.htmx:
        return _assess_form(request, period, kind, target)
    field = request.POST.get("field", "")
    if field not in services.FIELDS:
        return HttpResponse(status=400)
    value = request.POST.get(field, "")
    error = conflict = None
    try:
        services.assessment_save(
            user=request.user,
            period=period,
            target=target,
            field=field,
            value=value,
            expected_version=_version(request, f"{field}-version"),
        )
    except EditConflict as problem:
        conflict = problem
    except ValidationError as problem:  # also a locked or closed period
        error = " ".join(problem.messages)
    goals = my_goals(request.user, period, show=Show.ALL)
    key = f"{kind}-{target.pk}"
    item = goals.items.get(key)
    if item is None:
        raise PermissionDenied
    # Whose suggestion follows from this one's status: an activity's goal, a goal's council
    # goals (those on the page).
    if isinstance(target, Activity):
        parent_keys = [f"committee_goal-{target.goal_id}"]
    elif isinstance(target, CommitteeGoal):
        parent_keys = [
            f"council_goal-{pk}" for pk in target.council_goals.values_list("pk", flat=True)
        ]
    else:
        parent_keys = []
    parents = [goals.items[k] for k in parent_keys if k in goals.items]
    response = render(
        request,
        "followup/entry/_assessed.html",
        _context(
            request,
            goals,
            item=item,
            parents=parents,
            field=field,
            error=error or "",
            conflict=_conflict_text(conflict, field, item) if conflict else "",
            typed=value,
        ),
    )
    if not (error or conflict):
        response["HX-Trigger"] = "assessment-saved"
    return response


def _assess_form(
    request: SignedInRequest, period: ReportingPeriod, kind: str, target: services.Target
) -> HttpResponse:
    saved = 0
    for field in services.FIELDS:
        if field not in request.POST:
            continue
        try:
            before = services.assessment_of(period=period, target=target)
            if str(getattr(before, field) or "") == request.POST[field].strip():
                continue
            services.assessment_save(
                user=request.user,
                period=period,
                target=target,
                field=field,
                value=request.POST[field],
                expected_version=_version(request, f"{field}-version"),
            )
            saved += 1
        except EditConflict as conflict:
            messages.error(
                request,
                _("%(who)s saved “%(what)s” in the meantime; your value was not saved.")
                % {"who": conflict.by or _("Someone"), "what": target.title},
            )
        except (PeriodLocked, PeriodNotOpen) as refusal:
            messages.error(request, " ".join(refusal.messages))
            break
        except ValidationError as problem:
            for message in problem.messages:
                messages.error(request, f"{target.title}: {message}")
    if saved:
        messages.success(request, _("Saved."))
    return redirect(_my_goals_url(request, f"{kind}-{target.pk}"))


def _observation_save(
    request: SignedInRequest,
    period: ReportingPeriod,
    committee: Committee,
    area: GoalArea,
    field: str,
) -> str:
    """Save one observation text; the error to show, or ""."""
    try:
        services.observation_save(
            user=request.user,
            period=period,
            committee=committee,
            goal_area=area,
            field=field,
            text=request.POST.get(field, ""),
            expected_version=_version(request, f"{field}-version"),
        )
    except EditConflict as conflict:
        return _("%(who)s saved this text in the meantime; your text was not saved.") % {
            "who": conflict.by or _("Someone")
        }
    except ValidationError as problem:  # also a locked or closed period
        return " ".join(problem.messages)
    return ""


@require_POST
def observe(request: SignedInRequest, committee_pk: int, area_pk: int) -> HttpResponse:
    """Save a committee's positive observations or areas for improvement in a goal area."""
    period = _period(request)
    committee = get_object_or_404(Committee, pk=committee_pk)
    area = get_object_or_404(GoalArea.objects.select_related("fiscal_year"), pk=area_pk)
    if not request.htmx:
        # The plain form: both texts, each saved if it changed.
        stored = AreaObservation.objects.filter(
            period=period, committee=committee, goal_area=area
        ).first()
        for field in OBSERVATION_FIELDS:
            if field in request.POST and request.POST[field].strip() != (
                getattr(stored, field, "") if stored else ""
            ):
                error = _observation_save(request, period, committee, area, field)
                if error:
                    messages.error(request, error)
        return redirect(_my_goals_url(request, f"obs-{committee.pk}-{area.pk}"))
    field = request.POST.get("field", "")
    if field not in OBSERVATION_FIELDS:
        return HttpResponse(status=400)
    error = _observation_save(request, period, committee, area, field)
    goals = my_goals(request.user, period, show=Show.ALL)
    block = next(
        (
            b
            for a in goals.areas
            if a.area.pk == area.pk
            for b in a.committees
            if b.committee.pk == committee.pk
        ),
        None,
    )
    if block is None:
        raise PermissionDenied
    return render(
        request,
        "followup/entry/_observed.html",
        {"block": block, "field": field, "error": error},
    )


@require_POST
def submission(request: SignedInRequest, committee_pk: int) -> HttpResponse:
    """Submit a committee's assessments, or (the controller) approve or return them."""
    period = _period(request)
    committee = get_object_or_404(Committee, pk=committee_pk)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        return HttpResponse(status=400)
    user = request.user
    steps = {
        "submit": (
            lambda: services.assessments_submit(
                user=user, period=period, committee=committee, expected_version=version
            ),
            _("The assessments have been submitted."),
        ),
        "approve": (
            lambda: services.assessments_approve(
                user=user, period=period, committee=committee, expected_version=version
            ),
            _("The assessments have been approved."),
        ),
        "return": (
            lambda: services.assessments_return(
                user=user,
                period=period,
                committee=committee,
                note=request.POST.get("note", ""),
                expected_version=version,
            ),
            _("The assessments have been returned."),
        ),
    }
    action = request.POST.get("action", "")
    if action not in steps:
        return HttpResponse(status=400)
    step_with_messages(request, *steps[action])
    return redirect(_my_goals_url(request, f"submission-{committee.pk}"))


def assessment_history(request: SignedInRequest, kind: str, pk: int) -> HttpResponse:
    """Every change of one goal's, activity's or assignment's assessment in the period."""
    period = _period(request)
    target = _target(kind, str(pk))
    if not policy.can(request.user, policy.Action.VIEW_UNIT, unit=services.target_unit(target)):
        raise PermissionDenied
    assessment = services.assessment_of(period=period, target=target)
    entries = list(audit_trail(assessment)) if assessment.pk else []
    return render(
        request,
        "followup/entry/history.html",
        {"target": target, "period": period, "entries": entries},
    )
