"""The versions of a year's budget that can be compared, each with a key for URLs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from budget.ledger.models import BudgetVersion
from budget.planning.models import BudgetChange, DecisionState, Frame

FRAMES_KEY = "frames"


@dataclass(frozen=True)
class VersionChoice:
    """One comparable version: the council's frames (per committee only), a budget version,
    or the active version with the changes decided up to and including one change."""

    key: str  # "frames", "v<version id>", "c<change id>"
    label: str
    kind: str  # "frames", "version", "change"
    version_id: int | None = None  # a version's own, or the active one a change adds to
    change_id: int | None = None
    # The change's place in the year's order of changes (``BudgetChange.Meta.ordering``):
    # the changes up to and including it are those whose position is at most this.
    position: tuple[date, int] | None = None

    @property
    def is_frames(self) -> bool:
        return self.kind == "frames"


def _version_label(version: BudgetVersion) -> str:
    parts = [version.name]
    if version.decided_on is not None:
        parts.append(f"({version.decided_on.isoformat()})")
    if version.is_active:
        parts.append(_("(active)"))
    return " ".join(parts)


def budget_versions_of(*, year: int) -> list[VersionChoice]:
    """The year's comparable versions, in this order: the council's frames of the year (if
    its plan has any), every budget version by date, then the active version with the changes
    up to each change of the year, in the order they were decided. Three queries."""
    choices: list[VersionChoice] = []
    frames = Frame.objects.filter(plan__fiscal_year__year=year, year=year)
    plan_state = frames.values_list("plan__state", flat=True).first()
    if plan_state is not None:
        label = _("Frames (KF)")
        if plan_state != DecisionState.DECIDED:
            label = _("Frames (KF), proposal")
        choices.append(VersionChoice(FRAMES_KEY, label, "frames"))
    versions = list(
        BudgetVersion.objects.filter(fiscal_year__year=year).order_by("decided_on", "pk")
    )
    choices.extend(
        VersionChoice(f"v{version.pk}", _version_label(version), "version", version.pk)
        for version in versions
    )
    active = next((version for version in versions if version.is_active), None)
    if active is None:
        return choices  # the changes are changes of the active version
    for change in BudgetChange.objects.filter(fiscal_year__year=year).order_by("decided_on", "pk"):
        label = _("%(version)s + changes up to %(reference)s (%(date)s)") % {
            "version": active.name,
            "reference": change.decision_reference,
            "date": change.decided_on.isoformat(),
        }
        choices.append(
            VersionChoice(
                f"c{change.pk}",
                label,
                "change",
                active.pk,
                change.pk,
                (change.decided_on, change.pk),
            )
        )
    return choices


def default_pair(choices: list[VersionChoice]) -> tuple[VersionChoice, VersionChoice] | None:
    """What the page compares when nothing is chosen: the first version with the last
    (the frames with the decided budget and its changes, as far as they exist)."""
    if len(choices) < 2:
        return None
    return choices[0], choices[-1]
