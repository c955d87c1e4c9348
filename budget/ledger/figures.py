"""The precomputed follow-up figures: recomputed after each import, read by the pages.

The recompute is idempotent: it replaces a year's figures wholesale inside
one transaction, so running it twice, or again after a failure, gives the
same rows.
"""

from __future__ import annotations

import logging
from datetime import date

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from budget.ledger.models import (
    Account,
    AccountGroupMember,
    BudgetFigure,
    BudgetMonthFigure,
    FigureState,
    FollowupFigure,
    UnitBudgetFigure,
    UnitRollup,
)
from budget.ledger.selectors import account_mapper
from municipality.models import OrgUnit

logger = logging.getLogger(__name__)


def figures_mark_changed(*, years: set[int]) -> None:
    """Say that imports changed these years; the pages warn until the recompute has run.

    A year's figures also show the next year's prior-year column, so that year changes too.
    """
    now = timezone.now()
    for year in years | {year + 1 for year in years}:
        FigureState.objects.update_or_create(year=year, defaults={"changed_at": now})


def _rebuild_members(year: int) -> None:
    mapper = account_mapper(year=year)
    AccountGroupMember.objects.filter(year=year).delete()
    members = []
    for account_id, number in Account.objects.values_list("pk", "number"):
        group = mapper.group_for(number)
        if group is not None:
            members.append(AccountGroupMember(year=year, account_id=account_id, group=group))
    AccountGroupMember.objects.bulk_create(members, batch_size=2000)


def _rebuild_rollups(year: int) -> None:
    units = list(
        OrgUnit.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=year - 1))
        .filter(valid_from__lte=year)
        .values_list("pk", "path", "valid_from", "valid_to", "predecessor_id")
    )
    in_year = {
        pk: path
        for pk, path, start, end, _ in units
        if start <= year and (end is None or end >= year)
    }
    successor_of = {pred: pk for pk, _, _, _, pred in units if pred is not None and pk in in_year}
    rows: list[UnitRollup] = []
    for pk, *_ in units:
        target = pk if pk in in_year else successor_of.get(pk)
        if target is None:
            continue  # a unit closed without successor: last year's figures have no home
        ancestors = [int(part) for part in in_year[target].strip("/").split("/")]
        rows.extend(UnitRollup(year=year, unit_id=pk, rollup_id=anc) for anc in ancestors)
    UnitRollup.objects.filter(year=year).delete()
    UnitRollup.objects.bulk_create(rows, batch_size=5000)


_ACTUALS_SQL = """
INSERT INTO budget_followupfigure (year, unit_id, group_id, month, actual, prior_actual)
SELECT %(year)s, r.rollup_id, m.group_id, a.month,
       SUM(CASE WHEN a.year = %(year)s THEN a.amount ELSE 0 END),
       SUM(CASE WHEN a.year = %(prior)s THEN a.amount ELSE 0 END)
FROM budget_actual a
JOIN budget_unitrollup r ON r.year = %(year)s AND r.unit_id = a.unit_id
LEFT JOIN budget_accountgroupmember m ON m.year = %(year)s AND m.account_id = a.account_id
WHERE a.year IN (%(year)s, %(prior)s) AND a.superseded_by_id IS NULL
GROUP BY r.rollup_id, m.group_id, a.month
"""

# The active version's budget counts from the start of the year (``from_month`` 0); its
# typed part is spread by ``BudgetMonthFigure``, its last-year part by last year's actuals.
_BUDGET_SQL = """
INSERT INTO budget_budgetfigure
    (year, unit_id, group_id, from_month, budget, budget_seasonal, budget_typed)
SELECT %(year)s, r.rollup_id, COALESCE(b.group_id, m.group_id), 0, SUM(b.amount),
       SUM(CASE WHEN b.profile = 'last_year' THEN b.amount ELSE 0 END),
       SUM(CASE WHEN b.profile = 'typed' AND b.months IS NOT NULL THEN b.amount ELSE 0 END)
FROM budget_budgetamount b
JOIN budget_budgetversion v ON v.id = b.version_id AND v.is_active
JOIN municipality_fiscalyear y ON y.id = v.fiscal_year_id AND y.year = %(year)s
JOIN budget_unitrollup r ON r.year = %(year)s AND r.unit_id = b.unit_id
LEFT JOIN budget_accountgroupmember m ON m.year = %(year)s AND m.account_id = b.account_id
WHERE b.superseded_by_id IS NULL
GROUP BY r.rollup_id, COALESCE(b.group_id, m.group_id)
"""


_UNIT_BUDGET_SQL = """
INSERT INTO budget_unitbudgetfigure (year, unit_id, group_id, from_month, budget)
SELECT %(year)s, b.unit_id, COALESCE(b.group_id, m.group_id), 0, SUM(b.amount)
FROM budget_budgetamount b
JOIN budget_budgetversion v ON v.id = b.version_id AND v.is_active
JOIN municipality_fiscalyear y ON y.id = v.fiscal_year_id AND y.year = %(year)s
LEFT JOIN budget_accountgroupmember m ON m.year = %(year)s AND m.account_id = b.account_id
WHERE b.superseded_by_id IS NULL
GROUP BY b.unit_id, COALESCE(b.group_id, m.group_id)
"""

