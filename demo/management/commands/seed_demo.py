from __future__ import annotations

import logging
from argparse import ArgumentParser
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from budget.models import Actual, Forecast, ImportBatch
from budget.planning.models import BudgetChange, CommitteeBudget, CouncilPlan, Frame
from demo.forecasts.build import forecast_demo_build
from demo.goals.build import goal_demo_build
from demo.ledger.build import budget_demo_build
from demo.organisation import DEMO_PASSWORD, DEMO_USERS, demo_build
from demo.planning.build import next_year_demo_build, planning_demo_build, plans_demo_build
from demo.public import public_demo_build
from demo.reports import report_demo_build
from followup.models import Assessment, CommitteeGoal, Report
from followup.plans.models import CommitteePlan
from municipality.models import Committee, FiscalYear, Municipality, OrgUnit, User

# The build's progress chatter, which the summary replaces: WeasyPrint's page-by-page progress
# and fontTools' subsetting of the embedded fonts for every frozen report, Celery's line per
# in-process task, and the follow-up figures' line per recompute. Their warnings still show.
CHATTY_LOGGERS = ("weasyprint.progress", "fontTools", "celery.app.trace", "budget.ledger.figures")


@contextmanager
def _quiet(names: tuple[str, ...]) -> Iterator[None]:
    """The loggers ``names`` say only warnings and errors for the duration."""
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(max(logger.getEffectiveLevel(), logging.WARNING))
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _ledger_and_planning() -> None:
    """The ledger, then the council's plan, the committees' budgets and the year's changes,
    which the forecasts follow; all before the periods they concern are locked."""
    budget_demo_build()
    planning_demo_build()


class Command(BaseCommand):
    help = (
        "Build the demo municipality (organisation, two fiscal years with budgets and "
        "actuals imported from SIE files, and the year before's actuals, forecasts with their "
        "history, goals, indicators and assessments, the council's plans and frames, the "
        "committees' budgets and plans, next year's planning begun, demo users, the public "
        "results site published)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--year",
            type=int,
            default=None,
            help="The later of the two fiscal years (default: this year).",
        )

    def handle(self, *args: object, year: int | None, **options: object) -> None:
        if Municipality.objects.exists():
            self.stdout.write("The database already holds a municipality; nothing to do.")
        else:
            with _quiet(CHATTY_LOGGERS), transaction.atomic():
                demo_build(
                    year=year or timezone.localdate().year,
                    with_users=settings.DEMO_MODE,
                    before_locking=_ledger_and_planning,
                )
                forecast_demo_build()  # after the users, who are the forecasts' authors
                goal_demo_build()  # and the assessments'
                next_year_demo_build()  # after them: they take the latest year as this one
                plans_demo_build()  # Kommunstyrelsen's plans, on the goals, frames and budgets
                report_demo_build()  # before the commit that freezes the locked periods' reports
                public_demo_build()  # every committee's locked reports decided, too
            self._print_summary()
        if not settings.DEMO_MODE:
            self.stdout.write("DEMO_MODE is off: no demo logins are created or shown.")
            return
        self._print_logins()

    def _print_summary(self) -> None:
        municipality = Municipality.objects.get()
        *earlier, last = [
            str(y) for y in FiscalYear.objects.order_by("year").values_list("year", flat=True)
        ]
        years = f"{', '.join(earlier)} and {last}" if earlier else last
        self.stdout.write(
            self.style.SUCCESS(f"Demo municipality created: {municipality}, {years}.")
        )
        self.stdout.write(
            f"  {Committee.objects.count()} committees, {OrgUnit.objects.count()} units; "
            f"{ImportBatch.objects.count()} imports with {Actual.objects.count()} actuals; "
            f"{Forecast.objects.count()} forecasts"
        )
        self.stdout.write(
            f"  {CommitteeGoal.objects.count()} committee goals, "
            f"{Assessment.objects.count()} assessments; "
            f"{Report.objects.filter(frozen_at__isnull=False).count()} reports frozen as PDF, "
            f"{Report.objects.filter(status=Report.Status.DECIDED).count()} decided"
        )
        self.stdout.write(
            f"  {CouncilPlan.objects.count()} council plans with {Frame.objects.count()} frames; "
            f"{CommitteeBudget.objects.count()} committee budgets, "
            f"{BudgetChange.objects.count()} budget changes; "
            f"{CommitteePlan.objects.count()} committee plans"
        )

    def _print_logins(self) -> None:
        present = set(
            User.objects.filter(username__in=[d.username for d in DEMO_USERS]).values_list(
                "username", flat=True
            )
        )
        if not present:
            return
        names = dict(
            OrgUnit.objects.filter(code__in=[d.unit_code for d in DEMO_USERS if d.unit_code])
            .order_by("valid_from")
            .values_list("code", "name")
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for demo in DEMO_USERS:
            if demo.username in present:
                scope = names.get(demo.unit_code, "") if demo.unit_code else "hela kommunen"
                self.stdout.write(f"  {demo.username:<11} {demo.role.label}, {scope}")
