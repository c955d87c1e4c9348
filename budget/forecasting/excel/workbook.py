"""The forecast workbook's shape, shared by its download and its upload: the sheets, the
rows and columns, the number formats, and whether the grid may be entered through it now."""

from __future__ import annotations

from django.utils.text import slugify
from django.utils.translation import gettext as _

from budget.forecasting.grid import Grid
from budget.forecasting.models import Forecast
from municipality.access import policy
from municipality.formats.workbooks import CONTENT_TYPE as CONTENT_TYPE
from municipality.formats.workbooks import META_SHEET as META_SHEET
from municipality.formats.workbooks import TKR_FORMAT as TKR_FORMAT
from municipality.models import User
from municipality.periods.exceptions import PeriodLocked, PeriodNotOpen

# The shared workbook constants above are named here too, for the forecast's views, upload
# and tests; other workbooks take them from municipality.formats.workbooks.
SHEET = "Prognos"
MARKER = "tertial-forecast-1"
KEY_HEADER = "Rad"
HEADER_ROW = 7
FIRST_ROW = HEADER_ROW + 1
META_FIRST_ROW = 10
FORECAST_AMOUNT = Forecast._meta.get_field("amount")

# Column letters of the Prognos sheet.
KEY, LABEL, PRIOR, BUDGET, ACTUAL, CONSUMPTION = "A", "B", "C", "D", "E", "F"
PROPOSAL, FORECAST, DEVIATION, PREVIOUS, COMMENT = "G", "H", "I", "J", "K"
COLUMNS: tuple[str, ...] = (
    KEY,
    LABEL,
    PRIOR,
    BUDGET,
    ACTUAL,
    CONSUMPTION,
    PROPOSAL,
    FORECAST,
    DEVIATION,
)
COLUMNS += (PREVIOUS, COMMENT)


def entry_refusal(*, user: User, grid: Grid) -> str:
    """Why ``user`` may not enter forecasts in the grid now; empty when they may."""
    period = grid.period
    if period.is_locked:
        return PeriodLocked(period).messages[0]
    if not period.is_open_for_entry:
        return PeriodNotOpen(period).messages[0]
    if not grid.submission.is_editable:
        return _(
            "The forecast of %(unit)s is %(state)s and cannot be changed until it is returned."
        ) % {"unit": grid.unit.name, "state": grid.submission.get_state_display().lower()}
    if not policy.can(user, policy.Action.EDIT_FORECAST, unit=grid.unit, period=period):
        return _("You may read the forecast of %(unit)s but not change it.") % {
            "unit": grid.unit.name
        }
    return ""


def workbook_file_name(grid: Grid) -> str:
    period = grid.period
    kind = f"{period.kind}-{period.cutoff_month:02d}" if period.kind == "month" else period.kind
    return f"prognos-{slugify(grid.unit.code) or grid.unit.pk}-{period.year}-{kind}.xlsx"
