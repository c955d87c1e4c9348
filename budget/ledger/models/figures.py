"""The derived tables the recompute (``budget.ledger.figures``) rebuilds from the ledger.

The mapping of accounts to lines, the unit roll-ups, and the precomputed actuals and
budgets that the follow-up and forecast pages read; none is edited by hand.
"""

from __future__ import annotations

from django.db import models

from budget.ledger.models.accounts import Account, AccountGroup


class AccountGroupMember(models.Model):
    """Which line an account rolls up to in a year: the mapping, materialised for SQL.

    Rebuilt by the recompute from the account ranges; never edited by hand. This and
    the other derived tables below carry no database foreign keys: their rows come from
    checked tables, and checking hundreds of thousands of them again on every recompute
    doubled its time.
    """

    year = models.PositiveSmallIntegerField()
    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    group = models.ForeignKey(
        AccountGroup,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year", "account"], name="member_once_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.account_id} → {self.group_id}"


class UnitRollup(models.Model):
    """Each unit (of the year, or of the year before) and every unit it counts towards.

    For the year before, a unit counts towards the ancestors of its successor,
    so that last year's figures are shown in this year's organisation.
    """

    year = models.PositiveSmallIntegerField()
    unit = models.ForeignKey(
        "municipality.OrgUnit",
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    rollup = models.ForeignKey(
        "municipality.OrgUnit",
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )

    class Meta:
        indexes = [models.Index(fields=["year", "unit"], name="rollup_year_unit")]

    def __str__(self) -> str:
        return f"{self.year}: {self.unit_id} → {self.rollup_id}"


class UnitLineRow(models.Model):
    """A derived row of a unit and a report line: the key the precomputed figures share.

    ``group`` is empty for the accounts that map to no line. Like every derived table here,
    no database foreign keys (see ``AccountGroupMember``).
    """

    unit = models.ForeignKey(
        "municipality.OrgUnit",
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    group = models.ForeignKey(
        AccountGroup,
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )

    class Meta:
        abstract = True


class FollowupFigure(UnitLineRow):
    """Precomputed actuals of a unit's subtree for a report line and a month.

    ``group`` is empty for accounts that map to no line, so they are shown, not dropped.
    ``prior_actual`` is the same month of the year before, in this year's organisation.
    """

    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    actual = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    prior_actual = models.DecimalField(max_digits=18, decimal_places=2, default=0)

    class Meta:
        indexes = [models.Index(fields=["year", "unit"], name="figure_year_unit")]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d} {self.unit_id} {self.group_id}: {self.actual}"


class BudgetFigure(UnitLineRow):
    """Precomputed budget of a unit's subtree for a report line, from the active version."""

    year = models.PositiveSmallIntegerField()
    # 0: the active version's budget; 1–12: the budget changes decided in that month of the
    # year (those decided before the year count from 0). A period sums the rows up to its
    # cut-off month.
    from_month = models.PositiveSmallIntegerField(default=0)
    budget = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    # The part of ``budget`` spread over the months as last year's actuals were, and the
    # part typed per month (``BudgetMonthFigure``); the rest is spread evenly.
    budget_seasonal = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    budget_typed = models.DecimalField(max_digits=18, decimal_places=2, default=0)

    class Meta:
        indexes = [models.Index(fields=["year", "unit"], name="budget_figure_year_unit")]

    def __str__(self) -> str:
        return f"{self.year} {self.unit_id} {self.group_id}: {self.budget}"


class UnitBudgetFigure(UnitLineRow):
    """Precomputed budget booked on a unit itself (not its subtree), per report line.

    A forecast replaces the budget of the rows it is entered for; this is what it replaces.
    ``from_month`` as ``BudgetFigure``'s.
    """

    year = models.PositiveSmallIntegerField()
    from_month = models.PositiveSmallIntegerField(default=0)
    budget = models.DecimalField(max_digits=18, decimal_places=2, default=0)

    class Meta:
        indexes = [models.Index(fields=["year", "unit"], name="unit_budget_year_unit")]

    def __str__(self) -> str:
        return f"{self.year} {self.unit_id} {self.group_id}: {self.budget}"


class BudgetMonthFigure(UnitLineRow):
    """Precomputed budget of a unit's subtree for a report line and a month, of the amounts
    typed per month (the typed profile): the budget to date adds these up to the cut-off."""

    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    budget = models.DecimalField(max_digits=18, decimal_places=2, default=0)

    class Meta:
        indexes = [models.Index(fields=["year", "unit"], name="budget_month_year_unit")]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d} {self.unit_id} {self.group_id}: {self.budget}"


class FigureState(models.Model):
    """Whether a year's precomputed figures are up to date with the imports."""

    year = models.PositiveSmallIntegerField(unique=True)
    changed_at = models.DateTimeField(null=True, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.year}: changed {self.changed_at}, computed {self.computed_at}"

    @property
    def is_stale(self) -> bool:
        return self.changed_at is not None and (
            self.computed_at is None or self.computed_at < self.changed_at
        )
