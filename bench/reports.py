"""``make bench``: the reports as PDF at an annual report's size, against their targets.

    uv run python -m bench.reports [--quick]

Drops and creates the database named in ``DATABASE_URL`` (it must be called
``tertial_bench…``; without one, ``tertial_bench`` on the local server), fills it with the
demo municipality (``seed_demo --year 2019``: six committees, their goals, assessments,
indicators, budgets and forecasts), grows its organisation to 2 000 units with books
(``bench.report_units``: the annual report's financial tables get a row per department and
unit) and writes every text of every committee's tertial 1 and
annual report as a real report's writers would: several paragraphs per section and goal
area. Then renders, each in a child process of its own (production's settings, DEBUG off):

1. Kommunstyrelsen's tertial 1 report (about 30 pages): under 10 s;
2. the annual report of the whole municipality, every committee's report after the summary
   table (about 300 pages): under 90 s, with the peak memory (maximum RSS) of the process
   doing it under 1.5 GB.

Time is from the request for the PDF to its bytes (reading the database, the templates and
WeasyPrint's layout), Django's start-up excluded. Prints pages and seconds per page against
the targets and, for the full size, writes the section "Reports" of ``docs/benchmarks.md``.
``--quick`` is a smoke run with short texts, whose figures say nothing about the targets.
Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from datetime import datetime
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

from bench.forecasts import text_table
from bench.proposals import _recreate, database_url
from bench.report import Row, _verdict, docs_section_write
from bench.steps import child_environment

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "benchmarks.md"
HEADING = "## Reports"
YEAR = 2019
COMMITTEE_SECONDS, WHOLE_SECONDS, WHOLE_MB = 10.0, 90.0, 1536.0
# Paragraphs per text (a section's text, each part of the decision memo, each goal area's):
# a tertial report is short, an annual report's texts run to pages. --quick: one each.
PARAGRAPHS = {"t1": 7, "annual": 27}
QUICK_PARAGRAPHS = {"t1": 1, "annual": 1}
# The comment under each of the annual report's financial tables is shorter: a paragraph or two.
TABLE_PARAGRAPHS = 2
# The municipality's units, the demo's organisation grown to a large municipality's with books
# (bench.report_units), so that the financial tables have a row per department and unit.
UNITS, QUICK_UNITS = 2000, 300
# The municipality's investment projects, the demo's and the bench's (bench.report_units), so
# that the investment tables have a project's row and a unit's for each.
PROJECTS, QUICK_PROJECTS = 160, 30

SENTENCES = (
    "Verksamheten har under perioden bedrivits i enlighet med nämndens verksamhetsplan.",
    "Prognosen för helåret visar ett underskott som främst förklaras av högre personalkostnader.",
    "Sjukfrånvaron har minskat jämfört med samma period föregående år men ligger fortfarande "
    "över kommunens mål.",
    "Arbetet med att effektivisera lokalanvändningen fortsätter och beräknas ge full effekt "
    "under nästa år.",
    "Antalet ärenden har ökat och handläggningstiderna har förlängts under våren.",
    "Nämnden har genomfört en översyn av bemanningen och vidtagit åtgärder för att nå en "
    "budget i balans.",
    "Samverkan med andra förvaltningar och med civilsamhället har utvecklats under året.",
    "Investeringarna följer i huvudsak tidplanen; två projekt har senarelagts till följande år.",
    "Intäkterna från statsbidrag blev högre än budgeterat vilket delvis täcker kostnadsökningen.",
    "Brukarundersökningen visar en fortsatt hög nöjdhet med verksamhetens bemötande.",
    "Digitaliseringen av ansökningsprocesserna har minskat den manuella hanteringen.",
    "Kompetensförsörjningen är en fortsatt utmaning, särskilt inom legitimationsyrkena.",
    "Målet bedöms som delvis uppfyllt eftersom två av tre indikatorer utvecklats positivt.",
    "Kostnaderna för köpt verksamhet har ökat till följd av fler placeringar.",
    "Energiförbrukningen i kommunens fastigheter har minskat med fyra procent.",
    "Under hösten påbörjas arbetet med nästa års internbudget och verksamhetsplan.",
)


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def prose(rng: random.Random, paragraphs: int) -> str:
    """Paragraphs of report prose, four to seven sentences each, as sanitised HTML."""
    return "".join(
        "<p>" + " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(4, 7))) + "</p>"
        for _ in range(paragraphs)
    )


def texts_write(paragraphs: dict[str, int]) -> int:
    """Every text of every committee's tertial 1 and annual report of ``YEAR``, written."""
    from followup.models import Report, ReportText, TextStatus
    from followup.reports.compilation import compilation_committees
    from followup.reports.texts import report_text_slots
    from municipality.models import ReportingPeriod
    from municipality.periods.lock import period_system_write

    rng = random.Random(2019)
    written = 0
    # The demo's tertial 1 is locked: the bench writes its texts as the system does.
    with period_system_write():
        for kind in (ReportingPeriod.Kind.T1, ReportingPeriod.Kind.ANNUAL):
            period = ReportingPeriod.objects.get(fiscal_year__year=YEAR, kind=kind)
            for committee in compilation_committees(period):
                report, _made = Report.objects.get_or_create(
                    committee=committee, period=period, version=1
                )
                ReportText.objects.filter(report=report).delete()
                texts = [
                    ReportText(
                        report=report,
                        period=period,
                        kind=slot.kind,
                        part=slot.part,
                        goal_area=slot.goal_area,
                        text=prose(
                            rng,
                            min(TABLE_PARAGRAPHS, paragraphs[kind])
                            if slot.label
                            else paragraphs[kind],
                        ),
                        status=TextStatus.DONE,
                    )
                    for slot in report_text_slots(report)
                ]
                written += len(ReportText.objects.bulk_create(texts))
    return written


