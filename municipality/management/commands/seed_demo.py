from __future__ import annotations

from argparse import ArgumentParser

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from budget.demo import budget_demo_build
from budget.forecast_demo import forecast_demo_build
from followup.demo import goal_demo_build
from followup.report_demo import report_demo_build
from municipality.demo import DEMO_PASSWORD, DEMO_USERS, demo_build
from municipality.models import Municipality, OrgUnit, User


class Command(BaseCommand):
    help = (
        "Build the demo municipality (organisation, two fiscal years with budgets and "
        "actuals imported from SIE files, forecasts with their history, goals, indicators and "
        "assessments, demo users)."
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
            with transaction.atomic():
                demo_build(
                    year=year or timezone.localdate().year,
                    with_users=settings.DEMO_MODE,
                    before_locking=budget_demo_build,
                )
                forecast_demo_build()  # after the users, who are the forecasts' authors
                goal_demo_build()  # and the assessments'
                report_demo_build()  # before the commit that freezes the locked periods' reports
            self.stdout.write(self.style.SUCCESS("Demo municipality created."))
        if not settings.DEMO_MODE:
            self.stdout.write("DEMO_MODE is off: no demo logins are created or shown.")
            return
        self._print_logins()

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
