"""An API client: another system (the intranet, Power BI) that reads Tertial with a token."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from municipality.access.roles import DataKind
from municipality.people.models import User

DATA_KIND_LABELS = {
    DataKind.ORGANISATION: _("Organisation"),
    DataKind.PERIODS: _("Fiscal years and periods"),
    DataKind.ACTUALS: _("Actuals"),
    DataKind.BUDGET: _("Budget"),
    DataKind.FORECASTS: _("Forecasts"),
    DataKind.GOALS: _("Goals and assessments"),
    DataKind.INDICATORS: _("Indicators and values"),
    DataKind.REPORTS: _("Reports"),
}


class ApiClient(models.Model):
    """A named system with one token, read-only.

    The token is shown once, when it is made; only its SHA-256 and its first characters
    (to tell tokens apart) are kept. What the client may read is its scope: the data kinds
    named here, and the units its service user's reader roles cover (a subtree, several, or
    the whole municipality), so the policy answers for it as for a person.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    # The service user the policy asks about: active while the client is, never a password.
    user = models.OneToOneField(
        User,
        on_delete=models.PROTECT,
        related_name="api_client",
        verbose_name=_("service user"),
        editable=False,
    )
    token_prefix = models.CharField(_("token begins"), max_length=12, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    data_kinds = models.JSONField(_("data kinds"), default=list)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
        editable=False,
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
        editable=False,
    )

    history = HistoricalRecords(
        excluded_fields=["token_hash", "last_used_at"], verbose_name=_("historical API client")
    )

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def data_kind_labels(self) -> list[str]:
        return [str(DATA_KIND_LABELS[DataKind(kind)]) for kind in self.data_kinds]
