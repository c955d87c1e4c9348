"""The council's plan for a budget year (Mål och budget): frames, allocations, indices,
financial goals."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from budget.planning.models.decision import Decided, Decision, DecisionState
from municipality.models import FiscalYear


def refuse_if_decided(plan_id: int | None) -> None:
    """The last guard of a decided plan: refuse a write when the plan, as stored, is decided
    (what the database holds, not the object in hand, so the save that decides it passes)."""
    if plan_id is None:
        return
    stored = CouncilPlan.objects.filter(pk=plan_id, state=DecisionState.DECIDED).first()
    if stored is not None:
        raise Decided(stored)


class GuardedByPlan(models.Model):
    """A record of a council plan: refuses to be saved or deleted once its plan is decided."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        refuse_if_decided(self.plan_id_of())
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        refuse_if_decided(self.plan_id_of())
        return super().delete(*args, **kwargs)

    def plan_id_of(self) -> int | None:
        raise NotImplementedError


class CouncilPlan(Decision):
    """The council's goals and budget (Mål och budget) for a budget year, with plan for the
    two following years (planår)."""

    fiscal_year = models.OneToOneField(
        FiscalYear,
        on_delete=models.PROTECT,
        related_name="council_plan",
        verbose_name=_("budget year"),
    )
    # Uplift of last year's budget (uppräkning, as SKR's PKV): wages for the report lines
    # whose ``AccountGroup.uplift`` is wage, prices for the others.
    price_index = models.DecimalField(
        _("price index, %"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    price_index_version = models.PositiveIntegerField(default=0, editable=False)
    wage_index = models.DecimalField(
        _("wage index, %"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    wage_index_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("council plan (Mål och budget)")
        verbose_name_plural = _("council plans (Mål och budget)")
        ordering = ["-fiscal_year__year"]

    def __str__(self) -> str:
        return _("Goals and budget %(year)s") % {"year": self.fiscal_year.year}

    @property
    def year(self) -> int:
        return self.fiscal_year.year

    @property
    def years(self) -> tuple[int, int, int]:
        """The budget year and its two plan years."""
        year = self.fiscal_year.year
        return (year, year + 1, year + 2)

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The save that decides the plan passes: the stored state is still a proposal.
        refuse_if_decided(self.pk)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        refuse_if_decided(self.pk)
        return super().delete(*args, **kwargs)


class FinancialGoal(GuardedByPlan):
    """A financial goal of the council's plan (seed 002: "årets resultat … minst 1 procent
    av skatteintäkterna")."""

    plan = models.ForeignKey(CouncilPlan, on_delete=models.CASCADE, related_name="financial_goals")
    text = models.TextField(_("goal"))
    text_version = models.PositiveIntegerField(default=0, editable=False)
    target_percent = models.DecimalField(
        _("target, %"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    target_percent_version = models.PositiveIntegerField(default=0, editable=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", editable=False,
    )  # fmt: skip
    updated_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("financial goal")
        verbose_name_plural = _("financial goals")
        ordering = ["plan", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def plan_id_of(self) -> int | None:
        return self.plan_id


class Frame(GuardedByPlan):
    """A committee's net frame (ram, kommunbidrag) for one year of a council plan.

    Amounts are the ledger's sign: a committee's net cost is positive. The efficiency
    requirement (effektiviseringskrav) is an amount or a percentage of the frame.
    """

    plan = models.ForeignKey(CouncilPlan, on_delete=models.CASCADE, related_name="frames")
    committee = models.ForeignKey(
        "municipality.Committee",
        on_delete=models.PROTECT,
        related_name="frames",
        verbose_name=_("committee"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("frame"), max_digits=18, decimal_places=2, null=True, blank=True)
    amount_version = models.PositiveIntegerField(default=0, editable=False)
    efficiency_amount = models.DecimalField(
        _("efficiency requirement"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    efficiency_amount_version = models.PositiveIntegerField(default=0, editable=False)
    efficiency_percent = models.DecimalField(
        _("efficiency requirement, %"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    efficiency_percent_version = models.PositiveIntegerField(default=0, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", editable=False,
    )  # fmt: skip
    updated_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("frame")
        verbose_name_plural = _("frames")
        ordering = ["plan", "committee__order", "committee__name", "year"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "committee", "year"], name="frame_once"),
            models.CheckConstraint(
                condition=models.Q(efficiency_amount__isnull=True)
                | models.Q(efficiency_percent__isnull=True),
                name="frame_efficiency_amount_or_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee} {self.year}"

    def plan_id_of(self) -> int | None:
        return self.plan_id


class FrameAllocation(GuardedByPlan):
    """One of the separate allocations a frame is split into (anslag; seed 002: "Anslaget
    för kommungemensamt 171,7 mnkr"). Ledger sign: a grant received is negative."""

    frame = models.ForeignKey(Frame, on_delete=models.CASCADE, related_name="allocations")
    name = models.CharField(_("allocation"), max_length=200)
    name_version = models.PositiveIntegerField(default=0, editable=False)
    amount = models.DecimalField(
        _("amount"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    amount_version = models.PositiveIntegerField(default=0, editable=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", editable=False,
    )  # fmt: skip
    updated_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["frame", "order", "pk"]

    def __str__(self) -> str:
        return self.name

    def plan_id_of(self) -> int | None:
        return Frame.objects.values_list("plan_id", flat=True).filter(pk=self.frame_id).first()
