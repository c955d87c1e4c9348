"""The chart of accounts and the report lines accounts roll up to."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from municipality.models import FiscalYear

ACCOUNT_DIGITS = RegexValidator(r"^\d{2,10}$", _("Digits only, such as 5011."))
# Ranges are given as account prefixes ("30"–"35"); padded to this width they compare as numbers.
RANGE_WIDTH = 10


class Account(models.Model):
    """A ledger account of the municipality's Kommun-Bas plan."""

    number = models.CharField(_("account"), max_length=10, unique=True, validators=[ACCOUNT_DIGITS])
    name = models.CharField(_("name"), max_length=200)

    history = HistoricalRecords(verbose_name=_("historical account"))

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    @property
    def is_operating(self) -> bool:
        """Classes 3–8 are followed up; 1–2 are the balance sheet."""
        return self.number[0] in "345678"


class AccountGroup(models.Model):
    """One line of a year's operating statement: a line accounts map to, or a subtotal."""

    class Kind(models.TextChoices):
        LINE = "line", _("Line")
        SUBTOTAL = "subtotal", _("Subtotal")

    fiscal_year = models.ForeignKey(
        FiscalYear,
        on_delete=models.PROTECT,
        related_name="account_groups",
        verbose_name=_("fiscal year"),
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.LINE)

    class Uplift(models.TextChoices):
        PRICE = "price", _("Price index")
        WAGE = "wage", _("Wage index")
        NONE = "none", _("Not indexed")

    # Which index raises last year's budget of this line in the next year's proposal.
    uplift = models.CharField(
        _("uplift"), max_length=5, choices=Uplift.choices, default=Uplift.PRICE
    )
    components = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="subtotals",
        verbose_name=_("sum of"),
        help_text=_("For a subtotal: the lines it adds up."),
    )

    history = HistoricalRecords(
        verbose_name=_("historical account group"), m2m_fields=["components"]
    )

    class Meta:
        verbose_name = _("account group")
        verbose_name_plural = _("account groups")
        ordering = ["fiscal_year", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "code"], name="group_code_per_year")
        ]

    def __str__(self) -> str:
        return self.name


class AccountRange(models.Model):
    """Accounts from ``first`` to ``last`` (prefixes, inclusive) roll up to ``group``."""

    group = models.ForeignKey(
        AccountGroup,
        on_delete=models.CASCADE,
        related_name="ranges",
        verbose_name=_("account group"),
        limit_choices_to={"kind": AccountGroup.Kind.LINE},
    )
    first = models.CharField(_("from account"), max_length=10, validators=[ACCOUNT_DIGITS])
    last = models.CharField(_("to account"), max_length=10, validators=[ACCOUNT_DIGITS])

    history = HistoricalRecords(verbose_name=_("historical account range"))

    class Meta:
        verbose_name = _("account range")
        verbose_name_plural = _("account ranges")
        ordering = ["first"]

    def __str__(self) -> str:
        return f"{self.first}–{self.last}"

    @property
    def low(self) -> str:
        return self.first.ljust(RANGE_WIDTH, "0")

    @property
    def high(self) -> str:
        return self.last.ljust(RANGE_WIDTH, "9")

    def clean(self) -> None:
        if self.first and self.last and self.low > self.high:
            raise ValidationError({"last": _("The range ends before it starts.")})
        if self.group_id and self.group.kind != AccountGroup.Kind.LINE:
            raise ValidationError(_("Accounts map to lines, not to subtotals."))
        if not (self.group_id and self.first and self.last):
            return
        others = (
            AccountRange.objects.filter(group__fiscal_year=self.group.fiscal_year_id)
            .exclude(pk=self.pk)
            .select_related("group")
        )
        for other in others:
            if other.low <= self.high and self.low <= other.high:
                # At the field, so that the form shows it there.
                raise ValidationError(
                    {
                        "first": _("Accounts %(range)s already map to %(group)s.")
                        % {"range": other, "group": other.group}
                    }
                )