def data_build(paragraphs: dict[str, int], units: int = UNITS, projects: int = PROJECTS) -> dict:
    from django.core.management import call_command
    from django.test import override_settings

    from bench.report_units import projects_grow, units_grow
    from budget.models import InvestmentProject
    from municipality.models import OrgUnit

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    with override_settings(DEMO_MODE=False):
        call_command("seed_demo", "--year", str(YEAR), stdout=StringIO())
    added = units_grow(year=YEAR, total=units)
    projects_grow(year=YEAR, total=projects)
    texts = texts_write(paragraphs)
    return {
        "texts": texts,
        "units": OrgUnit.objects.valid_in(YEAR).count(),
        "units_added": added,
        "projects": InvestmentProject.objects.count(),
        "seconds": time.perf_counter() - started,
    }


def pdf_tagging(pdf: bytes) -> dict:
    """What a reader's software finds in the PDF: tagged (a structure tree, MarkInfo Marked),
    its language, PDF/UA part and the count of structure elements of each kind that matter."""
    import re
    from collections import Counter
    from io import BytesIO

    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject

    root = PdfReader(BytesIO(pdf)).trailer["/Root"]
    metadata = root["/Metadata"].get_data() if "/Metadata" in root else b""
    part = re.search(rb"pdfuaid:part(?:>|=[\"'])\s*([0-9]+)", metadata)
    tree = root["/StructTreeRoot"] if "/StructTreeRoot" in root else None  # noqa: SIM401 (pypdf's get does not resolve an indirect object)
    kinds: Counter[str] = Counter()
    stack = [tree] if tree is not None else []
    while stack:
        element = stack.pop()
        kids = element["/K"] if "/K" in element else []  # noqa: SIM401 (pypdf's get does not resolve an indirect object)
        kids = list(kids) if isinstance(kids, ArrayObject) else [kids]
        for kid in (kid.get_object() for kid in kids):
            if isinstance(kid, DictionaryObject) and "/S" in kid:
                kinds[str(kid["/S"]).lstrip("/")] += 1
                stack.append(kid)
    mark_info = root["/MarkInfo"] if "/MarkInfo" in root else {}  # noqa: SIM401 (pypdf's get does not resolve an indirect object)
    return {
        "tagged": tree is not None and bool(mark_info.get("/Marked", False)),
        "lang": str(root["/Lang"]) if "/Lang" in root else "",
        "pdfua": part.group(1).decode() if part else "",
        "elements": {k: kinds[k] for k in ("H1", "H2", "H3", "Table", "TH", "Figure")},
    }


