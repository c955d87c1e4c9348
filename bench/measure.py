"""What each bench step does, in a process of its own with Django set up (see bench.steps)."""

from __future__ import annotations

import io
import math
import resource
import statistics
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from unittest import mock

from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from bench.dataset import FULL, QUICK, YEAR, Organisation, organisation
from budget.ledger.figures import figures_recompute
from budget.ledger.imports.pipeline import import_apply, import_prepare
from budget.ledger.presets import KALMAR
from budget.ledger.services import account_groups_load_preset
from budget.models import (
    Account,
    AccountGroup,
    BudgetAmount,
    BudgetVersion,
    FollowupFigure,
    ImportBatch,
)
from municipality import models as org_models
from municipality.periods.services import period_set_state

RUNS = 3  # the recompute and its reference: the median of three
PAGE_WARMUP, PAGE_REQUESTS = 5, 60
CONTROLLER = "bench-controller"
_KINDS = (
    org_models.OrgUnit.Kind.ADMINISTRATION,
    org_models.OrgUnit.Kind.DEPARTMENT,
    org_models.OrgUnit.Kind.UNIT,
    org_models.OrgUnit.Kind.OPERATION,
)  # by depth
# Kronor a unit books per year on each of Kalmar's lines in the made-up ledger, roughly.
BUDGET_PER_UNIT = {
    "INT": Decimal(-2_400_000),
    "PERS": Decimal(4_900_000),
    "LOK": Decimal(1_300_000),
    "KAP": Decimal(2_300_000),
    "OVR": Decimal(8_800_000),
}

# The reference for the recompute: the same aggregation as one INSERT … SELECT … GROUP BY into
# a bare temporary table (no index, no foreign key, no WAL), with nothing else around it.
REFERENCE_SQL = """
INSERT INTO bench_reference (year, unit_id, group_id, month, actual, prior_actual)
SELECT %(year)s, rollup.rollup_id, member.group_id, actual.month,
       COALESCE(SUM(actual.amount) FILTER (WHERE actual.year = %(year)s), 0),
       COALESCE(SUM(actual.amount) FILTER (WHERE actual.year = %(prior)s), 0)
FROM budget_actual AS actual
JOIN budget_unitrollup AS rollup
  ON rollup.unit_id = actual.unit_id AND rollup.year = %(year)s
LEFT JOIN budget_accountgroupmember AS member
  ON member.account_id = actual.account_id AND member.year = %(year)s
WHERE actual.superseded_by_id IS NULL AND actual.year BETWEEN %(prior)s AND %(year)s
GROUP BY rollup.rollup_id, member.group_id, actual.month
"""


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def setup(org: Organisation) -> dict:
    """The organisation, the chart, two years of report lines and a budget; not a target."""
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    with transaction.atomic():
        org_models.Municipality.objects.create(name="Storvik kommun", code="9999")
        units = _units(org)
        Account.objects.bulk_create(
            [Account(number="1930", name="Bank")]
            + [Account(number=number, name=name) for number, name in org.accounts]
        )
        years = _calendar()
        budget = _budget(org, units, years[YEAR])
        controller = org_models.User.objects.create_user(CONTROLLER)
        org_models.RoleAssignment.objects.create(user=controller, role=org_models.Role.CONTROLLER)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
    return {
        "seconds": time.perf_counter() - started,
        "server_version": server_version,
        "units": len(units),
        "budget_rows": budget,
    }


def _units(org: Organisation) -> dict[str, org_models.OrgUnit]:
    committees = org_models.Committee.objects.bulk_create(
        org_models.Committee(name=name, short_code=code, order=i, valid_from=YEAR - 1)
        for i, (code, name) in enumerate(org.committees)
    )
    units: dict[str, org_models.OrgUnit] = {}
    for order, spec in enumerate(org.units):
        unit = org_models.OrgUnit(
            committee=committees[spec.committee],
            parent=units[spec.parent] if spec.parent else None,
            code=spec.code,
            name=spec.name,
            kind=_KINDS[spec.depth],
            valid_from=YEAR - 1,
            order=order,
        )
        unit.save()  # the materialised path needs the save
        units[spec.code] = unit
    return units


