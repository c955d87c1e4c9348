"""Capital projects and their budget and actual per year (investeringsredovisning)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class InvestmentProject(models.Model):
    """A capital project followed up per year (investeringsredovisning)."""

    code = models.CharField(_("project code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    unit = models.ForeignKey(
        "municipality.OrgUnit",
        on_delete=models.PROTECT,
        related_name="investment_projects",
        verbose_name=_("responsible unit"),
    )

    class Meta:
        verbose_name = _("investment project")
        verbose_name_plural = _("investment projects")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class InvestmentYear(models.Model):
    """A project's budget and actual for one year; forecasts come with the forecast issue."""

    project = models.ForeignKey(
        InvestmentProject,
        on_delete=models.CASCADE,
        related_name="years",
        verbose_name=_("investment project"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    budget = models.DecimalField(_("budget"), max_digits=18, decimal_places=2, default=0)
    actual = models.DecimalField(_("actual"), max_digits=18, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("investment year")
        verbose_name_plural = _("investment years")
        ordering = ["project", "year"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="investment_year_once")
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.year}"
