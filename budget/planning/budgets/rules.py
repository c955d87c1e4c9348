"""The rules every write to a committee's budget checks: the budget held and not decided,
and the committee's total within its frame."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.utils.translation import gettext as _

from budget.planning.budgets.selectors import committee_frames, committee_sums, council_plan_of
from budget.planning.models import CommitteeBudget, Decided
from municipality.editing.workflow import Problem
from municipality.formats.numbers import format_tkr


def budget_held(budget: CommitteeBudget, *, exclusive: bool = False) -> CommitteeBudget:
    """Read the budget's state and hold it until the transaction ends; refuse a decided one.

    A save holds it ``FOR SHARE``, so that the cells of a committee save side by side while
    the decision (``exclusive``: ``FOR UPDATE``) waits for them, and no value slips into a
    budget after it was decided.
    """
    mode = "UPDATE" if exclusive else "SHARE"
    table = CommitteeBudget._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT state, state_version FROM {table} WHERE id = %s FOR {mode}", [budget.pk]
        )
        budget.state, budget.state_version = cursor.fetchone()
    if budget.is_decided:
        raise Decided(budget)
    return budget


def frame_problems(budget: CommitteeBudget) -> list[Problem]:
    """Why the committee's total for the budget year stands against its frame, if it does."""
    committee, year = budget.committee, budget.fiscal_year.year
    frame = committee_frames(plan=council_plan_of(year=year), committee=committee).get(year)
    if frame is None:
        return [
            Problem(
                _("%(committee)s has no frame for %(year)s yet.")
                % {"committee": committee.name, "year": year},
                row="frame",
            )
        ]
    excess = committee_sums(budget=budget)["amount"] - frame
    if excess > Decimal(0):
        return [
            Problem(
                _("%(committee)s: the committee's budget exceeds the frame by %(excess)s tkr.")
                % {"committee": committee.name, "excess": format_tkr(excess)},
                row="frame",
            )
        ]
    return []
