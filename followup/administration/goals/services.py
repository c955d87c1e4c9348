"""Writes to the goal structure besides the edit forms: deleting what nothing hangs on,
reordering, and carrying a year over to the next.

Deleting never takes assessments with it: an object that has been assessed, has something
below it, is measured by an indicator or was carried over to the next year is refused with the
reasons, and stays.
"""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, ProtectedError, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from followup.assessments.models import AreaObservation
from followup.goals.carry_over import CarryOver
from followup.goals.models import (
    Activity,
    Assignment,
    CarriedOver,
    CommitteeGoal,
    CouncilGoal,
    GoalArea,
)
from followup.indicators.carry_over import goals_carry_over
from followup.reports.models import ReportText
from municipality.models import FiscalYear

# What an object is ordered among: the fields its siblings share with it.
SIBLINGS: dict[type[CarriedOver], tuple[str, ...]] = {
    GoalArea: ("fiscal_year",),
    CouncilGoal: ("goal_area",),
    CommitteeGoal: ("fiscal_year", "committee", "goal_area"),
    Activity: ("goal",),
    Assignment: ("fiscal_year", "committee"),
}


def _rows(model: type[CarriedOver]) -> QuerySet[Any]:
    """All objects of one of the concrete kinds (django-stubs gives the abstract base no
    manager)."""
    return cast("type[Model]", model)._default_manager.all()


def _plural(count: int, text: str) -> str | None:
    return text % {"count": count} if count else None


def _area_blockers(area: GoalArea) -> list[str | None]:
    council, committee = area.council_goals.count(), area.committee_goals.count()
    assignments = area.assignments.count()
    texts = (
        AreaObservation.objects.filter(goal_area=area).count()
        + ReportText.objects.filter(goal_area=area).count()
    )
    return [
        _plural(
            council,
            ngettext("It has %(count)s council goal.", "It has %(count)s council goals.", council),
        ),
        _plural(
            committee,
            ngettext(
                "It has %(count)s committee goal.", "It has %(count)s committee goals.", committee
            ),
        ),
        _plural(
            assignments,
            ngettext("It has %(count)s assignment.", "It has %(count)s assignments.", assignments),
        ),
        _plural(
            texts,
            ngettext(
                "%(count)s observation or report text is written in it.",
                "%(count)s observations or report texts are written in it.",
                texts,
            ),
        ),
    ]


def _goal_blockers(target: CouncilGoal | CommitteeGoal) -> list[str | None]:
    measured = target.indicators.count()
    reasons = [
        _plural(
            measured,
            ngettext(
                "%(count)s indicator measures it.", "%(count)s indicators measure it.", measured
            ),
        )
    ]
    if isinstance(target, CouncilGoal):
        below = target.committee_goals.count()
        text = ngettext(
            "%(count)s committee goal breaks it down.",
            "%(count)s committee goals break it down.",
            below,
        )
    else:
        below = target.activities.count()
        text = ngettext("It has %(count)s activity.", "It has %(count)s activities.", below)
    return [_plural(below, text), *reasons]


def goal_blockers(target: CarriedOver) -> list[str]:
    """Why ``target`` may not be deleted; none: nothing hangs on it."""
    reasons: list[str | None] = []
    if not isinstance(target, GoalArea):
        assessed = target.assessments.count()  # type: ignore[attr-defined]  # every other kind
        reasons.append(
            _plural(
                assessed,
                ngettext(
                    "It has been assessed %(count)s time.",
                    "It has been assessed %(count)s times.",
                    assessed,
                ),
            )
        )
    if isinstance(target, GoalArea):
        reasons += _area_blockers(target)
    if isinstance(target, CouncilGoal | CommitteeGoal):
        reasons += _goal_blockers(target)
    if _rows(type(target)).filter(predecessor=target).exists():
        reasons.append(_("It has been carried over to the next year."))
    return [reason for reason in reasons if reason]


def goal_delete(target: CarriedOver) -> None:
    """Delete ``target`` if nothing hangs on it; otherwise ``ValidationError`` with the
    reasons. The request's user is recorded as the deleter by the history middleware."""
    with transaction.atomic():
        _rows(type(target)).select_for_update().filter(pk=target.pk).exists()
        reasons = goal_blockers(target)
        if reasons:
            raise ValidationError(reasons)
        try:
            target.delete()
        except ProtectedError as error:  # something the checks above do not know yet
            raise ValidationError(_("Something else still refers to it.")) from error


def goal_move(target: CarriedOver, *, up: bool) -> None:
    """Move ``target`` one place up or down among its siblings, numbering them 1, 2, 3…
    (new objects all start at 0); only the ones whose number changes are saved."""
    model = type(target)
    shared = {name: getattr(target, f"{name}_id") for name in SIBLINGS[model]}
    with transaction.atomic():
        name = "name" if model is GoalArea else "title"
        rows = _rows(model).select_for_update().filter(**shared)
        siblings = list(rows.order_by("order", name, "pk"))
        index = next(i for i, sibling in enumerate(siblings) if sibling.pk == target.pk)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(siblings):
            return
        siblings[index], siblings[other] = siblings[other], siblings[index]
        for number, sibling in enumerate(siblings, start=1):
            if sibling.order != number:
                sibling.order = number
                sibling.save(update_fields=["order"])


def structure_carry_over(fiscal_year: FiscalYear) -> tuple[FiscalYear, CarryOver]:
    """Carry the year's goal structure and its indicators over to the next year, which must
    exist; what was copied before is not copied again (``followup.goals.carry_over``)."""
    target = FiscalYear.objects.filter(year=fiscal_year.year + 1).first()
    if target is None:
        raise ValidationError(
            _("There is no fiscal year %(year)s to carry the goals over to.")
            % {"year": fiscal_year.year + 1}
        )
    return target, goals_carry_over(from_year=fiscal_year.year, to_year=target.year)
