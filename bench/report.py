"""The bench's figures against their targets: a table for the terminal, a page for docs/."""

from __future__ import annotations

import os
import platform
import re
from dataclasses import dataclass
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

from bench.dataset import SHEET_ROWS, YEAR, Size

IMPORT_SECONDS = 60
IMPORT_MB = 500
PREPARE_RATIO = 4  # reading, checking and summing: at most 4× the COPY of the same rows
PRIOR_SECONDS = 5
RECOMPUTE_RATIO = 2
PAGE_MS = 150
SHEET_SECONDS = 60
ORGANISATION_SECONDS = 10
FIRST_START_RATIO = 3  # from an empty database to the imported ledger: ≤ 3× the import alone


@dataclass(frozen=True)
class Row:
    measurement: str
    value: str
    target: str
    ratio: str
    passed: bool | None  # None: a reference, or not measured


def _n(number: int) -> str:
    """12 345 678: digits grouped with spaces, as Swedish writes them."""
    return f"{number:,}".replace(",", " ")


def rows(results: dict[str, dict], size: Size) -> list[Row]:
    floor, ledger, prior = results["floor"], results["ledger"], results["prior"]
    recompute, reference, page = results["recompute"], results["reference"], results["page"]
    ratio = recompute["seconds"] / reference["seconds"]
    table = [
        Row(
            f"SIE 4 import, {_n(size.transactions)} #TRANS: time",
            f"{ledger['seconds']:.1f} s",
            f"< {IMPORT_SECONDS} s",
            f"{ledger['seconds'] / floor['seconds']:.1f}× COPY",
            ledger["seconds"] < IMPORT_SECONDS,
        ),
        Row(
            "SIE 4 import: reading, checking and summing",
            f"{ledger['prepare_seconds']:.1f} s",
            f"≤ {PREPARE_RATIO}× COPY",
            f"{ledger['prepare_seconds'] / floor['seconds']:.1f}× COPY",
            ledger["prepare_seconds"] <= PREPARE_RATIO * floor["seconds"],
        ),
        Row(
            "SIE 4 import: peak memory (RSS)",
            f"{ledger['peak_mb']:.0f} MiB",
            f"< {_n(IMPORT_MB)} MiB",
            "–",
            ledger["peak_mb"] < IMPORT_MB,
        ),
        Row(
            f"COPY of the same {_n(floor['rows'])} rows (floor)",
            f"{floor['seconds']:.1f} s, {floor['peak_mb']:.0f} MiB",
            "–",
            "1.0×",
            None,
        ),
        Row(
            f"#PSALDO import, {_n(size.period_balances)} rows",
            f"{prior['seconds']:.2f} s",
            f"< {PRIOR_SECONDS} s",
            "–",
            prior["seconds"] < PRIOR_SECONDS,
        ),
        Row(
            f"Recompute {YEAR} (figures_recompute)",
            f"{recompute['seconds']:.2f} s",
            f"≤ {RECOMPUTE_RATIO}× reference",
            f"{ratio:.2f}× reference",
            ratio <= RECOMPUTE_RATIO,
        ),
        Row(
            "Reference: one INSERT … SELECT … GROUP BY",
            f"{reference['seconds']:.2f} s",
            "–",
            "1.0×",
            None,
        ),
    ]
    table += _sheet_rows("xlsx", results.get("sheet"))
    table += _sheet_rows("CSV", results.get("csv"))
    table += first_start_rows(results.get("firststart"), ledger)
    if page.get("available"):
        table.append(
            Row(
                "Follow-up page, whole municipality: p95",
                f"{page['p95_ms']:.0f} ms",
                f"< {PAGE_MS} ms",
                "–",
                page["p95_ms"] < PAGE_MS,
            )
        )
    else:
        table.append(
            Row(
                "Follow-up page, whole municipality: p95",
                page.get("why", "not yet available"),
                f"< {PAGE_MS} ms",
                "–",
                None,
            )
        )
    return table


def first_start_rows(first: dict | None, ledger: dict) -> list[Row]:
    """The organisation's import from its sheet, and the whole first start against the SIE
    import alone (the ``ledger`` step's, into an organisation already there)."""
    if not first:
        return []
    ratio = first["seconds"] / ledger["seconds"]
    return [
        Row(
            f"Organisation from a sheet, {_n(first['units'])} units: time",
            f"{first['organisation_seconds']:.2f} s",
            f"< {ORGANISATION_SECONDS} s",
            "–",
            first["organisation_seconds"] < ORGANISATION_SECONDS,
        ),
        Row(
            "First start from an empty database: migrate + setup_municipality + "
            "organisation + SIE import",
            f"{first['seconds']:.1f} s ({first['migrate_seconds']:.1f} + "
            f"{first['setup_seconds']:.1f} + {first['organisation_seconds']:.1f} + "
            f"{first['import_seconds']:.1f})",
            f"≤ {FIRST_START_RATIO}× the import alone",
            f"{ratio:.2f}× the import alone",
            ratio <= FIRST_START_RATIO,
        ),
    ]


