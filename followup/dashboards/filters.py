"""The GET filters of the goal and activity lists.

A value that names nothing the page offers is no filter rather than an error page, so an
old or edited link still shows a list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypedDict, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from followup.dashboards.badges import status_label
from followup.dashboards.selectors import GOAL_STATUSES, WORK_STATUSES, GoalOwner
from followup.goals.models import GoalArea
from municipality.models import Committee, OrgUnit, User

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Chosen(TypedDict, total=False):
    """The filters' values (those of the form's fields); None is no filter."""

    committee: int | None
    area: int | None
    status: str | None
    unit: int | None
    owner: int | None


def _choices(
    pairs: Sequence[tuple[object, StrOrPromise]], everything: StrOrPromise
) -> list[tuple[str, StrOrPromise]]:
    return [("", everything), *((str(value), label) for value, label in pairs)]


class _Filter(forms.Form):
    def cleaned(self) -> Chosen:
        """Every filter's value; an invalid one is None, no filter."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        # The fields are Chosen's, and their coercion gives its types.
        return cast(Chosen, {name: data.get(name) or None for name in self.fields})

    def offer(
        self, name: str, pairs: Sequence[tuple[object, StrOrPromise]], everything: StrOrPromise
    ) -> None:
        """Offer ``pairs`` (value, label) in the choice field ``name``, after "all"."""
        field = self.fields[name]
        if not isinstance(field, forms.ChoiceField):
            raise TypeError(name)
        field.choices = _choices(pairs, everything)


class GoalFilterForm(_Filter):
    committee = forms.TypedChoiceField(label=_("Committee"), coerce=int, required=False)
    area = forms.TypedChoiceField(label=_("Goal area"), coerce=int, required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(
        self,
        data: Mapping[str, Any] | None,
        *,
        committees: Sequence[Committee],
        areas: Sequence[GoalArea],
        statuses: Sequence[str] = GOAL_STATUSES,
    ) -> None:
        super().__init__(data)
        self.offer("committee", [(c.pk, c.name) for c in committees], _("All committees"))
        self.offer("area", [(a.pk, a.name) for a in areas], _("All goal areas"))
        self.offer("status", [(s, status_label(s)) for s in statuses], _("All statuses"))


class ActivityFilterForm(GoalFilterForm):
    unit = forms.TypedChoiceField(label=_("Responsible unit"), coerce=int, required=False)
    owner = forms.TypedChoiceField(label=_("Goal owner"), coerce=int, required=False)

    def __init__(
        self,
        data: Mapping[str, Any] | None,
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
        self.offer("unit", [(u.pk, f"{u.code} {u.name}") for u in units], _("All units"))
        people: dict[int, User] = {}
        for owner in owners:
            people.setdefault(owner.user.pk, owner.user)
        self.offer("owner", [(pk, str(user)) for pk, user in people.items()], _("All goal owners"))
        self.units = {u.pk: u for u in units}
        self.people = people
