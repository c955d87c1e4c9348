"""What the municipality chooses to publish on the public results site and as open data.

One row per installation (``publication_settings``). Which committees and units are shown is
their own choice (``Committee.published``, ``OrgUnit.published``), and which indicators
(``Indicator.published``); these switches choose which kinds of results are shown at all.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Licence(models.TextChoices):
    # Digg recommends CC0 for open data; CC BY asks the reuser to name the municipality.
    CC0 = "CC0-1.0", _("CC0 1.0 (no rights reserved)")
    CC_BY = "CC-BY-4.0", _("CC BY 4.0 (name the municipality)")


class Publication(models.Model):
    """The public results site's and the open data's settings."""

    enabled = models.BooleanField(
        _("the public results site is open"),
        default=False,
        help_text=_("Closed, /resultat/ and the open data answer “not found” to everyone."),
    )
    goal_status = models.BooleanField(_("publish goal status"), default=True)
    indicators = models.BooleanField(_("publish indicators"), default=True)
    finance = models.BooleanField(_("publish key financial figures"), default=True)
    reports = models.BooleanField(_("publish decided reports as PDF"), default=True)
    open_data = models.BooleanField(_("publish open data"), default=True)
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A few sentences at the top of the public start page."),
    )
    contact_email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        help_text=_("Where readers and the open-data portal ask about the published results."),
    )
    licence = models.CharField(
        _("licence of the open data"), max_length=20, choices=Licence.choices, default=Licence.CC0
    )
    changed = models.DateTimeField(_("changed"), auto_now=True)

    history = HistoricalRecords(verbose_name=_("historical publication settings"))

    class Meta:
        verbose_name = _("publication settings")
        verbose_name_plural = _("publication settings")

    def __str__(self) -> str:
        return str(_("Publication settings"))


def publication_settings() -> Publication:
    """The installation's publication settings, made (closed) on first use."""
    publication, _created = Publication.objects.get_or_create(pk=1)
    return publication
