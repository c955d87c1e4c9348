"""The forecast side's data and its in-process timings (see :mod:`bench.forecasts`).

Needs Django set up before it is imported. :func:`forecast_data` builds on the ledger
bench's organisation, chart and budget (:func:`bench.measure.setup`) and the proposal
bench's three years of monthly actuals, then adds what a forecast round leaves behind:
forecasts for most units' lines in tertial 1 (closed) and tertial 2 (open), comments where
they deviate, submissions in every state, action plans, investment projects and the
proposals. The timings go through Django's test client, so they are server time without a
network: the view, its queries, the template and the middleware, the session write included.
"""

from __future__ import annotations

import html
import random
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bench.dataset import YEAR, Organisation
from bench.measure import CONTROLLER, _percentile, setup
from bench.proposals import _actuals
from budget.forecasting.proposals import proposals_compute
from budget.ledger.figures import figures_recompute
from budget.models import (
    Account,
    AccountGroup,
    ActionPlan,
    BudgetAmount,
    Forecast,
    ForecastSubmission,
    ImportBatch,
    InvestmentActual,
    InvestmentProject,
    InvestmentYear,
)
from municipality.formats.numbers import parse_amount
from municipality.models import OrgUnit, ReportingPeriod, Role, RoleAssignment, User

State = ForecastSubmission.State
HTMX = {"HTTP_HX_REQUEST": "true"}
ECONOMIST = "bench-economist"  # economist of the first committee's top unit
SEED = 4242
SHARE_T2 = 0.85  # the bookable units that have entered forecasts in the open tertial 2
SHARE_T1 = 0.95  # and in tertial 1, closed
# The statuses of the units that have entered something in tertial 2 (by weight).
T2_STATES = (
    (State.IN_PROGRESS, 40),
    (State.SUBMITTED, 30),
    (State.RETURNED, 5),
    (State.APPROVED, 25),
)
WARMUP = 10


@dataclass(frozen=True)
class Timing:
    """Server times of one kind of request, warm-up excluded."""

    what: str
    times: list[float]
    queries: int  # of one request after the warm-up

    @property
    def p95_ms(self) -> float:
        return _percentile(self.times, 95) * 1000

    @property
    def median_ms(self) -> float:
        return statistics.median(self.times) * 1000

    def as_dict(self) -> dict:
        return {
            "what": self.what,
            "requests": len(self.times),
            "p95_ms": self.p95_ms,
            "median_ms": self.median_ms,
            "max_ms": max(self.times) * 1000,
            "queries": self.queries,
        }


def periods() -> tuple[ReportingPeriod, ReportingPeriod]:
    """Tertial 1 (closed) and tertial 2 (open) of the bench's year, as bench.measure made them."""
    found = {
        p.kind: p
        for p in ReportingPeriod.objects.select_related("fiscal_year").filter(
            fiscal_year__year=YEAR
        )
    }
    return found[ReportingPeriod.Kind.T1], found[ReportingPeriod.Kind.T2]


def forecast_data(org: Organisation, *, editable: set[str], bare: set[str]) -> dict:
    """The whole large municipality in the middle of its tertial 2 round; not a target.

    The ``editable`` units (codes) are left in progress, the ``bare`` ones without forecasts
    or status, so that the first saves there also create the rows and the status.
    """
    started = time.perf_counter()
    facts = setup(org)
    facts["actual_rows"] = _actuals(org)
    for year in (YEAR - 1, YEAR):
        figures_recompute(year=year)
    t1, t2 = periods()
    t2.deadline = timezone.localdate() - timedelta(days=1)  # some units are late
    t2.save(update_fields=["deadline"])
    rng = random.Random(SEED)
    units = {unit.code: unit for unit in OrgUnit.objects.select_related("committee")}
    budgets = _budgets()
    lines = {g.code: g for g in AccountGroup.objects.filter(fiscal_year__year=YEAR)}
    entering = [code for code in org.bookable if code not in bare]
    people = _economists(org, units)
    with transaction.atomic():
        facts["forecasts_t1"] = _forecasts(
            t1, rng, units, budgets, lines, people, share=SHARE_T1, codes=list(org.bookable)
        )
        facts["forecasts_t2"] = _forecasts(
            t2, rng, units, budgets, lines, people, share=SHARE_T2, codes=entering
        )
        facts["submissions"] = _submissions(t2, rng, units, people, editable)
        facts["action_plans"] = _action_plans(t2, units, people)
        facts["projects"] = _projects(org, rng, units, t2)
    facts["proposals"] = proposals_compute(period=t2)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    facts["setup_seconds"] = time.perf_counter() - started
    return facts


