"""What a set-up created, told in lines of text: the command prints them, the wizard shows them."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from budget.setup.services import SetupResult
from municipality.formats.numbers import format_amount
from municipality.organisation.models import Municipality


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
