"""The page to write a report's texts: every text with whether the user may write it, who
the controller may assign, and the progress bar of the texts done."""

from __future__ import annotations

from dataclasses import dataclass

from followup.reports.models import Report, ReportText, TextStatus
from followup.reports.texts import (
    Rights,
    TextSlot,
    report_rights,
    report_texts,
    writer_candidates,
)
from municipality.access import policy
from municipality.models import Committee, OrgUnit, User


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def report_progress(
    report: Report, texts: list[tuple[TextSlot, ReportText]] | None = None
) -> Progress:
    """How many of the report's texts are done, for the progress bar."""
    if texts is None:
        texts = report_texts(report)
    statuses = [text.status for _slot, text in texts]
    return Progress(done=statuses.count(TextStatus.DONE), total=len(statuses))


@dataclass(frozen=True)
class TextRow:
    slot: TextSlot
    text: ReportText
    may_write: bool

    @property
    def key(self) -> str:
        """The text's name on the page and in the forms: by its place, since a text not
        written yet has no id."""
        slot = self.slot
        return "-".join(
            [
                "t",
                slot.kind,
                *filter(None, [slot.part, str(slot.goal_area.pk) if slot.goal_area else ""]),
            ]
        )


@dataclass(frozen=True)
class TextPage:
    """What the page to write a report's texts shows the user."""

    report: Report
    rows: list[TextRow]
    progress: Progress
    rights: Rights
    writers: list[User]  # whom the controller may assign; empty for everyone else

    statuses = TextStatus.choices

    @property
    def may_write_any(self) -> bool:
        return any(row.may_write for row in self.rows)


def may_read_texts(user: User, committee: Committee | None) -> bool:
    """Whoever sees (a unit of) the committee reads its report's texts; the controller all."""
    if policy.granted(user, policy.Action.MANAGE_REPORTS):
        return True
    if committee is None:
        return policy.granted(user, policy.Action.VIEW_UNIT)
    return (
        OrgUnit.objects.filter(committee=committee)
        .filter(policy.units_filter(user, policy.Action.VIEW_UNIT))
        .exists()
    )


def report_text_page(user: User, report: Report) -> TextPage:
    """Every text of the report with whether the user may write it, in a constant number
    of queries."""
    texts = report_texts(report)
    rights = report_rights(user, report)
    return TextPage(
        report=report,
        rows=[TextRow(slot, text, rights.may_write(text)) for slot, text in texts],
        progress=report_progress(report, texts),
        rights=rights,
        writers=writer_candidates(report) if rights.manage else [],
    )
