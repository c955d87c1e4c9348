"""What a set-up created, told in lines of text: the command prints them, the wizard shows them."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from budget.ledger.presets import PRESETS, Preset
from budget.setup.services import SetupResult, setup_years
from municipality.formats.numbers import format_amount
from municipality.organisation.models import Municipality
from municipality.periods.models import FiscalYear, ReportingPeriod
from municipality.periods.services import standard_calendar


@dataclass(frozen=True)
class SetupPlan:
    """What a set-up will create, shown for confirmation before anything is written."""

    name: str
    code: str
    sign: str
    years: list[int]
    periods: list[ReportingPeriod]  # the first year's, not saved; every year has the same
    preset: Preset


def setup_plan(
    *, name: str, code: str, year: int, years: int, lines: str, presentation: str
) -> SetupPlan:
    """The plan of ``municipality_setup`` called with the same arguments (already checked)."""
    first = FiscalYear(year=year)
    return SetupPlan(
        name=name,
        code=code,
        sign=str(Municipality.Sign(presentation).label),
        years=setup_years(year, years),
        periods=[
            ReportingPeriod(
                fiscal_year=first,
                kind=plan.kind,
                cutoff_month=plan.cutoff_month,
                deadline=plan.deadline,
            )
            for plan in standard_calendar(year)
        ],
        preset=PRESETS[lines],
    )


def setup_told(result: SetupResult) -> list[str]:
    """The municipality, then one line each for its years, periods, report lines and ranges."""
    municipality = result.municipality
    sign = Municipality.Sign(municipality.presentation_sign).label
    years = result.years
    return [
        _("%(name)s (%(code)s) is set up; signs: %(sign)s.")
        % {"name": municipality.name, "code": municipality.code, "sign": sign},
        ngettext("Fiscal year: %(years)s.", "Fiscal years: %(years)s.", len(years))
        % {"years": ", ".join(str(year) for year in years)},
        _(
            "%(count)s reporting periods: each year's monthly follow-ups, tertial 1, tertial 2 "
            "and the annual accounts, none opened yet; their deadlines can be changed in the "
            "administration."
        )
        % {"count": format_amount(len(result.periods))},
        _("%(lines)s report lines and %(subtotals)s subtotals from the preset %(preset)s.")
        % {
            "lines": format_amount(len(result.report_lines)),
            "subtotals": format_amount(len(result.subtotals)),
            "preset": result.preset.label,
        },
        _("%(count)s account ranges mapping accounts to the report lines.")
        % {"count": format_amount(len(result.account_ranges))},
    ]
