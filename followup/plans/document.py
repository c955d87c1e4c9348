"""A committee's plan as a document: its title, the decision line, its sections in seed 002's
order, and what each shows. The page and the PDF render the same templates
(``templates/followup/plans/``) in the report engine's style (``static/css/report.css``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import formats
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from followup.plans.goals import plan_goals
from followup.plans.models import CommitteePlan, PlanPart, PlanText
from followup.plans.resources import plan_resources
from followup.plans.services import plan_texts
from municipality.organisation.selectors import municipality_current

TEMPLATES = "followup/plans/sections/"


@dataclass
class PlanSection:
    key: str
    title: str
    text: PlanText | None = None  # the part written for the section, if it has one
    template: str = ""  # what the section shows besides its text
    data: dict[str, Any] = field(default_factory=dict)
    subtitles: list[tuple[str, str]] = field(default_factory=list)  # (anchor, title) for Innehåll
    editor: Any = None  # on the page: the part's editor (``views.PartRow``), not in the PDF

    @property
    def anchor(self) -> str:
        return f"plan-{self.key}"

    @property
    def html(self) -> SafeString | str:
        """The part's HTML, sanitised by ``text_sanitise`` when it was saved."""
        return mark_safe(self.text.text) if self.text is not None and self.text.text else ""


def genitive(name: str) -> str:
    """Kommunstyrelsen → Kommunstyrelsens; a name ending in s, x or z takes no s."""
    return name if name[-1:].lower() in {"s", "x", "z"} else f"{name}s"


def plan_title(plan: CommitteePlan) -> str:
    return _("%(whose)s plan with budget %(year)s") % {
        "whose": genitive(plan.committee.name),
        "year": plan.year,
    }


def decision_line(plan: CommitteePlan) -> str:
    """Seed 002's "Förslag till beslut i Kommunstyrelsen den 16 januari 2018, § 1" once
    decided; before that the plan's state."""
    if not plan.is_decided or plan.decided_on is None:
        return _("%(state)s, not yet decided by %(committee)s") % {
            "state": plan.get_state_display(),
            "committee": plan.committee.name,
        }
    reference = plan.decision_reference.strip()
    if reference and not reference.startswith("§"):
        reference = f"§\u00a0{reference}"
    line = _("Proposed decision in %(committee)s on %(date)s") % {
        "committee": plan.committee.name,
        "date": formats.date_format(plan.decided_on, "j F Y"),
    }
    return f"{line}, {reference}" if reference else line


def plan_sections(plan: CommitteePlan) -> list[PlanSection]:
    committee, year = plan.committee, plan.year
    whose = genitive(committee.name)
    texts = {text.part: text for text in plan_texts(plan)}
    goals = plan_goals(committee, year)
    resources = plan_resources(committee, year, municipality_current())
    return [
        PlanSection("decision", _("Proposed decision"), texts.get(PlanPart.DECISION)),
        PlanSection(
            "priorities",
            _("%(whose)s direction and priority development areas") % {"whose": whose},
            texts.get(PlanPart.PRIORITIES),
        ),
        PlanSection(
            "development",
            _("%(whose)s development portfolios and targeted initiatives for %(year)s")
            % {"whose": whose, "year": year},
            texts.get(PlanPart.DEVELOPMENT),
        ),
        PlanSection(
            "goals",
            _("%(whose)s goals for %(year)s") % {"whose": whose, "year": year},
            template=TEMPLATES + "goals.html",
            data={"areas": goals.areas},
            subtitles=[(f"plan-area-{a.area.pk}", a.area.name) for a in goals.areas],
        ),
        PlanSection(
            "responsibility",
            _("%(whose)s mission and responsibility") % {"whose": whose},
            texts.get(PlanPart.RESPONSIBILITY),
            template=TEMPLATES + "assignments.html",
            data={"assignments": goals.assignments},
        ),
        PlanSection(
            "resources",
            _("Resource allocation"),
            texts.get(PlanPart.RESOURCES),
            template=TEMPLATES + "resources.html",
            data={"resources": resources, "whose": whose, "year": year},
            subtitles=[
                ("plan-financial-goals", _("The council's financial goals")),
                ("plan-frame", _("%(whose)s total finances") % {"whose": whose}),
                ("plan-efficiency", _("Efficiency requirement")),
                ("plan-budget", _("Budget %(year)s with plan %(next)s–%(last)s")
                 % {"year": year, "next": year + 1, "last": year + 2}),
            ],
        ),
        PlanSection(
            "staff",
            _("%(whose)s responsibility as employer") % {"whose": whose},
            texts.get(PlanPart.STAFF),
            template=TEMPLATES + "goals.html",
            data={"staff": goals.staff},
        ),
    ]  # fmt: skip


def plan_document(plan: CommitteePlan, *, for_pdf: bool) -> dict[str, Any]:
    """Everything the plan's templates show."""
    municipality = municipality_current()
    return {
        "plan": plan,
        "municipality": municipality,
        "title": plan_title(plan),
        "decision_line": decision_line(plan),
        "sections": plan_sections(plan),
        "for_pdf": for_pdf,
        "css_path": (settings.BASE_DIR / "static" / "css" / "report.css").as_uri(),
    }