def _calendar() -> dict[int, org_models.FiscalYear]:
    """Both years with Kalmar's report lines; this year's tertial 2 open, as the page's period."""
    Period = org_models.ReportingPeriod
    years = {year: org_models.FiscalYear.objects.create(year=year) for year in (YEAR - 1, YEAR)}
    for fiscal_year in years.values():
        account_groups_load_preset(fiscal_year=fiscal_year, preset=KALMAR)
    Period.objects.create(fiscal_year=years[YEAR - 1], kind=Period.Kind.ANNUAL)
    t1, t2, _annual = (
        Period.objects.create(fiscal_year=years[YEAR], kind=kind)
        for kind in (Period.Kind.T1, Period.Kind.T2, Period.Kind.ANNUAL)
    )
    for period, state in (
        (t1, Period.State.OPEN),
        (t1, Period.State.CLOSED),
        (t2, Period.State.OPEN),
    ):
        period_set_state(period=period, state=state, user=None)
    return years


def _budget(
    org: Organisation, units: dict[str, org_models.OrgUnit], year: org_models.FiscalYear
) -> int:
    version = BudgetVersion.objects.create(fiscal_year=year, name=f"Budget {YEAR}", is_active=True)
    lines = AccountGroup.objects.filter(fiscal_year=year, kind=AccountGroup.Kind.LINE)
    amounts = []
    for i, code in enumerate(org.bookable):
        for group in lines:
            # 80–120 % of what the made-up ledger books on the line per unit and year.
            share = Decimal(80 + (i * 7919 + group.order * 104_729) % 41) / 100
            amount = (BUDGET_PER_UNIT[group.code] * share).quantize(Decimal("0.01"))
            amounts.append(
                BudgetAmount(version=version, unit=units[code], group=group, amount=amount)
            )
    BudgetAmount.objects.bulk_create(amounts, batch_size=5000)
    return len(amounts)


