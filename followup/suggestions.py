"""The status the application suggests for a goal, an activity or an assignment.

The owner decides the status; the suggestion stays beside it with its reasons, so a reader
can see where the owner judged otherwise. The rules:

- A goal with indicators judged against their targets: all meet their target → Uppfyllt,
  none → Ej uppfyllt, some → Delvis uppfyllt. A delayed or cancelled activity keeps a goal
  at most Delvis uppfyllt.
- A goal judged by its activities alone (or a council goal by its committee goals): all
  done (fulfilled) → Uppfyllt, all delayed or cancelled (not fulfilled) → Ej uppfyllt, else
  Delvis uppfyllt.
- An activity or assignment: 100 % done → Klar; past its end and not done → Försenad; some
  completion → Pågår; past its start → Påbörjad; else Ej påbörjad.
- Nothing to judge by: no suggestion.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from followup.indicators.values import Standing
from followup.models import GoalStatus, WorkStatus

STALLED = frozenset({WorkStatus.DELAYED, WorkStatus.CANCELLED})


@dataclass(frozen=True)
class Suggestion:
    status: str
    reasons: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        choices = GoalStatus if self.status in GoalStatus.values else WorkStatus
        return str(choices(self.status).label)


def goal_suggestion(
    *,
    standings: Sequence[Standing] = (),
    work: Sequence[str] = (),
    goals: Sequence[str] = (),
) -> Suggestion | None:
    """A goal's suggested status from its indicators' standings, the statuses of its
    activities and assignments (``work``), and for a council goal its committee goals'."""
    judged = [s for s in standings if s.met is not None]
    met = sum(1 for s in judged if s.met)
    assessed_work = [status for status in work if status]
    assessed_goals = [status for status in goals if status and status != GoalStatus.NOT_ASSESSED]
    reasons = []
    if judged:
        reasons.append(
            ngettext(
                "%(met)s of %(count)s indicator meets its target",
                "%(met)s of %(count)s indicators meet their target",
                len(judged),
            )
            % {"met": met, "count": len(judged)}
        )
    if assessed_work:
        done = sum(1 for status in assessed_work if status == WorkStatus.DONE)
        reasons.append(
            _("%(done)s of %(count)s activities done") % {"done": done, "count": len(assessed_work)}
        )
        stalled = sum(1 for status in assessed_work if status in STALLED)
        if stalled:
            reasons.append(
                ngettext(
                    "%(count)s delayed or cancelled", "%(count)s delayed or cancelled", stalled
                )
                % {"count": stalled}
            )
    if assessed_goals:
        fulfilled = sum(1 for status in assessed_goals if status == GoalStatus.FULFILLED)
        reasons.append(
            _("%(done)s of %(count)s committee goals fulfilled")
            % {"done": fulfilled, "count": len(assessed_goals)}
        )
    if judged:
        if met == len(judged):
            status = GoalStatus.FULFILLED
        elif met == 0:
            status = GoalStatus.NOT_FULFILLED
        else:
            status = GoalStatus.PARTLY
        if status == GoalStatus.FULFILLED and any(s in STALLED for s in assessed_work):
            status = GoalStatus.PARTLY
        return Suggestion(status, reasons)
    parts = [
        *(
            GoalStatus.FULFILLED
            if s == WorkStatus.DONE
            else GoalStatus.NOT_FULFILLED
            if s in STALLED
            else GoalStatus.PARTLY
            for s in assessed_work
        ),
        *assessed_goals,
    ]
    if not parts:
        return None
    if all(p == GoalStatus.FULFILLED for p in parts):
        return Suggestion(GoalStatus.FULFILLED, reasons)
    if all(p == GoalStatus.NOT_FULFILLED for p in parts):
        return Suggestion(GoalStatus.NOT_FULFILLED, reasons)
    return Suggestion(GoalStatus.PARTLY, reasons)


def work_suggestion(
    *, start: date | None, end: date | None, completion: int | None, on: date
) -> Suggestion | None:
    """An activity's or assignment's suggested status at the day ``on`` (the period's end)."""
    if completion is None and start is None and end is None:
        return None
    if completion == 100:
        return Suggestion(WorkStatus.DONE, [_("%(done)s %% done") % {"done": 100}])
    if end is not None and end < on:
        return Suggestion(
            WorkStatus.DELAYED,
            [_("should have been done by %(end)s") % {"end": end.isoformat()}],
        )
    if completion:
        return Suggestion(WorkStatus.IN_PROGRESS, [_("%(done)s %% done") % {"done": completion}])
    if start is not None and start <= on:
        return Suggestion(
            WorkStatus.STARTED, [_("started %(start)s") % {"start": start.isoformat()}]
        )
    return Suggestion(WorkStatus.NOT_STARTED, [])
