"""The year's unit tree of one committee, as the administration shows it."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from municipality.administration.organisation.forms import validity
from municipality.organisation.models import OrgUnit


class AdminUnitTable(tables.Table):
    caption = _("Units")
    code = tables.Column(verbose_name=_("Code"))
    name = tables.Column(verbose_name=_("Unit"))
    kind = tables.Column(verbose_name=_("Kind"))
    valid = tables.Column(verbose_name=_("Valid"), empty_values=(), accessor="valid_from")
    reported_with = tables.Column(verbose_name=_("Own rows reported with"))
    people = tables.Column(
        verbose_name=_("People with roles"),
        empty_values=(),
        attrs={"th": {"class": "number"}, "td": {"class": "number"}},
    )
    actions = tables.TemplateColumn(
        template_name="administration/organisation/_unit_actions.html",
        verbose_name=_("Actions"),
        empty_values=(),
    )

    class Meta:
        model = OrgUnit
        fields = ("code", "name", "kind", "valid", "reported_with", "people", "actions")
        attrs = {"class": "data-table admin-unit-table"}
        row_attrs = {"id": lambda record: f"unit-{record.pk}"}
        orderable = False
        empty_text = _("No units in this year.")

    def render_name(self, record: OrgUnit) -> SafeString:
        return format_html(
            '<span class="tree-depth-{}">{}</span>', min(record.depth, 5), record.name
        )

    def render_valid(self, record: OrgUnit) -> str:
        return validity(record)

    def render_reported_with(self, record: OrgUnit) -> str:
        return record.reported_with.name if record.reported_with else "–"
