"""``manage.py render_report --committee KS --period T1 --format pdf -o ks.pdf``;
``--committee ALL`` renders the compilation for the whole municipality."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from budget.management.commands.compute_proposals import period_from_spec
from followup.reports.document import report_of
from followup.reports.freeze import served_html, served_pdf
from followup.reports.render import report_html, report_pdf
from municipality.models import Committee, ReportingPeriod


class Command(BaseCommand):
    help = "Render a committee's report of a period as PDF or HTML, as the page would."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--committee",
            required=True,
            help="The committee's short code: KS; ALL for the whole municipality",
        )
        parser.add_argument(
            "--period",
            required=True,
            help="2019-T1, 2019-T2, 2019-annual, id; T1, T2, annual: this year's",
        )
        parser.add_argument("--format", choices=("pdf", "html"), default="pdf")
        parser.add_argument("-o", "--output", required=True, help="The file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        period = period_from_spec(options["period"])
        if options["committee"].upper() == "ALL":
            self.whole_municipality(period, Path(options["output"]), options["format"])
            return
        committee = Committee.objects.filter(short_code=options["committee"]).first()
        if committee is None:
            raise CommandError(f"There is no committee {options['committee']!r}.")
        output = Path(options["output"])
        report = report_of(period, committee)  # a frozen one is served from its archive
        if options["format"] == "pdf":
            output.write_bytes(served_pdf(period, committee, report))
        else:
            output.write_text(served_html(period, committee, report), encoding="utf-8")
        self.stdout.write(f"{output} ({output.stat().st_size} bytes)")

    def whole_municipality(self, period: ReportingPeriod, output: Path, form: str) -> None:
        """The compilation of every committee's report, as the report build makes it."""
        if form == "pdf":
            output.write_bytes(report_pdf(period, None))
        else:
            output.write_text(report_html(period, None, for_pdf=True), encoding="utf-8")
        self.stdout.write(f"{output} ({output.stat().st_size} bytes)")
