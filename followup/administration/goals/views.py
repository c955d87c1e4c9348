"""The controller's page of a year's goal structure, and the forms that change it.

The page opens to whoever ``policy`` lets open ``Page.ADMIN_GOALS``; every write asks
``Action.MANAGE_GOALS`` again. Every save goes through the history guard, and every object
links to its history.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from followup.administration.goals import services
from followup.administration.goals.forms import CommitteeChoiceForm, GoalForm
from followup.administration.goals.kinds import SLUGS, Kind, kind_get, new_of, place_of
from followup.administration.goals.selectors import goal_structure
from followup.goals.models import Activity, CarriedOver
from municipality.access import policy
from municipality.access.choice import current_period
from municipality.access.http import SignedInRequest
from municipality.history.guard import StaleEdit, form_save_checked
from municipality.history.pages import history_page
from municipality.models import Committee, FiscalYear
from municipality.organisation.selectors import committees_in_year

PAGE = policy.Page.ADMIN_GOALS


def _may_manage(request: SignedInRequest) -> None:
    if not policy.can(request.user, policy.Action.MANAGE_GOALS):
        raise PermissionDenied


def _year_chosen(request: SignedInRequest) -> FiscalYear | None:
    """The year asked for, else the chosen period's, else the newest."""
    years = FiscalYear.objects.all()
    asked = request.GET.get("year", "")
    if asked.isdigit():
        return get_object_or_404(years, year=int(asked))
    period = current_period(request)
    if period is not None:
        return years.filter(pk=period.fiscal_year_id).first() or years.first()
    return years.first()


def structure_url(year: int, target: CarriedOver | None = None) -> str:
    url = f"{reverse(PAGE.value)}?{urlencode({'year': year})}"
    return f"{url}#{SLUGS[type(target)]}-{target.pk}" if target is not None else url


@policy.opens(PAGE)
def goal_structure_page(request: SignedInRequest) -> HttpResponse:
    """The year's structure as a tree, for every committee or the one chosen."""
    fiscal_year = _year_chosen(request)
    context: dict[str, object] = {"fiscal_year": fiscal_year, "years": FiscalYear.objects.all()}
    if fiscal_year is not None:
        committees = list(committees_in_year(fiscal_year.year))
        chosen = request.GET.get("committee", "")
        shown = [c for c in committees if str(c.pk) == chosen] or committees
        context.update(
            committees=committees,
            committee=shown[0] if len(shown) == 1 and chosen else None,
            structure=goal_structure(fiscal_year=fiscal_year, committees=shown),
            next_year=FiscalYear.objects.filter(year=fiscal_year.year + 1).first(),
        )
    return render(request, "administration/goals/structure.html", context)


def _form_page(
    request: SignedInRequest,
    kind: Kind,
    form: GoalForm,
    *,
    stale: str = "",
) -> HttpResponse:
    target = form.instance
    return render(
        request,
        "administration/goals/form.html",
        {
            "kind": kind,
            "form": form,
            "target": target if target.pk else None,
            "fiscal_year": form.year,
            "committee": form.committee,
            "stale": stale,
            "back_url": structure_url(form.year.year, target if target.pk else None),
        },
    )


def _saved(request: SignedInRequest, kind: Kind, form: GoalForm) -> HttpResponse:
    """Save a valid form through the history guard: on a newer save by someone else, show
    their values with what happened."""
    target = form.instance
    try:
        saved = form_save_checked(form, seen=form.cleaned_data.get("seen") or 0)
    except StaleEdit as stale:
        current = type(target).objects.get(pk=target.pk)
        fresh = kind.form(instance=current, year=form.year, committee=form.committee)
        return _form_page(request, kind, fresh, stale=str(stale))
    messages.success(request, _("“%(name)s” is saved.") % {"name": saved})
    return redirect(structure_url(form.year.year, saved))


