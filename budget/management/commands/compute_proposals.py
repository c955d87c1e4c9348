from __future__ import annotations

import re
import time
from argparse import ArgumentParser

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from budget.forecasting.proposals import proposal_accuracy_compute, proposals_compute
from municipality.models import ReportingPeriod

# A year-less tertial (T1, T2, annual) is this year's; a month needs its year, as 17 is an id.
_SPEC = re.compile(
    r"^(?:(?P<year>\d{4})-)?(?P<what>t1|t2|annual)$|^(?P<month_year>\d{4})-(?P<month>\d{1,2})$",
    re.IGNORECASE,
)


def period_from_spec(spec: str) -> ReportingPeriod:
    """``17`` (an id), ``2019-T1``, ``2019-T2``, ``2019-annual``, ``2019-05`` (the monthly
    follow-up of May), or ``T1``, ``T2``, ``annual`` (this year's), as an operator would name
    a period."""
    periods = ReportingPeriod.objects.select_related("fiscal_year")
    if spec.isdigit():
        period = periods.filter(pk=int(spec)).first()
    elif match := _SPEC.match(spec.strip()):
        what = (match["what"] or match["month"]).lower()
        year = match["year"] or match["month_year"] or timezone.localdate().year
        periods = periods.filter(fiscal_year__year=int(year))
        if what.isdigit():
            period = periods.filter(kind=ReportingPeriod.Kind.MONTH, cutoff_month=int(what)).first()
        else:
            period = periods.filter(kind=what).first()
    else:
        raise CommandError(f"Cannot read the period {spec!r}: give an id, or e.g. 2019-T1 or T1.")
    if period is None:
        raise CommandError(f"There is no period {spec}.")
    return period


class Command(BaseCommand):
    help = (
        "Compute the forecast proposals of a period, and its year's backtest, here rather "
        "than on a worker."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--period",
            required=True,
            help="a period id, or 2019-T1, 2019-T2, 2019-annual, 2019-05; T1, T2, annual this year",
        )
        parser.add_argument(
            "--no-accuracy", action="store_true", help="leave the year's backtest table as it is"
        )

    def handle(self, *args: object, period: str, no_accuracy: bool, **options: object) -> None:
        chosen = period_from_spec(period)
        started = time.perf_counter()
        rows = proposals_compute(period=chosen)
        self.stdout.write(
            f"{chosen.name}: {rows} proposals in {time.perf_counter() - started:.1f} s."
        )
        if not no_accuracy:
            started = time.perf_counter()
            proposal_accuracy_compute(year=chosen.fiscal_year.year)
            self.stdout.write(
                f"Backtest of {chosen.fiscal_year.year}: {time.perf_counter() - started:.1f} s."
            )