def _budgets() -> dict[tuple[int, str], Decimal]:
    return {
        (unit_id, code): amount
        for unit_id, code, amount in BudgetAmount.objects.filter(
            version__fiscal_year__year=YEAR, version__is_active=True
        ).values_list("unit_id", "group__code", "amount")
    }


def _economists(org: Organisation, units: dict[str, OrgUnit]) -> list[User]:
    """One economist per committee, on its top unit, who entered the round's figures; and
    the one whose saves and grid loads are timed (``ECONOMIST``)."""
    people = []
    for index, (code, _name) in enumerate(org.committees):
        user = User.objects.create_user(
            f"bench-{code.lower()}", first_name="Ekonom", last_name=code
        )
        top = next(u for u in org.units if u.committee == index and u.parent is None)
        RoleAssignment.objects.create(user=user, role=Role.ECONOMIST, unit=units[top.code])
        people.append(user)
    economist = User.objects.create_user(ECONOMIST, first_name="Bench", last_name="Ekonom")
    RoleAssignment.objects.create(
        user=economist, role=Role.ECONOMIST, unit=units[org.units[0].code]
    )
    return people


def _forecasts(
    period: ReportingPeriod,
    rng: random.Random,
    units: dict[str, OrgUnit],
    budgets: dict[tuple[int, str], Decimal],
    lines: dict[str, AccountGroup],
    people: list[User],
    *,
    share: float,
    codes: list[str],
) -> int:
    """Forecasts of ``share`` of the units, on every line they have a budget for: 90–110 %
    of it in whole thousands, with a comment where it is more than 5 % off."""
    now = timezone.now()
    rows = []
    for code in codes:
        if rng.random() >= share:
            continue
        unit = units[code]
        who = people[unit.committee.order]
        for line, group in lines.items():
            budget = budgets.get((unit.pk, line))
            if group.kind != AccountGroup.Kind.LINE or budget is None:
                continue
            factor = Decimal(rng.randint(900, 1100)) / 1000
            amount = (budget * factor / 1000).quantize(Decimal(1)) * 1000
            comment = ""
            if abs(factor - 1) > Decimal("0.05"):
                comment = rng.choice(_COMMENTS)
            rows.append(
                Forecast(
                    period=period,
                    unit=unit,
                    group=group,
                    amount=amount,
                    comment=comment,
                    amount_version=1,
                    comment_version=1 if comment else 0,
                    updated_by=who,
                    updated_at=now,
                )
            )
    Forecast.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


_COMMENTS = (
    "Fler placeringar än budgeterat under våren.",
    "Vakanta tjänster har inte tillsatts.",
    "Högre energikostnader än beräknat.",
    "Statsbidrag som inte var budgeterade.",
    "Ökade kostnader för inhyrd personal.",
)


def _submissions(
    period: ReportingPeriod,
    rng: random.Random,
    units: dict[str, OrgUnit],
    people: list[User],
    editable: set[str],
) -> int:
    """A status for every unit that has entered something; the burst's units stay editable."""
    entered = set(Forecast.objects.filter(period=period).values_list("unit_id", flat=True))
    states, weights = zip(*T2_STATES, strict=True)
    now = timezone.now()
    rows = []
    for code, unit in units.items():
        if unit.pk not in entered:
            continue
        state = State.IN_PROGRESS if code in editable else rng.choices(states, weights)[0]
        rows.append(
            ForecastSubmission(
                period=period,
                unit=unit,
                state=state,
                state_version=1 + (state != State.IN_PROGRESS),
                submitted_at=now if state in (State.SUBMITTED, State.APPROVED) else None,
                note="Förklara avvikelsen på personalkostnaderna."
                if state == State.RETURNED
                else "",
                updated_by=people[unit.committee.order],
                updated_at=now,
            )
        )
    ForecastSubmission.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def _action_plans(period: ReportingPeriod, units: dict[str, OrgUnit], people: list[User]) -> int:
    plans = [
        ActionPlan(
            period=period,
            committee=unit.committee,
            text="Anställningsstopp för administrativ personal; översyn av lokalbehovet.",
            text_version=1,
            updated_by=people[unit.committee.order],
            updated_at=timezone.now(),
        )
        for unit in units.values()
        if unit.parent_id is None and unit.committee.order % 2 == 0
    ]
    ActionPlan.objects.bulk_create(plans)
    return len(plans)