def render_child(kind: str, code: str) -> dict:
    """In the child: one report as PDF, timed, with its pages and this process's peak RSS."""
    import django

    django.setup()
    from followup.reports.render import document_pdf, html_pdf, report_html
    from municipality.models import Committee, ReportingPeriod

    period = ReportingPeriod.objects.get(fiscal_year__year=YEAR, kind=kind)
    committee = None if code == "ALL" else Committee.objects.get(short_code=code)
    before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    document = html_pdf(report_html(period, committee, for_pdf=True))
    pdf = document_pdf(document)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "pages": len(document.pages),
        "bytes": len(pdf),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "startup_mb": before_mb,
        "tagging": pdf_tagging(pdf),
    }


def render(kind: str, code: str, env: dict[str, str]) -> dict:
    """Run ``render_child`` in a process of its own and read its figures."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.reports", "--render", kind, code],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if done.returncode != 0:
        raise SystemExit(f"rendering {code} {kind} failed:\n{done.stderr[-4000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["load"] = _load()
    return result


def rows(committee: dict, whole: dict) -> list[Row]:
    def per_page(result: dict) -> str:
        return f"{result['seconds'] / max(result['pages'], 1) * 1000:.0f} ms per page"

    return [
        Row(
            f"Kommunstyrelsen's tertial 1 report ({committee['pages']} pages)",
            f"{committee['seconds']:.1f} s",
            f"< {COMMITTEE_SECONDS:.0f} s",
            f"{committee['seconds'] / COMMITTEE_SECONDS:.2f}× target",
            committee["seconds"] < COMMITTEE_SECONDS,
        ),
        Row("  per page", per_page(committee), "–", "–", None),
        Row(
            f"Annual report, whole municipality ({whole['pages']} pages)",
            f"{whole['seconds']:.1f} s",
            f"< {WHOLE_SECONDS:.0f} s",
            f"{whole['seconds'] / WHOLE_SECONDS:.2f}× target",
            whole["seconds"] < WHOLE_SECONDS,
        ),
        Row("  per page", per_page(whole), "–", "–", None),
        Row(
            "  peak memory (max RSS of the rendering process)",
            f"{whole['peak_mb']:.0f} MB",
            f"< {WHOLE_MB:.0f} MB",
            f"{whole['peak_mb'] / WHOLE_MB:.2f}× target",
            whole["peak_mb"] < WHOLE_MB,
        ),
        _tagged_row("Kommunstyrelsen's report", committee),
        _tagged_row("Annual report", whole),
    ]


def _tagged_row(name: str, result: dict) -> Row:
    """Whether the PDF is the tagged PDF/UA-1 in Swedish that every report must be."""
    tagging = result["tagging"]
    ok = tagging["tagged"] and tagging["lang"] == "sv" and tagging["pdfua"] == "1"
    elements = ", ".join(f"{count} {kind}" for kind, count in tagging["elements"].items())
    return Row(
        f"  {name}: tagged PDF/UA-1, language sv",
        f"{'yes' if ok else 'no'} ({elements})",
        "yes",
        "–",
        bool(ok),
    )


def section(table: list[Row], data: dict, committee: dict, whole: dict) -> str:
    lines = [
        HEADING,
        "",
        "Measured by `make bench` (`python -m bench.reports`) on "
        f"{datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, in a database of its own making, "
        f"{os.cpu_count()} cores. Load average (1 / 5 / 15 min) after each rendering: "
        f"committee report {committee['load']}, whole municipality {whole['load']}.",
        "",
        f"- Data: the demo municipality of {YEAR} (`seed_demo`: six committees with their "
        "goals, activities, assignments, assessments, indicators with charts, budgets and "
        f"forecasts), and {data['texts']} report texts written: every section's text, both "
        "parts of the decision memo and every goal area's text of every committee's tertial 1 "
        f"report ({PARAGRAPHS['t1']} paragraphs each) and annual report "
        f"({PARAGRAPHS['annual']} paragraphs each, a page or two; {TABLE_PARAGRAPHS} under "
        "each financial table). The organisation grown to "
        f"{data.get('units', 0)} units ({data.get('units_added', 0)} departments and units "
        "added under the committees' top units, each with two years' actuals and a budget: "
        "`bench.report_units`), so that the annual report's financial tables (Kostnadsutveckling "
        "och budgetavvikelse) have a row per department and unit; "
        f"{data.get('projects', 0)} investment projects, each with two years' budget and "
        "monthly outcome. Built in "
        f"{data['seconds']:.0f} s.",
        "",
        "| Measurement | Value | Target | Ratio to target | |",
        "|---|---|---|---|---|",
        *(
            f"| {r.measurement.strip()} | {r.value} | {r.target} | {r.ratio} | {_verdict(r)} |"
            for r in table
        ),
        "",
        "- Each report is rendered as the report build (`followup.reports.tasks.report_build`) "
        "renders it, `report_html` then WeasyPrint, in a child process of its own with "
        "production's "
        "settings (DEBUG off); the time runs from the first query to the PDF's bytes, Django's "
        "start-up excluded. The memory is that process's maximum resident set size "
        f"(`getrusage`), Django and the app included ({whole['startup_mb']:.0f} MB before "
        "rendering). The whole municipality's annual report is one WeasyPrint document, so "
        "that its table of contents gives every committee's sections their page numbers.",
        "- Both PDFs are written as every PDF of Tertial is, tagged PDF/UA-1 "
        "(`followup.reports.render.document_pdf`: the structure tree, the language, the title "
        "shown in the window); the child reads each back with pypdf and the table says "
        "whether it is tagged, in Swedish and PDF/UA-1, with its count of headings, tables, "
        "header cells and figures.",
        f"- PDF sizes: committee report {committee['bytes'] / 1e6:.1f} MB, whole municipality "
        f"{whole['bytes'] / 1e6:.1f} MB.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reports", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="short texts, for a smoke run")
    parser.add_argument("--render", nargs=2, metavar=("KIND", "COMMITTEE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.render:  # the child: DATABASE_URL and the settings come from the parent
        print(json.dumps(render_child(*args.render)))
        return 0
    url = database_url(os.environ.get("DATABASE_URL"))
    _recreate(url)
    env = child_environment(url)
    os.environ.pop("REDIS_URL", None)  # nothing queued on a broker someone's worker reads
    os.environ.update(env)
    import django

    django.setup()
    print(f"Reports bench in {urlsplit(url).path.lstrip('/')} (load {_load()}) …", flush=True)
    print("  the data …", flush=True)
    data = (
        data_build(QUICK_PARAGRAPHS, QUICK_UNITS, QUICK_PROJECTS)
        if args.quick
        else data_build(PARAGRAPHS)
    )
    print("  Kommunstyrelsen's tertial 1 report …", flush=True)
    committee = render("t1", "KS", env)
    print("  the whole municipality's annual report …", flush=True)
    whole = render("annual", "ALL", env)
    table = rows(committee, whole)
    print()
    print(text_table(table))
    if args.quick:
        print("Quick run: short texts; the targets are for the full size.")
        return 0
    docs_section_write(DOCS, HEADING, section(table, data, committee, whole))
    print(f"Written to {DOCS.relative_to(ROOT)}.")
    return 1 if any(row.passed is False for row in table) else 0


if __name__ == "__main__":
    sys.exit(main())