def _form_answer(
    request: SignedInRequest,
    kind: Kind,
    target: CarriedOver,
    place: tuple[FiscalYear, Committee | None],
    initial: dict[str, object],
) -> HttpResponse:
    """The form of ``target`` (new or not) in its year and committee: shown, or saved."""
    year, committee = place
    if request.method == "POST":
        _may_manage(request)
        form = kind.form(request.POST, instance=target, year=year, committee=committee)
        if form.is_valid():
            return _saved(request, kind, form)
    else:
        form = kind.form(instance=target, initial=initial, year=year, committee=committee)
    return _form_page(request, kind, form)


@policy.opens(PAGE)
def goal_create(request: SignedInRequest, kind: str) -> HttpResponse:
    """A new object of ``kind`` in the year (and, for a committee's, of the committee) asked
    for; a committee's object asks whose first."""
    chosen = kind_get(kind)
    fiscal_year = get_object_or_404(FiscalYear, year=request.GET.get("year", "0") or 0)
    committees = list(committees_in_year(fiscal_year.year))
    committee: Committee | None = None
    if chosen.of_committee:
        choice = CommitteeChoiceForm(request.GET, committees=committees)
        if not choice.is_valid():
            return render(
                request,
                "administration/goals/committee_choice.html",
                {"kind": chosen, "choice": CommitteeChoiceForm(committees=committees),
                 "fiscal_year": fiscal_year, "params": request.GET},
            )  # fmt: skip
        committee = choice.cleaned_data["committee"]
    instance, initial = new_of(chosen, request.GET, fiscal_year, committee)
    if isinstance(instance, Activity):
        committee = instance.goal.committee
    return _form_answer(request, chosen, instance, (fiscal_year, committee), initial)


def _target(kind: Kind, pk: int) -> CarriedOver:
    return get_object_or_404(kind.model, pk=pk)


@policy.opens(PAGE)
def goal_edit(request: SignedInRequest, kind: str, pk: int) -> HttpResponse:
    chosen = kind_get(kind)
    target = _target(chosen, pk)
    return _form_answer(request, chosen, target, place_of(target), {})


@require_POST
@policy.opens(PAGE)
def goal_delete(request: SignedInRequest, kind: str, pk: int) -> HttpResponse:
    """Delete what nothing hangs on; otherwise say what does, and keep it."""
    _may_manage(request)
    target = _target(kind_get(kind), pk)
    year, _committee = place_of(target)
    name = str(target)
    try:
        services.goal_delete(target)
    except ValidationError as refused:
        messages.error(
            request,
            " ".join([_("“%(name)s” cannot be deleted:") % {"name": name}, *refused.messages]),
        )
        return redirect(structure_url(year.year, target))
    messages.success(request, _("“%(name)s” is deleted.") % {"name": name})
    return redirect(structure_url(year.year))


@require_POST
@policy.opens(PAGE)
def goal_move(request: SignedInRequest, kind: str, pk: int) -> HttpResponse:
    _may_manage(request)
    target = _target(kind_get(kind), pk)
    services.goal_move(target, up=request.POST.get("direction") == "up")
    return redirect(structure_url(place_of(target)[0].year, target))


@policy.opens(PAGE)
def goal_history(request: SignedInRequest, kind: str, pk: int) -> HttpResponse:
    target = _target(kind_get(kind), pk)
    return history_page(
        request,
        target,
        back_url=structure_url(place_of(target)[0].year, target),
        back_label=_("The goal structure"),
    )


@require_POST
@policy.opens(PAGE)
def goals_carry_over(request: SignedInRequest) -> HttpResponse:
    """Copy the year's structure (and its indicators) to the next year, as the admin's action
    did: what has a copy already is not copied again."""
    _may_manage(request)
    fiscal_year = get_object_or_404(FiscalYear, year=request.POST.get("year", "0") or 0)
    try:
        target, result = services.structure_carry_over(fiscal_year)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect(structure_url(fiscal_year.year))
    messages.success(
        request,
        _("%(count)s copied from %(year)s to %(next)s.")
        % {"count": result.total, "year": fiscal_year.year, "next": target.year},
    )
    return redirect(structure_url(target.year))
