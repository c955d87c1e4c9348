from __future__ import annotations

from argparse import ArgumentParser

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from municipality.demo import DEMO_PASSWORD, demo_build
from municipality.models import Municipality


class Command(BaseCommand):
    help = "Build the demo municipality (organisation, two fiscal years, demo users)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--year",
            type=int,
            default=None,
            help="The later of the two years (default: this year).",
        )

    def handle(self, *args: object, year: int | None, **options: object) -> None:
        if Municipality.objects.exists():
            self.stdout.write("The database already holds a municipality; nothing to do.")
            return
        users = demo_build(year=year or timezone.localdate().year, with_users=settings.DEMO_MODE)
        self.stdout.write(self.style.SUCCESS("Demo municipality created."))
        if not users:
            self.stdout.write("DEMO_MODE is off: no demo users were created.")
            return
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for demo in users:
            where = demo.unit_code or "hela kommunen"
            self.stdout.write(f"  {demo.username:<11} {demo.role.label} ({where})")