# The month a change counts from: 0 when decided before the year, else its month. Written
# with date comparisons (the first days of the months as parameters) rather than a date
# function, which PostgreSQL and SQLite spell differently.
_FROM_MONTH = (
    "CASE WHEN c.decided_on < %(month_1)s THEN 0 "
    + " ".join(f"WHEN c.decided_on < %(month_{m + 1})s THEN {m}" for m in range(1, 12))
    + " ELSE 12 END"
)

# The budget changes of the year decided by its end (``BudgetChange``), each from the month
# it was decided in: evenly spread, like a budget without profile.
_CHANGES_SQL = f"""
INSERT INTO budget_budgetfigure
    (year, unit_id, group_id, from_month, budget, budget_seasonal, budget_typed)
SELECT %(year)s, r.rollup_id, l.group_id, {_FROM_MONTH}, SUM(l.amount), 0, 0
FROM budget_budgetchangeline l
JOIN budget_budgetchange c ON c.id = l.change_id
JOIN municipality_fiscalyear y ON y.id = c.fiscal_year_id AND y.year = %(year)s
JOIN budget_unitrollup r ON r.year = %(year)s AND r.unit_id = l.unit_id
WHERE c.decided_on < %(next_year)s
GROUP BY r.rollup_id, l.group_id, {_FROM_MONTH}
"""

_UNIT_CHANGES_SQL = f"""
INSERT INTO budget_unitbudgetfigure (year, unit_id, group_id, from_month, budget)
SELECT %(year)s, l.unit_id, l.group_id, {_FROM_MONTH}, SUM(l.amount)
FROM budget_budgetchangeline l
JOIN budget_budgetchange c ON c.id = l.change_id
JOIN municipality_fiscalyear y ON y.id = c.fiscal_year_id AND y.year = %(year)s
WHERE c.decided_on < %(next_year)s
GROUP BY l.unit_id, l.group_id, {_FROM_MONTH}
"""

# The months of the typed profile: the twelve amounts of ``BudgetAmount.months`` (strings in
# a JSON array), one row per month, rolled up as the yearly amounts are.
_MONTHS_SQL = """
INSERT INTO budget_budgetmonthfigure (year, unit_id, group_id, month, budget)
SELECT %(year)s, r.rollup_id, COALESCE(b.group_id, m.group_id), n.month,
       SUM(COALESCE({month_amount}, 0))
FROM budget_budgetamount b
JOIN budget_budgetversion v ON v.id = b.version_id AND v.is_active
JOIN municipality_fiscalyear y ON y.id = v.fiscal_year_id AND y.year = %(year)s
JOIN budget_unitrollup r ON r.year = %(year)s AND r.unit_id = b.unit_id
LEFT JOIN budget_accountgroupmember m ON m.year = %(year)s AND m.account_id = b.account_id
CROSS JOIN ({months}) n
WHERE b.superseded_by_id IS NULL AND b.profile = 'typed' AND b.months IS NOT NULL
GROUP BY r.rollup_id, COALESCE(b.group_id, m.group_id), n.month
""".replace("{months}", " UNION ALL ".join(f"SELECT {month} AS month" for month in range(1, 13)))
_MONTH_AMOUNT = {
    "postgresql": "CAST(b.months ->> (n.month - 1) AS NUMERIC)",
    # The embedded SQLite: JSON1's path syntax; its sums are floats anyway.
    "sqlite": "CAST(json_extract(b.months, '$[' || (n.month - 1) || ']') AS NUMERIC)",
}


def _params(year: int) -> dict[str, int | date]:
    params: dict[str, int | date] = {
        "year": year,
        "prior": year - 1,
        "next_year": date(year + 1, 1, 1),
    }
    params.update({f"month_{month}": date(year, month, 1) for month in range(1, 13)})
    return params


def figures_recompute(*, year: int) -> None:
    """Rebuild the year's follow-up figures from the current actuals, the active budget
    version and the budget changes decided during the year."""
    started = timezone.now()
    with transaction.atomic():
        # One recompute per year at a time; a second waits rather than interleaving.
        state, _ = FigureState.objects.select_for_update().get_or_create(year=year)
        _rebuild_members(year)
        _rebuild_rollups(year)
        FollowupFigure.objects.filter(year=year).delete()
        BudgetFigure.objects.filter(year=year).delete()
        UnitBudgetFigure.objects.filter(year=year).delete()
        BudgetMonthFigure.objects.filter(year=year).delete()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # The aggregation's hash table spills to disk at the default work_mem.
                cursor.execute("SET LOCAL work_mem = '64MB'")
            params = _params(year)
            cursor.execute(_ACTUALS_SQL, params)
            cursor.execute(_BUDGET_SQL, params)
            cursor.execute(_UNIT_BUDGET_SQL, params)
            cursor.execute(_CHANGES_SQL, params)
            cursor.execute(_UNIT_CHANGES_SQL, params)
            month_amount = _MONTH_AMOUNT.get(connection.vendor, _MONTH_AMOUNT["postgresql"])
            cursor.execute(_MONTHS_SQL.replace("{month_amount}", month_amount), params)
        FigureState.objects.filter(pk=state.pk).update(computed_at=started)
    logger.info("Recomputed the follow-up figures of %s", year)
