"""``make bench``: the ledger side at a large municipality's size, against its targets.

    uv run python -m bench.ledger [--quick]

Makes up the data (:mod:`bench.dataset`) in a temporary folder, then runs each step in a
process of its own (:mod:`bench.steps`): the organisation into the database ``tertial_bench``
(dropped and created anew on the ``DATABASE_URL`` server, the local one by default), the COPY
floor, the #PSALDO import of the year before, the SIE 4 import, the recompute and its
reference query, the follow-up page, and last a new municipality's first start from an empty
database (set-up, the organisation from its sheet, the same SIE import). Prints a table of
the figures against their targets and, for the full size, writes ``docs/benchmarks.md``.
``--quick`` is a smoke run at a tenth of the size, whose figures say nothing about the
targets. Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.dataset import (
    FULL,
    QUICK,
    SHEET_ROWS,
    organisation,
    write_actuals_csv,
    write_actuals_xlsx,
    write_organisation_sheet,
    write_psaldo,
    write_sie4,
)
from bench.report import docs_head_write, markdown, rows, text_table
from bench.steps import STEPS, bench_database_url, child_environment

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "benchmarks.md"


def _step(step: str, work: Path, *, quick: bool, env: dict[str, str]) -> dict:
    command = [sys.executable, "-m", "bench.steps", step, "--work", str(work)]
    if quick:
        command.append("--quick")
    done = subprocess.run(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ledger", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a tenth of the size, for a smoke run")
    args = parser.parse_args(argv)
    size = QUICK if args.quick else FULL
    env = child_environment(bench_database_url(os.environ.get("DATABASE_URL")))
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="tertial-bench-") as folder:
        work = Path(folder)
        print(f"Making up the data in {work} …", flush=True)
        started = time.perf_counter()
        org = organisation(size)
        vouchers = write_sie4(work / "ledger.se", org, size, raw_path=work / "ledger.tsv")
        write_psaldo(work / "prior.se", org, size)
        write_organisation_sheet(work / "organisation.csv", org)
        sheet_rows = SHEET_ROWS // (10 if args.quick else 1)
        write_actuals_xlsx(work / "actuals.xlsx", org, rows=sheet_rows)
        write_actuals_csv(work / "actuals.csv", org, rows=sheet_rows)
        facts = {"vouchers": vouchers, "generate_seconds": time.perf_counter() - started}
        for step in STEPS:
            print(f"  {step} …", flush=True)
            results[step] = _step(step, work, quick=args.quick, env=env)
    table = rows(results, size)
    print()
    print(text_table(table))
    if args.quick:
        print("\nQuick run: a tenth of the size; the targets are for the full size.")
    else:
        DOCS.parent.mkdir(exist_ok=True)
        docs_head_write(DOCS, markdown(table, results, size, facts))
        print(f"\nWritten to {DOCS.relative_to(ROOT)}.")
    return 1 if any(row.passed is False for row in table) else 0


if __name__ == "__main__":
    sys.exit(main())
