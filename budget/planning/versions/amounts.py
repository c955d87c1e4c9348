"""The amounts of the versions being compared, summed per unit and report line in SQL.

Each read is one aggregate query whatever the size of the municipality: a version's amounts
(account rows rolled up to their line through the year's ``AccountGroupMember``), the
changes' lines, the frames. Where the recompute has not yet materialised the mapping of
an account, the account's number comes back and ``account_mapper`` maps it, read once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet, Sum

from budget.ledger.models import Account, AccountGroupMember, BudgetAmount
from budget.ledger.selectors import AccountMapper, account_mapper
from budget.planning.models import BudgetChangeLine, Frame
from municipality.models import OrgUnit

# A unit's amounts per report line; None stands for the accounts that map to no line.
LineAmounts = dict[int | None, Decimal]
UnitAmounts = dict[int, LineAmounts]

_VERSION_SQL = """
SELECT b.version_id, {key}, COALESCE(b.group_id, m.group_id),
       CASE WHEN b.group_id IS NULL AND m.group_id IS NULL THEN a.number END, SUM(b.amount)
FROM {amount} b{join}
LEFT JOIN {member} m ON m.year = %s AND m.account_id = b.account_id
LEFT JOIN {account} a ON b.group_id IS NULL AND m.group_id IS NULL AND a.id = b.account_id
WHERE b.version_id IN ({ids}) AND b.superseded_by_id IS NULL{units}
GROUP BY 1, 2, 3, 4
""".format(
    amount=BudgetAmount._meta.db_table,
    member=AccountGroupMember._meta.db_table,
    account=Account._meta.db_table,
    units="{units}",
    ids="{ids}",
    key="{key}",
    join="{join}",
)
# Per committee rather than per unit: the unit's committee is the key.
_COMMITTEE_JOIN = f"\nJOIN {OrgUnit._meta.db_table} u ON u.id = b.unit_id"


def _units_clause(units: QuerySet[OrgUnit] | None) -> tuple[str, list[Any]]:
    if units is None:
        return "", []
    sql, params = units.values("pk").query.sql_with_params()
    return f" AND b.unit_id IN ({sql})", list(params)


def version_amounts(
    version_ids: Iterable[int],
    *,
    year: int,
    units: QuerySet[OrgUnit] | None = None,
    per_committee: bool = False,
) -> dict[int, UnitAmounts]:
    """Per version, per unit and report line: the current amounts' sum (exact kronor).

    ``units`` narrows to those units (whom the reader may see); None reads them all.
    ``per_committee`` sums per committee instead, keyed by the committee's id.
    """
    ids = sorted(set(version_ids))
    result: dict[int, UnitAmounts] = {pk: defaultdict(dict) for pk in ids}
    if not ids:
        return result
    clause, unit_params = _units_clause(units)
    with connection.cursor() as cursor:
        # IN with a placeholder per id, not PostgreSQL's ANY: the embedded SQLite runs it too.
        params: list[Any] = [year, *ids, *unit_params]
        sql = _VERSION_SQL.format(
            units=clause,
            ids=", ".join(["%s"] * len(ids)),
            key="u.committee_id" if per_committee else "b.unit_id",
            join=_COMMITTEE_JOIN if per_committee else "",
        )
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    mapper: AccountMapper | None = None
    for version_id, unit_id, line, number, total in rows:
        if line is None and number is not None:
            # Mapped by the year's ranges as the recompute will map it; read once.
            mapper = mapper or account_mapper(year=year)
            group = mapper.group_for(number)
            line = group.pk if group is not None else None
        amounts = result[version_id][unit_id]
        amounts[line] = amounts.get(line, Decimal(0)) + total
    return result


# (the change's decision date, its id): the order the year's changes were decided in.
Position = tuple[date, int]


def change_amounts(
    positions: Iterable[Position],
    *,
    year: int,
    units: QuerySet[OrgUnit] | None = None,
    per_committee: bool = False,
) -> dict[Position, UnitAmounts]:
    """Per position: the year's change lines decided up to and including it, per unit (or
    committee) and report line. One query, for the latest position asked."""
    wanted = sorted(set(positions))
    result: dict[Position, UnitAmounts] = {pos: defaultdict(dict) for pos in wanted}
    if not wanted:
        return result
    last_date, last_pk = wanted[-1]
    lines = BudgetChangeLine.objects.filter(change__fiscal_year__year=year).filter(
        Q(change__decided_on__lt=last_date)
        | Q(change__decided_on=last_date, change__pk__lte=last_pk)
    )
    if units is not None:
        lines = lines.filter(unit__in=units.values("pk"))
    key = "unit__committee_id" if per_committee else "unit_id"
    for row in lines.values("change__decided_on", "change_id", key, "group_id").annotate(
        total=Sum("amount")
    ):
        position = (row["change__decided_on"], row["change_id"])
        for asked in wanted:
            if position <= asked:
                amounts = result[asked][row[key]]
                amounts[row["group_id"]] = amounts.get(row["group_id"], Decimal(0)) + row["total"]
    return result


def frame_amounts(*, year: int) -> dict[int, Decimal | None]:
    """The council's frame of the year per committee (ledger sign; None where not entered)."""
    return dict(
        Frame.objects.filter(plan__fiscal_year__year=year, year=year).values_list(
            "committee_id", "amount"
        )
    )


def added(base: UnitAmounts, extra: UnitAmounts) -> UnitAmounts:
    """``base`` with ``extra`` added, per unit and line; neither is changed."""
    result: UnitAmounts = {unit: dict(lines) for unit, lines in base.items()}
    for unit, lines in extra.items():
        target = result.setdefault(unit, {})
        for line, amount in lines.items():
            target[line] = target.get(line, Decimal(0)) + amount
    return result
