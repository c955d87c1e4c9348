"""Writing a committee's plan: making it, its texts and who writes them, and fetching its
goals from the year before.

The controller (``MANAGE_REPORTS`` or ``MANAGE_PLANNING``) assigns a writer to each part and may
write every part; an assigned writer (``WRITE_REPORT`` on a unit of the committee) writes the
parts assigned to them. Nobody writes a decided plan: each write reads the plan ``FOR UPDATE``
and checks it, then saves through ``field_save`` with no period (versions, audit trail).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from followup.goals.carry_over import CarryOver
from followup.indicators.carry_over import goals_carry_over
from followup.plans.models import CommitteePlan, PlanDecided, PlanPart, PlanText
from followup.reports.text_page import may_read_texts
from followup.reports.texts import committee_writers, text_sanitise
from municipality.access import policy
from municipality.editing.gate import audit_record, field_save
from municipality.models import Committee, FiscalYear, OrgUnit, User

PARTS: tuple[str, ...] = tuple(PlanPart.values)


def plan_of(committee: Committee, year: int) -> CommitteePlan | None:
    """The committee's plan for the budget year, if one was made."""
    return (
        CommitteePlan.objects.filter(committee=committee, fiscal_year__year=year)
        .select_related("committee", "fiscal_year")
        .first()
    )


def plan_for(*, committee: Committee, year: int) -> CommitteePlan:
    """The committee's plan for the budget year, made now (as a draft) if there is none.

    The fiscal year must exist."""
    plan = plan_of(committee, year)
    if plan is not None:
        return plan
    fiscal_year = FiscalYear.objects.get(year=year)
    try:
        with transaction.atomic():
            CommitteePlan.objects.create(committee=committee, fiscal_year=fiscal_year)
    except IntegrityError:
        pass  # made by someone else at the same moment
    plan = plan_of(committee, year)
    assert plan is not None  # made just now, or by someone else at the same moment
    return plan


@dataclass(frozen=True)
class PlanRights:
    """What a user may do with a plan (read once per plan and user)."""

    manage: bool  # the controller: every text, the writers, the workflow
    write_assigned: bool  # may write the parts assigned to them
    user_id: int | None

    def may_write(self, text: PlanText) -> bool:
        return self.manage or (self.write_assigned and text.writer_id == self.user_id)


def may_manage_plans(user: User) -> bool:
    return policy.granted(user, policy.Action.MANAGE_REPORTS) or policy.granted(
        user, policy.Action.MANAGE_PLANNING
    )


def may_read_plan(user: User, committee: Committee) -> bool:
    """Whoever views (a unit of) the committee reads its plan; the controller every plan."""
    return may_manage_plans(user) or may_read_texts(user, committee)


def plan_rights(user: User, plan: CommitteePlan) -> PlanRights:
    """Who may write in the plan: nobody once it is decided."""
    if plan.is_decided:
        return PlanRights(manage=False, write_assigned=False, user_id=user.pk)
    writes = (
        OrgUnit.objects.filter(committee_id=plan.committee_id)
        .filter(policy.units_filter(user, policy.Action.WRITE_REPORT))
        .exists()
    )
    return PlanRights(manage=may_manage_plans(user), write_assigned=writes, user_id=user.pk)


def plan_writers(plan: CommitteePlan) -> list[User]:
    """Whom the controller may assign to write the plan's parts."""
    return committee_writers(plan.committee_id)


def plan_texts(plan: CommitteePlan) -> list[PlanText]:
    """Every part's text in the document's order; a part not written yet is an unsaved empty
    text (its first save makes it), so that reading never writes. A decided plan shows only
    the texts it has."""
    found = {
        text.part: text
        for text in PlanText.objects.filter(plan=plan).select_related("writer", "updated_by")
    }
    return [
        found.get(part) or PlanText(plan=plan, part=part)
        for part in PARTS
        if part in found or not plan.is_decided
    ]


def plan_locked(plan: CommitteePlan) -> CommitteePlan:
    """The plan read ``FOR UPDATE``, checked not decided."""
    plan = (
        CommitteePlan.objects.select_for_update(of=("self",))
        .select_related("committee", "fiscal_year")
        .get(pk=plan.pk)
    )
    if plan.is_decided:
        raise PlanDecided(plan)
    return plan


def _text_locked(plan: CommitteePlan, part: str) -> PlanText:
    """The plan's text of ``part`` read ``FOR UPDATE`` (made empty if not written yet); the
    caller holds the plan locked."""
    if part not in PARTS:
        raise ValidationError(_("The plan has no such text."), code="no_text")
    PlanText.objects.get_or_create(plan=plan, part=part)
    return (
        PlanText.objects.select_for_update(of=("self",))
        .select_related("updated_by", "writer")
        .get(plan=plan, part=part)
    )


def plan_text_label(plan: CommitteePlan, part: str) -> str:
    return f"{plan} · {PlanPart(part).label}"


def plan_text_save(
    *, user: User, plan: CommitteePlan, part: str, text: str, expected_version: int
) -> PlanText:
    """Save a part's text (sanitised) if the user may write it.

    Raises ``PermissionDenied``, ``PlanDecided`` or ``EditConflict``."""
    value = text_sanitise(text)
    with transaction.atomic():
        plan = plan_locked(plan)
        rights = plan_rights(user, plan)
        row = _text_locked(plan, part)
        if not rights.may_write(row):
            raise PermissionDenied
        return field_save(
            row,
            field="text",
            value=value,
            expected_version=expected_version,
            user=user,
            label=plan_text_label(plan, part),
            period=None,
            unit=None,
            locked=True,
        )


def plan_text_assign(
    *, user: User, plan: CommitteePlan, part: str, writer: User | None
) -> PlanText:
    """The controller assigns (or, with ``None``, unassigns) who writes a part."""
    with transaction.atomic():
        plan = plan_locked(plan)
        if not plan_rights(user, plan).manage:
            raise PermissionDenied
        row = _text_locked(plan, part)
        if writer is not None and writer.pk not in {u.pk for u in plan_writers(plan)}:
            raise ValidationError(
                _("This person does not write for the committee."), code="not_a_writer"
            )
        if row.writer_id == (writer.pk if writer else None):
            return row
        old = row.writer
        row.writer = writer
        row.save(update_fields=["writer"])
        audit_record(
            row,
            field="writer",
            label=plan_text_label(plan, part),
            old=old,
            new=writer,
            user=user,
            period=None,
            unit=None,
        )
        return row


def plan_goals_fetch(*, user: User, plan: CommitteePlan) -> CarryOver:
    """Hämta från föregående år: copy the committee's goals, their indicators and its
    unfinished activities and assignments of the year before into the plan's year (what has
    a copy already is left as it is). Only the controller, only into an undecided plan."""
    if not may_manage_plans(user):
        raise PermissionDenied
    with transaction.atomic():
        plan = plan_locked(plan)
        year = plan.year
        if not FiscalYear.objects.filter(year=year - 1).exists():
            raise ValidationError(
                _("There is no fiscal year %(year)s to fetch the goals from.") % {"year": year - 1},
                code="no_previous_year",
            )
        return goals_carry_over(from_year=year - 1, to_year=year, committee=plan.committee)