def floor(path: Path) -> dict:
    """COPY of the raw #TRANS rows into a temporary table: what writing them costs at least."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_floor "
            "(unit text, account text, booked date, amount numeric(18, 2))"
        )
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor, path.open("rb") as raw:
        sql = "COPY bench_floor (unit, account, booked, amount) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            while chunk := raw.read(1 << 20):
                copy.write(chunk)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_floor")
        rows = cursor.fetchone()[0]
    return {"seconds": seconds, "rows": rows, "peak_mb": _peak_mb()}


def import_file(path: Path, kind: str = ImportBatch.Kind.SIE) -> dict:
    """The import as the upload page and ``import_sie`` run it: read, check, sum, write.

    The recompute it queues after the commit is left out here; it is measured on its own.
    """
    with mock.patch("budget.ledger.imports.actuals.recompute_after_commit") as queued:
        started = time.perf_counter()
        # The path, as the background check passes it: the reader takes the file from disk.
        prepared = import_prepare(path, kind=kind, file_name=path.name)
        checked = time.perf_counter()
        import_apply(prepared, user=None)
        seconds = time.perf_counter() - started
    if not queued.called:
        raise RuntimeError("the import no longer queues the recompute; the bench needs a look")
    return {
        "seconds": seconds,
        "prepare_seconds": checked - started,
        "apply_seconds": seconds - (checked - started),
        "rows": prepared.actuals.rows if prepared.actuals else 0,
        "bytes": path.stat().st_size,
        "peak_mb": _peak_mb(),
    }


def _timed(run: Callable[[], None], *, before: Callable[[], None] | None = None) -> list[float]:
    times = []
    for _ in range(RUNS):
        if before is not None:
            before()
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return times


def recompute() -> dict:
    # Once to fill the rollup and member tables, then ANALYZE (autovacuum's job after a bulk
    # import, not left to chance), so that the timed runs and the reference, which reads the
    # same tables, are planned from the same statistics.
    figures_recompute(year=YEAR)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    times = _timed(lambda: figures_recompute(year=YEAR))
    return {
        "seconds": statistics.median(times),
        "runs": times,
        "figures": FollowupFigure.objects.filter(year=YEAR).count(),
        "peak_mb": _peak_mb(),
    }


def reference() -> dict:
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_reference (year smallint, unit_id bigint, "
            "group_id bigint, month smallint, actual numeric(18, 2), prior_actual numeric(18, 2))"
        )

    def empty() -> None:
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE bench_reference")

    def run() -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            # The same memory for the aggregation as figures_recompute gives itself.
            cursor.execute("SET LOCAL work_mem = '64MB'")
            cursor.execute(REFERENCE_SQL, {"year": YEAR, "prior": YEAR - 1})

    times = _timed(run, before=empty)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_reference")
        rows = cursor.fetchone()[0]
    return {"seconds": statistics.median(times), "runs": times, "rows": rows}


def page() -> dict:
    """The follow-up page of the whole municipality, as a controller sees it."""
    try:
        url = reverse("budget:followup")
    except NoReverseMatch:
        return {"available": False, "why": "not yet available"}
    client = Client()
    client.force_login(org_models.User.objects.get(username=CONTROLLER))
    for _ in range(PAGE_WARMUP):
        response = client.get(url)
        if response.status_code != 200:
            return {"available": False, "why": f"{url} answered {response.status_code}"}
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    queries = len(captured)  # now: the next request empties the log it reads
    times = []
    for _ in range(PAGE_REQUESTS):
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    return {
        "available": True,
        "what": f"GET {url}",
        "p95_ms": _percentile(times, 95) * 1000,
        "median_ms": statistics.median(times) * 1000,
        "queries": queries,
        "requests": PAGE_REQUESTS,
    }


def _percentile(values: list[float], percent: int) -> float:
    """Nearest rank: the smallest value at or above ``percent`` % of them."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(percent / 100 * len(ordered)) - 1)]


def first_start(work: Path) -> dict:
    """A new municipality from an empty database, as the README's "Starting with your own
    municipality" goes: migrate, ``setup_municipality``, the organisation from its sheet
    (``import_organisation``), then the ledger's SIE import as the ``ledger`` step runs it."""
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    for name, step in (
        ("migrate", lambda: call_command("migrate", verbosity=0, interactive=False)),
        (
            "setup",
            lambda: call_command(
                "setup_municipality",
                name="Storvik kommun",
                code="9999",
                year=YEAR,
                stdout=io.StringIO(),
            ),
        ),
        (
            "organisation",
            lambda: call_command(
                "import_organisation",
                str(work / "organisation.csv"),
                year=YEAR,
                stdout=io.StringIO(),
            ),
        ),
    ):
        begun = time.perf_counter()
        step()
        seconds[name] = time.perf_counter() - begun
    imported = import_file(work / "ledger.se")
    return {
        "seconds": time.perf_counter() - started,
        **{f"{name}_seconds": value for name, value in seconds.items()},
        "import_seconds": imported["seconds"],
        "units": org_models.OrgUnit.objects.count(),
        "committees": org_models.Committee.objects.count(),
        "rows": imported["rows"],
    }


def run(step: str, work: Path, *, quick: bool) -> dict:
    steps: dict[str, Callable[[], dict]] = {
        "setup": lambda: setup(organisation(QUICK if quick else FULL)),
        "floor": lambda: floor(work / "ledger.tsv"),
        "prior": lambda: import_file(work / "prior.se"),
        "ledger": lambda: import_file(work / "ledger.se"),
        "sheet": lambda: import_file(work / "actuals.xlsx", ImportBatch.Kind.ACTUALS),
        "csv": lambda: import_file(work / "actuals.csv", ImportBatch.Kind.ACTUALS),
        "recompute": recompute,
        "reference": reference,
        "page": page,
        "firststart": lambda: first_start(work),
    }
    return steps[step]()
