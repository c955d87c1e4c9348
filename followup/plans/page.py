"""What the plan's page shows a user: the document with an editor at each part the user may
write (or the part as it reads), who writes it, its history, and the controller's workflow;
the list of the committees' plans of a year. A constant number of queries for any number of
goals."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType

from followup.goals.selectors import committees_visible
from followup.plans.document import plan_document, plan_title
from followup.plans.models import CommitteePlan, PlanText
from followup.plans.render import frozen_plan_body
from followup.plans.services import (
    PlanRights,
    may_manage_plans,
    plan_rights,
    plan_texts,
    plan_writers,
)
from followup.plans.workflow import plan_state_choices
from municipality.editing.models import AuditEntry
from municipality.models import Committee, User
from municipality.organisation.selectors import committees_in_year


@dataclass
class PartRow:
    """One part of the plan on its page."""

    text: PlanText
    may_write: bool
    history: list[AuditEntry] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The part's name on the page and in the forms (a part not written yet has no id)."""
        return f"p-{self.text.part}"


@dataclass
class PlanPage:
    plan: CommitteePlan
    rights: PlanRights
    writers: list[User]  # whom the controller may assign; empty for everyone else
    states: list[tuple[str, str]]  # where the controller may move the plan


def part_histories(texts: list[PlanText]) -> dict[int, list[AuditEntry]]:
    """Each saved text's changes (text and writer), newest first, in one query."""
    ids = [text.pk for text in texts if text.pk is not None]
    if not ids:
        return {}
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(PlanText), object_id__in=ids
    ).select_related("user")
    grouped: dict[int, list[AuditEntry]] = defaultdict(list)
    for entry in entries.order_by("-at", "-pk"):
        grouped[entry.object_id].append(entry)
    return grouped


def part_row(user: User, plan: CommitteePlan, part: str) -> PartRow:
    """One part as the page shows it after a save (its version, who changed it last)."""
    rights = plan_rights(user, plan)
    text = next(text for text in plan_texts(plan) if text.part == part)
    return PartRow(text, rights.may_write(text), part_histories([text]).get(text.pk or 0, []))


def plan_page(user: User, plan: CommitteePlan) -> dict[str, Any]:
    """The page's context: the frozen document once decided, else the document with the
    parts' editors."""
    rights = plan_rights(user, plan)
    page = PlanPage(
        plan=plan,
        rights=rights,
        writers=plan_writers(plan) if rights.manage else [],
        states=plan_state_choices(plan) if may_manage_plans(user) else [],
    )
    frozen = frozen_plan_body(plan)
    if frozen is not None:
        return {"page": page, "plan": plan, "title": plan_title(plan), "frozen_body": frozen}
    context = plan_document(plan, for_pdf=False)
    texts = [section.text for section in context["sections"] if section.text is not None]
    histories = part_histories(texts)
    for section in context["sections"]:
        if section.text is not None:
            section.editor = PartRow(
                section.text, rights.may_write(section.text), histories.get(section.text.pk, [])
            )
    context["page"] = page
    return context


@dataclass(frozen=True)
class PlanListRow:
    committee: Committee
    plan: CommitteePlan | None


def plans_of_year(user: User, year: int) -> list[PlanListRow]:
    """The committees of the year the user may see (the controller every one), each with
    its plan if one was made."""
    committees = (
        list(committees_in_year(year)) if may_manage_plans(user) else committees_visible(user, year)
    )
    plans = {
        plan.committee_id: plan
        for plan in CommitteePlan.objects.filter(
            fiscal_year__year=year, committee__in=committees
        ).select_related("fiscal_year", "committee")
    }
    return [PlanListRow(committee, plans.get(committee.pk)) for committee in committees]
