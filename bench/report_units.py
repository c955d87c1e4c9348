"""The report bench's municipality grown to a large one's organisation: the demo's committees
get departments and units under their top units until the municipality has ``total`` units,
each unit with last year's and this year's actuals and this year's budget, so that the annual
report's financial tables (seed 000, 4.1–4.2) have a row for every department and unit.

The rows are written as one import batch would write them (``Actual`` and ``BudgetAmount``
under an ``ImportBatch`` of the bench's), then the year's figures are recomputed as after an
import. Made up the same way every time.
"""

from __future__ import annotations

import random
from decimal import Decimal

SEED = 2019
DEPARTMENTS_PER_TOP = 12  # avdelningar under each top unit; the rest are their units
MONTHS = (3, 6, 9, 12)


def units_grow(*, year: int, total: int) -> int:
    """Grow the organisation of ``year`` to ``total`` units with books; how many were added."""
    from budget.ledger.figures import figures_recompute
    from budget.models import Account, Actual, BudgetAmount, BudgetVersion, ImportBatch
    from municipality.models import OrgUnit

    existing = OrgUnit.objects.valid_in(year).count()
    tops = list(
        OrgUnit.objects.valid_in(year)
        .filter(parent__isnull=True)
        .select_related("committee")
        .order_by("committee__order", "order", "code")
    )
    wanted = total - existing
    if wanted <= 0 or not tops:
        return 0
    rng = random.Random(SEED)
    made: list[OrgUnit] = []
    per_top = [wanted // len(tops) + (1 if i < wanted % len(tops) else 0) for i in range(len(tops))]
    for index, (top, count) in enumerate(zip(tops, per_top, strict=True)):
        departments: list[OrgUnit] = []
        for n in range(count):
            if len(departments) < min(DEPARTMENTS_PER_TOP, count):
                parent, name = top, "Avdelning"
            else:
                parent, name = departments[n % len(departments)], "Enhet"
            unit = OrgUnit(
                committee=top.committee,
                parent=parent,
                code=f"B{index:02d}{n:04d}",
                name=f"{name} {top.committee.short_code} {n + 1}",
                kind=OrgUnit.Kind.UNIT,
                valid_from=year - 1,
                order=n,
            )
            unit.save()  # its path and depth
            if parent is top:
                departments.append(unit)
            made.append(unit)

    revenue = Account.objects.filter(number__startswith="3").order_by("number").first()
    staff = Account.objects.filter(number__startswith="5").order_by("number").first()
    other = Account.objects.filter(number__startswith="7").order_by("number").first()
    accounts = [a for a in (revenue, staff, other) if a is not None]
    version = BudgetVersion.objects.get(fiscal_year__year=year, is_active=True)
    actuals_batch = ImportBatch.objects.create(
        kind=ImportBatch.Kind.ACTUALS,
        file_name="bench-units.csv",
        sha256="0" * 64,
        run_by="bench",
        year=year,
        months=list(MONTHS),
    )
    budget_batch = ImportBatch.objects.create(
        kind=ImportBatch.Kind.BUDGET,
        file_name="bench-units-budget.csv",
        sha256="1" * 64,
        run_by="bench",
        year=year,
    )
    actuals: list[Actual] = []
    budgets: list[BudgetAmount] = []
    for unit in made:
        for account in accounts:
            size = rng.randint(200, 4_000) * 1_000
            sign = -1 if account is revenue else 1
            for booked_year, percent in ((year - 1, 100), (year, rng.randint(90, 115))):
                for month in MONTHS:
                    amount = Decimal(sign * size * percent // (100 * len(MONTHS)))
                    actuals.append(
                        Actual(
                            unit=unit,
                            account=account,
                            year=booked_year,
                            month=month,
                            amount=amount,
                            batch=actuals_batch,
                        )
                    )
            budgets.append(
                BudgetAmount(
                    version=version,
                    unit=unit,
                    account=account,
                    amount=Decimal(sign * size),
                    batch=budget_batch,
                )
            )
    Actual.objects.bulk_create(actuals, batch_size=5_000)
    BudgetAmount.objects.bulk_create(budgets, batch_size=5_000)
    figures_recompute(year=year)
    return len(made)


PROJECT_MONTHS = tuple(range(1, 13))


def projects_grow(*, year: int, total: int) -> int:
    """Give the municipality ``total`` investment projects, spread over the departments the
    bench added, each with a budget of last year and this, and an outcome every month of both
    years on two investment accounts, as the investment import writes them; how many were
    added."""
    from budget.models import (
        Account,
        ImportBatch,
        InvestmentActual,
        InvestmentProject,
        InvestmentYear,
    )
    from municipality.models import OrgUnit

    wanted = total - InvestmentProject.objects.count()
    departments = list(
        OrgUnit.objects.valid_in(year)
        .filter(code__startswith="B", parent__parent__isnull=True)
        .order_by("code")
    )
    if wanted <= 0 or not departments:
        return 0
    rng = random.Random(SEED + 1)
    accounts = [
        Account.objects.get_or_create(number=number, defaults={"name": name})[0]
        for number, name in (("1220", "Inventarier"), ("1110", "Byggnader"))
    ]
    projects = InvestmentProject.objects.bulk_create(
        InvestmentProject(
            code=f"BP{n:04d}",
            name=f"Investering {n + 1}",
            unit=departments[n % len(departments)],
            total_budget=Decimal(rng.randint(4, 80) * 500_000),
        )
        for n in range(wanted)
    )
    years: list[InvestmentYear] = []
    actuals: list[InvestmentActual] = []
    for booked_year in (year - 1, year):
        batch = ImportBatch.objects.create(
            kind=ImportBatch.Kind.INVESTMENT,
            file_name=f"bench-investments-{booked_year}.csv",
            sha256=f"{booked_year}".ljust(64, "2"),
            run_by="bench",
            year=booked_year,
            months=list(PROJECT_MONTHS),
        )
        for project in projects:
            budget = rng.randint(1, 40) * 250_000
            years.append(
                InvestmentYear(
                    project=project,
                    year=booked_year,
                    expenditure=Decimal(budget),
                    income=Decimal(budget // 10 if rng.random() < 0.2 else 0),
                )
            )
            share = rng.randint(60, 110)
            for account in accounts:
                for month in PROJECT_MONTHS:
                    actuals.append(
                        InvestmentActual(
                            project=project,
                            account=account,
                            year=booked_year,
                            month=month,
                            amount=Decimal(budget * share // (100 * 12 * len(accounts))),
                            batch=batch,
                        )
                    )
    InvestmentYear.objects.bulk_create(years, batch_size=5_000)
    InvestmentActual.objects.bulk_create(actuals, batch_size=5_000)
    return len(projects)