def _verdict(row: Row) -> str:
    return {True: "pass", False: "FAIL", None: ""}[row.passed]


_HEADINGS = ("Measurement", "Value", "Target", "Ratio", "")


def text_table(table: list[Row]) -> str:
    cells = [_HEADINGS] + [(r.measurement, r.value, r.target, r.ratio, _verdict(r)) for r in table]
    widths = [max(len(row[i]) for row in cells) for i in range(len(_HEADINGS))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in cells
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def machine(server_version: str) -> dict[str, str]:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next(
        (line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if "model name" in line),
        platform.processor() or "unknown",
    )
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    total_kb = next(
        (int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal")), 0
    )
    return {
        "CPU": model,
        "Cores": str(os.cpu_count()),
        "RAM": f"{total_kb / 1024 / 1024:.1f} GiB",
        "PostgreSQL": server_version,
        "Python": platform.python_version(),
        "Django": version("django"),
    }


def markdown(
    table: list[Row], results: dict[str, dict], size: Size, facts: dict[str, int | float]
) -> str:
    setup, ledger, page = results["setup"], results["ledger"], results["page"]
    about = machine(setup["server_version"])
    lines = [
        "# Benchmarks: the ledger side",
        "",
        f"Measured by `make bench` (`python -m bench.ledger`) on "
        f"{datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; one run, written by the bench "
        "itself. Run it again to bring this page up to date.",
        "",
        "## Machine",
        "",
        *(f"- {key}: {value}" for key, value in about.items()),
        "",
        "## Data",
        "",
        f"- {size.committees} committees, {_n(size.units)} units in trees three or four levels "
        f"deep, {_n(size.accounts)} operating accounts in classes 3–8 (each unit books on "
        f"{size.accounts_per_unit} of them), fiscal years {YEAR - 1} and {YEAR} with Kalmar's "
        f"report lines, an active {YEAR} budget of {_n(setup['budget_rows'])} amounts.",
        f"- {YEAR}: an SIE 4 file of {_n(size.transactions)} #TRANS rows in "
        f"{_n(int(facts['vouchers']))} vouchers of 5–10 rows, each balanced on account 1930 "
        f"({ledger['bytes'] / 1e6:.0f} MB, PC8); it becomes {_n(ledger['rows'])} actual "
        "amounts (unit, account, month).",
        f"- {YEAR - 1}: an SIE 3 file of {_n(size.period_balances)} #PSALDO rows.",
        f"- Made up from a fixed seed by `bench/dataset.py` in {facts['generate_seconds']:.0f} s; "
        f"the organisation written in {setup['seconds']:.0f} s.",
        "",
        "## Results",
        "",
        "| Measurement | Value | Target | Ratio | |",
        "|---|---|---|---|---|",
        *(
            f"| {r.measurement} | {r.value} | {r.target} | {r.ratio} | {_verdict(r)} |"
            for r in table
        ),
        "",
        f"The SIE 4 import spent {ledger['prepare_seconds']:.1f} s reading, checking and "
        f"summing the file and {ledger['apply_seconds']:.1f} s writing the amounts. "
        f"Recompute runs: {_seconds(results['recompute']['runs'])}; reference runs: "
        f"{_seconds(results['reference']['runs'])}.",
    ]
    if page.get("available"):
        lines.append(
            f"The page: {page['what']}, {page.get('queries', '?')} queries, median "
            f"{page['median_ms']:.0f} ms over {page['requests']} requests."
        )
    lines += ["", "## How each figure is measured", "", *_METHOD, ""]
    return "\n".join(lines)


def _sheet_rows(kind: str, sheet: dict | None) -> list[Row]:
    """An actuals sheet of a million lines (xlsx or CSV): checked and written, and its memory."""
    if sheet is None:
        return []
    return [
        Row(
            f"{kind} actuals import, {_n(SHEET_ROWS)} lines: time",
            f"{sheet['seconds']:.1f} s (check {sheet['prepare_seconds']:.1f} s)",
            f"< {SHEET_SECONDS} s",
            "–",
            sheet["seconds"] < SHEET_SECONDS,
        ),
        Row(
            f"{kind} actuals import: peak memory (RSS)",
            f"{sheet['peak_mb']:.0f} MiB",
            f"< {IMPORT_MB} MiB",
            "–",
            sheet["peak_mb"] < IMPORT_MB,
        ),
    ]


def _seconds(values: list[float]) -> str:
    return ", ".join(f"{value:.2f} s" for value in values)


_METHOD = [
    "Every measurement runs in a fresh Python process (`python -m bench.steps STEP`), against "
    "the database `tertial_bench` on the `DATABASE_URL` server, which the bench drops and "
    "creates anew. Times are wall-clock inside that process, from before the work to after its "
    "commit, so the interpreter and Django starting up are not in them; peak memory is the "
    "process's `ru_maxrss`. Settings are production's (DEBUG off), without Redis: the cache is "
    "in-process and nothing is queued on a broker.",
    "",
    "- **SIE 4 import**: `import_prepare` given the file's path, as the background check "
    "gives it (read, check every voucher balances, sum per account, unit and month, check "
    "units, accounts and locked periods: *reading, checking and summing*, whose target is 4× "
    "the COPY floor), then `import_apply` (supersede, COPY the amounts), as the upload page "
    "and `manage.py import_sie` run them. A clean ledger's vouchers and amounts are read and "
    "checked in columns (polars, `budget/ledger/imports/sie_fast.py`); a file with anything "
    "the columns cannot be sure of is read and checked line by line, as before, with the "
    "same messages. The recompute the import queues after its commit is left out here and "
    "measured below. Before the columnar reader (the run of 2026-12-07 02:25 UTC, on an "
    "earlier machine of 2 Xeon cores, where the same COPY floor took 1.0 s) the import took "
    "40.8 s, of which 29.1 s reading, checking and summing (29× the COPY floor), with a peak "
    "of 681 MiB.",
    "- **xlsx actuals import**: an actuals sheet of 1 048 575 lines under its header (year, "
    "month, unit, account, amount: Excel's most lines), made up by `bench/dataset.py`, then "
    "`import_prepare` given its path and `import_apply`, as the SIE 4 import; run last, as its "
    "2025 actuals replace (supersede) the ledger's that the other steps read. The sheet's XML "
    "is read as it is decompressed, two megabytes at a time, into polars columns "
    "(`budget/ledger/imports/sheet_xlsx.py`), and checked and summed in öre in columns "
    "(`sheet_columns.py`, `sheet_fast.py`); a sheet with anything this reader cannot be sure "
    "to read as calamine does (a date format, a character reference, a formula without its "
    "value, …) is read row by row through calamine, with the same messages. On the earlier "
    "machine, at load average 1 to 3: read row by row 109.3 s and 788 MiB; with calamine "
    "loading the whole sheet into columns 54.9 s (11.5 s checking) and 539 MiB.",
    "- **CSV actuals import**: the same lines as Swedish Excel saves them as CSV (UTF-8, "
    "semicolons, amounts like `−23 776,05`), imported the same way right after the xlsx, whose "
    "sums it supersedes; read in columns (`sheet_columns.py`) as the xlsx is.",
    "- **COPY floor**: the same #TRANS rows, written beforehand as tab-separated (unit, "
    "account, date, amount), streamed from disk with `COPY … FROM STDIN` into a temporary "
    "table without indexes, timed the same way: the least any import of those rows costs.",
    "- **#PSALDO import**: as the SIE 4 import, for the year before, from period balances.",
    "- **Recompute**: `figures_recompute` for the year (account-group members, unit rollups, "
    "then the actuals of both years and the budget into the precomputed tables): one run to "
    "fill the rollup and member tables, an `ANALYZE`, then the median of three runs. Its "
    "**reference** is one `INSERT … SELECT … GROUP "
    "BY` of the same aggregation (actuals joined to the unit rollups and the account-group "
    "members, both years) into a bare temporary table, with the same work_mem (64 MB) the "
    "recompute sets for itself; also the median of three.",
    "- **Follow-up page**: `GET /ekonomi/uppfoljning/` (the whole municipality, in the "
    "default period) through Django's test client as a controller, after warm-up requests; "
    "the 95th percentile (nearest rank) of the server time of sixty requests.",
    "- **First start**: last, in the database dropped and created anew, as README's "
    '"Starting with your own municipality" goes: `migrate`, `setup_municipality` (Kommun-Bas '
    "lines), `import_organisation` of the organisation's sheet (`code;name;committee;parent`, "
    "every unit, its committees created by name), then the SIE 4 import as above. Its target "
    "is 3× the SIE 4 import alone (the step above, into an organisation already there); the "
    "organisation's import alone has a target of 10 s.",
]


def docs_section_write(docs: Path, heading: str, section: str) -> None:
    """Put a bench's section (starting with ``heading``) into ``docs``, replacing an older one
    and leaving the other benches' sections as they are."""
    page = docs.read_text() if docs.exists() else "# Benchmarks\n"
    start = page.find(heading + "\n")
    if start >= 0:
        end = page.find("\n## ", start + len(heading))
        page = page[:start] + (page[end + 1 :] if end >= 0 else "")
    docs.write_text(page.rstrip("\n") + "\n\n" + section)


def docs_head_write(docs: Path, head: str) -> None:
    """Put the ledger bench's part of ``docs`` (the title and the ``## `` sections in ``head``)
    at the top, replacing its older part and keeping the sections the other benches wrote."""
    own = set(re.findall(r"^## (.+)$", head, flags=re.MULTILINE))
    page = docs.read_text() if docs.exists() else ""
    kept = [
        section.rstrip("\n") + "\n"
        for section in re.split(r"(?m)^(?=## )", page)[1:]
        if section.split("\n", 1)[0][3:] not in own
    ]
    docs.write_text("\n".join([head.rstrip("\n") + "\n", *kept]))