def _projects(
    org: Organisation, rng: random.Random, units: dict[str, OrgUnit], t2: ReportingPeriod
) -> int:
    """Two investment projects on every department (the second level; 160 at the full size),
    each with a budget of last year and this, its outcome of every month of both years on
    two balance-sheet accounts (one import per year), and most of them a forecast in the
    open tertial 2."""
    projects = []
    for spec in org.units:
        if spec.depth == 1:
            for n in (1, 2):
                projects.append(
                    InvestmentProject(
                        code=f"P{spec.code}{n}",
                        name=f"Investering {n}",
                        unit=units[spec.code],
                        start=date(YEAR - 1, 1, 1),
                        end=date(YEAR + n - 1, 12, 31),
                    )
                )
    InvestmentProject.objects.bulk_create(projects)
    years, actuals, forecasts = [], [], []
    accounts = [
        Account.objects.get_or_create(number=number, defaults={"name": name})[0]
        for number, name in (("1220", "Inventarier"), ("1290", "Pågående nyanläggningar"))
    ]
    batches = {
        year: ImportBatch.objects.create(
            kind=ImportBatch.Kind.INVESTMENT,
            file_name=f"bench-investeringar-{year}",
            sha256="0" * 64,
            year=year,
            months=list(range(1, 13)),
        )
        for year in (YEAR - 1, YEAR)
    }
    total = Decimal(0)
    for project in projects:
        for year in (YEAR - 1, YEAR):
            expenditure = Decimal(rng.randint(1, 40) * 250_000)
            income = Decimal(rng.choice((0, 0, 0, 1, 2)) * 100_000)
            years.append(
                InvestmentYear(project=project, year=year, expenditure=expenditure, income=income)
            )
            total += expenditure - income
            for month in range(1, 13):
                for account in accounts:
                    share = Decimal(rng.randint(20, 60)) / 1000  # of the year's budget a month
                    actuals.append(
                        InvestmentActual(
                            project=project,
                            account=account,
                            year=year,
                            month=month,
                            amount=(expenditure * share).quantize(Decimal(1)),
                            batch=batches[year],
                        )
                    )
        project.total_budget = total
        total = Decimal(0)
        if rng.random() < SHARE_T2:
            budget = years[-1].expenditure - years[-1].income
            factor = Decimal(rng.randint(800, 1100)) / 1000
            forecasts.append(
                Forecast(
                    period=t2,
                    unit=project.unit,
                    project=project,
                    amount=(budget * factor / 1000).quantize(Decimal(1)) * 1000,
                    amount_version=1,
                )
            )
    InvestmentProject.objects.bulk_update(projects, ["total_budget"])
    InvestmentYear.objects.bulk_create(years)
    InvestmentActual.objects.bulk_create(actuals, batch_size=5000)
    Forecast.objects.bulk_create(forecasts)
    return len(projects)


# --- In-process timings -------------------------------------------------------------------


def _timed(request: Callable[[int], HttpResponse], count: int, what: str) -> Timing:
    """``WARMUP`` requests, one more whose queries are counted, then ``count`` timed ones."""
    for n in range(WARMUP):
        _ok(request(n), what)
    with CaptureQueriesContext(connection) as captured:
        _ok(request(WARMUP), what)
    queries = len(captured)
    times = []
    for n in range(WARMUP + 1, WARMUP + 1 + count):
        started = time.perf_counter()
        response = request(n)
        times.append(time.perf_counter() - started)
        _ok(response, what)
    return Timing(what, times, queries)


def _ok(response: HttpResponse, what: str) -> None:
    if response.status_code != 200:
        raise RuntimeError(f"{what} answered {response.status_code}")


