"""The budget workbook's shape, shared by its download and its upload: the sheets, the rows
and columns, the headers, and whether the grid may be entered through it now."""

from __future__ import annotations

from django.utils.text import slugify
from django.utils.translation import gettext as _

from budget.ledger.signs import presentation_sign
from budget.planning.budgets.grid import PlanGrid, UnitBlock
from budget.planning.models import BudgetProfile, Decided
from municipality.formats.workbooks import META_SHEET as META_SHEET
from municipality.models import MONTH_NAMES

SHEET = "Budget"
MONTHS_SHEET = "Månadsprofil"
MARKER = "tertial-budget-1"
KEY_HEADER = "Rad"
FRAME_ROW = 5
REMAINING_ROW = 6
HEADER_ROW = 9
FIRST_ROW = HEADER_ROW + 1
META_FIRST_ROW = 10

# Column letters of the Budget sheet.
KEY, LABEL, LAST_BUDGET, LAST_ACTUAL, PROPOSAL, METHOD = "A", "B", "C", "D", "E", "F"
VOLUME, AMOUNT, PLAN1, PLAN2, PROFILE = "G", "H", "I", "J", "K"
COLUMNS: tuple[str, ...] = (KEY, LABEL, LAST_BUDGET, LAST_ACTUAL, PROPOSAL, METHOD)
COLUMNS += (VOLUME, AMOUNT, PLAN1, PLAN2, PROFILE)
# The cells people type in, by the ``BudgetRow`` field they are saved in: in this order,
# so that a row's budget is saved before the months that must add up to it.
AMOUNT_COLUMNS = {"volume": VOLUME, "amount": AMOUNT, "plan1": PLAN1, "plan2": PLAN2}
ENTRY_COLUMNS = {**AMOUNT_COLUMNS, "profile": PROFILE}
# What the hidden sheet keeps of each row, with the version: the entry cells and the months.
META_FIELDS = (*ENTRY_COLUMNS, "months")
# What the frame is compared with: the budget year's and the plan years' columns.
FRAME_COLUMNS = {"amount": AMOUNT, "plan1": PLAN1, "plan2": PLAN2}
# The Månadsprofil sheet: the row's key and name, its budget, the twelve months, their sum.
MONTHS_KEY, MONTHS_LABEL, MONTHS_AMOUNT = "A", "B", "C"
MONTH_COLUMNS = tuple("DEFGHIJKLMNO")
MONTHS_SUM = "P"
MONTHS_HEADER_ROW = 4
MONTHS_FIRST_ROW = MONTHS_HEADER_ROW + 1


def headers(grid: PlanGrid) -> list[str]:
    """The visible column headers of the Budget sheet, B to K, in the request's language."""
    year = grid.year
    return [
        _("Unit / account group"),
        _("Budget %(year)s") % {"year": year - 1},
        grid.actual_label,
        _("Proposal"),
        _("Method"),
        _("Volume change"),
        _("Budget %(year)s") % {"year": year},
        _("Plan %(year)s") % {"year": year + 1},
        _("Plan %(year)s") % {"year": year + 2},
        _("Monthly profile"),
    ]


def month_headers() -> list[str]:
    """The Månadsprofil sheet's headers, B to P."""
    months = [str(MONTH_NAMES[number]) for number in range(1, 13)]
    return [_("Unit / account group"), _("Budget"), *months, _("Sum of the months")]


def profile_labels() -> dict[str, str]:
    """The monthly profiles by the label the sheet shows."""
    return {str(label): str(value) for value, label in BudgetProfile.choices}


def profile_of(text: str) -> str | None:
    """The profile a cell names, by its label or its code, whatever the case; None if none."""
    wanted = text.strip().casefold()
    for label, value in profile_labels().items():
        if wanted in (label.casefold(), value.casefold()):
            return value
    return None


def entry_refusal(grid: PlanGrid) -> str:
    """Why none of the grid's rows may be entered through the workbook now; empty when some
    may (the rows of a unit that may not are refused one by one at the upload)."""
    if grid.is_decided:
        return str(Decided(grid.budget).messages[0])
    if not grid.units:
        return _("You may see no unit of %(committee)s.") % {"committee": grid.budget.committee}
    if any(block.can_edit for block in grid.units):
        return ""
    if all(not block.is_editable for block in grid.units):
        return _(
            "The budget of every unit is submitted or approved and cannot be changed until "
            "it is returned."
        )
    return _("You may read the budget of %(committee)s but not change it.") % {
        "committee": grid.budget.committee
    }


def block_refusal(block: UnitBlock) -> str:
    """Why the rows of one unit may not be changed; empty when they may."""
    if block.can_edit:
        return ""
    if not block.is_editable:
        return _(
            "The budget of %(unit)s is %(state)s and cannot be changed until it is returned."
        ) % {"unit": block.unit.name, "state": block.submission.get_state_display().lower()}
    return _("You may not change the budget of %(unit)s.") % {"unit": block.unit.name}


def sign_of(grid: PlanGrid) -> str:
    """The presentation sign the workbook is written in, as the hidden sheet keeps it."""
    return presentation_sign(grid.municipality)


def workbook_file_name(grid: PlanGrid) -> str:
    committee = grid.budget.committee
    name = slugify(committee.short_code or committee.name) or committee.pk
    return f"budget-{name}-{grid.year}.xlsx"
