"""The changes of a decided budget during the year (ombudgetering, tilläggsanslag)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from budget.ledger.models.accounts import AccountGroup
from budget.planning.models.decision import Decided
from municipality.models import FiscalYear


class BudgetChange(models.Model):
    """A change of a year's decided budget during the year: a decision, never edited.

    An ombudgetering moves money between units or report lines (its lines add up to
    zero); a tilläggsanslag adds money from the council (its lines add up to ``amount``).
    """

    class Kind(models.TextChoices):
        REALLOCATION = "realloc", _("Reallocation (ombudgetering)")
        SUPPLEMENTARY = "supplement", _("Supplementary appropriation (tilläggsanslag)")

    fiscal_year = models.ForeignKey(
        FiscalYear,
        on_delete=models.PROTECT,
        related_name="budget_changes",
        verbose_name=_("budget year"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    decision_reference = models.CharField(_("decision reference"), max_length=100)
    decided_on = models.DateField(_("decided"))
    # The amount moved (ombudgetering) or added (tilläggsanslag), ledger sign, exact.
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)
    description = models.TextField(_("description"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("entered by"),
    )
    entered_at = models.DateTimeField(_("entered"), auto_now_add=True)

    class Meta:
        verbose_name = _("budget change")
        verbose_name_plural = _("budget changes")
        ordering = ["fiscal_year", "decided_on", "pk"]

    def __str__(self) -> str:
        return f"{self.decision_reference} ({self.decided_on})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise Decided(self)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise Decided(self)


class BudgetChangeLine(models.Model):
    """One line of a budget change: how much a unit's report line changes, ledger sign
    (more budget for a net cost is positive). A reallocation's "from" lines are negative,
    its "to" lines positive."""

    change = models.ForeignKey(BudgetChange, on_delete=models.PROTECT, related_name="lines")
    unit = models.ForeignKey(
        "municipality.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    group = models.ForeignKey(
        AccountGroup, on_delete=models.PROTECT, related_name="+", verbose_name=_("account group")
    )
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)

    class Meta:
        verbose_name = _("budget change line")
        verbose_name_plural = _("budget change lines")
        ordering = ["change", "pk"]

    def __str__(self) -> str:
        return f"{self.change_id} {self.unit_id} {self.group_id}: {self.amount}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise Decided(self.change)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise Decided(self.change)
