"""The tables of the organisation and calendar pages: the unit tree and the periods."""

from __future__ import annotations

import django_tables2 as tables
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from municipality.organisation.models import OrgUnit
from municipality.periods.models import MONTH_NAMES, ReportingPeriod


class UnitTable(tables.Table):
    caption = _("Units")
    code = tables.Column(verbose_name=_("Code"), orderable=False)
    name = tables.Column(verbose_name=_("Unit"), orderable=False)
    kind = tables.Column(verbose_name=_("Kind"), orderable=False)
    people = tables.Column(verbose_name=_("Responsible"), orderable=False, empty_values=())

    class Meta:
        model = OrgUnit
        fields = ("code", "name", "kind", "people")
        attrs = {"class": "data-table unit-table"}
        orderable = False
        empty_text = _("No units in this year.")

    def render_name(self, record: OrgUnit) -> str:
        return format_html(
            '<a href="{}" class="tree-depth-{}">{}</a>',
            reverse("municipality:unit", args=[record.pk]),
            min(record.depth, 5),
            record.name,
        )

    def render_people(self, record: OrgUnit) -> str:
        people = getattr(record, "people", [])
        return ", ".join(str(person) for person in people) or "–"


class PeriodTable(tables.Table):
    caption = _("Reporting calendar")
    name = tables.Column(verbose_name=_("Period"), orderable=False, empty_values=())
    cutoff_month = tables.Column(verbose_name=_("Covers"), orderable=False)
    benchmark = tables.Column(verbose_name=_("Benchmark"), orderable=False, empty_values=())
    deadline = tables.DateColumn(verbose_name=_("Deadline"), orderable=False)
    state = tables.TemplateColumn(
        template_name="municipality/partials/period_state.html",
        verbose_name=_("State"),
        orderable=False,
    )
    actions = tables.TemplateColumn(
        template_name="municipality/partials/period_actions.html",
        verbose_name=_("Change state"),
        orderable=False,
        empty_values=(),
    )

    class Meta:
        model = ReportingPeriod
        fields = ("name", "cutoff_month", "benchmark", "deadline", "state", "actions")
        attrs = {"class": "data-table"}
        orderable = False
        empty_text = _("No reporting periods yet.")

    def __init__(self, *args: object, can_manage: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if not can_manage:
            self.columns.hide("actions")

    def render_name(self, record: ReportingPeriod) -> str:
        return record.name

    def render_cutoff_month(self, record: ReportingPeriod) -> str:
        first = MONTH_NAMES[1].lower()[:3]
        last = MONTH_NAMES[record.cutoff_month].lower()[:3]
        return first if record.cutoff_month == 1 else f"{first}–{last}"

    def render_benchmark(self, record: ReportingPeriod) -> str:
        return format_html("{}\u00a0%", floatformat(record.benchmark_percent, 1))
