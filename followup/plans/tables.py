"""The list of a year's plans as a table: the committee, the plan's state, its links."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _


class PlanListTable(tables.Table):
    """Rows are ``page.PlanListRow``: a committee and its plan, if one was made."""

    caption = _("Committee plans")

    committee = tables.Column(verbose_name=_("Committee"), orderable=False)
    state = tables.TemplateColumn(
        template_name="followup/plans/_list_state.html",
        verbose_name=_("Status"),
        orderable=False,
        empty_values=(),
    )
    plan = tables.TemplateColumn(
        template_name="followup/plans/_list_links.html",
        verbose_name=_("Plan"),
        orderable=False,
        empty_values=(),
    )

    class Meta:
        attrs = {"class": "data-table", "id": "plans"}
        orderable = False
        empty_text = _("You see no committee in this year.")
