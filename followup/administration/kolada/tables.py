"""The Kolada page's list of the last fetches."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from followup.kolada.models import KoladaFetch
from municipality.formats.numbers import format_amount
from municipality.formats.times import TimeColumn


class CountColumn(tables.Column):
    """A count as Swedes write it (``1 234``)."""

    def render(self, value: int) -> str:
        return format_amount(value)


class KoladaFetchTable(tables.Table):
    caption = _("Last fetches")
    created = TimeColumn(verbose_name=_("Requested"), attrs={"td": {"class": "nowrap"}})
    trigger = tables.Column(verbose_name=_("Started by"), empty_values=())
    state = tables.Column(verbose_name=_("Status"))
    finished_at = TimeColumn(verbose_name=_("Finished"), attrs={"td": {"class": "nowrap"}})
    stored = CountColumn(verbose_name=_("Stored"), attrs={"td": {"class": "num"}})
    unchanged = CountColumn(verbose_name=_("Unchanged"), attrs={"td": {"class": "num"}})
    skipped = CountColumn(verbose_name=_("Skipped"), attrs={"td": {"class": "num"}})
    message = tables.Column(verbose_name=_("Error"), empty_values=())

    class Meta:
        attrs = {"class": "data-table kolada-fetch-table", "id": "kolada-fetches"}
        orderable = False
        empty_text = _("Nothing has been fetched from Kolada yet.")

    def render_trigger(self, record: KoladaFetch) -> str:
        if record.trigger == KoladaFetch.Trigger.USER and record.requested_by is not None:
            return str(record.requested_by)
        return record.get_trigger_display()

    def render_state(self, record: KoladaFetch) -> SafeString:
        return format_html(
            '<span class="job-state job-{}">{}</span>', record.state, record.get_state_display()
        )

    def render_message(self, record: KoladaFetch) -> str:
        return record.message if record.is_retryable else ""
