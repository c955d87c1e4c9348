"""The ledger's outcome of a year to a month, and the imports it came from.

The outcome is read from the precomputed follow-up figures (``budget.ledger.figures``), as the
follow-up page and the forecast grid read it: one aggregate, however many actuals there are.
Its sources are the imports whose current (not superseded) actuals of those months lie in
the scope: every figure can be traced to a file, who imported it and when.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from budget.ledger.budgets import keyed_sums
from budget.ledger.models import Actual, FollowupFigure, ImportBatch, UnitRollup
from municipality.models import MONTH_NAMES, ReportingPeriod

Key = tuple[int, int | None]  # (unit id, report line id or None for unmapped accounts)

# The imports that bring booked actuals; a budget or forecast import brings none.
ACTUALS_KINDS: tuple[str, ...] = (ImportBatch.Kind.SIE, ImportBatch.Kind.ACTUALS)


def actual_figures(*, year: int, cutoff: int, unit_ids: Iterable[int]) -> dict[Key, Decimal]:
    """Per (unit, report line): the unit's subtree's actual of ``year`` to month ``cutoff``."""
    figures = FollowupFigure.objects.filter(
        year=year, unit_id__in=list(unit_ids), month__lte=cutoff
    )
    return keyed_sums(figures, "actual")


@dataclass(frozen=True)
class OutcomeSource:
    """An import some of whose current actuals make an outcome."""

    pk: int
    file_name: str
    kind: str
    imported_by: str  # the user, or the operating-system user of a command-line import
    imported_at: datetime
    months: str  # "jan–dec", as the months the import covered
    rows: int


def months_label(months: Iterable[int]) -> str:
    """Months as Swedes abbreviate them, runs joined: [1, 2, 3, 5] → "jan–mar, maj"."""
    ordered = sorted(set(months))
    runs: list[list[int]] = []
    for month in ordered:
        if runs and runs[-1][-1] == month - 1:
            runs[-1].append(month)
        else:
            runs.append([month])

    def short(month: int) -> str:
        return str(MONTH_NAMES[month]).lower()[:3]

    return ", ".join(
        short(run[0]) if len(run) == 1 else f"{short(run[0])}–{short(run[-1])}" for run in runs
    )


def _current_batches(*, year: int, cutoff: int) -> list[int]:
    """The imports holding the current actuals of ``year`` to month ``cutoff``: an import
    replaces the months it covers wholesale (and only the latest can be rolled back), so each
    month's current actuals are those of the latest applied import that covered it."""
    latest: dict[int, int] = {}
    for pk, months in (
        ImportBatch.objects.filter(
            kind__in=ACTUALS_KINDS, state=ImportBatch.State.APPLIED, year=year
        )
        .order_by("pk")
        .values_list("pk", "months")
    ):
        for month in months or ():
            if int(month) <= cutoff:
                latest[int(month)] = pk
    return sorted(set(latest.values()))


def outcome_sources(
    *, year: int, cutoff: int, unit_ids: Iterable[int] | None
) -> list[OutcomeSource]:
    """The imports whose current actuals of ``year`` to month ``cutoff`` lie in the subtrees
    of ``unit_ids`` (None: the whole municipality), newest first; two queries, the second
    looking into at most twelve imports."""
    batches = ImportBatch.objects.filter(pk__in=_current_batches(year=year, cutoff=cutoff))
    if unit_ids is not None:
        # The units whose figures roll up into the scope, closed predecessors included.
        in_scope = UnitRollup.objects.filter(year=year, rollup_id__in=list(unit_ids)).values(
            "unit_id"
        )
        batches = batches.filter(
            Exists(
                Actual.objects.filter(
                    batch=OuterRef("pk"),
                    year=year,
                    month__lte=cutoff,
                    superseded_by__isnull=True,
                    unit_id__in=in_scope,
                )
            )
        )
    return sources_of(batches, cutoff=cutoff)


def sources_of(batches: QuerySet[ImportBatch], *, cutoff: int) -> list[OutcomeSource]:
    """The imports ``batches`` as the pages name them, newest first; one query."""
    return [
        OutcomeSource(
            pk=batch.pk,
            file_name=batch.file_name,
            kind=str(ImportBatch.Kind(batch.kind).label),
            imported_by=(
                batch.imported_by.get_full_name() or batch.imported_by.get_username()
                if batch.imported_by is not None
                else batch.run_by or _("unknown")
            ),
            imported_at=batch.imported_at,
            months=months_label(m for m in batch.months if m <= cutoff),
            rows=batch.rows,
        )
        for batch in batches.select_related("imported_by").order_by("-imported_at", "-pk")
    ]


def ledger_missing_months(*, year: int) -> list[int]:
    """The months of ``year`` that no applied (not rolled back) import of actuals covered."""
    covered: set[int] = set()
    for months in ImportBatch.objects.filter(
        kind__in=ACTUALS_KINDS, state=ImportBatch.State.APPLIED, year=year
    ).values_list("months", flat=True):
        covered.update(int(month) for month in months or ())
    return [month for month in range(1, 13) if month not in covered]


def period_lock_check_ledger(sender: Any, *, period: ReportingPeriod, **kwargs: Any) -> None:
    """Refuse to lock a year-end period while the year's ledger lacks a month: its report's
    outcome is the ledger's, and a locked period takes no more imports of its months.

    Connected to ``municipality.signals.period_lock_checking`` in ``budget.apps``."""
    if not period.is_year_end:
        return
    missing = ledger_missing_months(year=period.year)
    if missing:
        raise ValidationError(
            _(
                "%(period)s cannot be locked: the ledger of %(year)s is incomplete, no actuals "
                "have been imported for %(months)s."
            )
            % {
                "period": period.name,
                "year": period.year,
                "months": get_text_list([str(MONTH_NAMES[m]).lower() for m in missing], _("and")),
            },
            code="ledger_incomplete",
        )
