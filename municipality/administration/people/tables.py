"""The user list: each person with their roles, where each came from, and how they sign in."""

from __future__ import annotations

import django_tables2 as tables
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from municipality.formats.times import TimeColumn
from municipality.people.models import User


def sign_in_text(user: User) -> str:
    """How the person signs in: through the directory (they have its subject), with a
    password kept by Tertial, or (neither yet) not at all."""
    if user.directory_subject:
        return _("Directory")
    if user.has_usable_password():
        return _("Local password")
    return _("Cannot sign in yet")


class UserTable(tables.Table):
    caption = gettext_lazy("Users and roles")
    name = tables.Column(verbose_name=gettext_lazy("Name"), empty_values=(), accessor="pk")
    username = tables.Column(verbose_name=gettext_lazy("Username"))
    email = tables.Column(verbose_name=gettext_lazy("E-mail"))
    employee_id = tables.Column(verbose_name=gettext_lazy("Employee id"))
    roles = tables.Column(verbose_name=gettext_lazy("Roles"), empty_values=(), accessor="pk")
    is_active = tables.Column(verbose_name=gettext_lazy("Status"))
    sign_in = tables.Column(verbose_name=gettext_lazy("Signs in"), empty_values=(), accessor="pk")
    last_login = TimeColumn(verbose_name=gettext_lazy("Last login"))

    class Meta:
        attrs = {"class": "data-table user-table"}
        orderable = False
        empty_text = gettext_lazy("No users match.")

    def render_name(self, record: User) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("municipality:admin-user", args=[record.pk]), record
        )

    def render_roles(self, record: User) -> SafeString:
        return SafeString(
            render_to_string(
                "administration/partials/role_list.html",
                {"assignments": record.role_assignments.all()},  # prefetched by the selector
            )
        )

    def render_is_active(self, value: bool) -> str:
        if value:
            return _("Active")
        return format_html('<span class="badge badge-closed">{}</span>', _("Inactive"))

    def render_sign_in(self, record: User) -> str:
        return sign_in_text(record)
