"""The list of directory groups' roles."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from municipality.administration.people.selectors import role_scope
from municipality.people.models import DirectoryGroupRole

NUMBER = {"td": {"class": "number"}, "th": {"class": "number"}}


class MappingTable(tables.Table):
    caption = _("Directory groups")
    group = tables.Column(verbose_name=_("Directory group"))
    role = tables.Column(verbose_name=_("Role"))
    unit = tables.Column(verbose_name=_("Unit"), empty_values=())
    description = tables.Column(verbose_name=_("Description"))
    holders = tables.Column(verbose_name=_("People holding it"), attrs=NUMBER, empty_values=())
    actions = tables.TemplateColumn(
        template_name="administration/partials/mapping_actions.html",
        verbose_name=_("Change"),
        empty_values=(),
    )

    class Meta:
        attrs = {"class": "data-table mapping-table"}
        orderable = False
        empty_text = _("No directory group gives a role yet.")

    def render_role(self, record: DirectoryGroupRole) -> str:
        return str(record.get_role_display())

    def render_unit(self, record: DirectoryGroupRole) -> str:
        return role_scope(record.unit)