def logged_in(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def committee_top(org: Organisation) -> OrgUnit:
    """The first committee's top unit: the committee's whole tree is below it."""
    return OrgUnit.objects.get(code=org.units[0].code)


def saving_units(org: Organisation) -> list[str]:
    """Ten units of the first committee's tree, from every level that books: the ones whose
    cells :func:`cell_saves` saves, to be left editable."""
    bookable = [spec.code for spec in org.units if spec.committee == 0 and spec.depth]
    return bookable[:: max(1, len(bookable) // 10)][:10]


def cell_saves(org: Organisation, count: int) -> Timing:
    """Saves of one forecast amount through the grid's cell endpoint, as htmx posts it.

    The economist of the first committee saves round the lines of ten units of its tree
    (units with units below them and units without), each value a new one, with the
    version the previous answer returned, as the browser does.
    """
    client = logged_in(ECONOMIST)
    units = list(OrgUnit.objects.filter(code__in=saving_units(org)))
    lines = list(
        AccountGroup.objects.filter(fiscal_year__year=YEAR, kind=AccountGroup.Kind.LINE).order_by(
            "order"
        )
    )
    _, t2 = periods()
    stored = {
        (f.unit_id, f.group_id): (f.amount_version, f.amount)
        for f in Forecast.objects.filter(period=t2, unit__in=units)
    }
    cells = [(unit, f"g{line.pk}") for unit in units for line in lines]
    versions = {
        (unit.pk, key): stored.get((unit.pk, int(key[1:])), (0, None))[0] for unit, key in cells
    }

    def save(n: int) -> HttpResponse:
        unit, key = cells[n % len(cells)]
        value = 1000 + n  # tkr; a new value every time, so every save writes
        response = client.post(
            reverse("budget:forecast-cell", args=[unit.pk]),
            {
                "row": key,
                "field": "amount",
                f"amount-{key}": str(value),
                f"amount-{key}-version": str(versions[unit.pk, key]),
            },
            **HTMX,
        )
        answer = cell_answer(response.content.decode(), key)
        if answer.conflict or answer.error or answer.value != Decimal(value):
            raise RuntimeError(f"the save of {unit.code} {key} was not taken: {answer}")
        versions[unit.pk, key] = answer.version
        return response

    return _timed(save, count, "POST budget:forecast-cell")


def grid_loads(org: Organisation, count: int) -> tuple[Timing, int]:
    """The grid of the first committee's top unit; also how many units are in its tree."""
    client = logged_in(ECONOMIST)
    top = committee_top(org)
    url = reverse("budget:forecast", args=[top.pk])
    subtree = OrgUnit.objects.filter(path__startswith=top.path).count()
    return _timed(lambda n: client.get(url), count, f"GET {url}"), subtree


def overview_loads(count: int) -> Timing:
    """The controller's overview of the whole municipality in the open period."""
    client = logged_in(CONTROLLER)
    url = reverse("budget:forecast-overview")
    return _timed(lambda n: client.get(url), count, f"GET {url}")


def investment_loads(count: int) -> Timing:
    """The controller's investment follow-up of the whole municipality, every project, in
    the open period."""
    client = logged_in(CONTROLLER)
    url = reverse("budget:investments")
    return _timed(lambda n: client.get(url), count, f"GET {url}")


def investment_queries_small(keep: int = 10) -> dict:
    """The queries of the same page with only ``keep`` projects left, the others removed
    for the one request in a transaction rolled back: the count must not grow with the
    projects."""
    client = logged_in(CONTROLLER)
    url = reverse("budget:investments")
    with transaction.atomic():
        gone = InvestmentProject.objects.order_by("code")[keep:].values_list("pk", flat=True)
        gone_ids = list(gone)
        Forecast.objects.filter(project_id__in=gone_ids).delete()
        InvestmentActual.objects.filter(project_id__in=gone_ids).delete()
        InvestmentProject.objects.filter(pk__in=gone_ids).delete()  # their years cascade
        _ok(client.get(url), f"GET {url}")  # the session's first request does more
        with CaptureQueriesContext(connection) as captured:
            _ok(client.get(url), f"GET {url}")
        transaction.set_rollback(True)
    return {"projects": keep, "queries": len(captured)}


# --- Reading a saved cell's answer -------------------------------------------------------


@dataclass(frozen=True)
class CellAnswer:
    """What the grid answered about the saved cell: its version and value as now stored."""

    version: int
    value: Decimal | None  # tkr, as shown; None when empty or refused
    conflict: bool
    error: bool


def cell_answer(text: str, key: str) -> CellAnswer:
    """The saved cell out of the answer's HTML, as htmx would swap it into the grid."""
    cell = re.search(
        rf'<td class="([^"]*)" id="cell-amount-{key}"(.*?)</td>', text, flags=re.DOTALL
    )
    if cell is None:
        raise ValueError(f"no cell amount-{key} in the answer")
    classes, body = cell.group(1).split(), cell.group(2)
    version = re.search(rf'name="amount-{key}-version" value="(\d+)"', body)
    value = re.search(rf'name="amount-{key}" id="amount-{key}"\s+value="([^"]*)"', body)
    if version is None or value is None:
        raise ValueError(f"the cell amount-{key} has no version or value")
    shown = html.unescape(value.group(1)).strip()
    error = "has-error" in classes  # then the cell shows what was typed, not a stored value
    return CellAnswer(
        version=int(version.group(1)),
        value=parse_amount(shown) if shown and not error else None,
        conflict="has-conflict" in classes,
        error=error,
    )
