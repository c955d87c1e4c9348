"""The precomputed follow-up figures: recomputed after each import, read by the pages.

The recompute is idempotent: it replaces a year's figures wholesale inside
one transaction, so running it twice, or again after a failure, gives the
same rows.
"""

from __future__ import annotations

import logging

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from budget.ledger.models import (
    Account,
    AccountGroupMember,
    BudgetFigure,
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

_BUDGET_SQL = """
INSERT INTO budget_budgetfigure (year, unit_id, group_id, budget, budget_seasonal)
SELECT %(year)s, r.rollup_id, COALESCE(b.group_id, m.group_id), SUM(b.amount),
       SUM(CASE WHEN b.profile = 'last_year' THEN b.amount ELSE 0 END)
FROM budget_budgetamount b
JOIN budget_budgetversion v ON v.id = b.version_id AND v.is_active
JOIN municipality_fiscalyear y ON y.id = v.fiscal_year_id AND y.year = %(year)s
JOIN budget_unitrollup r ON r.year = %(year)s AND r.unit_id = b.unit_id
LEFT JOIN budget_accountgroupmember m ON m.year = %(year)s AND m.account_id = b.account_id
WHERE b.superseded_by_id IS NULL
GROUP BY r.rollup_id, COALESCE(b.group_id, m.group_id)
"""


_UNIT_BUDGET_SQL = """
INSERT INTO budget_unitbudgetfigure (year, unit_id, group_id, budget)
SELECT %(year)s, b.unit_id, COALESCE(b.group_id, m.group_id), SUM(b.amount)
FROM budget_budgetamount b
JOIN budget_budgetversion v ON v.id = b.version_id AND v.is_active
JOIN municipality_fiscalyear y ON y.id = v.fiscal_year_id AND y.year = %(year)s
LEFT JOIN budget_accountgroupmember m ON m.year = %(year)s AND m.account_id = b.account_id
WHERE b.superseded_by_id IS NULL
GROUP BY b.unit_id, COALESCE(b.group_id, m.group_id)
"""


def figures_recompute(*, year: int) -> None:
    """Rebuild the year's follow-up figures from the current actuals and active budget."""
    started = timezone.now()
    with transaction.atomic():
        # One recompute per year at a time; a second waits rather than interleaving.
        state, _ = FigureState.objects.select_for_update().get_or_create(year=year)
        _rebuild_members(year)
        _rebuild_rollups(year)
        FollowupFigure.objects.filter(year=year).delete()
        BudgetFigure.objects.filter(year=year).delete()
        UnitBudgetFigure.objects.filter(year=year).delete()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # The aggregation's hash table spills to disk at the default work_mem.
                cursor.execute("SET LOCAL work_mem = '64MB'")
            params = {"year": year, "prior": year - 1}
            cursor.execute(_ACTUALS_SQL, params)
            cursor.execute(_BUDGET_SQL, params)
            cursor.execute(_UNIT_BUDGET_SQL, params)
        FigureState.objects.filter(pk=state.pk).update(computed_at=started)
    logger.info("Recomputed the follow-up figures of %s", year)
