"""The administration's list of a year's indicators."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from followup.indicators.charts.words import target_text
from followup.indicators.models import Indicator


class IndicatorAdminTable(tables.Table):
    caption = _("Indicators")
    code = tables.Column(verbose_name=_("Code"), attrs={"td": {"class": "nowrap"}})
    name = tables.Column(verbose_name=_("Indicator"))
    unit = tables.Column(verbose_name=_("Unit of measure"))
    target = tables.Column(
        verbose_name=_("Target"), empty_values=(), attrs={"td": {"class": "nowrap"}}
    )
    source = tables.Column(verbose_name=_("Source"))
    kolada_kpi = tables.Column(verbose_name=_("KPI in Kolada"))
    goals = tables.Column(verbose_name=_("Goals measured"), empty_values=())
    history = tables.Column(verbose_name=_("History"), empty_values=())

    class Meta:
        attrs = {"class": "data-table admin-indicator-table"}
        orderable = False
        empty_text = _("No indicators match.")

    def render_name(self, value: str, record: Indicator) -> SafeString:
        return format_html(
            '<a href="{}">{}</a>', reverse("followup:admin-indicator", args=[record.pk]), value
        )

    def render_unit(self, record: Indicator) -> str:
        return record.get_unit_display()

    def render_target(self, record: Indicator) -> str:
        return target_text(record) or "–"

    def render_source(self, record: Indicator) -> str:
        return record.get_source_display()

    def render_goals(self, record: Indicator) -> SafeString:
        council = [
            (reverse("followup:council-goal", args=[goal.pk]), goal.title, _("council goal"))
            for goal in record.council_goals.all()
        ]
        committee = [
            (reverse("followup:committee-goal", args=[goal.pk]), goal.title, goal.committee.name)
            for goal in record.committee_goals.all()
        ]
        if not council and not committee:
            return format_html('<span class="muted">{}</span>', _("No goal"))
        return format_html(
            '<ul class="goal-links">{}</ul>',
            format_html_join(
                "",
                '<li><a href="{}">{}</a> <span class="muted">· {}</span></li>',
                [*council, *committee],
            ),
        )

    def render_history(self, record: Indicator) -> SafeString:
        return format_html(
            '<a class="history-link" href="{}">{}</a>',
            reverse("followup:admin-indicator-history", args=[record.pk]),
            _("History"),
        )
