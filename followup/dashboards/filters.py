"""The GET filters of the goal and activity lists.

A value that names nothing the page offers is no filter rather than an error page, so an
old or edited link still shows a list.
"""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from followup.dashboards.badges import status_label
from followup.dashboards.selectors import GOAL_STATUSES, WORK_STATUSES, GoalOwner
from followup.goals.models import GoalArea
from municipality.models import Committee, OrgUnit, User


def _choices(pairs: Sequence[tuple[object, str]], everything: str) -> list[tuple[str, str]]:
    return [("", everything), *((str(value), label) for value, label in pairs)]


class _Filter(forms.Form):
    def cleaned(self) -> dict[str, object]:
        """Every filter's value; an invalid one is None, no filter."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) or None for name in self.fields}


class GoalFilterForm(_Filter):
    committee = forms.TypedChoiceField(label=_("Committee"), coerce=int, required=False)
    area = forms.TypedChoiceField(label=_("Goal area"), coerce=int, required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(
        self,
        data: object,
        *,
        committees: Sequence[Committee],
        areas: Sequence[GoalArea],
        statuses: Sequence[str] = GOAL_STATUSES,
    ) -> None:
        super().__init__(data)
        self.fields["committee"].choices = _choices(
            [(c.pk, c.name) for c in committees], _("All committees")
        )
        self.fields["area"].choices = _choices([(a.pk, a.name) for a in areas], _("All goal areas"))
        self.fields["status"].choices = _choices(
            [(s, status_label(s)) for s in statuses], _("All statuses")
        )


class ActivityFilterForm(GoalFilterForm):
    unit = forms.TypedChoiceField(label=_("Responsible unit"), coerce=int, required=False)
    owner = forms.TypedChoiceField(label=_("Goal owner"), coerce=int, required=False)

    def __init__(
        self,
        data: object,
        *,
        committees: Sequence[Committee],
        areas: Sequence[GoalArea],
        units: Sequence[OrgUnit],
        owners: Sequence[GoalOwner],
        fixed_goal: bool = False,
    ) -> None:
        super().__init__(data, committees=committees, areas=areas, statuses=WORK_STATUSES)
        if fixed_goal:  # a goal's own activities: its committee and area are given
            del self.fields["committee"]
            del self.fields["area"]
        self.fields["unit"].choices = _choices(
            [(u.pk, f"{u.code} {u.name}") for u in units], _("All units")
        )
        people: dict[int, User] = {}
        for owner in owners:
            people.setdefault(owner.user.pk, owner.user)
        self.fields["owner"].choices = _choices(
            [(pk, str(user)) for pk, user in people.items()], _("All goal owners")
        )
        self.units = {u.pk: u for u in units}
        self.people = people
